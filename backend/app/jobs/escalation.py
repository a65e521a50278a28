"""Escalation: a job nobody claimed by its `escalate_at` gets the priority its create-job
step asked for and its queue's supervisors are told (S3: "if nobody claims it in 24
hours, notify the Sales supervisor and raise the job's priority").

The worker's sweep runs this every few seconds. Each job escalates once: rows are
claimed with SKIP LOCKED and `escalated_at` is set in the same transaction as the new
priority, the audit row and the notifications, so any number of workers may sweep.
"""

from __future__ import annotations

from datetime import datetime
from typing import Final

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from app.automation.models import Notification
from app.jobs.access import staff_for_queue
from app.jobs.models import PRIORITIES, Job
from app.jobs.services import record
from app.lib.unit_of_work import UnitOfWork

BATCH: Final = 100


def _rank(priority: str | None) -> int:
    return PRIORITIES.index(priority) if priority in PRIORITIES else -1


async def escalate_due(unit: UnitOfWork) -> int:
    """Escalate the unclaimed jobs whose time has come; returns how many. The caller commits."""
    session, now = unit.session, unit.now
    jobs = list(
        await session.scalars(
            select(Job)
            .where(
                Job.escalated_at.is_(None),
                Job.escalate_at.is_not(None),
                Job.escalate_at <= now,
            )
            .order_by(Job.escalate_at)
            .limit(BATCH)
            .with_for_update(skip_locked=True)
        )
    )
    escalated = 0
    for job in jobs:
        job.escalated_at = now
        # Claimed (or finished) in time: nothing to escalate, and never again.
        if job.status != "new" or job.assignee_id is not None:
            continue
        changes: dict[str, tuple[object, object]] = {}
        if _rank(job.escalate_priority) > _rank(job.priority):
            changes["priority"] = (job.priority, job.escalate_priority)
            job.priority = str(job.escalate_priority)
        job.version += 1
        job.updated_at = now
        await session.flush()
        await record(unit, job, None, "job.escalated", changes)
        if job.escalate_notify_supervisors:
            await _tell_supervisors(session, job, now)
        escalated += 1
    return escalated


async def _tell_supervisors(session: AsyncSession, job: Job, now: datetime) -> None:
    people = await staff_for_queue(session, job.queue, "supervisors")
    if not people:
        return
    await session.execute(
        insert(Notification)
        .values(
            [
                {
                    "user_id": user_id,
                    "title": f"Nobody has claimed “{job.title}”"[:200],
                    "body": f"It is in {job.queue}, now {job.priority} priority.",
                    "link": f"/jobs/{job.id}",
                    "contact_id": job.contact_id,
                    "source_key": f"escalation:{job.id}",
                    "created_at": now,
                }
                for user_id in people
            ]
        )
        .on_conflict_do_nothing(index_elements=["source_key", "user_id"])
    )
