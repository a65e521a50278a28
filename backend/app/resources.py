"""The long-lived connections a process holds: one way to open them for the API, worker and CLI."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass

from redis.asyncio import Redis
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

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


@asynccontextmanager
async def open_resources(settings: Settings) -> AsyncIterator[Resources]:
    engine = create_engine(settings.database_url, pool_size=settings.db_pool_size)
    redis = Redis.from_url(settings.redis_url)
    queue = JobQueue(redis.connection_pool)
    try:
        yield Resources(settings, engine, create_session_factory(engine), redis, queue)
    finally:
        await redis.aclose()
        await engine.dispose()
