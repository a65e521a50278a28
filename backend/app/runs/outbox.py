"""Dispatching the outbox after commit: claim, carry out, mark; retry with backoff.

Each row's payload is decoded once into the engine's effect, and the handler registered
for its type carries it out (app.effects.handlers): the dispatcher knows no channel, job or
CRM action. Two ways, by whether the handler reaches outside the database
(`EffectHandler.reaches_out`); a sender's round (`dispatch_due`) takes both in turn:

- Effects that stay in the database (emit an event, create a job, CRM steps, a letter)
  go in batches (`dispatch_batch`): rows claimed with `FOR UPDATE SKIP LOCKED`, carried
  out and marked in one unit of work with their writes. A dispatcher that dies leaves
  none of them done, and a commit cannot be half-lost.
- Messages that reach outside (mail, texts, webhook calls) go one at a time
  (`send_each`): the try is counted and the row *leased* (its next try pushed LEASE out)
  in a commit before the send, and the outcome is committed right after it. So a sender
  that dies (kill -9) leaves at most the message in flight to be sent again, once its
  lease runs out, and `attempts` shows that second try. Receivers can still
  de-duplicate by the key, which every message carries.
"""

from __future__ import annotations

import asyncio
import time
from collections import deque
from collections.abc import AsyncIterator, Collection, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Final

from sqlalchemy import BigInteger, any_, bindparam, literal, select, update
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, AsyncSession, async_sessionmaker
from sqlalchemy.orm.attributes import set_committed_value

from app.effects.errors import Failure, PermanentError
from app.effects.handlers import EffectHandler, Handlers, Message, decode_message
from app.lib.db import unavailable
from app.lib.unit_of_work import Bell, UnitOfWork, unit_of_work
from app.runs.models import OutboxMessage

# 30 s, 1 min, 2 min … about 1 h on the 8th try; then the row is marked failed for a human.
BACKOFF_BASE: Final = timedelta(seconds=30)
MAX_ATTEMPTS: Final = 8
BATCH: Final = 100
# A message being sent is leased this long: no other sender takes it meanwhile, and if
# its sender dies it is tried again when the lease runs out. A send is cut off at half of
# it (SEND_LIMIT; SMTP's and the webhooks' own timeouts are far shorter), so a lease never
# runs out under a live send.
LEASE: Final = timedelta(minutes=10)
SEND_LIMIT: Final = LEASE / 2
# A round leases each message from the clock reading it started with, so it leases no new
# one after this long: the last one's lease still outlasts its send by a minute.
ROUND_LIMIT: Final = LEASE - SEND_LIMIT - timedelta(minutes=1)

__all__ = [
    "BATCH",
    "LEASE",
    "MAX_ATTEMPTS",
    "Dispatched",
    "PermanentError",
    "dispatch_batch",
    "dispatch_due",
    "send_each",
]


@dataclass(slots=True)
class Dispatched:
    """How a batch went (what it recorded for others to hear is on its unit of work)."""

    sent: int = 0
    retried: int = 0
    failed: int = 0

    @property
    def total(self) -> int:
        return self.sent + self.retried + self.failed

    def merge(self, other: Dispatched) -> None:
        self.sent += other.sent
        self.retried += other.retried
        self.failed += other.failed


def backoff(attempts: int) -> timedelta:
    """Delay before the next try after `attempts` failed ones."""
    return BACKOFF_BASE * (1 << max(attempts - 1, 0))


def _due(now: datetime, limit: int) -> Any:
    return (
        select(OutboxMessage)
        .where(OutboxMessage.status == "pending", OutboxMessage.next_attempt_at <= now)
        .order_by(OutboxMessage.next_attempt_at, OutboxMessage.id)
        .limit(limit)
    )


async def dispatch_due(
    sessions: async_sessionmaker[AsyncSession],
    bell: Bell,
    now: datetime,
    handlers: Handlers,
    *,
    limit: int = BATCH,
    origin: str = "journey",
) -> Dispatched:
    """A sender's round: up to `limit` due effects that stay in the database, in one unit
    of work; then up to `limit` due messages that reach outside, one at a time."""
    outside = handlers.kinds_reaching_out()
    async with unit_of_work(sessions, bell, now, origin=origin) as unit:
        done = await dispatch_batch(unit, handlers, limit=limit, skip_kinds=outside)
    if outside:
        done.merge(
            await send_each(
                sessions, bell, now, handlers, kinds=outside, limit=limit, origin=origin
            )
        )
    return done


