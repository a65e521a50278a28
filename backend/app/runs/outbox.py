"""Dispatching the outbox after commit: claim, send, mark; retry with backoff on failure.

Rows are claimed with `FOR UPDATE SKIP LOCKED`, so any number of dispatchers share the
work and a row is never in two sends at once; a row leaves `pending` in the transaction
that sent it, so a sent key is not sent again. A send whose commit is lost is sent again
(at least once): receivers de-duplicate by the key, which every message carries.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Final, Protocol

from sqlalchemy import BigInteger, any_, literal, select, update
from sqlalchemy.dialects.postgresql import ARRAY, insert
from sqlalchemy.ext.asyncio import AsyncSession

from app.automation.actions import CRM_ACTIONS
from app.events.models import Event
from app.jobs import live, status_events
from app.jobs.creation import create_from_effect
from app.runs import webhook_answers
from app.runs.errors import PermanentError
from app.runs.models import Enrollment, OutboxMessage

# 30 s, 1 min, 2 min … about 1 h on the 8th try; then the row is marked failed for a human.
BACKOFF_BASE: Final = timedelta(seconds=30)
MAX_ATTEMPTS: Final = 8
BATCH: Final = 100

__all__ = [
    "BATCH",
    "MAX_ATTEMPTS",
    "MessageSender",
    "PermanentError",
    "Provider",
    "ProviderRegistry",
]


class MessageSender(Protocol):
    async def send(self, session: AsyncSession, message: OutboxMessage, now: datetime) -> None:
        """Deliver one message; raise to have it retried later, or PermanentError to fail
        it now. Writes go in `session`, the dispatcher's transaction."""
        ...


class Provider(MessageSender, Protocol):
    """What the dispatcher drives: a sender that also sees each batch before it is sent."""

    async def prepare(
        self, session: AsyncSession, messages: Sequence[OutboxMessage], now: datetime
    ) -> None:
        """Load what the batch's messages share, once (see BATCH_INFO)."""
        ...

    async def finish(self, session: AsyncSession, messages: Sequence[OutboxMessage]) -> None:
        """Write what the batch's sends deferred, once, before the batch commits."""
        ...


@dataclass
class RecordingProvider:
    """Records each message as sent: for effect kinds no channel sends (yet), and tests."""

    sent: list[str] = field(default_factory=list)

    async def prepare(
        self, session: AsyncSession, messages: Sequence[OutboxMessage], now: datetime
    ) -> None:
        """Nothing to load: recording needs only the message."""

    async def finish(self, session: AsyncSession, messages: Sequence[OutboxMessage]) -> None:
        """Nothing deferred."""

    async def send(self, session: AsyncSession, message: OutboxMessage, now: datetime) -> None:
        self.sent.append(message.key)


# Called with a batch's claimed rows before any is sent, to load what they share at once;
# what it keeps goes in `session.info[BATCH_INFO]`, dropped when the batch is done. The
# writer runs after the last send, for what the sends left there to write together.
BATCH_INFO: Final = "waymark.outbox.batch"
BatchLoader = Callable[[AsyncSession, Sequence[OutboxMessage], datetime], Awaitable[None]]
BatchWriter = Callable[[AsyncSession, Sequence[OutboxMessage]], Awaitable[None]]


@dataclass
class ProviderRegistry:
    """One sender per effect kind (`send_email`, `webhook`…); others go to `fallback`."""

    by_kind: dict[str, MessageSender]
    fallback: MessageSender = field(default_factory=RecordingProvider)
    before_batch: BatchLoader | None = None
    after_batch: BatchWriter | None = None

    async def prepare(
        self, session: AsyncSession, messages: Sequence[OutboxMessage], now: datetime
    ) -> None:
        if self.before_batch is not None and messages:
            await self.before_batch(session, messages, now)

    async def finish(self, session: AsyncSession, messages: Sequence[OutboxMessage]) -> None:
        if self.after_batch is not None and messages:
            await self.after_batch(session, messages)

    async def send(self, session: AsyncSession, message: OutboxMessage, now: datetime) -> None:
        await self.by_kind.get(message.kind, self.fallback).send(session, message, now)


@dataclass(slots=True)
class Dispatched:
    sent: int = 0
    retried: int = 0
    failed: int = 0
    # Events recorded by emit-event effects: the caller rings the worker for them.
    emitted: list[int] = field(default_factory=list)
    # Live job messages (jobs created) to publish after the commit.
    job_notices: list[live.Notice] = field(default_factory=list)

    @property
    def total(self) -> int:
        return self.sent + self.retried + self.failed


def backoff(attempts: int) -> timedelta:
    """Delay before the next try after `attempts` failed ones."""
    return BACKOFF_BASE * (1 << max(attempts - 1, 0))


