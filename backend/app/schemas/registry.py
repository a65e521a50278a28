"""Which Structs are published as JSON Schemas, and under which file names."""

from __future__ import annotations

import json
from typing import Any

import msgspec

from app.engine.catalog import Catalog
from app.engine.conditions import Condition
from app.engine.definition import JourneyDefinition, Node, Reentry
from app.engine.problems import ProblemList
from app.events.schemas import BatchAccepted, EventDetail, EventEnvelope, EventPage
from app.jobs.schemas import JobsApi
from app.journeys.schemas import JourneysApi
from app.portal.schemas import PortalWordingApi
from app.reports.enrollments import EnrollmentsApi
from app.testruns.schemas import TestRunsApi

# file stem -> Struct. Add a line here to publish a new schema; `make schemas` writes it.
PUBLISHED: dict[str, type[msgspec.Struct]] = {
    "enrollments-api": EnrollmentsApi,
    "event-batch-result": BatchAccepted,
    "event-detail": EventDetail,
    "event-envelope": EventEnvelope,
    "event-page": EventPage,
    "journey": JourneyDefinition,
    "journey-catalog": Catalog,
    "journey-problems": ProblemList,
    "jobs-api": JobsApi,
    "journeys-api": JourneysApi,
    "portal-wording-api": PortalWordingApi,
    "test-runs-api": TestRunsApi,
}

# Tagged unions that get a name of their own in `$defs`, so generated TypeScript has
# `type JourneyNode = EventTrigger | …` instead of the same inline union everywhere.
NAMED_UNIONS: dict[str, Any] = {
    "JourneyNode": Node,
    "Condition": Condition,
    "Reentry": Reentry,
}

_SCHEMA_URI = "https://json-schema.org/draft/2020-12/schema"
# Schemas whose objects say the order their fields were declared in (`x-order`): the
# files are written with sorted keys, and forms rendered from them follow the Structs.
ORDERED: frozenset[str] = frozenset({"journey"})


def render(name: str, struct: type[msgspec.Struct]) -> str:
    schema: dict[str, Any] = msgspec.json.schema(struct)
    # Inline the root so consumers see the top-level object, not a bare $ref.
    root_ref = schema.pop("$ref", None)
    defs: dict[str, Any] = schema.pop("$defs", {})
    if root_ref:
        schema = {**defs.pop(root_ref.rsplit("/", 1)[-1]), **schema}
    for union_name, union in NAMED_UNIONS.items():
        union_schema = {
            key: value for key, value in msgspec.json.schema(union).items() if key != "$defs"
        }
        ref = {"$ref": f"#/$defs/{union_name}"}
        if _replace_union(schema, union_schema, ref) | _replace_union(defs, union_schema, ref):
            defs[union_name] = {"title": union_name, **union_schema}
    document = {"$schema": _SCHEMA_URI, "$id": f"{name}.schema.json", **schema}
    if defs:
        document["$defs"] = defs
    if name in ORDERED:
        _mark_order(document)
    return json.dumps(document, indent=2, sort_keys=True) + "\n"


def _mark_order(node: Any) -> None:
    """`x-order`: the declared order of every object's properties (before keys are sorted)."""
    if isinstance(node, dict):
        properties = node.get("properties")
        if isinstance(properties, dict) and len(properties) > 1:
            node["x-order"] = list(properties)
        for value in node.values():
            _mark_order(value)
    elif isinstance(node, list):
        for value in node:
            _mark_order(value)


def _replace_union(node: Any, union: dict[str, Any], ref: dict[str, str]) -> bool:
    """Swap every occurrence of `union` (keeping sibling keywords) for `ref`."""
    found = False
    if isinstance(node, dict):
        if all(node.get(key) == value for key, value in union.items()):
            for key in union:
                del node[key]
            node.update(ref)
            return True
        for value in node.values():
            found = _replace_union(value, union, ref) or found
    elif isinstance(node, list):
        for value in node:
            found = _replace_union(value, union, ref) or found
    return found


def render_all() -> dict[str, str]:
    return {f"{name}.schema.json": render(name, struct) for name, struct in PUBLISHED.items()}
