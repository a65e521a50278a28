"""Single events that arrive together are committed together (a group commit).

A website or a shop sends its events one request at a time, many at once. Each used to
take a transaction of its own (contact lookup, INSERT, COMMIT, then a ring over Redis):
most of a request's CPU, and a commit per event for PostgreSQL. Here the API process
keeps a few writers (WRITERS): while they commit, the events that arrive meanwhile
wait, then go together in the next transaction (one contact lookup, one INSERT, one
commit, one ring). Nobody waits for a timer: alone, an event is committed at once as
before; under load, a group is whatever arrived during the commits in flight. Every request is still
answered only after its own event is committed.

If a group fails before its commit started (an event whose contact cannot be resolved,
say), nothing of it was stored and each event is tried again on its own, so one bad
event fails only its own request. If it fails once its commit started (the connection
dropped), whether it landed is unknown: every request of the group gets that error and
is told its data may have been stored, exactly as a request alone would be.
"""

from __future__ import annotations

import asyncio
import contextlib
from typing import Final

from app.events.schemas import EventEnvelope
from app.events.services import RecordedEvent, record_events
from app.lib.db import commits_started, count_commits_here, note_commit_started
from app.resources import Resources

# At most this many events in one transaction (the largest batch a client may send).
MOST: Final = 1000
# Transactions in flight at once: a few, so one slow commit (a busy disk, a contact row
# another transaction holds) does not hold up every request behind it.
WRITERS: Final = 4


class _GroupFailedError(Exception):
    """A group's error, for each of its requests; `stored` when its commit had started."""

    def __init__(self, cause: Exception, *, stored: bool) -> None:
        super().__init__(str(cause))
        self.cause = cause
        self.stored = stored


_Waiting = tuple[EventEnvelope, "asyncio.Future[RecordedEvent]"]


class SingleEvents:
    """One API process's writer of single events (app.main keeps one per process)."""

    def __init__(self, resources: Resources, *, most: int = MOST, writers: int = WRITERS) -> None:
        self._resources = resources
        self._most = most
        self._writers = writers
        self._waiting: list[_Waiting] = []
        self._running: set[asyncio.Task[None]] = set()
        # Transactions committed and events in them (read by tests and the benchmark).
        self.groups = 0
        self.events = 0

    async def accept(self, envelope: EventEnvelope) -> RecordedEvent:
        """Commit the event (with whatever arrives with it); its id once committed."""
        future: asyncio.Future[RecordedEvent] = asyncio.get_running_loop().create_future()
        self._waiting.append((envelope, future))
        if len(self._running) < self._writers:
            self._start()
        try:
            return await future
        except _GroupFailedError as failed:
            if failed.stored:
                note_commit_started()
            raise failed.cause from None

    async def close(self) -> None:
        """Finish what is waiting (the API shutting down)."""
        while self._running:
            with contextlib.suppress(Exception):
                await asyncio.shield(next(iter(self._running)))

    def _start(self) -> None:
        task = asyncio.create_task(self._write(), name="single-events")
        self._running.add(task)
        task.add_done_callback(self._ended)

    def _ended(self, task: asyncio.Task[None]) -> None:
        self._running.discard(task)
        if self._waiting and len(self._running) < self._writers:
            self._start()  # arrived while the last group's answers were being set

    async def _write(self) -> None:
        while self._waiting:
            group, self._waiting = self._waiting[: self._most], self._waiting[self._most :]
            await self._commit(group)

    async def _commit(self, group: list[_Waiting]) -> None:
        count_commits_here()
        try:
            async with self._resources.unit_of_work(origin="api") as unit:
                recorded = await record_events(unit, [envelope for envelope, _ in group])
        except Exception as error:
            stored = bool(commits_started())
            if stored or len(group) == 1:
                for _, future in group:
                    _fail(future, _GroupFailedError(error, stored=stored))
                return
            # Nothing was stored: each on its own, so only the bad one fails.
            for waiting in group:
                await self._commit([waiting])
            return
        self.groups += 1
        self.events += len(group)
        for (_, future), result in zip(group, recorded, strict=True):
            if not future.done():
                future.set_result(result)


def _fail(future: asyncio.Future[RecordedEvent], error: Exception) -> None:
    if not future.done():
        future.set_exception(error)
