"""Live job updates: collected in the transaction, published on Redis after commit.

Every change a service makes is noted on its unit of work (`note`), which publishes it once
the transaction commits (app.lib.unit_of_work), so a listener never hears of a change that
was rolled back. Each message goes to the job's queue channel; an SSE stream
subscribes to the channels of the queues its viewer may see.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator, Iterable
from typing import Final

import msgspec
from redis.asyncio import Redis

from app.jobs import views
from app.jobs.models import Job
from app.jobs.schemas import JobMessage
from app.lib.redis_scope import scoped_channel
from app.lib.unit_of_work import UnitOfWork

CHANNEL_PREFIX: Final = "waymark:jobs:"


_encode = msgspec.json.Encoder().encode


def channel(queue: str) -> str:
    return CHANNEL_PREFIX + queue


async def note(unit: UnitOfWork, job: Job, action: str, actor_id: uuid.UUID | None) -> None:
    """Note a change, to publish once the unit of work commits."""
    message = JobMessage(
        action=action,
        job=await views.summary(unit.session, job, unit.now),
        actor_id=actor_id,
        at=unit.now,
    )
    unit.publish(channel(job.queue), _encode(message))


async def listen(redis: Redis, queues: Iterable[str]) -> AsyncIterator[bytes | None]:
    """Messages on the queues' channels as they come; None every `tick` seconds of quiet."""
    pubsub = redis.pubsub(ignore_subscribe_messages=True)
    names = [scoped_channel(redis, channel(q)) for q in sorted(set(queues))]
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
