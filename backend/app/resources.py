"""The long-lived connections a process holds: one way to open them for the API, worker and CLI."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from dataclasses import dataclass
from datetime import datetime

from redis.asyncio import Redis
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from app.lib.clock import Clock, SystemClock
from app.lib.db import create_engine, create_session_factory
from app.lib.unit_of_work import Bell, UnitOfWork, unit_of_work
from app.settings import Settings
from app.worker.bell import RedisBell
from app.worker.queue import JobQueue


@dataclass(frozen=True, slots=True)
class Resources:
    settings: Settings
    engine: AsyncEngine
    sessions: async_sessionmaker[AsyncSession]
    redis: Redis
    queue: JobQueue
    # Session expiry, invites and the audit log ask this clock; tests move it.
    clock: Clock
    # Jobs ask this one (due, overrunning): the same clock, or in end-to-end tests an
    # OffsetClock over it that /api/v1/test/clock moves without ending anyone's session.
    job_clock: Clock
    # Rings the workers and publishes live messages after a unit of work commits.
    bell: Bell

    def unit_of_work(
        self,
        *,
        origin: str = "staff",
        actor_id: uuid.UUID | None = None,
        now: datetime | None = None,
    ) -> AbstractAsyncContextManager[UnitOfWork]:
        """A transaction that rings what it wrote once it commits (app.lib.unit_of_work)."""
        return unit_of_work(
            self.sessions,
            self.bell,
            now or self.clock.now(),
            origin=origin,
            actor_id=actor_id,
        )


@asynccontextmanager
async def open_resources(
    settings: Settings, *, clock: Clock | None = None, job_clock: Clock | None = None
) -> AsyncIterator[Resources]:
    engine = create_engine(settings.database_url, pool_size=settings.db_pool_size)
    redis = Redis.from_url(settings.redis_url)
    queue = JobQueue(redis.connection_pool)
    try:
        yield Resources(
            settings=settings,
            engine=engine,
            sessions=create_session_factory(engine),
            redis=redis,
            queue=queue,
            clock=clock or SystemClock(),
            job_clock=job_clock or clock or SystemClock(),
            bell=RedisBell(queue),
        )
    finally:
        await redis.aclose()
        await engine.dispose()
