"""Which Structs are published as JSON Schemas, and under which file names."""

from __future__ import annotations

import json
from typing import Any

import msgspec

from app.events.schemas import EventEnvelope

# file stem -> Struct. Add a line here to publish a new schema; `make schemas` writes it.
PUBLISHED: dict[str, type[msgspec.Struct]] = {
    "event-envelope": EventEnvelope,
}

_SCHEMA_URI = "https://json-schema.org/draft/2020-12/schema"


def render(name: str, struct: type[msgspec.Struct]) -> str:
    schema: dict[str, Any] = msgspec.json.schema(struct)
    # Inline the root so consumers see the top-level object, not a bare $ref.
    root_ref = schema.pop("$ref", None)
    defs: dict[str, Any] = schema.pop("$defs", {})
    if root_ref:
        schema = {**defs.pop(root_ref.rsplit("/", 1)[-1]), **schema}
    document = {"$schema": _SCHEMA_URI, "$id": f"{name}.schema.json", **schema}
    if defs:
        document["$defs"] = defs
    return json.dumps(document, indent=2, sort_keys=True) + "\n"


def render_all() -> dict[str, str]:
    return {f"{name}.schema.json": render(name, struct) for name, struct in PUBLISHED.items()}
