"""`webhook.answered`: how a webhook step's call ended, as an event of its contact.

A webhook step waits for its call: the webhook's handler records this event in the unit of
work that marks the outbox row sent (answered, with the answer's status and saved fields)
or failed (refused, or out of retries), keyed by the row so it is never recorded twice. The
worker turns it into the engine's `WebhookAnswered` for the enrollment that made the
call, whose token then takes "next" (with the saved answer fields as journey variables)
or "failed".
"""

from __future__ import annotations

from typing import Any, Final

from sqlalchemy import select

from app.eventlog.kinds import WebhookAnswered, name_of
from app.eventlog.writer import record as record_event
from app.lib.unit_of_work import UnitOfWork
from app.runs.models import Enrollment, OutboxMessage

NAME: Final = name_of(WebhookAnswered)


async def record(
    unit: UnitOfWork,
    row: OutboxMessage,
    *,
    ok: bool,
    status: int | None = None,
    saved: dict[str, Any] | None = None,
    error: str | None = None,
) -> int | None:
    """Record the answer (None for a call no enrollment made: nobody waits for it)."""
    if row.enrollment_id is None:
        return None
    contact_id = await unit.session.scalar(
        select(Enrollment.contact_id).where(Enrollment.id == row.enrollment_id)
    )
    if contact_id is None:
        return None
    answer = WebhookAnswered(
        webhook_ref=row.key,
        enrollment_id=str(row.enrollment_id),
        node_id=row.payload.get("node_id"),
        ok=ok,
        status=status,
        saved=saved or {},
        error=error,
    )
    return await record_event(unit, contact_id, answer, key=f"{NAME}:{row.key}")
