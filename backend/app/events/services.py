"""Recording events and marking them handled."""

from __future__ import annotations

from datetime import UTC, datetime

import msgspec
import structlog
from redis.exceptions import RedisError
from sqlalchemy import select, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from app.contacts.services import resolve_contact
from app.events.models import Event
from app.events.schemas import EventEnvelope
from app.resources import Resources

log = structlog.get_logger(__name__)


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