async def dispatch_batch(
    unit: UnitOfWork,
    handlers: Handlers,
    *,
    limit: int = BATCH,
    kinds: Collection[str] | None = None,
    skip_kinds: Collection[str] = (),
    made_at: datetime | None = None,
) -> Dispatched:
    """Carry out up to `limit` due messages (of `kinds`, or all but `skip_kinds`) in the
    caller's unit of work, whose commit releases the claims and rings for what they
    recorded. Every row of a batch whose commit is lost is carried out again: right for
    what stays in the database, and for the demo's own messages (seeding).

    `made_at` keeps to the rows created at that instant: the demo loader stamps all it
    makes with its one `now`, so it sends its own messages and never anyone else's."""
    query = _due(unit.now, limit).with_for_update(skip_locked=True)
    if kinds is not None:
        query = query.where(OutboxMessage.kind.in_(kinds))
    if skip_kinds:
        query = query.where(OutboxMessage.kind.not_in(skip_kinds))
    if made_at is not None:
        query = query.where(OutboxMessage.created_at == made_at)
    rows = list(await unit.session.scalars(query))
    done = Dispatched()
    batch = await _prepare(unit, handlers, rows)
    for row, error in batch.undecodable:
        _count_failure(unit, row, error, done, counted=False)
    sent: list[int] = []
    for message, handler in batch.messages:
        # Building a message is CPU work with no await in it: let the worker's event and
        # timer drainers run between messages, not wait for the whole batch.
        await asyncio.sleep(0)
        loaded = batch.loaded[id(handler)]
        if await _execute(unit, message, handler, loaded, done, counted=False, limit=None):
            sent.append(message.row.id)
    for handler in batch.handlers:
        await handler.finish(unit, batch.loaded[id(handler)])
    if sent:
        # One statement for every success (the common case), not one per row.
        await unit.session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.id == any_(literal(sent, ARRAY(BigInteger))))
            .values(
                status="sent",
                sent_at=unit.now,
                last_error=None,
                attempts=OutboxMessage.attempts + 1,
            )
            .execution_options(synchronize_session=False)
        )
        done.sent += len(sent)
    return done


async def _execute(
    unit: UnitOfWork,
    message: Message[Any],
    handler: EffectHandler[Any, Any],
    loaded: Any,
    done: Dispatched,
    *,
    counted: bool,
    limit: float | None,
) -> bool:
    """Carry out one message, cut off after `limit` seconds; True when it succeeded. A
    failure is retried later or failed for good (`_count_failure`; `counted`: its try was
    counted already). PostgreSQL going away is no failure of the message: it is raised,
    and the transaction with it (a leased message keeps its lease and its counted try)."""
    try:
        async with asyncio.timeout(limit):
            if handler.savepoint:
                async with unit.session.begin_nested():
                    await handler.execute(unit, message, loaded)
            else:
                await handler.execute(unit, message, loaded)
    except Exception as error:  # any other failure is retried, or failed for good
        if unavailable(error):
            raise
        final = _count_failure(unit, message.row, error, done, counted=counted)
        # The handler hears of it: a message log row says why, a journey step notes a
        # message it will never send; a webhook step waits for its call, and a failure
        # for good is its answer.
        await handler.failed(unit, message, loaded, Failure.of(error), final=final)
        return False
    return True


async def send_each(
    sessions: async_sessionmaker[AsyncSession],
    bell: Bell,
    now: datetime,
    handlers: Handlers,
    *,
    kinds: Collection[str],
    limit: int = BATCH,
    origin: str = "journey",
) -> Dispatched:
    """Send up to `limit` due messages of `kinds` one at a time. Before a message is sent
    its try is counted and it is leased (its next try pushed LEASE out), in a commit; its
    outcome (sent, retried later, failed) is committed before the next one is sent, in the
    same commit as the next one's lease. So a sender that dies mid-send leaves one message
    leased, to be sent again (its second try, counted) when the lease runs out, and every
    message before it recorded as sent. Each commit rings what it recorded (a webhook's
    answer) at once.

    The batch is looked up, not locked (locks end with a commit); a message another sender
    leased meanwhile is skipped, and none is leased after ROUND_LIMIT. What the batch
    shares is loaded once (`prepare`), and it keeps one connection (no pool check-out
    and ping per commit)."""
    done = Dispatched()
    stop_leasing = time.monotonic() + ROUND_LIMIT.total_seconds()
    engine = sessions.kw["bind"]
    assert isinstance(engine, AsyncEngine)
    async with engine.connect() as connection, _commits_without_flush_wait(connection):
        session = sessions(bind=connection)
        try:
            async with session.begin():
                unit = UnitOfWork(session, now, origin=origin)
                query = _due(now, limit).where(OutboxMessage.kind.in_(kinds))
                batch = await _prepare(unit, handlers, list(await session.scalars(query)))
                for row, error in batch.undecodable:
                    if await _lease(session, row, now):
                        _count_failure(unit, row, error, done, counted=True)
                waiting = deque(batch.messages)
                current = await _lease_next(session, waiting, now, stop_leasing)
            await bell.after_commit(unit)
            while current is not None:
                message, handler = current
                loaded = batch.loaded[id(handler)]
                async with session.begin():
                    unit = UnitOfWork(session, now, origin=origin)
                    cut_off = SEND_LIMIT.total_seconds()
                    if await _execute(
                        unit, message, handler, loaded, done, counted=True, limit=cut_off
                    ):
                        await _sent(session, message.row, now)
                        done.sent += 1
                    # Its message log row, with its outcome.
                    await handler.finish(unit, loaded)
                    current = await _lease_next(session, waiting, now, stop_leasing)
                await bell.after_commit(unit)
        finally:
            await session.close()
    return done


