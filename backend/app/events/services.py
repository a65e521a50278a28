"""Recording events from outside (the API, track.js) and marking them handled.

Rows are written by the event log's one writer (app.eventlog.writer) in the caller's unit
of work, which rings the journeys' worker once it commits.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import UTC, datetime

import msgspec
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from app.contacts.identity import resolve_contacts
from app.contacts.services import resolve_contact
from app.eventlog.models import Event
from app.eventlog.writer import NewEvent, write, write_many
from app.events.schemas import EventEnvelope
from app.lib.unit_of_work import UnitOfWork
from app.resources import Resources


class RecordedEvent(msgspec.Struct, frozen=True):
    id: int
    # False when the idempotency key had been seen: the first event stands.
    created: bool


def _row(envelope: EventEnvelope, contact_id: uuid.UUID) -> NewEvent:
    return NewEvent(
        contact_id=contact_id,
        name=envelope.name,
        properties=envelope.properties,
        source=envelope.source,
        key=envelope.idempotency_key,
        occurred_at=envelope.occurred_at,
    )


async def record_event(unit: UnitOfWork, envelope: EventEnvelope) -> RecordedEvent:
    """Store an event for its (possibly new) contact, in the caller's unit of work."""
    contact_id = await resolve_contact(unit.session, envelope.contact)
    event_id = await write(unit, _row(envelope, contact_id))
    if event_id is not None:
        return RecordedEvent(id=event_id, created=True)
    existing = await unit.session.scalar(
        select(Event.id).where(Event.idempotency_key == envelope.idempotency_key)
    )
    assert existing is not None, "conflict on idempotency key implies the event exists"
    return RecordedEvent(id=existing, created=False)


async def record_events(
    unit: UnitOfWork, envelopes: Sequence[EventEnvelope]
) -> list[RecordedEvent]:
    """Store many events in one INSERT … ON CONFLICT, in the caller's unit of work.

    Results come back in the order given. A repeated idempotency key (stored before, or
    earlier in the same list) gives the id of the event that stood first, created=False.
    """
    if not envelopes:
        return []
    contact_ids = await resolve_contacts(unit.session, [e.contact for e in envelopes])
    rows = [_row(e, c) for e, c in zip(envelopes, contact_ids, strict=True)]
    new_rows = await write_many(unit, rows)
    new_keys = {key for _, key in new_rows if key is not None}
    results: list[RecordedEvent | None] = []
    first_of_key: dict[str, int] = {}
    new_iter = iter(new_rows)
    for envelope in envelopes:
        key = envelope.idempotency_key
        if key is None or (key in new_keys and key not in first_of_key):
            event_id, stored_key = next(new_iter)
            assert stored_key == key, "inserted rows came back out of order"
            if key is not None:
                first_of_key[key] = event_id
            results.append(RecordedEvent(id=event_id, created=True))
        else:
            results.append(None)
    repeated = {e.idempotency_key for e in envelopes if e.idempotency_key} - first_of_key.keys()
    if repeated:
        stored = await unit.session.execute(
            select(Event.idempotency_key, Event.id).where(Event.idempotency_key.in_(repeated))
        )
        first_of_key.update({str(key): event_id for key, event_id in stored})
    return [
        result or RecordedEvent(id=first_of_key[str(envelope.idempotency_key)], created=False)
        for result, envelope in zip(results, envelopes, strict=True)
    ]


async def accept_event(resources: Resources, envelope: EventEnvelope) -> RecordedEvent:
    """Commit an event, then ring the worker: a ring never points at an uncommitted row."""
    async with resources.unit_of_work(origin="api") as unit:
        return await record_event(unit, envelope)


async def mark_event_processed(
    session: AsyncSession, event_id: int, *, now: datetime | None = None
) -> bool:
    """Mark an event handled; False when it was already handled (a repeat delivery)."""
    result = await session.execute(
        update(Event)
        .where(Event.id == event_id, Event.processed_at.is_(None))
        .values(processed_at=now or datetime.now(UTC))
        .returning(Event.id)
    )
    return result.scalar_one_or_none() is not None


async def unprocessed_event_ids(session: AsyncSession, *, limit: int = 1000) -> list[int]:
    rows = await session.scalars(
        select(Event.id).where(Event.processed_at.is_(None)).order_by(Event.id).limit(limit)
    )
    return list(rows)
