"""The catalog: names a journey may refer to (queues, templates, job types, segments…).

The journeys service builds one from the database; validation checks every reference
(`NodeBase.references`) against it, so a journey never points at a queue or template that
does not exist.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final, assert_never

import msgspec

from app.engine.references import Reference


class Catalog(msgspec.Struct, frozen=True, forbid_unknown_fields=True, omit_defaults=True):
    """Known names. An empty `event_names` means "not known": event names are not checked."""

    queues: frozenset[str] = frozenset()
    email_templates: frozenset[str] = frozenset()
    sms_templates: frozenset[str] = frozenset()
    letter_templates: frozenset[str] = frozenset()
    # job type -> its outcomes, which are the exits of a job node of that type.
    job_types: dict[str, list[str]] = msgspec.field(default_factory=dict)
    segments: frozenset[str] = frozenset()
    event_names: frozenset[str] = frozenset()
    # Event name -> every property path its recent events carried (`product`,
    # `product.category`). A name missing here is not known: its properties go unchecked.
    event_properties: dict[str, frozenset[str]] = msgspec.field(default_factory=dict)


# How deep `property_paths` looks into nested properties: rules rarely go further, and a
# deep document must not make validation slow.
PROPERTY_DEPTH: Final = 5


def property_paths(properties: Mapping[str, Any], depth: int = PROPERTY_DEPTH) -> set[str]:
    """Every dotted path into an event's properties: `{"product": {"category": "x"}}` →
    `product`, `product.category`."""
    found: set[str] = set()
    level: list[tuple[str, Mapping[str, Any]]] = [("", properties)]
    for _ in range(depth):
        deeper: list[tuple[str, Mapping[str, Any]]] = []
        for prefix, data in level:
            for key, value in data.items():
                path = f"{prefix}{key}"
                found.add(path)
                if isinstance(value, Mapping):
                    deeper.append((f"{path}.", value))
        level = deeper
    return found


def knows(catalog: Catalog, ref: Reference) -> bool:  # noqa: PLR0911 - one branch per kind
    """Whether the catalog has the thing `ref` names."""
    match ref.kind:
        case "queue":
            return ref.name in catalog.queues
        case "email_template":
            return ref.name in catalog.email_templates
        case "sms_template":
            return ref.name in catalog.sms_templates
        case "letter_template":
            return ref.name in catalog.letter_templates
        case "job_type":
            return ref.name in catalog.job_types
        case "segment":
            return ref.name in catalog.segments
        case "event":
            return not catalog.event_names or ref.name in catalog.event_names
        case _:
            assert_never(ref.kind)
