"""Print jobs: a letter with a print queue becomes a job in that queue, its PDF attached.

The job type is `print_letter` when it exists (the job goes to the letter's queue
whatever the type's own queue), else the first type working that queue; with neither,
a `print_letter` type is made for the queue, so asking for printing never loses a letter.
The job is keyed by the letter's outbox key (`print:<key>`): a retried letter makes no
second job, and its PDF is attached once. It is not tied to the enrollment, so the
journey moving on or ending does not cancel it; it carries the journey for reports.
"""

from __future__ import annotations

import uuid
from typing import Any, Final

from sqlalchemy import case, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from app.engine.exits import humanize
from app.jobs import files
from app.jobs.creation import create_from_effect
from app.jobs.models import Job, JobFile, JobType
from app.lib.unit_of_work import UnitOfWork
from app.settings import Settings

PRINT_TYPE: Final = "print_letter"


async def print_type(session: AsyncSession, queue: str) -> JobType:
    """The job type print jobs of `queue` use (made when there is none)."""
    found = await session.scalar(
        select(JobType)
        .where((JobType.name == PRINT_TYPE) | (JobType.queue == queue))
        .order_by(case((JobType.name == PRINT_TYPE, 0), else_=1), JobType.name)
        .limit(1)
    )
    if found is not None:
        return found
    await session.execute(
        insert(JobType)
        .values(
            name=PRINT_TYPE,
            label="Print and post a letter",
            queue=queue,
            outcomes=["printed"],
            guidance="Print the attached letter, put it in an envelope and post it.",
            default_due_minutes=24 * 60,
            priority="low",
        )
        .on_conflict_do_nothing(index_elements=[JobType.name])
    )
    made = await session.scalar(select(JobType).where(JobType.name == PRINT_TYPE))
    assert made is not None
    return made


async def create_print_job(
    unit: UnitOfWork,
    settings: Settings,
    *,
    key: str,
    queue: str,
    letter_id: int,
    template: str | None,
    contact_id: uuid.UUID,
    journey_id: uuid.UUID | None,
    event: dict[str, Any],
    pdf: bytes,
) -> Job:
    session = unit.session
    job_type = await print_type(session, queue)
    what = f"the “{humanize(template)}” letter" if template else "a letter"
    effect_key = f"print:{key}"
    await create_from_effect(
        unit,
        key=effect_key,
        payload={
            "job_type": job_type.name,
            "queue": queue,
            "title": f"Print and post {what} to {{{{ contact.name }}}}",
        },
        enrollment_id=None,
        journey_id=journey_id,
        contact_id=contact_id,
        object_data=event,
        event_data=event,
        variables={},
        related=[{"type": "letter", "id": str(letter_id)}],
    )
    job = await session.scalar(select(Job).where(Job.effect_key == effect_key))
    assert job is not None
    attached = await session.scalar(select(JobFile.id).where(JobFile.job_id == job.id).limit(1))
    if attached is None:
        await files.attach(
            unit,
            settings,
            job,
            filename=f"letter-{letter_id}.pdf",
            content_type="application/pdf",
            data=pdf,
            uploaded_by=None,
        )
    return job
