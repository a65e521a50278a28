"""A rule's path is relative to its root: `event.product.category` and `product.category`
both mean the event's `product.category`, and validation warns about properties the event
has never carried."""

from __future__ import annotations

import json
from typing import Any

import msgspec
import pytest

from app.engine.catalog import property_paths
from app.engine.conditions import ConditionGroup
from app.engine.definition import JourneyDefinition
from app.engine.facts import Facts
from app.engine.stimuli import EventArrived
from app.engine.triggers_match import Enrol, EnrollmentHistory, match_triggers
from app.engine.validation import document_events, validate, validate_document
from app.schemas.registry import render
from tests.unit.engine_support import T0
from tests.unit.journey_samples import CATALOG, edge, journey, node

CARRIED = msgspec.structs.replace(
    CATALOG,
    event_properties={
        "order.placed": frozenset({"total", "product", "product.category"}),
        "payment.received": frozenset({"amount"}),
    },
)


def _group(rule_type: str, key: str, path: str) -> dict[str, Any]:
    return {
        "type": "group",
        "rules": [{"type": rule_type, key: path, "operator": "equals", "value": "prints"}],
    }


@pytest.mark.parametrize(
    ("rule_type", "key", "written", "kept"),
    [
        ("event_property", "property", "event.product.category", "product.category"),
        ("event_property", "property", "product.category", "product.category"),
        ("contact_field", "field", "contact.region", "region"),
        ("variable", "variable", "journey.ticket_id", "ticket_id"),
        ("variable", "variable", "vars.ticket_id", "ticket_id"),
        ("object_field", "field", "object.status", "status"),
        # A property really named like the root is written twice.
        ("event_property", "property", "event.event.kind", "event.kind"),
        ("event_property", "property", "event", "event"),
    ],
)
def test_a_path_written_from_its_root_is_kept_relative(
    rule_type: str, key: str, written: str, kept: str
) -> None:
    extra = {"object_type": "order"} if rule_type == "object_field" else {}
    raw = _group(rule_type, key, written)
    raw["rules"][0].update(extra)
    group = msgspec.convert(raw, ConditionGroup)
    assert msgspec.to_builtins(group)["rules"][0][key] == kept


def _trigger_journey(filter_group: dict[str, Any]) -> JourneyDefinition:
    return journey(
        [
            node("trigger.event", "t", {"event_name": "order.placed", "filter": filter_group}),
            node("flow.end", "end"),
        ],
        [edge("t", "next", "end")],
    )


@pytest.mark.parametrize("path", ["event.product.category", "product.category"])
def test_both_forms_of_a_trigger_filter_match_the_event(path: str) -> None:
    definition = _trigger_journey(_group("event_property", "property", path))
    stimulus = EventArrived(
        name="order.placed", properties={"product": {"category": "Prints"}}, occurred_at=T0
    )
    found = match_triggers([("j", 1, definition)], stimulus, Facts(), EnrollmentHistory(), T0)
    assert found == [Enrol("j", 1, "t")]
    other = msgspec.structs.replace(stimulus, properties={"product": {"category": "mugs"}})
    assert match_triggers([("j", 1, definition)], other, Facts(), EnrollmentHistory(), T0) == []


def test_the_schema_describes_the_relative_form() -> None:
    schema = json.loads(render("journey", JourneyDefinition))
    rule = schema["$defs"]["EventPropertyRule"]["properties"]["property"]
    assert rule["examples"] == ["total", "product.category"]
    assert "leading `event.` is accepted" in rule["description"]
    assert not any(example.startswith("event.") for example in rule["examples"])


def test_property_paths_name_every_level() -> None:
    assert property_paths({"product": {"category": "x", "tags": ["a"]}, "total": 3}) == {
        "product",
        "product.category",
        "product.tags",
        "total",
    }


def _warnings(definition: JourneyDefinition) -> list[tuple[str | None, str | None]]:
    return [
        (p.node_id, p.field)
        for p in validate(definition, CARRIED)
        if p.code == "unknown_event_property"
    ]


def test_a_property_the_event_never_carried_is_a_warning_not_an_error() -> None:
    definition = _trigger_journey(_group("event_property", "property", "product.categroy"))
    problems = validate(definition, CARRIED)
    [warning] = [p for p in problems if p.code == "unknown_event_property"]
    assert warning.severity == "warning"
    assert (warning.node_id, warning.field) == ("t", "config.filter.rules[0].property")
    assert "“product.categroy”" in warning.message
    assert "product, total" in warning.message
    assert [p for p in problems if p.severity == "error"] == []


def test_a_carried_property_in_either_form_is_not_warned_about() -> None:
    for path in ("event.product.category", "product", "total"):
        assert _warnings(_trigger_journey(_group("event_property", "property", path))) == []


def test_an_event_never_received_has_no_known_properties_to_check() -> None:
    definition = journey(
        [
            node(
                "trigger.event",
                "t",
                {
                    "event_name": "lead.created",
                    "filter": _group("event_property", "property", "anything"),
                },
            ),
            node("flow.end", "end"),
        ],
        [edge("t", "next", "end")],
    )
    assert _warnings(definition) == []


def test_later_conditions_are_checked_against_every_event_the_journey_hears() -> None:
    def with_condition(path: str, trigger: str = "trigger.event") -> JourneyDefinition:
        return journey(
            [
                node(trigger, "t"),
                node("flow.wait_for_event", "w"),
                node(
                    "flow.condition", "c", {"condition": _group("event_property", "property", path)}
                ),
                node("flow.end", "end"),
            ],
            [
                edge("t", "next", "w"),
                edge("w", "next", "c"),
                edge("w", "timeout", "end"),
                edge("c", "yes", "end"),
                edge("c", "no", "end"),
            ],
        )

    # order.placed carries total, payment.received carries amount: both are fine.
    assert _warnings(with_condition("amount")) == []
    assert _warnings(with_condition("total")) == []
    assert _warnings(with_condition("amuont")) == [("c", "config.condition.rules[0].property")]
    # A journey started by something else: the event a condition sees is not known.
    assert _warnings(with_condition("amuont", "trigger.manual")) == []


def test_a_raw_document_names_the_events_to_describe() -> None:
    raw = msgspec.to_builtins(
        _trigger_journey(_group("event_property", "property", "event.product.categroy"))
    )
    raw["nodes"].append({"kind": "flow.end", "id": "broken", "config": {"nope": 1}})
    assert document_events(raw) == {"order.placed"}
    _, problems = validate_document(raw, CARRIED)
    assert "unknown_event_property" in [p.code for p in problems]
