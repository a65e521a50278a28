"""The field catalog: every contact field, custom attribute, object field and event
property a condition (or a message) can use, with a name people read.

Built-in fields are listed with their own labels; custom attributes, objects' own fields
and event properties are the keys seen in recent data (a bounded sample, newest first),
labelled from their keys and typed from the values seen, so the canvas offers pickers
instead of free-text paths.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime
from typing import Any, Final

from sqlalchemy import select, text
from sqlalchemy.ext.asyncio import AsyncSession

from app.contacts.models import OBJECT_KINDS, Contact, ContactObject
from app.journeys.schemas import FieldCatalog, FieldInfo, FieldType

# How much recent data the keys are read from: enough to see every key in use, little
# enough to answer in milliseconds on a large database.
CONTACT_SAMPLE: Final = 2_000
OBJECT_SAMPLE: Final = 2_000
EVENTS_PER_NAME: Final = 20
EVENT_NAMES_LIMIT: Final = 500
# Keys inside nested objects are listed up to this depth (`product.category`).
MAX_DEPTH: Final = 3
MAX_FIELDS: Final = 200


CONTACT_FIELDS: Final = (
    FieldInfo("first_name", "First name", "text"),
    FieldInfo("last_name", "Last name", "text"),
    FieldInfo("name", "Full name", "text"),
    FieldInfo("email", "Email address", "text"),
    FieldInfo("phone", "Phone number", "text"),
    FieldInfo("score", "Lead score", "number"),
    FieldInfo("tags", "Tags", "list"),
    FieldInfo("birthday", "Birthday", "date"),
    FieldInfo("locale", "Language", "text"),
    FieldInfo("timezone", "Time zone", "text"),
    FieldInfo("external_id", "Customer number (external id)", "text"),
    FieldInfo("created_at", "Became a contact on", "date"),
    FieldInfo("consent.email", "May receive email", "boolean"),
    FieldInfo("consent.sms", "May receive SMS", "boolean"),
    FieldInfo("consent.letter", "May receive letters", "boolean"),
    FieldInfo("consent.phone", "May be called", "boolean"),
)
OBJECT_FIELDS: Final = (
    FieldInfo("status", "Status", "text"),
    FieldInfo("external_ref", "Number (reference)", "text"),
    FieldInfo("due_at", "Due on", "date"),
    FieldInfo("starts_at", "Starts on", "date"),
)
_BUILT_IN_CONTACT: Final = frozenset(f.path for f in CONTACT_FIELDS) | {"id", "owner_id"}
_BUILT_IN_OBJECT: Final = frozenset(f.path for f in OBJECT_FIELDS) | {"id"}

# The newest events of each name seen (one index probe per name on ix_events_name_id).
_EVENT_SAMPLES: Final = text(
    """
    SELECT n.name, e.properties
    FROM unnest(CAST(:names AS text[])) AS n(name)
    CROSS JOIN LATERAL (
        SELECT properties FROM events WHERE events.name = n.name ORDER BY id DESC LIMIT :per
    ) AS e
    """
)


def humanize(key: str) -> str:
    """`renewal_date` → `Renewal date`; `product.category` → `Product category`."""
    parts = [part.replace("_", " ").replace("-", " ").strip() for part in key.split(".")]
    words = " ".join(part for part in parts if part)
    return words[:1].upper() + words[1:] if words else key


def type_of(value: Any) -> FieldType:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, list):
        return "list"
    if isinstance(value, str) and _is_date(value):
        return "date"
    return "text"


def _is_date(value: str) -> bool:
    if len(value) < 10 or not value[:4].isdigit() or value[4] != "-":
        return False
    for parse in (date.fromisoformat, datetime.fromisoformat):
        try:
            parse(value.replace("Z", "+00:00"))
        except ValueError:
            continue
        return True
    return False


def _example(value: Any) -> str | None:
    if value is None or isinstance(value, dict | list):
        return None
    shown = str(value).lower() if isinstance(value, bool) else str(value)
    return shown[:60]


def fields_of(
    samples: Iterable[Mapping[str, Any]], skip: frozenset[str] = frozenset()
) -> list[FieldInfo]:
    """The keys of `samples` (nested ones as dotted paths), each once, in order of first
    sight, typed by the first value that is not empty."""
    seen: dict[str, tuple[FieldType, str | None]] = {}

    def walk(data: Mapping[str, Any], prefix: str, depth: int) -> None:
        for key, value in data.items():
            if not isinstance(key, str) or not key:
                continue
            path = f"{prefix}{key}"
            if isinstance(value, Mapping):
                if depth < MAX_DEPTH:
                    walk(value, f"{path}.", depth + 1)
                continue
            if path in skip or (path in seen and seen[path][1] is not None):
                continue
            if value is None or value == "":
                seen.setdefault(path, ("text", None))
            else:
                seen[path] = (type_of(value), _example(value))

    for sample in samples:
        if isinstance(sample, Mapping):
            walk(sample, "", 1)
        if len(seen) >= MAX_FIELDS:
            break
    return [
        FieldInfo(path, humanize(path), kind, custom=True, example=example)
        for path, (kind, example) in list(seen.items())[:MAX_FIELDS]
    ]


async def load_fields(db: AsyncSession, event_names: list[str]) -> FieldCatalog:
    """The field catalog from recent data; `event_names` are the names to describe."""
    attributes = await db.scalars(
        select(Contact.attributes).order_by(Contact.updated_at.desc()).limit(CONTACT_SAMPLE)
    )
    contact = [*CONTACT_FIELDS, *fields_of(attributes, _BUILT_IN_CONTACT)]
    data_by_kind: dict[str, list[dict[str, Any]]] = {kind: [] for kind in OBJECT_KINDS}
    rows = await db.execute(
        select(ContactObject.kind, ContactObject.data)
        .order_by(ContactObject.created_at.desc())
        .limit(OBJECT_SAMPLE)
    )
    for kind, data in rows:
        data_by_kind.setdefault(kind, []).append(data)
    objects = {
        kind: [*OBJECT_FIELDS, *fields_of(samples, _BUILT_IN_OBJECT)]
        for kind, samples in data_by_kind.items()
    }
    names = event_names[:EVENT_NAMES_LIMIT]
    properties = await event_samples(db, names, EVENTS_PER_NAME)
    events = {name: fields_of(properties.get(name, [])) for name in names}
    return FieldCatalog(contact=contact, objects=objects, events=events)


async def event_samples(
    db: AsyncSession, names: list[str], per: int
) -> dict[str, list[dict[str, Any]]]:
    """The properties of the `per` newest events of each name, in one query; a name never
    received is left out."""
    properties: dict[str, list[dict[str, Any]]] = {}
    if names:
        sampled = await db.execute(_EVENT_SAMPLES, {"names": names, "per": per})
        for name, props in sampled:
            properties.setdefault(name, []).append(props)
    return properties
