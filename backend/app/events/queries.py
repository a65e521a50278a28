"""Reading events for the Events page: newest first, filtered, paged by id."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Final

from sqlalchemy import Select, String, cast, or_, select, text
from sqlalchemy.ext.asyncio import AsyncSession

from app.contacts.models import Contact
from app.eventlog.models import Event
from app.events.schemas import EventContact, EventDetail, EventPage, EventSummary
from app.lib.problems import NotFoundError

NAMES_LIMIT: Final = 500

# Distinct names without reading every event: a skip scan over ix_events_name_id (one index
# probe per name), which Postgres does not do by itself.
_NAMES: Final = text(
    """
    WITH RECURSIVE names(name) AS (
        (SELECT name FROM events ORDER BY name LIMIT 1)
        UNION ALL
        SELECT (SELECT e.name FROM events e WHERE e.name > names.name ORDER BY e.name LIMIT 1)
        FROM names WHERE names.name IS NOT NULL
    )
    SELECT name FROM names WHERE name IS NOT NULL LIMIT :limit
    """
)


def _escape_like(value: str) -> str:
    return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _base() -> Select[Event, str, str | None, str | None]:
    return select(Event, Contact.name, Contact.email, Contact.external_id).join(
        Contact, Contact.id == Event.contact_id
    )


def _summary(row: Any) -> dict[str, Any]:
    event: Event = row[0]
    return {
        "id": event.id,
        "name": event.name,
        "source": event.source,
        "occurred_at": event.occurred_at,
        "received_at": event.received_at,
        "status": "processed" if event.processed_at else "pending",
        "contact": EventContact(id=event.contact_id, name=row[1], email=row[2], external_id=row[3]),
    }


async def list_events(
    db: AsyncSession,
    *,
    name: str | None = None,
    contact: str | None = None,
    source: str | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
    before: int | None = None,
    limit: int = 50,
) -> EventPage:
    query = _base()
    if name and name.strip():
        # A prefix: `order` finds order.placed and order.shipped.
        query = query.where(Event.name.like(f"{_escape_like(name.strip())}%"))
    if contact and contact.strip():
        like = f"%{_escape_like(contact.strip())}%"
        query = query.where(
            or_(
                Contact.email.ilike(like),
                Contact.name.ilike(like),
                Contact.external_id.ilike(like),
                cast(Contact.id, String).like(like),
            )
        )
    if source:
        query = query.where(Event.source == source)
    if since:
        query = query.where(Event.occurred_at >= since)
    if until:
        query = query.where(Event.occurred_at < until)
    if before:
        query = query.where(Event.id < before)
    rows = list(await db.execute(query.order_by(Event.id.desc()).limit(limit + 1)))
    items = [EventSummary(**_summary(row)) for row in rows[:limit]]
    return EventPage(items=items, next_before=items[-1].id if len(rows) > limit else None)


async def get_event(db: AsyncSession, event_id: int) -> EventDetail:
    row = (await db.execute(_base().where(Event.id == event_id))).first()
    if row is None:
        raise NotFoundError(f"There is no event {event_id}.")
    event = row[0]
    return EventDetail(
        **_summary(row),
        properties=dict(event.properties),
        idempotency_key=event.idempotency_key,
        processed_at=event.processed_at,
    )


async def event_names(db: AsyncSession) -> list[str]:
    return list(await db.scalars(_NAMES, {"limit": NAMES_LIMIT}))
