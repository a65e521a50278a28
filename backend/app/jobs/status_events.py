"""`job.status_changed`: every change of a job's status is an event of its contact.

Recorded in the transaction that writes the `job_events` audit row (so a rolled-back
change leaves no event), keyed by that row so it is never recorded twice. Journeys start
on it (an event trigger on `job.status_changed`, or a job-status trigger: the worker
reads these events as the engine's job stimuli) and wait for it. The ids are kept on
the session for whoever commits to ring the worker; the sweeper covers a lost ring.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Final

from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from app.events.models import Event
from app.jobs.models import Job

NAME: Final = "job.status_changed"
SOURCE: Final = "job"
_INFO_KEY: Final = "waymark_job_status_events"


async def record(  # noqa: PLR0917 - the change, as the audit row has it
    db: AsyncSession,
    job: Job,
    audit_id: int,
    action: str,
    before: Any,
    after: Any,
    now: datetime,
) -> int | None:
    """Record the event (None for a job without a contact: nobody to enrol)."""
    if job.contact_id is None:
        return None
    event_id = await db.scalar(
        insert(Event)
        .values(
            contact_id=job.contact_id,
            name=NAME,
            properties={
                "job_id": str(job.id),
                "job_ref": job.effect_key,
                "job_type": job.type_name,
                "queue": job.queue,
                "action": action,
                "from": before,
                "to": after,
                "outcome": job.outcome,
                "title": job.title,
                "enrollment_id": str(job.enrollment_id) if job.enrollment_id else None,
            },
            source=SOURCE,
            idempotency_key=f"{NAME}:{audit_id}",
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
    """The events recorded on this session so far (and forget them)."""
    ids: list[int] = db.info.pop(_INFO_KEY, [])
    return ids
