"""The job lifecycle: claim, unclaim, assign, edit, complete, cancel.

Each change is one conditional UPDATE (the database decides races, never a read before
it), writes its `job_events` audit row in the same transaction, and notes a live message
to publish after commit. Refusals change nothing.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime
from typing import Any, Final

from sqlalchemy import ColumnElement, case, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from app.eventlog import writer as eventlog
from app.eventlog.kinds import JobStatusChanged, name_of
from app.jobs import live, views
from app.jobs.access import Viewer, may_work_queue
from app.jobs.forms import check_form
from app.jobs.models import OPEN_STATUSES, Job, JobEvent, JobType
from app.jobs.schemas import AssignRequest, CancelRequest, CompleteRequest, JobPatch
from app.jobs.search import refresh_search
from app.lib.db import any_uuid
from app.lib.problems import ConflictError, FieldError, NotFoundError, UnprocessableError
from app.lib.unit_of_work import UnitOfWork

STALE: Final = "Someone else changed this job since you opened it."


def _json(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    return value


async def record(
    unit: UnitOfWork,
    job: Job,
    actor_id: uuid.UUID | None,
    action: str,
    changes: dict[str, tuple[Any, Any]],
) -> None:
    """Append the audit row and note the live message (same transaction as the change); a
    status change also records the contact's `job.status_changed` event."""
    row = JobEvent(
        job_id=job.id,
        at=unit.now,
        actor_id=actor_id,
        action=action,
        changes={k: {"from": _json(a), "to": _json(b)} for k, (a, b) in changes.items()},
    )
    unit.session.add(row)
    await unit.session.flush()
    await live.note(unit, job, action, actor_id)
    if "status" in changes:
        before, after = changes["status"]
        if before != after:
            await _status_changed(unit, job, row.id, action, before, after)


async def _status_changed(  # noqa: PLR0917 - the change, as the audit row has it
    unit: UnitOfWork, job: Job, audit_id: int, action: str, before: Any, after: Any
) -> None:
    """The contact's `job.status_changed` event, keyed by the audit row (so it is never
    recorded twice); none for a job without a contact (nobody to enrol or move on)."""
    if job.contact_id is None:
        return
    changed = JobStatusChanged(
        job_id=str(job.id),
        job_ref=job.effect_key,
        job_type=job.type_name,
        queue=job.queue,
        action=action,
        previous=before,
        to=after,
        outcome=job.outcome,
        data=dict(job.form_data) if after == "completed" else {},
        title=job.title,
        enrollment_id=str(job.enrollment_id) if job.enrollment_id else None,
    )
    key = f"{name_of(JobStatusChanged)}:{audit_id}"
    await eventlog.record(unit, job.contact_id, changed, key=key)


class Snapshot:
    """A job's values before a change: the ORM object itself is refreshed by the reload."""

    def __init__(self, job: Job) -> None:
        self.status = job.status
        self.assignee_id = job.assignee_id
        self.claimed_at = job.claimed_at
        self.queue = job.queue
        self.type_name = job.type_name
        self.values = {f: getattr(job, f) for f in ("status", "priority", "due_at", "title")}
        self.form_data = dict(job.form_data)


async def get_visible(db: AsyncSession, viewer: Viewer, job_id: uuid.UUID) -> Job:
    job = await db.get(Job, job_id, populate_existing=True)
    if job is None or not viewer.may_see(job):
        raise NotFoundError(f"There is no job {job_id} that you can see.")
    return job


async def _reload(db: AsyncSession, job_id: uuid.UUID) -> Job:
    job = await db.get(Job, job_id, populate_existing=True)
    assert job is not None, "jobs are never deleted"
    return job


async def _holder(db: AsyncSession, job: Job) -> dict[str, Any]:
    refs = await views.user_refs(db, [job.assignee_id])
    ref = refs.get(job.assignee_id) if job.assignee_id else None
    return {"assignee": ref}


def _closed(job: Job | Snapshot) -> ConflictError:
    word = "completed" if job.status == "completed" else "cancelled"
    return ConflictError(f"This job is already {word}.", extensions={"status": job.status})


async def _stale(db: AsyncSession, job: Job, now: datetime) -> ConflictError:
    return ConflictError(
        STALE,
        extensions={"current_version": job.version, "job": await views.detail(db, job, now)},
    )


# ---- claim / unclaim / assign ---------------------------------------------------------


