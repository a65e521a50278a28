"""Dispatching the outbox after commit: claim, carry out, mark; retry with backoff.

Rows are claimed with `FOR UPDATE SKIP LOCKED`, so any number of dispatchers share the
work and a row is never in two sends at once; a row leaves `pending` in the unit of work
that carried it out, so a sent key is not sent again. A send whose commit is lost is sent
again (at least once): receivers de-duplicate by the key, which every message carries.

Each row's payload is decoded once into the engine's effect, and the handler registered
for its type carries it out (app.effects.handlers): the dispatcher knows no channel, job or
CRM action.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Final

from sqlalchemy import BigInteger, any_, literal, select, update
from sqlalchemy.dialects.postgresql import ARRAY

from app.effects.errors import PermanentError
from app.effects.handlers import EffectHandler, Handlers, Message, decode_message
from app.lib.unit_of_work import UnitOfWork
from app.runs.models import OutboxMessage

# 30 s, 1 min, 2 min … about 1 h on the 8th try; then the row is marked failed for a human.
BACKOFF_BASE: Final = timedelta(seconds=30)
MAX_ATTEMPTS: Final = 8
BATCH: Final = 100

__all__ = ["BATCH", "MAX_ATTEMPTS", "Dispatched", "PermanentError", "dispatch_batch"]


@dataclass(slots=True)
class Dispatched:
    """How a batch went (what it recorded for others to hear is on its unit of work)."""

    sent: int = 0
    retried: int = 0
    failed: int = 0

    @property
    def total(self) -> int:
        return self.sent + self.retried + self.failed


def backoff(attempts: int) -> timedelta:
    """Delay before the next try after `attempts` failed ones."""
    return BACKOFF_BASE * (1 << max(attempts - 1, 0))


async def dispatch_batch(
    unit: UnitOfWork,
    handlers: Handlers,
    *,
    limit: int = BATCH,
    kinds: tuple[str, ...] | None = None,
    made_at: datetime | None = None,
) -> Dispatched:
    """Carry out up to `limit` due messages (of `kinds`, or all) in the caller's unit of
    work, whose commit releases the claims and rings for what they recorded.

    `made_at` keeps to the rows created at that instant: the demo loader stamps all it
    makes with its one `now`, so it sends its own messages and never anyone else's."""
    query = (
        select(OutboxMessage)
        .where(OutboxMessage.status == "pending", OutboxMessage.next_attempt_at <= unit.now)
        .order_by(OutboxMessage.next_attempt_at, OutboxMessage.id)
        .limit(limit)
        .with_for_update(skip_locked=True)
    )
    if kinds is not None:
        query = query.where(OutboxMessage.kind.in_(kinds))
    if made_at is not None:
        query = query.where(OutboxMessage.created_at == made_at)
    rows = list(await unit.session.scalars(query))
    done = Dispatched()
    batch = await _prepare(unit, handlers, rows, done)
    sent: list[int] = []
    for message, handler in batch.messages:
        # Building a message is CPU work with no await in it: let the worker's event and
        # timer drainers run between messages, not wait for the whole batch.
        await asyncio.sleep(0)
        try:
            if handler.savepoint:
                async with unit.session.begin_nested():
                    await handler.execute(unit, message, batch.loaded[id(handler)])
            else:
                await handler.execute(unit, message, batch.loaded[id(handler)])
        except Exception as error:  # any failure is retried, or failed for good
            final = _count_failure(unit, message.row, error, done)
            # The handler hears of it: a message log row says why; a webhook step waits
            # for its call, and a failure for good is its answer.
            reason = _reason(error)
            await handler.failed(unit, message, batch.loaded[id(handler)], reason, final=final)
        else:
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


@dataclass(slots=True)
class _Batch:
    messages: list[tuple[Message[Any], EffectHandler[Any, Any]]]
    handlers: list[EffectHandler[Any, Any]]
    # What each handler loaded for its share of the batch, by handler.
    loaded: dict[int, Any]


async def _prepare(
    unit: UnitOfWork, handlers: Handlers, rows: Sequence[OutboxMessage], done: Dispatched
) -> _Batch:
    """Decode every row once and let each handler load what its messages share."""
    batch = _Batch(messages=[], handlers=[], loaded={})
    mine: dict[int, list[Message[Any]]] = {}
    for row in rows:
        try:
            message = decode_message(row)
            handler = handlers.handler_for(message.effect)
        except PermanentError as error:
            _count_failure(unit, row, error, done)
            continue
        batch.messages.append((message, handler))
        if id(handler) not in mine:
            batch.handlers.append(handler)
            mine[id(handler)] = []
        mine[id(handler)].append(message)
    for handler in batch.handlers:
        batch.loaded[id(handler)] = await handler.prepare(unit, mine[id(handler)])
    return batch


def _reason(error: Exception) -> str:
    return str(error) if isinstance(error, PermanentError) else f"{type(error).__name__}: {error}"


def _count_failure(
    unit: UnitOfWork, row: OutboxMessage, error: Exception, done: Dispatched
) -> bool:
    """Retry later with backoff, or fail for good (at once for a PermanentError, or when
    the tries run out); True when it failed for good."""
    row.attempts += 1
    row.last_error = _reason(error)[:1000]
    if not (isinstance(error, PermanentError) or row.attempts >= MAX_ATTEMPTS):
        row.next_attempt_at = unit.now + backoff(row.attempts)
        done.retried += 1
        return False
    row.status = "failed"
    done.failed += 1
    return True
