"""Job types as content: permitted users create and edit them; journeys name them."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import exists, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from app.auth.models import Role
from app.jobs.forms import check_schema
from app.jobs.models import Job, JobType
from app.jobs.schemas import JobTypeCreate, JobTypeFields, JobTypeUpdate
from app.lib.problems import ConflictError, FieldError, NotFoundError, UnprocessableError
from app.templating.render import check_part
from app.templating.threads import off_loop


async def list_types(db: AsyncSession) -> list[JobType]:
    return list(await db.scalars(select(JobType).order_by(JobType.label, JobType.name)))


async def get_type(db: AsyncSession, name: str) -> JobType:
    row = await db.scalar(select(JobType).where(JobType.name == name))
    if row is None:
        raise NotFoundError(f"There is no job type “{name}”.")
    return row


async def _check(db: AsyncSession, data: JobTypeFields) -> None:
    errors = check_schema(data.form_schema)
    if not await db.scalar(select(exists().where(Role.queue == data.queue))):
        errors.append(FieldError("queue", f"no role works a queue named “{data.queue}”"))
    # Compiles, and renders within the sandbox's bounds (guidance is a template).
    problem = await off_loop(check_part, data.guidance)
    if problem is not None:
        where = f"line {problem.line}: " if problem.line else ""
        errors.append(FieldError("guidance", f"{where}{problem.message}"))
    if len(set(data.outcomes)) != len(data.outcomes):
        errors.append(FieldError("outcomes", "each outcome may appear once"))
    if errors:
        shown = "; ".join(f"{e.field}: {e.message}" for e in errors[:3])
        raise UnprocessableError(f"The job type is not valid: {shown}", errors=errors)


async def create_type(db: AsyncSession, data: JobTypeCreate, now: datetime) -> JobType:
    await _check(db, data)
    if await db.scalar(select(exists().where(JobType.name == data.name))):
        raise ConflictError(
            f"A job type named “{data.name}” already exists.",
            errors=[FieldError("name", "already taken")],
        )
    row = JobType(
        name=data.name,
        label=data.label,
        queue=data.queue,
        guidance=data.guidance,
        form_schema=data.form_schema,
        ui_schema=data.ui_schema,
        outcomes=list(data.outcomes),
        default_due_minutes=data.default_due_minutes,
        priority=data.priority,
        version=1,
        created_at=now,
        updated_at=now,
    )
    db.add(row)
    await db.flush()
    return row


async def update_type(db: AsyncSession, name: str, data: JobTypeUpdate, now: datetime) -> JobType:
    current = await get_type(db, name)
    await _check(db, data)
    done = await db.scalar(
        update(JobType)
        .where(JobType.name == name, JobType.version == data.version)
        .values(
            label=data.label,
            queue=data.queue,
            guidance=data.guidance,
            form_schema=data.form_schema,
            ui_schema=data.ui_schema,
            outcomes=list(data.outcomes),
            default_due_minutes=data.default_due_minutes,
            priority=data.priority,
            version=JobType.version + 1,
            updated_at=now,
        )
        .returning(JobType.id)
    )
    row = await db.get(JobType, current.id, populate_existing=True)
    assert row is not None
    if done is None:
        raise ConflictError(
            "Someone else changed this job type since you opened it.",
            extensions={"current_version": row.version},
        )
    return row


async def delete_type(db: AsyncSession, name: str) -> None:
    row = await get_type(db, name)
    if await db.scalar(select(exists().where(Job.type_name == name))):
        raise ConflictError(
            f"Jobs of type “{name}” exist, so it cannot be deleted (they need its form)."
        )
    await db.delete(row)
