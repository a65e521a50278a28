"""A unit of work: one transaction, and what it must ring or publish once it commits.

Whatever a transaction writes that someone else must hear of — events for the journeys'
worker, outbox rows for the senders, a timer already due, live job messages for the
dashboards — is noted here as it is written (by the event log's writer, the jobs' live
notes, the batch writer). Once the transaction commits, the unit's `Bell` rings and
publishes all of it, once; a transaction that fails rings nothing, so nobody ever hears
of a rolled-back row. The bell is Redis in the API and the CLI, and the worker's own
drainers inside a worker (app.worker.bell): Redis is a doorbell, and a lost ring only
delays work until the next poll.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

# A live message: (Redis channel, payload).
Notice = tuple[str, bytes]


@dataclass(slots=True)
class UnitOfWork:
    """One transaction's session and clock, who acts in it, and what to ring after it."""

    session: AsyncSession
    now: datetime
    # Where the change comes from (`staff`, `api`, `portal`, `journey`, `system`, `demo`…)
    # and who made it: contact change events carry both.
    origin: str = "staff"
    actor_id: uuid.UUID | None = None
    # Events written in this transaction: the journeys' worker is rung for them.
    events: int = 0
    # Live messages for the job dashboards.
    notices: list[Notice] = field(default_factory=list)
    # Outbox rows written: the senders are rung.
    outbox: int = 0
    # The earliest timer written: the timer drainer is rung if it is already due.
    next_wake: datetime | None = None

    def recorded(self, events: int) -> None:
        self.events += events

    def publish(self, channel: str, payload: bytes) -> None:
        self.notices.append((channel, payload))

    def queued(self, messages: int) -> None:
        self.outbox += messages

    def wake(self, at: datetime | None) -> None:
        if at is not None and (self.next_wake is None or at < self.next_wake):
            self.next_wake = at

    @property
    def timers_due(self) -> bool:
        return self.next_wake is not None and self.next_wake <= self.now

    def absorb(self, other: UnitOfWork) -> None:
        """Take over what another unit (committed with this one) has to ring."""
        self.events += other.events
        self.notices.extend(other.notices)
        self.outbox += other.outbox
        self.wake(other.next_wake)


class Bell(Protocol):
    """Rings and publishes what a committed unit of work left for others."""

    async def after_commit(self, unit: UnitOfWork) -> None: ...


@asynccontextmanager
async def unit_of_work(
    sessions: async_sessionmaker[AsyncSession],
    bell: Bell,
    now: datetime,
    *,
    origin: str = "staff",
    actor_id: uuid.UUID | None = None,
) -> AsyncIterator[UnitOfWork]:
    """A transaction that commits when the block ends, then rings (never if it failed)."""
    async with sessions.begin() as session:
        unit = UnitOfWork(session, now, origin=origin, actor_id=actor_id)
        yield unit
    await bell.after_commit(unit)
