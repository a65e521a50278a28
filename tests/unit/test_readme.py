"""The README is part of the product: its configuration table must name every setting."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.settings import Settings, env_name

README = Path(__file__).resolve().parents[2] / "README.md"


@pytest.mark.parametrize("field", Settings.__struct_fields__)
def test_every_setting_is_documented(field: str) -> None:
    assert f"`{env_name(field)}`" in README.read_text(), f"README lacks {env_name(field)}"


def test_readme_leads_with_the_two_commands() -> None:
    text = README.read_text()
    assert text.index("make run") < text.index("## Configuration")
    assert "make test" in text
