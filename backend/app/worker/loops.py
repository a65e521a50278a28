"""The drainers a worker keeps going (events, due timers, the outbox), and its bell.

Which of them run depends on the worker's role (WAYMARK_WORKER_ROLE): all three, the
engine's (events and timers), or the outbox alone. Each pass claims a batch (contacts
locked with SKIP LOCKED, outbox rows likewise) and handles it in one unit of work; only
messages that reach outside (email, SMS, webhook calls) are leased and sent one commit
each (app.runs.outbox.send_each), so a sender that dies sends again at most one.

There is one way work is done, in production and in tests alike: a long-running worker
keeps each drainer going (`start`): it goes again at once while there is work, and with
nothing to do sleeps a little longer each time (20 ms up to 1 s) unless woken. A burst
run (tests, the CLI) runs the same passes until none finds anything (`until_idle`).

`Loops` is also the bell of every unit of work the worker commits: what a commit left
for a drainer of this worker wakes it here; what is another role's is rung over Redis.
So a ring only shortens a wait: Redis losing every ring (a crash, FLUSHALL) delays work
by a second at most and loses none of it.
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

from app.effects.handlers import Handlers
from app.lib.clock import Clock
from app.lib.unit_of_work import UnitOfWork
from app.runs import migrations, outbox, sweeper
from app.sales import runs as sales_runs
from app.settings import Settings
from app.whatif import services as what_ifs
from app.worker.bell import RedisBell

log = structlog.get_logger(__name__)

MIN_IDLE: Final = 0.02
MAX_IDLE: Final = 1.0
# A drainer woken from idle by a ring waits this long before it claims, so the events
# committed at about the same moment (one request each, from a website) go in one batch
# rather than a transaction each. Far below the latency it saves under load.
GATHER: Final = 0.005
# After an error (Postgres restarting, a deadlock victim) before trying again.
ERROR_PAUSE: Final = 1.0
# A what-if nobody rang for (a lost ring) is found within this many seconds.
WHAT_IF_IDLE: Final = 5.0
# Automatic sales processes run every 5 minutes at the most often: a look every few
# seconds finds a due one in time; "run now" rings.
SALES_IDLE: Final = 5.0


class Loops:
    def __init__(
        self,
        settings: Settings,
        sessions: async_sessionmaker[AsyncSession],
        clock: Clock,
        handlers: Handlers,
        redis: RedisBell,
        *,
        drains: bool = True,
        sends: bool = True,
    ) -> None:
        self._settings = settings
        self._sessions = sessions
        self._clock = clock
        # Carries out the outbox: a handler per effect type (app.worker.assembly).
        self._handlers = handlers
        # Rings the other roles' workers, and publishes live messages.
        self._redis = redis
        # Events and timers (the engine), and the outbox: what this worker's role runs.
        self.drains = drains
        self.sends = sends
        drainers = settings.worker_drainers if drains else 0
        self._events = _Wakes(drainers)
        self._timers = _Wakes(drainers)
        self._outbox = asyncio.Event()
        self._what_ifs = asyncio.Event()
        self._sales = asyncio.Event()
        self._tasks: list[asyncio.Task[None]] = []

    # ---- the bell ------------------------------------------------------------------------

    async def after_commit(self, unit: UnitOfWork) -> None:
        await self._redis.publish(unit.notices)
        if unit.events:
            if self.drains:
                self._events.wake_one()
            else:
                await self._redis.ring_events()
        if unit.outbox:
            if self.sends:
                self._outbox.set()
            else:
                # The outbox workers' rings only wake their dispatchers, which poll every
                # second too: one shared ring, so hundreds of commits a second queue one job.
                await self._redis.ring_outbox()
        if unit.timers_due:
            if self.drains:
                self._timers.wake_one()
            else:
                await self._redis.ring_timers()

    async def pass_outbox_ring(self) -> None:
        """Pass an outbox ring on to the `outbox` workers (this worker does not send)."""
        await self._redis.ring_outbox()

    def wake_events(self) -> None:
        self._events.wake_one()

    def wake_timers(self) -> None:
        self._timers.wake_one()

    def wake_outbox(self) -> None:
        self._outbox.set()

    def wake_what_ifs(self) -> None:
        self._what_ifs.set()

    def wake_sales(self) -> None:
        self._sales.set()

    def wake_all(self) -> None:
        self._events.wake_all()
        self._timers.wake_all()
        self.wake_outbox()

    # ---- one pass of each drainer --------------------------------------------------------

    async def events_once(self) -> int:
        """Handle a batch of unhandled events; how many."""
        work = await sweeper.drain_events_once(
            self._sessions, self._clock, self, batch=self._settings.worker_batch_size
        )
        return work.events

    async def timers_once(self) -> int:
        """Fire a batch of due timers (and their contacts' events); how many of both."""
        work = await sweeper.drain_timers_once(
            self._sessions, self._clock, self, batch=self._settings.worker_batch_size
        )
        return work.timers + work.events

    async def migrations_once(self) -> int:
        """A step of a migration plan being applied (its start or a batch of contacts
        moved); how many enrollments it decided."""
        return await migrations.apply_once(
            self._sessions, self._clock, self, batch=self._settings.worker_batch_size
        )

    async def outbox_once(self) -> int:
        """A round of the outbox (its database effects in a batch, then its messages one
        at a time); how many were tried."""
        done = await outbox.dispatch_due(self._sessions, self, self._clock.now(), self._handlers)
        return done.total

    async def what_ifs_once(self) -> int:
        """Run one queued what-if to its end (app.whatif); 1 if there was one."""
        return int(await what_ifs.run_next(self._sessions, self._clock))

    async def sales_once(self) -> int:
        """Open the automatic processes' runs that are due, and work a batch of the first
        unfinished one (app.sales.runs); how many cards it handled."""
        return await sales_runs.work_once(self._sessions, self._clock.now())

    async def until_idle(self) -> None:
        """Run the passes of this worker's role until none finds anything to do (a burst
        run: tests and the CLI). Errors are raised, not retried."""
        while True:
            moved = 0
            if self.drains:
                moved += await self.events_once()
                moved += await self.timers_once()
                moved += await self.what_ifs_once()
                moved += await self.migrations_once()
                moved += await self.sales_once()
            if self.sends:
                moved += await self.outbox_once()
            if not moved:
                return

    # ---- a long-running worker -----------------------------------------------------------

    def start(self) -> None:
        # Several of each: while one waits for PostgreSQL, another decides (claims skip
        # each other's locked contacts).
        for n in range(self._settings.worker_drainers if self.drains else 0):
            self._tasks.append(asyncio.create_task(self._events_loop(n), name=f"events-{n}"))
            self._tasks.append(asyncio.create_task(self._timers_loop(n), name=f"timers-{n}"))
        if self.drains:
            # One per worker: a migration's batches take turns on its row lock anyway.
            self._tasks.append(asyncio.create_task(self._migrations_loop(), name="migrations"))
            # One per worker: runs take turns on their row locks, in priority order.
            self._tasks.append(asyncio.create_task(self._sales_loop(), name="sales"))
        if self.sends:
            self._tasks.append(asyncio.create_task(self._outbox_loop(), name="outbox"))
        if self.drains:
            # One at a time per worker: a what-if is long, and replays in a thread.
            self._tasks.append(asyncio.create_task(self._what_ifs_loop(), name="what-ifs"))

    async def stop(self) -> None:
        for task in self._tasks:
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        self._tasks.clear()
        await self._handlers.close()

    async def _events_loop(self, n: int) -> None:
        idle = MIN_IDLE
        wake = self._events
        while True:
            wake.clear(n)
            handled = await self._guarded(self.events_once)
            if handled is None:
                continue
            if handled:
                idle = MIN_IDLE
                if handled >= self._settings.worker_batch_size:
                    wake.wake_one()  # more than a batch waits: a sibling takes some
                continue
            if await wake.sleep(n, idle):
                await asyncio.sleep(GATHER)
            else:
                idle = min(idle * 2, MAX_IDLE)

    async def _timers_loop(self, n: int) -> None:
        wake = self._timers
        while True:
            wake.clear(n)
            fired = await self._guarded(self.timers_once)
            if fired is None:
                continue
            if fired:
                if fired >= self._settings.worker_batch_size:
                    wake.wake_one()
                continue
            await wake.sleep(n, await self._until_next_wake())

    async def _migrations_loop(self) -> None:
        # Plans are rare: with none to apply it looks once a second (a plan stored by the
        # API waits a second at most), and goes again at once while there is work.
        while True:
            decided = await self._guarded(self.migrations_once)
            if decided:
                continue
            await asyncio.sleep(MAX_IDLE)

    async def _outbox_loop(self) -> None:
        # Sends what is due; retries come due later, so it looks again every second.
        while True:
            self._outbox.clear()
            tried = await self._guarded(self.outbox_once)
            if tried is not None and tried >= outbox.BATCH:
                continue
            await _sleep(self._outbox, MAX_IDLE)

    async def _what_ifs_loop(self) -> None:
        while True:
            self._what_ifs.clear()
            ran = await self._guarded(self.what_ifs_once)
            if ran or ran is None:
                continue
            await _sleep(self._what_ifs, WHAT_IF_IDLE)

    async def _sales_loop(self) -> None:
        while True:
            self._sales.clear()
            handled = await self._guarded(self.sales_once)
            if handled or handled is None:
                continue
            await _sleep(self._sales, SALES_IDLE)

    async def _until_next_wake(self) -> float:
        now = self._clock.now()
        async with self._sessions() as session:
            wake: datetime | None = await sweeper.next_wake(session, now)
        if wake is None:
            return MAX_IDLE
        seconds = (wake - now).total_seconds()
        return min(max(seconds, MIN_IDLE), MAX_IDLE)

    async def _guarded(self, once: Callable[[], Awaitable[int]]) -> int | None:
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


class _Wakes:
    """The wake-up calls of a group of drainers: a ring wakes one of them, not all.

    Every drainer woken by one ring claimed in its own transaction and all but one found
    nothing: with events arriving one at a time that was most of a worker's work. A ring
    now wakes a sleeping drainer (or, when all are busy, marks one to go again at once),
    and a drainer that found a whole batch wakes another. Each drainer clears its own
    call before its pass, so a ring during the pass is never lost.
    """

    def __init__(self, drainers: int) -> None:
        self._calls = [asyncio.Event() for _ in range(drainers)]
        self._sleeping: list[int] = []
        self._next = 0

    def clear(self, n: int) -> None:
        self._calls[n].clear()

    @property
    def sleeping(self) -> int:
        """How many drainers sleep now (for tests: a state to wait for)."""
        return len(self._sleeping)

    def called(self, n: int) -> bool:
        return self._calls[n].is_set()

    async def sleep(self, n: int, seconds: float) -> bool:
        """Sleep up to `seconds` unless called; True when called."""
        self._sleeping.append(n)
        try:
            await _sleep(self._calls[n], seconds)
        finally:
            self._sleeping.remove(n)
        return self._calls[n].is_set()

    def wake_one(self) -> None:
        if not self._calls:
            return
        waiting = [n for n in self._sleeping if not self._calls[n].is_set()]
        if waiting:
            self._calls[waiting[0]].set()
            return
        # All busy (or already called): the next in turn goes again after its pass.
        for _ in range(len(self._calls)):
            n = self._next
            self._next = (self._next + 1) % len(self._calls)
            if not self._calls[n].is_set():
                self._calls[n].set()
                return

    def wake_all(self) -> None:
        for call in self._calls:
            call.set()
