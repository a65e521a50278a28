"""The bells that ring after a unit of work commits (see app.lib.unit_of_work).

`RedisBell` is the API's and the CLI's: it enqueues the coalesced arq rings and publishes
live job messages over Redis. It is the one place that rings over Redis, so a Redis
outage is handled once: logged, never raised, since Postgres holds the work and every
worker polls for it (a lost ring delays work by a second at most).
"""

from __future__ import annotations

from typing import Final

import structlog
from redis.exceptions import RedisError

from app.lib.unit_of_work import Notice, UnitOfWork
from app.worker.queue import OUTBOX_QUEUE_NAME, QUEUE_NAME, JobQueue

log = structlog.get_logger(__name__)

# One shared ring per kind of work: while one is queued, more rings add nothing.
_OUTBOX_RING: Final = "ring"


class RedisBell:
    def __init__(self, queue: JobQueue, *, outbox_queue: str = QUEUE_NAME) -> None:
        self._queue = queue
        # Where outbox rings go: the shared queue (an engine worker passes them on to
        # the senders), or the senders' own (from an `engine` worker).
        self._outbox_queue = outbox_queue

    async def after_commit(self, unit: UnitOfWork) -> None:
        await self.publish(unit.notices)
        if unit.events:
            await self.ring_events()
        if unit.outbox:
            await self.ring_outbox()
        if unit.timers_due:
            await self.ring_timers()

    async def publish(self, notices: list[Notice]) -> None:
        try:
            for channel, payload in notices:
                await self._queue.redis.publish(channel, payload)
        except RedisError:
            log.warning("live.publish_failed", exc_info=True)

    async def ring_events(self) -> None:
        try:
            # The ring names no event: a worker that wakes finds every unhandled one.
            await self._queue.process_event(0)
        except RedisError:
            log.warning("event.ring_failed", exc_info=True)

    async def ring_outbox(self) -> None:
        try:
            await self._queue.dispatch_outbox(_OUTBOX_RING, queue_name=self._outbox_queue)
        except RedisError:
            log.warning("outbox.ring_failed", exc_info=True)

    async def ring_timers(self) -> None:
        try:
            await self._queue.run_timers(_OUTBOX_RING)
        except RedisError:
            log.warning("timers.ring_failed", exc_info=True)


__all__ = ["OUTBOX_QUEUE_NAME", "RedisBell"]
