"""Claiming work from Postgres: contacts with unhandled events, contacts with due timers.

Redis is a doorbell, not a vault: workers find their work here, by polling and when rung.
A claim locks contact rows with `FOR UPDATE SKIP LOCKED` (oldest work first), so any
number of workers share the work without waiting on each other, and one contact is only
ever in one transaction at a time. A worker that dies mid-batch holds nothing: its
transaction rolls back and the next claim takes the same contacts again.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Final

from sqlalchemy import Subquery, and_, func, not_, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from app.contacts.models import Contact
from app.eventlog.models import Event
from app.journeys.models import Journey
from app.lib.clock import Clock
from app.lib.unit_of_work import Bell, unit_of_work
from app.runs.models import Enrollment, EnrollmentTimer
from app.runs.services import Work, handle_contacts

# Events (and due timers) handled per transaction unless the worker's settings say otherwise.
BATCH: Final = 500


async def claim_event_contacts(session: AsyncSession, *, limit: int) -> list[uuid.UUID]:
    """Lock the contacts of the oldest unhandled events that nobody else holds."""
    oldest = (
        select(Event.contact_id, Event.id.label("due"))
        .where(Event.processed_at.is_(None))
        .order_by(Event.id)
        .limit(limit * 4)  # room for the contacts other workers hold right now
    )
    return await _claim_contacts(session, oldest.subquery(), limit=limit)


async def claim_timer_contacts(
    session: AsyncSession, now: datetime, *, limit: int
) -> list[uuid.UUID]:
    """Lock the contacts of the earliest due timers that nobody else holds.

    A paused enrollment of a paused journey holds its timers until the journey resumes.
    """
    due = (
        select(Enrollment.contact_id, EnrollmentTimer.wake_at.label("due"))
        .join(Enrollment, Enrollment.id == EnrollmentTimer.enrollment_id)
        .join(Journey, Journey.id == Enrollment.journey_id)
        .where(
            EnrollmentTimer.wake_at <= now,
            not_(and_(Enrollment.status == "paused", Journey.status == "paused")),
        )
        .order_by(EnrollmentTimer.wake_at)
        .limit(limit * 4)
    )
    return await _claim_contacts(session, due.subquery(), limit=limit)


async def _claim_contacts(
    session: AsyncSession, candidates: Subquery, *, limit: int
) -> list[uuid.UUID]:
    """Lock up to `limit` contacts of `candidates` (contact_id, due), most overdue first,
    skipping those another worker holds."""
    first = (
        select(candidates.c.contact_id, func.min(candidates.c.due).label("first"))
        .group_by(candidates.c.contact_id)
        .subquery()
    )
    rows = await session.scalars(
        select(Contact.id)
        .join(first, first.c.contact_id == Contact.id)
        .order_by(first.c.first)
        .limit(limit)
        .with_for_update(of=Contact, skip_locked=True)
    )
    return list(rows)


async def next_wake(session: AsyncSession, now: datetime) -> datetime | None:
    """The earliest timer still to come (an indexed read of `wake_at`)."""
    return await session.scalar(
        select(func.min(EnrollmentTimer.wake_at)).where(EnrollmentTimer.wake_at > now)
    )


async def drain_events_once(
    sessions: async_sessionmaker[AsyncSession], clock: Clock, bell: Bell, *, batch: int = BATCH
) -> Work:
    """One unit of work: claim contacts with unhandled events, handle up to `batch` events."""
    async with unit_of_work(sessions, bell, clock.now(), origin="journey") as unit:
        contacts = await claim_event_contacts(unit.session, limit=batch)
        if not contacts:
            return Work()
        return await handle_contacts(unit, contacts, max_events=batch)


async def drain_timers_once(
    sessions: async_sessionmaker[AsyncSession], clock: Clock, bell: Bell, *, batch: int = BATCH
) -> Work:
    """One unit of work: claim contacts with due timers, fire them (and handle their events)."""
    async with unit_of_work(sessions, bell, clock.now(), origin="journey") as unit:
        contacts = await claim_timer_contacts(unit.session, unit.now, limit=batch)
        if not contacts:
            return Work()
        return await handle_contacts(unit, contacts, max_events=batch, timers=True)


async def drain_events(
    sessions: async_sessionmaker[AsyncSession],
    clock: Clock,
    bell: Bell,
    *,
    batch: int = BATCH,
    max_batches: int | None = None,
) -> Work:
    """Handle unhandled events batch by batch until none is left (or `max_batches` ran)."""
    work = Work()
    done = 0
    while max_batches is None or done < max_batches:
        once = await drain_events_once(sessions, clock, bell, batch=batch)
        done += 1
        work.merge(once)
        if not once.events:
            break
    return work


async def drain_timers(
    sessions: async_sessionmaker[AsyncSession],
    clock: Clock,
    bell: Bell,
    *,
    batch: int = BATCH,
    max_batches: int | None = None,
) -> Work:
    """Fire due timers batch by batch until none is due (or `max_batches` ran)."""
    work = Work()
    done = 0
    while max_batches is None or done < max_batches:
        once = await drain_timers_once(sessions, clock, bell, batch=batch)
        done += 1
        work.merge(once)
        if not once.timers and not once.events:
            break
    return work
