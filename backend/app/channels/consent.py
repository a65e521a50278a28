"""The consent questions the channels ask; the CRM's rule decides (app.contacts.consent)."""

from __future__ import annotations

import uuid

from sqlalchemy.ext.asyncio import AsyncSession

from app.contacts import consent, profile
from app.contacts.consent import Channel, ConsentStatus
from app.lib.unit_of_work import UnitOfWork


async def may_send(session: AsyncSession, contact_id: uuid.UUID, channel: Channel) -> bool:
    """Whether the contact may get a message on `channel` now."""
    return await consent.may_contact(session, contact_id, channel)


async def _set(
    unit: UnitOfWork, contact_id: uuid.UUID, channel: Channel, status: ConsentStatus, *, source: str
) -> None:
    # The change's origin is the channel's (an unsubscribe link, a STOP text).
    change = UnitOfWork(unit.session, unit.now, origin=source)
    # The CRM orders consent changes under the contact's row lock.
    await profile.lock(unit.session, contact_id)
    await consent.set_consent(change, contact_id, channel, status, source=source)
    unit.absorb(change)


async def opt_out(
    unit: UnitOfWork, contact_id: uuid.UUID, channel: Channel, *, source: str
) -> None:
    """Record an opt-out (nothing when already out)."""
    await _set(unit, contact_id, channel, "opted_out", source=source)


async def opt_in(unit: UnitOfWork, contact_id: uuid.UUID, channel: Channel, *, source: str) -> None:
    """Record an opt-in (nothing when already in)."""
    await _set(unit, contact_id, channel, "opted_in", source=source)
