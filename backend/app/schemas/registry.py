"""Which Structs are published as JSON Schemas, which definitions as JSON data, and under
which file names (all in schemas/)."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import msgspec
import msgspec.inspect

from app.admin.schemas import AdminApi
from app.auth.schemas import AuthApi
from app.automation.schemas import AutomationApi
from app.channels.schemas import ChannelsApi
from app.channels.webhook_networks import WebhookNetworksApi
from app.contacts.schemas import ContactsApi
from app.engine import channels, exits
from app.engine.catalog import Catalog
from app.engine.conditions import Condition
from app.engine.definition import JourneyDefinition, Node, Reentry
from app.engine.nodes_base import ExitRule
from app.engine.problems import ProblemList
from app.events.schemas import BatchAccepted, EventDetail, EventEnvelope, EventPage, EventsApi
from app.health.services import Readiness
from app.jobs.schemas import JobsApi
from app.journeys.schemas import JourneysApi
from app.portal.schemas import PortalApi, PortalWordingApi
from app.reports.enrollments import EnrollmentsApi
from app.reports.schemas import ReportsApi
from app.runs.enrol import EnrollmentActionsApi
from app.runs.schemas import MigrationsApi
from app.sales.schemas import SalesApi
from app.segments.schemas import SegmentsApi
from app.testruns.schemas import TestRunsApi
from app.whatif.schemas import WhatIfApi

# file stem -> Struct. Add a line here to publish a new schema; `make schemas` writes it.
PUBLISHED: dict[str, type[msgspec.Struct]] = {
    "admin-api": AdminApi,
    "auth-api": AuthApi,
    "automation-api": AutomationApi,
    "channels": channels.ChannelsDocument,
    "channels-api": ChannelsApi,
    "contacts-api": ContactsApi,
    "enrollments-api": EnrollmentsApi,
    "enrollment-actions-api": EnrollmentActionsApi,
    "event-batch-result": BatchAccepted,
    "event-detail": EventDetail,
    "event-envelope": EventEnvelope,
    "event-page": EventPage,
    "events-api": EventsApi,
    "health-ready": Readiness,
    "journey": JourneyDefinition,
    "journey-catalog": Catalog,
    "journey-problems": ProblemList,
    "journeys-api": JourneysApi,
    "jobs-api": JobsApi,
    "migrations-api": MigrationsApi,
    "node-exits": exits.NodeExits,
    "portal-api": PortalApi,
    "portal-wording-api": PortalWordingApi,
    "reports-api": ReportsApi,
    "sales-api": SalesApi,
    "segments-api": SegmentsApi,
    "test-runs-api": TestRunsApi,
    "webhook-networks-api": WebhookNetworksApi,
    "what-if-api": WhatIfApi,
}

# file stem -> the definition published as data (`<stem>.json`, beside the schema of its
# shape above): what the SPA reads at run time instead of keeping a copy of its own.
DATA: dict[str, Callable[[], msgspec.Struct]] = {
    "channels": channels.document,
    "node-exits": exits.document,
}

# Tagged unions that get a name of their own in `$defs`, so generated TypeScript has
# `type JourneyNode = EventTrigger | …` instead of the same inline union everywhere.
NAMED_UNIONS: dict[str, Any] = {
    "JourneyNode": Node,
    "Condition": Condition,
    "Reentry": Reentry,
    "ExitRule": ExitRule,
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
    _mark_always_sent(defs, struct)
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


def _mark_always_sent(defs: dict[str, Any], root: type[msgspec.Struct]) -> None:
    """An answer's fields are all required, defaults included.

    msgspec sends every field of a Struct unless it omits defaults, but its schema marks a
    field with a default optional (a request may leave it out). A Struct that forbids
    unknown fields is a request here (every request body does); any other one is an
    answer, and the SPA's types should say that each of its fields is always there.
    """
    for cls in _structs(msgspec.inspect.type_info(root), {}).values():
        config = cls.__struct_config__
        definition = defs.get(cls.__name__)
        if definition is None or config.forbid_unknown_fields or config.omit_defaults:
            continue
        fields = msgspec.structs.fields(cls)
        definition["required"] = [f.encode_name for f in fields]
        for field in fields:
            definition.get("properties", {}).get(field.encode_name, {}).pop("default", None)


def _structs(
    info: msgspec.inspect.Type, seen: dict[str, type[msgspec.Struct]]
) -> dict[str, type[msgspec.Struct]]:
    """Every Struct class `info` reaches, by name."""
    if isinstance(info, msgspec.inspect.StructType):
        if info.cls.__name__ in seen:
            return seen
        seen[info.cls.__name__] = info.cls
        for field in info.fields:
            _structs(field.type, seen)
        return seen
    for value in msgspec.structs.astuple(info):
        for item in value if isinstance(value, tuple) else (value,):
            if isinstance(item, msgspec.inspect.Type):
                _structs(item, seen)
    return seen


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


def render_data(build: Callable[[], msgspec.Struct]) -> str:
    return json.dumps(msgspec.to_builtins(build()), indent=2) + "\n"


def render_all() -> dict[str, str]:
    """Every file of schemas/, by name: the JSON Schemas, then the data."""
    return {
        **{f"{name}.schema.json": render(name, struct) for name, struct in PUBLISHED.items()},
        **{f"{name}.json": render_data(build) for name, build in DATA.items()},
    }