async def dispatch_batch(
    session: AsyncSession,
    provider: Provider,
    now: datetime,
    *,
    limit: int = BATCH,
    kinds: tuple[str, ...] | None = None,
    made_at: datetime | None = None,
) -> Dispatched:
    """Send up to `limit` due messages (of `kinds`, or all); the caller commits (which
    releases the claims).

    `made_at` keeps to the rows created at that instant: the demo loader stamps all it
    makes with its one `now`, so it sends its own messages and never anyone else's."""
    query = (
        select(OutboxMessage)
        .where(OutboxMessage.status == "pending", OutboxMessage.next_attempt_at <= now)
        .order_by(OutboxMessage.next_attempt_at, OutboxMessage.id)
        .limit(limit)
        .with_for_update(skip_locked=True)
    )
    if kinds is not None:
        query = query.where(OutboxMessage.kind.in_(kinds))
    if made_at is not None:
        query = query.where(OutboxMessage.created_at == made_at)
    rows = list(await session.scalars(query))
    try:
        await provider.prepare(session, rows, now)
        done = await _dispatch_rows(session, provider, rows, now)
        await provider.finish(session, rows)
        return done
    finally:
        session.info.pop(BATCH_INFO, None)


async def _dispatch_rows(
    session: AsyncSession, provider: Provider, rows: Sequence[OutboxMessage], now: datetime
) -> Dispatched:
    done = Dispatched()
    sent: list[int] = []
    for row in rows:
        # Building a message is CPU work with no await in it: let the worker's event and
        # timer drainers run between messages, not wait for the whole batch.
        await asyncio.sleep(0)
        try:
            if row.kind == "emit_event":
                event_id = await _emit(session, row, now)
                if event_id is not None:
                    done.emitted.append(event_id)
            elif row.kind == "create_job":
                # A savepoint: a job that cannot be made leaves the rest of the batch intact.
                async with session.begin_nested():
                    await _create_job(session, row, now)
            elif row.kind in CRM_ACTIONS:
                # In a savepoint: a failing action leaves none of its writes behind, and a
                # done one commits with the row leaving `pending` (once per key).
                async with session.begin_nested():
                    done.emitted.extend(await CRM_ACTIONS[row.kind](session, row, now))
            else:
                await provider.send(session, row, now)
                if row.kind == "webhook":
                    # The step waits for its call: this is its answer ("next").
                    await webhook_answers.answered(session, row, now)
        except Exception as error:  # any provider failure is retried
            await _failed(session, row, error, now, done)
        else:
            sent.append(row.id)
    if sent:
        # One statement for every success (the common case), not one per row.
        await session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.id == any_(literal(sent, ARRAY(BigInteger))))
            .values(
                status="sent",
                sent_at=now,
                last_error=None,
                attempts=OutboxMessage.attempts + 1,
            )
            .execution_options(synchronize_session=False)
        )
        done.sent += len(sent)
    done.job_notices.extend(live.take(session))
    # Jobs made here recorded `job.status_changed` (new): ring the worker for them too.
    done.emitted.extend(status_events.take(session))
    done.emitted.extend(webhook_answers.take(session))
    return done


async def _failed(
    session: AsyncSession, row: OutboxMessage, error: Exception, now: datetime, done: Dispatched
) -> None:
    """Count a failed try: retry later with backoff, or fail for good (at once for a
    PermanentError, or when the tries run out)."""
    row.attempts += 1
    row.last_error = (
        str(error) if isinstance(error, PermanentError) else f"{type(error).__name__}: {error}"
    )[:1000]
    if not (isinstance(error, PermanentError) or row.attempts >= MAX_ATTEMPTS):
        row.next_attempt_at = now + backoff(row.attempts)
        done.retried += 1
        return
    row.status = "failed"
    done.failed += 1
    if row.kind == "webhook":
        # The step waits for its call: this failure is its answer ("failed").
        await webhook_answers.record(session, row, now, ok=False, error=row.last_error)


async def _create_job(session: AsyncSession, row: OutboxMessage, now: datetime) -> None:
    """Create the job a create-job step asked for, once per key (the job's effect key)."""
    enrollment = await session.get(Enrollment, row.enrollment_id) if row.enrollment_id else None
    state = enrollment.state if enrollment else {}
    await create_from_effect(
        session,
        key=row.key,
        payload=row.payload,
        enrollment_id=enrollment.id if enrollment else None,
        journey_id=enrollment.journey_id if enrollment else None,
        contact_id=enrollment.contact_id if enrollment else None,
        object_data=dict(state.get("trigger") or state.get("event") or {}),
        event_data=dict(state.get("event") or {}),
        variables=dict(state.get("variables") or {}),
        now=now,
    )


async def _emit(session: AsyncSession, row: OutboxMessage, now: datetime) -> int | None:
    """Record the event an emit-event step asked for, once per key (its idempotency key).

    Property templates are stored as written until the channels issue brings rendering.
    """
    contact_id = await session.scalar(
        select(Enrollment.contact_id).where(Enrollment.id == row.enrollment_id)
    )
    if contact_id is None:
        return None
    return await session.scalar(
        insert(Event)
        .values(
            contact_id=contact_id,
            name=row.payload["event_name"],
            properties=row.payload.get("properties") or {},
            source="system",
            idempotency_key=f"emit:{row.key}",
            occurred_at=now,
            received_at=now,
        )
        .on_conflict_do_nothing(
            index_elements=["idempotency_key"], index_where=Event.idempotency_key.is_not(None)
        )
        .returning(Event.id)
    )
