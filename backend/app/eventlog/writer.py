"""The one writer of the event log: every row of `events` is inserted here.

Outside events (the API, track.js) and the product's own (`kinds`) go through the same
few statements, in the caller's unit of work, which rings the journeys' worker once it
commits. An event with an idempotency key is written once: a second write of the same
key (a retried request, a replayed transaction) does nothing and gives no id.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime
from typing import Any, Final, NamedTuple

import msgspec
from sqlalchemy import (
    DateTime,
    Select,
    String,
    Text,
    Uuid,
    bindparam,
    cast,
    func,
    literal,
    select,
    text,
)
from sqlalchemy.dialects.postgresql import ARRAY, JSONB, insert

from app.engine.primitives import EventSource
from app.eventlog.kinds import Kind
from app.eventlog.models import Event
from app.lib.unit_of_work import UnitOfWork

_encode = msgspec.json.Encoder().encode


class NewEvent(NamedTuple):
    """A row to write: who, what, from where, and when it happened."""

    contact_id: uuid.UUID
    name: str
    properties: dict[str, Any]
    # Where it came from; a journey's event trigger may start only for some sources.
    source: EventSource
    key: str | None = None
    occurred_at: datetime | None = None


def new_event(
    contact_id: uuid.UUID,
    event: Kind,
    *,
    key: str | None = None,
    occurred_at: datetime | None = None,
) -> NewEvent:
    return NewEvent(
        contact_id,
        str(event.__struct_config__.tag),
        event.properties(),
        event.SOURCE,
        key,
        occurred_at,
    )


def _stamped(unit: UnitOfWork, row: NewEvent, event: Kind) -> NewEvent:
    """A contact change says who made it and from where: the unit's."""
    if not event.STAMPED:
        return row
    actor = str(unit.actor_id) if unit.actor_id else None
    return row._replace(properties={**row.properties, "origin": unit.origin, "actor_id": actor})


async def record(
    unit: UnitOfWork,
    contact_id: uuid.UUID,
    event: Kind,
    *,
    key: str | None = None,
    occurred_at: datetime | None = None,
) -> int | None:
    """Write one of the product's own events; None when its key was written before."""
    row = new_event(contact_id, event, key=key, occurred_at=occurred_at)
    return await write(unit, _stamped(unit, row, event))


async def write(
    unit: UnitOfWork, row: NewEvent, *, received_at: datetime | None = None
) -> int | None:
    """Write one event of any name (an outside one, or one a journey emits)."""
    event_id = await unit.session.scalar(
        insert(Event)
        .values(
            contact_id=row.contact_id,
            name=row.name,
            properties=row.properties,
            source=row.source,
            idempotency_key=row.key,
            occurred_at=row.occurred_at or unit.now,
            received_at=received_at or unit.now,
        )
        .on_conflict_do_nothing(
            index_elements=["idempotency_key"], index_where=Event.idempotency_key.is_not(None)
        )
        .returning(Event.id)
    )
    if event_id is not None:
        unit.recorded(1)
    return event_id


_INSERT_MANY: Final = text(
    """
    INSERT INTO events
        (contact_id, name, properties, source, idempotency_key, occurred_at, received_at)
    SELECT contact_id, name, properties::jsonb, source, idempotency_key, occurred_at, :received
    FROM unnest(:contact_ids, :names, :properties, :sources, :keys, :occurred)
        WITH ORDINALITY AS batch(contact_id, name, properties, source, idempotency_key,
                                 occurred_at, position)
    ORDER BY position
    ON CONFLICT (idempotency_key) WHERE idempotency_key IS NOT NULL DO NOTHING
    RETURNING id, idempotency_key
    """
).bindparams(
    bindparam("contact_ids", type_=ARRAY(Uuid(as_uuid=True))),
    bindparam("names", type_=ARRAY(String)),
    bindparam("properties", type_=ARRAY(Text)),
    bindparam("sources", type_=ARRAY(String)),
    bindparam("keys", type_=ARRAY(String)),
    bindparam("occurred", type_=ARRAY(DateTime(timezone=True))),
    bindparam("received", type_=DateTime(timezone=True)),
)


async def write_many(unit: UnitOfWork, rows: Sequence[NewEvent]) -> list[tuple[int, str | None]]:
    """Write many events in one statement, in the order given; returns (id, key) of the
    rows written (a key written before, or twice in `rows`, writes nothing more).

    Identity values are drawn row by row in the given order, so the ids come back sorted
    as the rows were given."""
    if not rows:
        return []
    # Seven arrays, whatever the batch size: one statement, planned once, cheap to send
    # (a VALUES list of 1,000 rows is 7,000 parameters to compile and bind).
    inserted = await unit.session.execute(
        _INSERT_MANY,
        {
            "contact_ids": [row.contact_id for row in rows],
            "names": [row.name for row in rows],
            "properties": [_encode(row.properties).decode() for row in rows],
            "sources": [row.source for row in rows],
            "keys": [row.key for row in rows],
            "occurred": [row.occurred_at or unit.now for row in rows],
            "received": unit.now,
        },
    )
    written = sorted(((int(event_id), key) for event_id, key in inserted), key=lambda r: r[0])
    unit.recorded(len(written))
    return written


async def record_for_each(
    unit: UnitOfWork,
    contacts: Select[Any] | Sequence[uuid.UUID],
    event: Kind,
    *,
    key_prefix: str,
    key_suffix: str = "",
    occurred_at: datetime | None = None,
) -> int:
    """The same event for every contact of a query or a list, in one statement (a
    schedule or a segment can pick thousands at once); each keyed
    `<key_prefix><contact><key_suffix>`.
    Returns how many were written."""
    if not isinstance(contacts, Select):
        if not contacts:
            return 0
        listed = func.unnest(literal(list(contacts), ARRAY(Uuid(as_uuid=True))))
        contacts = select(listed.column_valued().label("contact_id"))
    picked = contacts.subquery()
    contact = picked.c[0]
    rows = select(
        contact,
        literal(str(event.__struct_config__.tag), String),
        literal(event.properties(), JSONB),
        literal(event.SOURCE, String),
        literal(key_prefix, Text) + cast(contact, Text) + literal(key_suffix, Text),
        literal(occurred_at or unit.now),
        literal(unit.now),
    )
    written = await unit.session.scalar(
        select(func.count()).select_from(
            insert(Event)
            .from_select(
                [
                    "contact_id",
                    "name",
                    "properties",
                    "source",
                    "idempotency_key",
                    "occurred_at",
                    "received_at",
                ],
                rows,
            )
            .on_conflict_do_nothing(
                index_elements=["idempotency_key"], index_where=Event.idempotency_key.is_not(None)
            )
            .returning(Event.id)
            .cte("written")
        )
    )
    count = int(written or 0)
    unit.recorded(count)
    return count
