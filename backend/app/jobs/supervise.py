"""Supervisors: workload per person and bulk reassignment (each job its own audited change)."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import and_, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.auth.models import Role, User, UserRole
from app.jobs import services, views
from app.jobs.access import Viewer
from app.jobs.models import OPEN_STATUSES, Job
from app.jobs.schemas import AssignRequest, BulkFailure, BulkResult, Workload
from app.lib.problems import DomainError
from app.lib.unit_of_work import UnitOfWork


async def workload(
    db: AsyncSession, viewer: Viewer, now: datetime, queue: str | None = None
) -> list[Workload]:
    """Everyone who works a queue (or holds a job), with their open jobs counted."""
    day_start = now.replace(hour=0, minute=0, second=0, microsecond=0)
    holders = (
        select(
            Job.assignee_id,
            func.count().filter(Job.status.in_(OPEN_STATUSES)),
            func.count().filter(Job.status == "in_progress"),
            func.count().filter(Job.status == "on_hold"),
            func.count().filter(and_(Job.status.in_(OPEN_STATUSES), Job.due_at < now)),
            func.count().filter(and_(Job.status == "completed", Job.completed_at >= day_start)),
        )
        .where(Job.assignee_id.is_not(None))
        .group_by(Job.assignee_id)
    )
    if queue:
        holders = holders.where(Job.queue == queue)
    counts = {row[0]: row[1:] for row in await db.execute(holders) if row[0] is not None}
    role_queues: dict[uuid.UUID, set[str]] = {}
    people = await db.execute(
        select(User.id, Role.queue)
        .select_from(User)
        .outerjoin(UserRole, UserRole.user_id == User.id)
        .join(Role, or_(Role.name == User.primary_role, Role.name == UserRole.role_name))
        .where(User.is_active, Role.queue.is_not(None))
    )
    for user_id, role_queue in people:
        if role_queue and (queue is None or role_queue == queue):
            role_queues.setdefault(user_id, set()).add(role_queue)
    ids = set(role_queues) | set(counts)
    refs = await views.user_refs(db, ids)
    result = []
    for user_id in ids:
        if user_id not in refs:
            continue
        open_, in_progress, on_hold, overrunning, done_today = counts.get(user_id, (0,) * 5)
        result.append(
            Workload(
                user=refs[user_id],
                queues=sorted(role_queues.get(user_id, set())),
                open=open_,
                in_progress=in_progress,
                on_hold=on_hold,
                overrunning=overrunning,
                completed_today=done_today,
            )
        )
    return sorted(result, key=lambda w: (-w.open, w.user.name))


async def bulk_reassign(
    unit: UnitOfWork, viewer: Viewer, job_ids: list[uuid.UUID], assignee_id: uuid.UUID | None
) -> BulkResult:
    db = unit.session
    updated: list[Job] = []
    failed: list[BulkFailure] = []
    for job_id in dict.fromkeys(job_ids):
        try:
            # A savepoint per job: one refusal leaves the others' changes in place.
            async with db.begin_nested():
                job = await services.assign(
                    unit, viewer, job_id, AssignRequest(assignee_id=assignee_id)
                )
            updated.append(job)
        except DomainError as error:
            failed.append(BulkFailure(id=job_id, detail=error.detail))
    return BulkResult(updated=await views.summaries(db, updated, unit.now), failed=failed)
