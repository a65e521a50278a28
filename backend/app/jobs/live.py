"""Live job updates: collected in the transaction, published on Redis after commit.

Every change a service makes is noted on the session (`note`); whoever commits the
transaction then publishes what it made (`publish`), so a listener never hears of a change
that was rolled back. Each message goes to the job's queue channel; an SSE stream
subscribes to the channels of the queues its viewer may see.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator, Iterable
from datetime import datetime
from typing import Final

import msgspec
import structlog
from redis.asyncio import Redis
from redis.exceptions import RedisError
from sqlalchemy.ext.asyncio import AsyncSession

from app.jobs import views
from app.jobs.models import Job
from app.jobs.schemas import JobMessage

log = structlog.get_logger(__name__)

CHANNEL_PREFIX: Final = "waymark:jobs:"
_INFO_KEY: Final = "waymark_job_notices"
# (channel, payload)
Notice = tuple[str, bytes]


_encode = msgspec.json.Encoder().encode


def channel(queue: str) -> str:
    return CHANNEL_PREFIX + queue


async def note(
    db: AsyncSession, job: Job, action: str, actor_id: uuid.UUID | None, now: datetime
) -> None:
    """Remember a change to publish once the transaction commits."""
    message = JobMessage(
        action=action, job=await views.summary(db, job, now), actor_id=actor_id, at=now
    )
    db.info.setdefault(_INFO_KEY, []).append((channel(job.queue), _encode(message)))


def take(db: AsyncSession) -> list[Notice]:
    """The notes made on this session so far (and forget them)."""
    notices: list[Notice] = db.info.pop(_INFO_KEY, [])
    return notices


async def publish(redis: Redis, notices: Iterable[Notice]) -> None:
    """Publish after commit. Redis is a doorbell: a lost message is covered by polling."""
    try:
        for name, payload in notices:
            await redis.publish(name, payload)
    except RedisError:
        log.warning("jobs.publish_failed", exc_info=True)


async def publish_session(redis: Redis, db: AsyncSession) -> None:
    await publish(redis, take(db))


async def listen(redis: Redis, queues: Iterable[str]) -> AsyncIterator[bytes | None]:
    """Messages on the queues' channels as they come; None every `tick` seconds of quiet."""
    pubsub = redis.pubsub(ignore_subscribe_messages=True)
    names = [channel(q) for q in sorted(set(queues))]
    try:
        if names:
            await pubsub.subscribe(*names)
        while True:
            if not names:
                await asyncio.sleep(1.0)
                yield None
                continue
            message = await pubsub.get_message(timeout=1.0)
            if message is None:
                yield None
            elif message.get("type") == "message":
                data = message["data"]
                yield data if isinstance(data, bytes) else str(data).encode()
    finally:
        await pubsub.aclose()  # type: ignore[no-untyped-call]
