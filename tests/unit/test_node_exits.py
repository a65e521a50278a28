"""Node exits from each kind's declared rules, checked against the table the canvas's
reader is checked against too (tests/contract/node-exits.json): if `exits` here and
`exitsOf` in frontend/src/features/journeys/model/exits.ts ever read the rules
differently, one of the two suites fails."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import msgspec
import pytest

from app.engine.catalog import Catalog
from app.engine.definition import KINDS, NODE_TYPES, Node
from app.engine.exits import document, exits
from app.engine.nodes_base import FixedExit, ItemExits, OutcomeExits
from app.schemas.registry import render_all

TABLE: list[dict[str, Any]] = json.loads(
    (Path(__file__).resolve().parents[1] / "contract" / "node-exits.json").read_text()
)["cases"]


def _node(kind: str, config: dict[str, Any]) -> Node:
    raw = {"kind": kind, "id": "n", "label": "n", "position": {"x": 0, "y": 0}, "config": config}
    decoded: Node = msgspec.convert(raw, Node)
    return decoded


@pytest.mark.parametrize("case", TABLE, ids=[f"{i}-{case['kind']}" for i, case in enumerate(TABLE)])
def test_exits_follow_the_shared_table(case: dict[str, Any]) -> None:
    catalog = msgspec.convert(case["catalog"], Catalog) if case["catalog"] else None
    found = [msgspec.to_builtins(e) for e in exits(_node(case["kind"], case["config"]), catalog)]
    expected = [{k: v for k, v in e.items() if not (k == "required" and v)} for e in case["exits"]]
    assert found == expected


def test_the_table_covers_every_kind() -> None:
    assert {case["kind"] for case in TABLE} == KINDS


def test_every_rule_kind_is_in_the_table() -> None:
    """Each way of declaring exits (fixed, from a config list, weighted, from the job
    type's outcomes, optional) has a row, so both readers are tested on each."""
    rules = [rule for cls in NODE_TYPES.values() for rule in cls.EXITS]
    assert any(isinstance(r, FixedExit) and not r.required for r in rules)
    assert any(isinstance(r, ItemExits) and r.weighted for r in rules)
    assert any(isinstance(r, ItemExits) and not r.weighted for r in rules)
    assert any(isinstance(r, OutcomeExits) for r in rules)
    with_outcomes = [c for c in TABLE if c["kind"] == "action.create_job"]
    assert any(len(c["exits"]) > 1 for c in with_outcomes)
    assert any(c["catalog"] is None for c in with_outcomes)


def test_the_published_rules_are_the_declared_ones() -> None:
    published = json.loads(render_all()["node-exits.json"])
    assert list(published["kinds"]) == list(NODE_TYPES)
    assert published == json.loads(msgspec.json.encode(document()))
    assert published["kinds"]["flow.switch"] == [
        {"rule": "items", "field": "cases", "weighted": False},
        {"rule": "fixed", "id": "default", "label": "Otherwise", "required": True},
    ]
