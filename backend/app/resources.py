"""The long-lived connections a process holds: one way to open them for the API, worker and CLI."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass

from redis.asyncio import Redis
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from app.lib.clock import Clock, SystemClock
from app.lib.db import create_engine, create_session_factory
from app.settings import Settings
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
        )
    finally:
        await redis.aclose()
        await engine.dispose()
