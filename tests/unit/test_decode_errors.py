"""Field paths in validation problems are said in words a marketer reads."""

from __future__ import annotations

import pytest

from app.engine.decode_errors import readable


@pytest.mark.parametrize(
    ("path", "words"),
    [
        ("config.duration.amount", "duration amount"),
        ("config.event_name", "event name"),
        ("config.condition.rules[0].event_name", "condition, rule 1, event name"),
        (
            "config.condition.rules[1].where[0].property",
            "condition, rule 2, property filter 1, property",
        ),
        ("config.cases[2].label", "case 3, label"),
    ],
)
def test_paths_read_as_words(path: str, words: str) -> None:
    assert readable(path) == words
