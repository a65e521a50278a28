"""Contact state changes are events: each one is recorded in the transaction that made
it, and the worker is rung after commit, so journeys can start on `contact.tagged`,
`contact.opted_out`, `object.status_changed` and the rest (docs/contacts-api.md lists
them with their properties)."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import structlog
from redis.exceptions import RedisError
from sqlalchemy import insert
from sqlalchemy.ext.asyncio import AsyncSession

from app.events.models import Event
from app.resources import Resources

log = structlog.get_logger(__name__)

# Every event name this module records; journeys' event triggers can use each of them.
CONTACT_EVENTS: tuple[str, ...] = (
    "contact.created",
    "contact.field_changed",
    "contact.tagged",
    "contact.untagged",
    "contact.score_changed",
    "contact.owner_changed",
    "contact.opted_in",
    "contact.opted_out",
    "contact.note_added",
    "object.created",
    "object.updated",
    "object.status_changed",
    "object.deleted",
)


@dataclass(slots=True)
class Changes:
    """One unit of work's change events: who made them, when, and the ids to ring for."""

    now: datetime
    # Where the change came from: `staff`, `api`, `portal`, `journey`, `demo`…
    origin: str = "staff"
    actor_id: uuid.UUID | None = None
    event_ids: list[int] = field(default_factory=list)

    async def record(
        self,
        session: AsyncSession,
        contact_id: uuid.UUID,
        name: str,
        properties: Mapping[str, Any],
    ) -> int:
        """Insert the event in the caller's transaction; it is rung after the commit."""
        assert name in CONTACT_EVENTS, f"unlisted change event {name}"
        event_id: int = await session.scalar(  # type: ignore[assignment]
            insert(Event)
            .values(
                contact_id=contact_id,
                name=name,
                properties={
                    **properties,
                    "origin": self.origin,
                    "actor_id": str(self.actor_id) if self.actor_id else None,
                },
                source="system",
                occurred_at=self.now,
                received_at=self.now,
            )
            .returning(Event.id)
        )
        self.event_ids.append(event_id)
        return event_id


async def ring(resources: Resources, event_ids: list[int]) -> None:
    """Ring the worker for committed change events. Redis down loses nothing: the
    sweeper rings for every unprocessed event."""
    for event_id in event_ids:
        try:
            await resources.queue.process_event(event_id)
        except RedisError:
            log.warning("event.ring_failed", event_id=event_id, exc_info=True)
            return


@asynccontextmanager
async def unit_of_work(
    resources: Resources, *, actor_id: uuid.UUID | None = None, origin: str = "staff"
) -> AsyncIterator[tuple[AsyncSession, Changes]]:
    """A transaction whose change events are rung once it commits (never if it fails)."""
    changes = Changes(now=resources.clock.now(), origin=origin, actor_id=actor_id)
    async with resources.sessions.begin() as session:
        yield session, changes
    await ring(resources, changes.event_ids)
