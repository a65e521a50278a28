"""Small journeys and one valid node of every kind, shared by the engine's unit tests."""

from __future__ import annotations

from typing import Any

import msgspec

from app.engine.catalog import Catalog
from app.engine.definition import NODE_TYPES, Edge, JourneyDefinition, Node

CATALOG = Catalog(
    queues=frozenset({"sales", "print"}),
    email_templates=frozenset({"welcome"}),
    sms_templates=frozenset({"hello"}),
    letter_templates=frozenset({"letter"}),
    job_types={"call": ["done", "failed"]},
    segments=frozenset({"vips"}),
    event_names=frozenset({"order.placed", "payment.received"}),
)

GROUP: dict[str, Any] = {
    "type": "group",
    "rules": [{"type": "contact_field", "field": "region", "operator": "equals", "value": "n"}],
}

# One valid config per kind: the property tests and the exits tests draw from these.
SAMPLE_CONFIGS: dict[str, dict[str, Any]] = {
    "trigger.event": {"event_name": "order.placed"},
    "trigger.segment_entered": {"segment": "vips"},
    "trigger.schedule": {"repeat": {"type": "daily", "at": "09:00"}, "segment": "vips"},
    "trigger.score_threshold": {"threshold": 50},
    "trigger.manual": {},
    "trigger.job_status": {"job_type": "call", "outcome": "done"},
    "flow.wait_duration": {"duration": {"amount": 3, "unit": "days"}},
    "flow.wait_until_date": {"date_field": "object.appointment_at", "at": "18:00"},
    "flow.wait_until_time": {"at": "09:00", "weekdays": ["mon"]},
    "flow.wait_for_event": {
        "event_name": "payment.received",
        "timeout": {"amount": 2, "unit": "days"},
    },
    "flow.condition": {"condition": GROUP},
    "flow.switch": {"cases": [{"id": "north", "label": "North", "condition": GROUP}]},
    "flow.parallel_split": {"branches": [{"id": "a", "label": "A"}, {"id": "b", "label": "B"}]},
    "flow.join": {},
    "flow.random_split": {
        "branches": [
            {"id": "a", "label": "A", "weight": 50},
            {"id": "b", "label": "B", "weight": 50},
        ]
    },
    "flow.goal": {"goal": "Paid"},
    "flow.end": {},
    "action.send_email": {"template": "welcome"},
    "action.send_sms": {"text": "Hi {{ contact.first_name }}"},
    "action.create_letter": {"template": "letter", "print_queue": "print"},
    "action.update_contact": {"add_tags": ["vip"]},
    "action.update_object": {
        "object_type": "order",
        "set_fields": [{"field": "status", "value": "cancelled"}],
    },
    "action.create_job": {"job_type": "call", "queue": "sales", "title": "Call {{ contact.name }}"},
    "action.webhook": {"url": "https://example.com/hook"},
    "action.notify_staff": {"queue": "sales", "message": "New lead"},
    "action.emit_event": {"event_name": "lead.hot", "properties": {"score": "{{ contact.score }}"}},
    "action.portal_message": {"title": "Welcome", "body": "Hello"},
}
assert set(SAMPLE_CONFIGS) == set(NODE_TYPES)


def node(kind: str, node_id: str, config: dict[str, Any] | None = None, label: str = "") -> Node:
    raw = {
        "kind": kind,
        "id": node_id,
        "label": label or node_id,
        "position": {"x": 0, "y": 0},
        "config": SAMPLE_CONFIGS[kind] if config is None else config,
    }
    decoded: Node = msgspec.convert(raw, Node)
    return decoded


def edge(source: str, handle: str, target: str, edge_id: str | None = None) -> Edge:
    return Edge(edge_id or f"{source}-{handle}-{target}", source, handle, target)


def journey(nodes: list[Node], edges: list[Edge]) -> JourneyDefinition:
    return JourneyDefinition(nodes=nodes, edges=edges)


def simple() -> JourneyDefinition:
    """Trigger → email → end: valid, with no problems."""
    return journey(
        [
            node("trigger.event", "t"),
            node("action.send_email", "mail"),
            node("flow.end", "end"),
        ],
        [edge("t", "next", "mail"), edge("mail", "next", "end")],
    )
