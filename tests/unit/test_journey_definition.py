"""The definition's shape: every kind decodes, declares its exits, and publishes cleanly."""

from __future__ import annotations

import json

import jinja2
import pytest

from app.engine.catalog import Catalog
from app.engine.definition import KINDS, NODE_TYPES, decode_definition, encode_definition
from app.engine.exits import exits
from app.schemas.registry import render_all
from tests.unit.journey_samples import CATALOG, journey, node

EXPECTED_EXITS = {
    "flow.wait_for_event": ["received", "timeout"],
    "flow.condition": ["yes", "no"],
    "flow.switch": ["north", "default"],
    "flow.parallel_split": ["a", "b"],
    "flow.random_split": ["a", "b"],
    "flow.goal": [],
    "flow.end": [],
    "action.create_job": ["done", "failed", "cancelled"],
    "action.webhook": ["next", "failed"],
}


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_every_kind_declares_its_exits(kind: str) -> None:
    assert [e.id for e in exits(node(kind, "x"), CATALOG)] == EXPECTED_EXITS.get(kind, ["next"])


def test_a_job_node_without_a_known_type_only_has_its_optional_exit() -> None:
    [only] = exits(node("action.create_job", "x"), Catalog())
    assert (only.id, only.required) == ("cancelled", False)


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_every_kind_round_trips(kind: str) -> None:
    definition = journey([node(kind, "x")], [])
    assert decode_definition(encode_definition(definition)) == definition


def test_the_published_journey_schema_has_one_named_union_of_every_kind() -> None:
    schema = json.loads(render_all()["journey.schema.json"])
    assert schema["title"] == "JourneyDefinition"
    assert schema["properties"]["nodes"]["items"] == {"$ref": "#/$defs/JourneyNode"}
    union = schema["$defs"]["JourneyNode"]
    assert set(union["discriminator"]["mapping"]) == KINDS
    for kind, cls in NODE_TYPES.items():
        node_schema = schema["$defs"][cls.__name__]
        assert node_schema["properties"]["kind"] == {"enum": [kind]}
        config = node_schema["properties"]["config"]["$ref"].rsplit("/", 1)[-1]
        assert schema["$defs"][config]["type"] == "object"
        assert schema["$defs"][config].get("description"), config


def test_problems_and_catalog_schemas_are_published() -> None:
    rendered = render_all()
    assert "journey-problems.schema.json" in rendered
    assert "journey-catalog.schema.json" in rendered


def test_jinja2_is_recent_enough_for_the_sandbox_fixes() -> None:
    major, minor, patch = (int(part) for part in jinja2.__version__.split(".")[:3])
    assert (major, minor, patch) >= (3, 1, 6)
