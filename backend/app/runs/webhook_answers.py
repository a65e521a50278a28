"""`webhook.answered`: how a webhook step's call ended, as an event of its contact.

A webhook step waits for its call: the dispatcher records this event in the transaction
that marks the outbox row sent (answered, with what the provider noted of the answer) or
failed (refused, or out of retries), keyed
by the row so it is never recorded twice. The worker turns it into the engine's
`WebhookAnswered` for the enrollment that made the call, whose token then takes "next"
(with the saved answer fields as journey variables) or "failed". The ids are kept on the
session for whoever commits to ring the worker; the sweeper covers a lost ring.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Final

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from app.events.models import Event
from app.runs.models import Enrollment, OutboxMessage

NAME: Final = "webhook.answered"
SOURCE: Final = "system"
_INFO_KEY: Final = "waymark_webhook_answers"
_NOTED_KEY: Final = "waymark_webhook_answers_noted"


def note(db: AsyncSession, key: str, *, status: int, saved: dict[str, Any]) -> None:
    """What the provider that made the call heard (the dispatcher records it as the
    answer once the send succeeded; a provider that only records sends notes nothing)."""
    db.info.setdefault(_NOTED_KEY, {})[key] = (status, saved)


async def answered(db: AsyncSession, row: OutboxMessage, now: datetime) -> int | None:
    """Record the answer to a webhook row that was just sent."""
    status, saved = db.info.get(_NOTED_KEY, {}).pop(row.key, (None, {}))
    return await record(db, row, now, ok=True, status=status, saved=saved)


async def record(
    db: AsyncSession,
    row: OutboxMessage,
    now: datetime,
    *,
    ok: bool,
    status: int | None = None,
    saved: dict[str, Any] | None = None,
    error: str | None = None,
) -> int | None:
    """Record the answer (None for a call no enrollment made: nobody waits for it)."""
    if row.enrollment_id is None:
        return None
    contact_id = await db.scalar(
        select(Enrollment.contact_id).where(Enrollment.id == row.enrollment_id)
    )
    if contact_id is None:
        return None
    event_id = await db.scalar(
        insert(Event)
        .values(
            contact_id=contact_id,
            name=NAME,
            properties={
                "webhook_ref": row.key,
                "enrollment_id": str(row.enrollment_id),
                "node_id": row.payload.get("node_id"),
                "ok": ok,
                "status": status,
                "saved": saved or {},
                "error": error,
            },
            source=SOURCE,
            idempotency_key=f"{NAME}:{row.key}",
            occurred_at=now,
            received_at=now,
        )
        .on_conflict_do_nothing(
            index_elements=["idempotency_key"], index_where=Event.idempotency_key.is_not(None)
        )
        .returning(Event.id)
    )
    if event_id is not None:
        db.info.setdefault(_INFO_KEY, []).append(event_id)
    return event_id


def take(db: AsyncSession) -> list[int]:
    """The answers recorded on this session so far (and forget them)."""
    ids: list[int] = db.info.pop(_INFO_KEY, [])
    return ids
