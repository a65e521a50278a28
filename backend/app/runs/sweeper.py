"""The sweepers: due timers, and events committed but not yet handled.

Redis is a doorbell, not a vault: whatever a lost ring left behind is found here from
Postgres. Both are safe to run on every worker at once (SKIP LOCKED claims, and the
handlers are no-ops for work already done).
"""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from typing import Final

from sqlalchemy import or_, select, tuple_, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from app.events.models import Event
from app.runs.models import EnrollmentTimer
from app.runs.services import Work, handle_timer

# A claimed timer whose worker died is claimed again after this long.
CLAIM_LEASE: Final = timedelta(seconds=60)
# An event younger than this is probably still on its way through its own ring.
RING_GRACE: Final = timedelta(seconds=5)
TIMER_BATCH: Final = 500
# Batches one sweep runs before it yields (the next cron tick continues).
MAX_BATCHES: Final = 20


async def claim_due_timers(
    session: AsyncSession, now: datetime, *, limit: int = TIMER_BATCH
) -> list[tuple[uuid.UUID, str]]:
    """Claim due timers nobody holds (`FOR UPDATE SKIP LOCKED`); the caller commits."""
    rows = await session.execute(
        select(EnrollmentTimer.enrollment_id, EnrollmentTimer.token_id)
        .where(
            EnrollmentTimer.wake_at <= now,
            or_(
                EnrollmentTimer.claimed_at.is_(None),
                EnrollmentTimer.claimed_at < now - CLAIM_LEASE,
            ),
        )
        .order_by(EnrollmentTimer.wake_at)
        .limit(limit)
        .with_for_update(skip_locked=True)
    )
    claimed = [(enrollment_id, token_id) for enrollment_id, token_id in rows]
    if claimed:
        await session.execute(
            update(EnrollmentTimer)
            .where(tuple_(EnrollmentTimer.enrollment_id, EnrollmentTimer.token_id).in_(claimed))
            .values(claimed_at=now)
        )
    return claimed


async def run_due_timers(
    sessions: async_sessionmaker[AsyncSession], now: datetime, *, limit: int = TIMER_BATCH
) -> Work:
    """Claim due timers in one short transaction, then fire each in its own."""
    work = Work()
    for _ in range(MAX_BATCHES):
        async with sessions.begin() as session:
            claimed = await claim_due_timers(session, now, limit=limit)
        for enrollment_id, token_id in claimed:
            async with sessions.begin() as session:
                work.merge(await handle_timer(session, enrollment_id, token_id, now))
        if len(claimed) < limit:
            break
    return work


async def stale_event_ids(session: AsyncSession, now: datetime, *, limit: int = 1000) -> list[int]:
    """Events committed more than a few seconds ago and still unhandled (a lost ring)."""
    rows = await session.scalars(
        select(Event.id)
        .where(Event.processed_at.is_(None), Event.received_at < now - RING_GRACE)
        .order_by(Event.id)
        .limit(limit)
    )
    return list(rows)