async def claim(unit: UnitOfWork, viewer: Viewer, job_id: uuid.UUID) -> Job:
    """Take an unassigned open job. Of two claims at once exactly one wins (the UPDATE's
    WHERE is re-checked under the row lock); the other is told who holds it."""
    db, now = unit.session, unit.now
    current = await get_visible(db, viewer, job_id)
    before = Snapshot(current)
    if before.assignee_id == viewer.user_id and before.status in OPEN_STATUSES:
        return current  # claiming your own job changes nothing
    won = await db.scalar(
        update(Job)
        .where(Job.id == job_id, Job.assignee_id.is_(None), Job.status.in_(OPEN_STATUSES))
        .values(
            assignee_id=viewer.user_id,
            status="in_progress",
            claimed_at=now,
            updated_at=now,
            version=Job.version + 1,
        )
        .returning(Job.id)
    )
    job = await _reload(db, job_id)
    if won is None:
        if job.status not in OPEN_STATUSES:
            raise _closed(job)
        if job.assignee_id == viewer.user_id:
            return job
        holder = await _holder(db, job)
        name = holder["assignee"].name if holder["assignee"] else "someone else"
        raise ConflictError(f"Already claimed by {name}.", extensions=holder)
    await record(
        unit,
        job,
        viewer.user_id,
        "job.claimed",
        {"assignee_id": (None, viewer.user_id), "status": (before.status, "in_progress")},
    )
    return job


async def unclaim(unit: UnitOfWork, viewer: Viewer, job_id: uuid.UUID, version: int | None) -> Job:
    db, now = unit.session, unit.now
    before = Snapshot(await get_visible(db, viewer, job_id))
    conditions = [Job.id == job_id, Job.status.in_(OPEN_STATUSES), Job.assignee_id.is_not(None)]
    if not viewer.supervisor:
        conditions.append(Job.assignee_id == viewer.user_id)
    if version is not None:
        conditions.append(Job.version == version)
    done = await db.scalar(
        update(Job)
        .where(*conditions)
        .values(
            assignee_id=None,
            status=case((Job.status == "in_progress", "new"), else_=Job.status),
            updated_at=now,
            version=Job.version + 1,
        )
        .returning(Job.id)
    )
    job = await _reload(db, job_id)
    if done is None:
        if job.status not in OPEN_STATUSES:
            raise _closed(job)
        if version is not None and job.version != version:
            raise await _stale(db, job, now)
        raise ConflictError("You do not hold this job, so you cannot unclaim it.")
    await record(
        unit,
        job,
        viewer.user_id,
        "job.unclaimed",
        {"assignee_id": (before.assignee_id, None), "status": (before.status, job.status)},
    )
    return job


async def assign(unit: UnitOfWork, viewer: Viewer, job_id: uuid.UUID, data: AssignRequest) -> Job:
    """A supervisor gives the job to someone (or to nobody). Status stays as it is."""
    db, now = unit.session, unit.now
    before = Snapshot(await get_visible(db, viewer, job_id))
    if data.assignee_id is not None and not await may_work_queue(
        db, data.assignee_id, before.queue
    ):
        raise UnprocessableError(
            f"That person cannot work the {before.queue} queue (no role of theirs has it, "
            "or the account is deactivated).",
            errors=[FieldError("assignee_id", "cannot work this job's queue")],
        )
    conditions = [Job.id == job_id, Job.status.in_(OPEN_STATUSES)]
    if data.version is not None:
        conditions.append(Job.version == data.version)
    values: dict[str, Any] = {
        "assignee_id": data.assignee_id,
        "updated_at": now,
        "version": Job.version + 1,
    }
    if data.assignee_id is not None and before.claimed_at is None:
        values["claimed_at"] = now
    done = await db.scalar(update(Job).where(*conditions).values(**values).returning(Job.id))
    job = await _reload(db, job_id)
    if done is None:
        if job.status not in OPEN_STATUSES:
            raise _closed(job)
        raise await _stale(db, job, now)
    if before.assignee_id != job.assignee_id:
        await record(
            unit,
            job,
            viewer.user_id,
            "job.assigned",
            {"assignee_id": (before.assignee_id, job.assignee_id)},
        )
    return job


# ---- edits ---------------------------------------------------------------------------------


async def patch(unit: UnitOfWork, viewer: Viewer, job_id: uuid.UUID, data: JobPatch) -> Job:
    db, now = unit.session, unit.now
    before = Snapshot(await get_visible(db, viewer, job_id))
    if before.status not in OPEN_STATUSES:
        raise _closed(before)
    if not viewer.supervisor and before.assignee_id != viewer.user_id:
        raise ConflictError("Claim this job first: only the person holding it can change it.")
    values: dict[str, Any] = {}
    changes: dict[str, tuple[Any, Any]] = {}
    for field in ("status", "priority", "due_at", "title"):
        value = getattr(data, field)
        if value is not None and value != before.values[field]:
            values[field] = value
            changes[field] = (before.values[field], value)
    if data.form_data is not None and data.form_data != before.form_data:
        values["form_data"] = data.form_data
        changes["form_data"] = (None, "saved")  # answers live on the job, not in the log
    done = await db.scalar(
        update(Job)
        .where(Job.id == job_id, Job.version == data.version, Job.status.in_(OPEN_STATUSES))
        .values(**values, updated_at=now, version=Job.version + 1)
        .returning(Job.id)
    )
    job = await _reload(db, job_id)
    if done is None:
        if job.status not in OPEN_STATUSES:
            raise _closed(job)
        raise await _stale(db, job, now)
    if "title" in changes:
        await refresh_search(db, job.id)
    await record(unit, job, viewer.user_id, "job.updated", changes)
    return job


# ---- completion and cancellation --------------------------------------------------------------


