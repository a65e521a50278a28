"""Recording events and marking them handled."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Final

import msgspec
import structlog
from redis.exceptions import RedisError
from sqlalchemy import DateTime, String, Text, Uuid, bindparam, select, text, update
from sqlalchemy.dialects.postgresql import ARRAY, insert
from sqlalchemy.ext.asyncio import AsyncSession

from app.contacts.identity import resolve_contacts
from app.contacts.services import resolve_contact
from app.events.models import Event
from app.events.schemas import EventEnvelope
from app.resources import Resources

log = structlog.get_logger(__name__)


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


class RecordedEvent(msgspec.Struct, frozen=True):
    id: int
    # False when the idempotency key had been seen: the first event stands.
    created: bool


async def record_event(
    session: AsyncSession, envelope: EventEnvelope, *, now: datetime | None = None
) -> RecordedEvent:
    """Store an event for its (possibly new) contact. The caller commits."""
    received = now or datetime.now(UTC)
    contact_id = await resolve_contact(session, envelope.contact)
    event_id = await session.scalar(
        insert(Event)
        .values(
            contact_id=contact_id,
            name=envelope.name,
            properties=envelope.properties,
            source=envelope.source,
            idempotency_key=envelope.idempotency_key,
            occurred_at=envelope.occurred_at or received,
            received_at=received,
        )
        .on_conflict_do_nothing(
            index_elements=["idempotency_key"],
            index_where=Event.idempotency_key.is_not(None),
        )
        .returning(Event.id)
    )
    if event_id is not None:
        return RecordedEvent(id=event_id, created=True)
    existing = await session.scalar(
        select(Event.id).where(Event.idempotency_key == envelope.idempotency_key)
    )
    assert existing is not None, "conflict on idempotency key implies the event exists"
    return RecordedEvent(id=existing, created=False)


@dataclass(frozen=True, slots=True)
class RecordedBatch:
    results: list[RecordedEvent]
    # The newest new event of each contact; after the commit, `ring` wakes a worker for
    # them (which finds every unhandled event in Postgres, in order per contact).
    to_ring: list[int]


async def record_events(
    session: AsyncSession, envelopes: Sequence[EventEnvelope], *, now: datetime | None = None
) -> RecordedBatch:
    """Store many events in one INSERT … ON CONFLICT; the caller commits.

    Results come back in the order given. A repeated idempotency key (stored before, or
    earlier in the same list) gives the id of the event that stood first, created=False.
    """
    if not envelopes:
        return RecordedBatch(results=[], to_ring=[])
    received = now or datetime.now(UTC)
    contact_ids = await resolve_contacts(session, [e.contact for e in envelopes])
    # Seven arrays, whatever the batch size: one statement, planned once, cheap to send
    # (a VALUES list of 1,000 rows is 7,000 parameters to compile and bind).
    inserted = await session.execute(
        _INSERT_MANY,
        {
            "contact_ids": contact_ids,
            "names": [e.name for e in envelopes],
            "properties": [msgspec.json.encode(e.properties).decode() for e in envelopes],
            "sources": [e.source for e in envelopes],
            "keys": [e.idempotency_key for e in envelopes],
            "occurred": [e.occurred_at or received for e in envelopes],
            "received": received,
        },
    )
    # Identity values are drawn row by row in the given order (ORDER BY ord), so the new
    # ids sorted are the inserted rows in that order; keys check the pairing below.
    new_rows = sorted(((int(i), k) for i, k in inserted), key=lambda row: row[0])
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
        stored = await session.execute(
            select(Event.idempotency_key, Event.id).where(Event.idempotency_key.in_(repeated))
        )
        first_of_key.update({str(key): event_id for key, event_id in stored})
    latest: dict[uuid.UUID, int] = {}
    for result, contact_id in zip(results, contact_ids, strict=True):
        if result is not None:
            latest[contact_id] = max(result.id, latest.get(contact_id, 0))
    return RecordedBatch(
        results=[
            result or RecordedEvent(id=first_of_key[str(envelope.idempotency_key)], created=False)
            for result, envelope in zip(results, envelopes, strict=True)
        ],
        to_ring=sorted(latest.values()),
    )


async def ring(resources: Resources, event_ids: Iterable[int]) -> None:
    """Ring the worker for committed events; Redis down loses nothing (the sweeper re-rings).

    One ring is enough however many events: a worker that wakes finds every unhandled
    event in Postgres itself (the ring is one coalesced job)."""
    newest = max(event_ids, default=None)
    if newest is None:
        return
    try:
        await resources.queue.process_event(newest)
    except RedisError:
        log.warning("event.ring_failed", event_id=newest, exc_info=True)


async def accept_event(resources: Resources, envelope: EventEnvelope) -> RecordedEvent:
    """Commit an event, then ring the worker: a ring never points at an uncommitted row."""
    async with resources.sessions.begin() as session:
        recorded = await record_event(session, envelope, now=resources.clock.now())
    if recorded.created:
        try:
            await resources.queue.process_event(recorded.id)
        except RedisError:
            # The event is safe in Postgres; the sweeper rings for unprocessed events.
            log.warning("event.ring_failed", event_id=recorded.id, exc_info=True)
    return recorded


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
