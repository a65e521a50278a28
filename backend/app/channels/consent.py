"""The consent questions the channels ask, in one place (the CRM's rule decides)."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession


async def may_send(session: AsyncSession, contact_id: uuid.UUID, channel: str) -> bool:
    """Whether the contact may get a message on `channel` now."""
    return True


async def opt_out(
    session: AsyncSession, contact_id: uuid.UUID, channel: str, *, source: str, now: datetime
) -> bool:
    """Record an opt-out for `channel`; False when the contact had already opted out."""
    return True


async def opt_in(
    session: AsyncSession, contact_id: uuid.UUID, channel: str, *, source: str, now: datetime
) -> bool:
    """Record an opt-in for `channel`; False when the contact had already opted in."""
    return True
