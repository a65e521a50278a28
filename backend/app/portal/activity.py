"""Portal events: what a customer does in the portal is an event journeys can react to
(`return.requested`, `portal.login`, `portal.page_viewed`…). Each one is recorded in the
transaction that made the change and rung after commit, like the CRM's change events."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from typing import Any, Final

from sqlalchemy import insert
from sqlalchemy.ext.asyncio import AsyncSession

from app.contacts.changes import Changes
from app.events.models import Event

# Every event name the portal records (docs/portal-api.md, "Events").
PORTAL_EVENTS: Final = (
    "portal.login",
    "portal.page_viewed",
    "return.requested",
    "complaint.raised",
    "enquiry.raised",
    "appointment.requested",
    "appointment.moved",
    "data.export_downloaded",
    "data.erasure_requested",
    "contact.anonymised",
)


async def record(
    session: AsyncSession,
    changes: Changes,
    contact_id: uuid.UUID,
    name: str,
    properties: Mapping[str, Any],
) -> int:
    """Insert a portal event in the caller's transaction; `changes` rings it after commit."""
    assert name in PORTAL_EVENTS, f"unlisted portal event {name}"
    event_id: int = await session.scalar(  # type: ignore[assignment]
        insert(Event)
        .values(
            contact_id=contact_id,
            name=name,
            properties=dict(properties),
            source="portal",
            occurred_at=changes.now,
            received_at=changes.now,
        )
        .returning(Event.id)
    )
    changes.event_ids.append(event_id)
    return event_id
