"""The bells that ring after a unit of work commits (see app.lib.unit_of_work).

`RedisBell` is the API's and the CLI's: it enqueues the coalesced arq rings and publishes
live job messages over Redis. It is the one place that rings over Redis, so a Redis
outage is handled once: logged, never raised, since Postgres holds the work and every
worker polls for it (a lost ring delays work by a second at most).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Final

import structlog
from redis.exceptions import RedisError

from app.lib.redis_scope import scoped_channel
from app.lib.unit_of_work import Notice, UnitOfWork
from app.worker.queue import OUTBOX_QUEUE_NAME, QUEUE_NAME, JobQueue

log = structlog.get_logger(__name__)

# One shared ring per kind of work: while one is queued, more rings add nothing.
_OUTBOX_RING: Final = "ring"


class _Coalesced:
    """One ring in flight at a time: a ring asked for meanwhile is rung once after it.

    A ring is an enqueue of one shared job id (several Redis round trips): hundreds of
    commits a second each ringing the same doorbell cost more than the work they ring
    for. The ring asked for during one in flight is not dropped but rung after it, so
    the last commit is always followed by a ring; the asker does not wait for it.
    """

    def __init__(self, ring: Callable[[], Awaitable[None]]) -> None:
        self._ring = ring
        self._running = False
        self._again = False

    async def __call__(self) -> None:
        if self._running:
            self._again = True
            return
        self._running = True
        try:
            await self._ring()
            while self._again:
                self._again = False
                await self._ring()
        finally:
            self._running = False


class RedisBell:
    def __init__(self, queue: JobQueue, *, outbox_queue: str = QUEUE_NAME) -> None:
        self._queue = queue
        # Where outbox rings go: the shared queue (an engine worker passes them on to
        # the senders), or the senders' own (from an `engine` worker).
        self._outbox_queue = outbox_queue
        self.ring_events = _Coalesced(self._ring_events)
        self.ring_outbox = _Coalesced(self._ring_outbox)
        self.ring_timers = _Coalesced(self._ring_timers)

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
            redis = self._queue.redis
            for channel, payload in notices:
                await redis.publish(scoped_channel(redis, channel), payload)
        except RedisError:
            log.warning("live.publish_failed", exc_info=True)

    async def _ring_events(self) -> None:
        try:
            # The ring names no event: a worker that wakes finds every unhandled one.
            await self._queue.process_event(0)
        except RedisError:
            log.warning("event.ring_failed", exc_info=True)

    async def _ring_outbox(self) -> None:
        try:
            await self._queue.dispatch_outbox(_OUTBOX_RING, queue_name=self._outbox_queue)
        except RedisError:
            log.warning("outbox.ring_failed", exc_info=True)

    async def _ring_timers(self) -> None:
        try:
            await self._queue.run_timers(_OUTBOX_RING)
        except RedisError:
            log.warning("timers.ring_failed", exc_info=True)


__all__ = ["OUTBOX_QUEUE_NAME", "RedisBell"]
