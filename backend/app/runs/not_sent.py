"""A message a journey step queued that will never be sent leaves a note on its step.

The step itself moved on when the message was queued ("queued → next"); when the outbox
then fails the message for good (no consent, no address, a template that does not render,
or still failing after every retry), the channel's handler (app.channels.dispatch) writes
a step record (`note: not_sent`, with the cause) that says so on the contact's timeline;
the step's numbers count them by cause (app.reports.steps).
"""

from __future__ import annotations

from typing import Final

import msgspec
from sqlalchemy import DateTime, literal, select
from sqlalchemy.dialects.postgresql import JSONB, insert

from app.effects.errors import Cause, Failure
from app.lib.unit_of_work import UnitOfWork
from app.runs.models import Enrollment, JourneyStep, OutboxMessage, StepDetail

WORDS: Final[dict[Cause, str]] = {
    "no_consent": "no consent",
    "no_address": "no address",
    "template_failed": "template failed",
    "delivery_failed": "delivery failed",
    "other": "failed",
}


async def record(unit: UnitOfWork, row: OutboxMessage, failure: Failure) -> None:
    """Note on the step that its message (`row`, just failed for good) was not sent; a
    message outside any journey (a sign-in link) has no step to note it on."""
    node_id = row.payload.get("node_id")
    if row.enrollment_id is None or not node_id:
        return
    detail = StepDetail(
        text=f"Not sent: {WORDS[failure.cause]} ({failure.reason[:300] or 'no detail'}).",
        entered=False,
        note="not_sent",
        reason=failure.cause,
    )
    # One statement, no read: the enrollment gives the journey and version (and a
    # message whose enrollment is gone writes nothing).
    source = select(
        Enrollment.id,
        Enrollment.journey_id,
        Enrollment.version,
        literal(str(node_id)),
        literal(unit.now, DateTime(timezone=True)),
        # One note per message: the row fails for good once.
        literal(f"outbox:{row.id}"),
        literal(0),
        literal(msgspec.to_builtins(detail), JSONB),
    ).where(Enrollment.id == row.enrollment_id)
    await unit.session.execute(
        insert(JourneyStep)
        .from_select(
            ["enrollment_id", "journey_id", "version", "node_id", "at", "cause", "seq", "detail"],
            source,
        )
        .on_conflict_do_nothing(index_elements=["enrollment_id", "cause", "seq"])
    )