async def complete(
    unit: UnitOfWork, viewer: Viewer, job_id: uuid.UUID, data: CompleteRequest
) -> Job:
    """Complete with an outcome and valid form data. Its `job.status_changed` event (with
    the outcome and the form's data) moves on the journey that made the job."""
    db, now = unit.session, unit.now
    before = Snapshot(await get_visible(db, viewer, job_id))
    if before.status not in OPEN_STATUSES:
        raise _closed(before)
    if before.assignee_id != viewer.user_id:
        raise ConflictError("Claim this job first: only the person holding it can complete it.")
    job_type = await db.scalar(select(JobType).where(JobType.name == before.type_name))
    outcomes = list(job_type.outcomes) if job_type else []
    if data.outcome not in outcomes:
        raise UnprocessableError(
            f"“{data.outcome}” is not an outcome of this job; use one of: {', '.join(outcomes)}.",
            errors=[FieldError("outcome", f"must be one of {', '.join(outcomes)}")],
        )
    errors = check_form(job_type.form_schema if job_type else {}, data.data)
    if errors:
        shown = "; ".join(f"{e.field}: {e.message}" for e in errors[:3])
        raise UnprocessableError(f"The form is not complete: {shown}", errors=errors)
    done = await db.scalar(
        update(Job)
        .where(
            Job.id == job_id,
            Job.version == data.version,
            Job.status.in_(OPEN_STATUSES),
            Job.assignee_id == viewer.user_id,
        )
        .values(
            status="completed",
            outcome=data.outcome,
            form_data=data.data,
            completed_at=now,
            updated_at=now,
            version=Job.version + 1,
        )
        .returning(Job.id)
    )
    job = await _reload(db, job_id)
    if done is None:
        if job.status not in OPEN_STATUSES:
            raise _closed(job)
        raise await _stale(db, job, now)
    await record(
        unit,
        job,
        viewer.user_id,
        "job.completed",
        {"status": (before.status, "completed"), "outcome": (None, data.outcome)},
    )
    return job


async def cancel(unit: UnitOfWork, viewer: Viewer, job_id: uuid.UUID, data: CancelRequest) -> Job:
    db, now = unit.session, unit.now
    before = Snapshot(await get_visible(db, viewer, job_id))
    if before.status not in OPEN_STATUSES:
        raise _closed(before)
    done = await db.scalar(
        update(Job)
        .where(Job.id == job_id, Job.version == data.version, Job.status.in_(OPEN_STATUSES))
        .values(
            status="cancelled",
            cancel_reason=data.reason,
            completed_at=now,
            updated_at=now,
            version=Job.version + 1,
        )
        .returning(Job.id)
    )
    job = await _reload(db, job_id)
    if done is None:
        if job.status not in OPEN_STATUSES:
            raise _closed(job)
        raise await _stale(db, job, now)
    await record(
        unit, job, viewer.user_id, "job.cancelled", {"status": (before.status, "cancelled")}
    )
    return job


async def cancel_for_enrollments(unit: UnitOfWork, enrollment_ids: Sequence[uuid.UUID]) -> int:
    """Journeys that ended or exited cancel their open jobs (a system change, recorded as
    `job.status_changed` like any other: the enrollment it names has ended, so nothing
    moves on). One look for a whole batch of ended enrollments: most have no open job."""
    if not enrollment_ids:
        return 0
    return await _cancel_open(
        unit, Job.enrollment_id == any_uuid(enrollment_ids), "The journey ended"
    )


async def cancel_unawaited(unit: UnitOfWork, job_refs: Sequence[str], reason: str) -> int:
    """Open jobs no journey step waits for any more (a migration moved the path off the
    step that created them): cancelled as a system change with `reason`, recorded like
    any other cancel (`job.cancelled` with the reason, the contact's `job.status_changed`;
    no path waits for it, so nothing moves on). Jobs already closed are left alone."""
    if not job_refs:
        return 0
    return await _cancel_open(unit, Job.effect_key.in_(list(job_refs)), reason)


async def _cancel_open(unit: UnitOfWork, which: ColumnElement[bool], reason: str) -> int:
    """Cancel the open jobs `which` picks (a system change), each with its audit row
    naming the reason; how many."""
    db, now = unit.session, unit.now
    rows = await db.execute(
        select(Job.id, Job.status).where(which, Job.status.in_(OPEN_STATUSES)).with_for_update()
    )
    before: dict[uuid.UUID, str] = {row.id: row.status for row in rows}
    if not before:
        return 0
    cancelled = await db.scalars(
        update(Job)
        .where(Job.id.in_(list(before)), Job.status.in_(OPEN_STATUSES))
        .values(
            status="cancelled",
            cancel_reason=reason,
            completed_at=now,
            updated_at=now,
            version=Job.version + 1,
        )
        .returning(Job.id)
    )
    ids = list(cancelled)
    for job_id in ids:
        job = await _reload(db, job_id)
        await record(
            unit,
            job,
            None,
            "job.cancelled",
            {"status": (before[job_id], "cancelled"), "cancel_reason": (None, reason)},
        )
    return len(ids)
