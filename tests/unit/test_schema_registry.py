from __future__ import annotations

import json

from app.schemas.registry import render_all


def test_event_envelope_schema_is_a_self_contained_object_schema() -> None:
    rendered = render_all()
    schema = json.loads(rendered["event-envelope.schema.json"])
    assert schema["type"] == "object"
    assert schema["title"] == "EventEnvelope"
    assert set(schema["required"]) == {"name", "contact"}
    assert schema["properties"]["contact"]["minProperties"] == 1
    assert "ContactRef" in schema["$defs"]


def test_rendering_is_deterministic() -> None:
    assert render_all() == render_all()
