"""The consent questions the channels ask; the CRM's rule decides (app.contacts.consent)."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from app.contacts import consent, profile
from app.contacts.changes import Changes
from app.contacts.consent import Channel, ConsentStatus


async def may_send(session: AsyncSession, contact_id: uuid.UUID, channel: Channel) -> bool:
    """Whether the contact may get a message on `channel` now."""
    return await consent.may_contact(session, contact_id, channel)


async def _set(
    session: AsyncSession,
    contact_id: uuid.UUID,
    channel: Channel,
    status: ConsentStatus,
    *,
    source: str,
    now: datetime,
) -> list[int]:
    changes = Changes(now=now, origin=source)
    # The CRM orders consent changes under the contact's row lock.
    await profile.lock(session, contact_id)
    await consent.set_consent(session, changes, contact_id, channel, status, source=source)
    return changes.event_ids


async def opt_out(
    session: AsyncSession, contact_id: uuid.UUID, channel: Channel, *, source: str, now: datetime
) -> list[int]:
    """Record an opt-out; returns the change events to ring (none when already out)."""
    return await _set(session, contact_id, channel, "opted_out", source=source, now=now)


async def opt_in(
    session: AsyncSession, contact_id: uuid.UUID, channel: Channel, *, source: str, now: datetime
) -> list[int]:
    """Record an opt-in; returns the change events to ring (none when already in)."""
    return await _set(session, contact_id, channel, "opted_in", source=source, now=now)