@asynccontextmanager
async def _commits_without_flush_wait(connection: AsyncConnection) -> AsyncIterator[None]:
    """The connection's commits do not wait for their WAL to reach the disk (PostgreSQL's
    asynchronous commit), so a message costs one commit, not one fsync. Once committed, a
    sender's crash cannot undo it; only a crash of PostgreSQL's own machine within a
    fraction of a second could (its WAL writer flushes every 200 ms), and then the messages
    whose outcome was lost are sent again, as a whole batch was before. A lost commit is
    lost whole: nothing is left half-done. Set back before the connection goes back to
    the pool, which others share."""
    await connection.exec_driver_sql("SET synchronous_commit TO OFF")
    await connection.commit()
    try:
        yield
    finally:
        try:
            await connection.rollback()
            await connection.exec_driver_sql("RESET synchronous_commit")
            await connection.commit()
        except BaseException:
            # It must not go back to the pool as it is.
            await connection.invalidate()
            raise


_Entry = tuple[Message[Any], EffectHandler[Any, Any]]


async def _lease_next(
    session: AsyncSession, waiting: deque[_Entry], now: datetime, stop_leasing: float
) -> _Entry | None:
    """The next of `waiting` that could be leased (see `_lease`), or None: also once the
    round has run past ROUND_LIMIT (`stop_leasing`, monotonic); the next round takes the
    rest with a fresh clock reading."""
    while waiting and time.monotonic() < stop_leasing:
        entry = waiting.popleft()
        if await _lease(session, entry[0].row, now):
            return entry
    return None


# The two statements every message sends, built once: building them (coercions, cache
# keys) cost more than running them.
_LEASE = (
    update(OutboxMessage)
    .where(
        OutboxMessage.id
        == select(OutboxMessage.id)
        .where(
            OutboxMessage.id == bindparam("row_id"),
            OutboxMessage.status == "pending",
            OutboxMessage.next_attempt_at <= bindparam("now"),
        )
        .with_for_update(skip_locked=True)
        .scalar_subquery()
    )
    .values(attempts=OutboxMessage.attempts + 1, next_attempt_at=bindparam("until"))
    .returning(OutboxMessage.attempts)
    .execution_options(synchronize_session=False)
)
_SENT = (
    update(OutboxMessage)
    .where(OutboxMessage.id == bindparam("row_id"))
    .values(status="sent", sent_at=bindparam("now"), last_error=None)
    .execution_options(synchronize_session=False)
)


async def _lease(session: AsyncSession, row: OutboxMessage, now: datetime) -> bool:
    """Count a try of `row` and hold it for LEASE, if it is still due and nobody holds it."""
    until = now + LEASE
    attempts = await session.scalar(_LEASE, {"row_id": row.id, "now": now, "until": until})
    if attempts is None:
        return False
    set_committed_value(row, "attempts", attempts)
    set_committed_value(row, "next_attempt_at", until)
    return True


async def _sent(session: AsyncSession, row: OutboxMessage, now: datetime) -> None:
    # A plain UPDATE: the ORM's unit of work cost more than the statement here.
    await session.execute(_SENT, {"row_id": row.id, "now": now})
    for name, value in (("status", "sent"), ("sent_at", now), ("last_error", None)):
        set_committed_value(row, name, value)


@dataclass(slots=True)
class _Batch:
    messages: list[tuple[Message[Any], EffectHandler[Any, Any]]]
    handlers: list[EffectHandler[Any, Any]]
    # What each handler loaded for its share of the batch, by handler.
    loaded: dict[int, Any]
    # Rows whose payload is no effect (or one nobody carries out): they fail for good.
    undecodable: list[tuple[OutboxMessage, PermanentError]]


async def _prepare(unit: UnitOfWork, handlers: Handlers, rows: Sequence[OutboxMessage]) -> _Batch:
    """Decode every row once and let each handler load what its messages share."""
    batch = _Batch(messages=[], handlers=[], loaded={}, undecodable=[])
    mine: dict[int, list[Message[Any]]] = {}
    for row in rows:
        try:
            message = decode_message(row)
            handler = handlers.handler_for(message.effect)
        except PermanentError as error:
            batch.undecodable.append((row, error))
            continue
        batch.messages.append((message, handler))
        if id(handler) not in mine:
            batch.handlers.append(handler)
            mine[id(handler)] = []
        mine[id(handler)].append(message)
    for handler in batch.handlers:
        batch.loaded[id(handler)] = await handler.prepare(unit, mine[id(handler)])
    return batch


def _count_failure(
    unit: UnitOfWork, row: OutboxMessage, error: Exception, done: Dispatched, *, counted: bool
) -> bool:
    """Retry later with backoff, or fail for good (at once for a PermanentError, or when
    the tries run out); True when it failed for good. The try is counted here unless
    `counted` (a leased message's was, before it was sent)."""
    if not counted:
        row.attempts += 1
    row.last_error = Failure.of(error).reason[:1000]
    if not (isinstance(error, PermanentError) or row.attempts >= MAX_ATTEMPTS):
        row.next_attempt_at = unit.now + backoff(row.attempts)
        done.retried += 1
        return False
    row.status = "failed"
    done.failed += 1
    return True
