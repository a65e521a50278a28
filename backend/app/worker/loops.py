"""The drainers a long-running worker keeps going: events, due timers and the outbox.

Which of them depends on the worker's role (WAYMARK_WORKER_ROLE): all three, the engine's
(events and timers), or the outbox alone. Waking a drainer this worker does not run does
nothing: the caller rings the workers that run it (app.worker.tasks).

Each loop claims a batch (contacts locked with SKIP LOCKED), handles it in one
transaction and goes again at once while there is work. With nothing to do it sleeps a
little longer each time (20 ms up to 1 s) unless a ring wakes it. So a ring only shortens
the wait: Redis losing every ring (a crash, FLUSHALL) delays work by a second at most and
loses none of it.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Final

import structlog
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from app.lib.clock import Clock
from app.runs import sweeper
from app.runs.services import Work
from app.settings import Settings

log = structlog.get_logger(__name__)

MIN_IDLE: Final = 0.02
MAX_IDLE: Final = 1.0
# After an error (Postgres restarting, a deadlock victim) before trying again.
ERROR_PAUSE: Final = 1.0

AfterCommit = Callable[[Work, str], Awaitable[None]]


class Loops:
    def __init__(
        self,
        settings: Settings,
        sessions: async_sessionmaker[AsyncSession],
        clock: Clock,
        after_commit: AfterCommit,
        dispatch: Callable[[], Awaitable[int]],
        *,
        drains: bool = True,
        sends: bool = True,
    ) -> None:
        self._settings = settings
        self._sessions = sessions
        self._clock = clock
        self._after_commit = after_commit
        self._dispatch = dispatch
        # Events and timers (the engine), and the outbox: what this worker's role runs.
        self.drains = drains
        self.sends = sends
        self._events = asyncio.Event()
        self._timers = asyncio.Event()
        self._outbox = asyncio.Event()
        self._tasks: list[asyncio.Task[None]] = []

    def start(self) -> None:
        # Several of each: while one waits for PostgreSQL, another decides (claims skip
        # each other's locked contacts).
        for n in range(self._settings.worker_drainers if self.drains else 0):
            self._tasks.append(asyncio.create_task(self._events_loop(), name=f"events-{n}"))
            self._tasks.append(asyncio.create_task(self._timers_loop(), name=f"timers-{n}"))
        if self.sends:
            self._tasks.append(asyncio.create_task(self._outbox_loop(), name="outbox"))

    async def stop(self) -> None:
        for task in self._tasks:
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        self._tasks.clear()

    def wake_events(self) -> None:
        self._events.set()

    def wake_timers(self) -> None:
        self._timers.set()

    def wake_outbox(self) -> None:
        self._outbox.set()

    async def _events_loop(self) -> None:
        idle = MIN_IDLE
        while True:
            self._events.clear()
            work = await self._guarded(
                lambda: sweeper.drain_events_once(
                    self._sessions, self._clock, batch=self._settings.worker_batch_size
                )
            )
            if work is None:
                continue
            if work.events:
                idle = MIN_IDLE
                await self._after_commit(work, "events")
                continue
            await _sleep(self._events, idle)
            idle = min(idle * 2, MAX_IDLE)

    async def _timers_loop(self) -> None:
        while True:
            self._timers.clear()
            work = await self._guarded(
                lambda: sweeper.drain_timers_once(
                    self._sessions, self._clock, batch=self._settings.worker_batch_size
                )
            )
            if work is None:
                continue
            if work.timers or work.events:
                await self._after_commit(work, "timers")
                continue
            await _sleep(self._timers, await self._until_next_wake())

    async def _outbox_loop(self) -> None:
        # Sends what is due; retries come due later, so it looks again every second.
        while True:
            self._outbox.clear()
            try:
                await self._dispatch()
            except (DBAPIError, OSError):
                log.warning("worker.dispatch_failed", exc_info=True)
            await _sleep(self._outbox, MAX_IDLE)

    async def _until_next_wake(self) -> float:
        now = self._clock.now()
        async with self._sessions() as session:
            wake: datetime | None = await sweeper.next_wake(session, now)
        if wake is None:
            return MAX_IDLE
        seconds = (wake - now).total_seconds()
        return min(max(seconds, MIN_IDLE), MAX_IDLE)

    async def _guarded(self, once: Callable[[], Awaitable[Work]]) -> Work | None:
        try:
            return await once()
        except (DBAPIError, OSError):
            # The transaction rolled back: nothing half-done stays. Try again shortly.
            log.warning("worker.drain_failed", exc_info=True)
            await asyncio.sleep(ERROR_PAUSE)
            return None


async def _sleep(wake: asyncio.Event, seconds: float) -> None:
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(wake.wait(), timeout=seconds)
