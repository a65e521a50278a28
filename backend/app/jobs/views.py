"""Rows to API shapes, loading the people, contacts and types they name in one go each."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Row, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.auth.models import User
from app.contacts.models import Contact
from app.jobs import related
from app.jobs import schemas as s
from app.jobs.models import OPEN_STATUSES, Job, JobEvent, JobFile, JobNote, JobType
from app.journeys.models import Journey
from app.lib.db import any_uuid


async def user_refs(
    db: AsyncSession, ids: Iterable[uuid.UUID | None]
) -> dict[uuid.UUID, s.UserRef]:
    wanted = {i for i in ids if i is not None}
    if not wanted:
        return {}
    rows = await db.execute(
        select(User.id, User.email, Contact.name)
        .join(Contact, Contact.id == User.contact_id)
        .where(User.id == any_uuid(wanted))
    )
    return {uid: s.UserRef(id=uid, name=name or email, email=email) for uid, email, name in rows}


async def _contacts(
    db: AsyncSession, ids: Iterable[uuid.UUID | None]
) -> dict[uuid.UUID, s.ContactRef]:
    wanted = {i for i in ids if i is not None}
    if not wanted:
        return {}
    rows = await db.execute(
        select(Contact.id, Contact.name, Contact.email).where(Contact.id == any_uuid(wanted))
    )
    return {cid: s.ContactRef(id=cid, name=name or email or "") for cid, name, email in rows}


async def _type_labels(db: AsyncSession, names: Iterable[str]) -> dict[str, str]:
    rows = await db.execute(select(JobType.name, JobType.label).where(JobType.name.in_(set(names))))
    return {row.name: row.label for row in rows}


def overrunning(job: Job | Row[Any], now: datetime) -> bool:
    return job.status in OPEN_STATUSES and job.due_at is not None and job.due_at < now


def page_row(row: Row[Any], now: datetime) -> s.JobSummary:
    """A queue page's row (app.jobs.listing.page_query): the job's columns and the names."""
    assignee = (
        s.UserRef(
            id=row.assignee_id,
            name=row.assignee_name or row.assignee_email,
            email=row.assignee_email,
        )
        if row.assignee_id and row.assignee_email is not None
        else None
    )
    contact = (
        s.ContactRef(id=row.contact_id, name=row.contact_name or row.contact_email or "")
        if row.contact_id and (row.contact_name is not None or row.contact_email is not None)
        else None
    )
    return _summary(row, row.type_label or row.type_name, assignee, contact, now)


async def summaries(db: AsyncSession, jobs: Sequence[Job], now: datetime) -> list[s.JobSummary]:
    users = await user_refs(db, (j.assignee_id for j in jobs))
    contacts = await _contacts(db, (j.contact_id for j in jobs))
    labels = await _type_labels(db, (j.type_name for j in jobs))
    return [
        _summary(
            j,
            labels.get(j.type_name, j.type_name),
            users.get(j.assignee_id) if j.assignee_id else None,
            contacts.get(j.contact_id) if j.contact_id else None,
            now,
        )
        for j in jobs
    ]


def _summary(
    job: Job | Row[Any],
    type_label: str,
    assignee: s.UserRef | None,
    contact: s.ContactRef | None,
    now: datetime,
) -> s.JobSummary:
    return s.JobSummary(
        id=job.id,
        type=s.JobTypeRef(name=job.type_name, label=type_label),
        title=job.title,
        queue=job.queue,
        status=job.status,  # type: ignore[arg-type]
        priority=job.priority,  # type: ignore[arg-type]
        assignee=assignee,
        contact=contact,
        created_at=job.created_at,
        due_at=job.due_at,
        claimed_at=job.claimed_at,
        completed_at=job.completed_at,
        overrunning=overrunning(job, now),
        version=job.version,
    )


async def summary(db: AsyncSession, job: Job, now: datetime) -> s.JobSummary:
    return (await summaries(db, [job], now))[0]


async def detail(db: AsyncSession, job: Job, now: datetime) -> s.Job:
    base = await summary(db, job, now)
    job_type = await db.scalar(select(JobType).where(JobType.name == job.type_name))
    journey: s.JourneyRef | None = None
    if job.journey_id is not None:
        name = await db.scalar(select(Journey.name).where(Journey.id == job.journey_id))
        journey = s.JourneyRef(
            journey_id=job.journey_id,
            journey_name=name or "",
            enrollment_id=job.enrollment_id,
            node_id=job.node_id,
        )
    notes = await db.scalar(select(func.count()).where(JobNote.job_id == job.id)) or 0
    files = await db.scalar(select(func.count()).where(JobFile.job_id == job.id)) or 0
    contact_facts, related_objects = await related.key_facts(db, job)
    fields: dict[str, Any] = {f: getattr(base, f) for f in base.__struct_fields__}
    return s.Job(
        **fields,
        guidance=job.guidance,
        form_schema=dict(job_type.form_schema) if job_type else {},
        ui_schema=dict(job_type.ui_schema) if job_type else {},
        outcomes=list(job_type.outcomes) if job_type else [],
        form_data=dict(job.form_data),
        outcome=job.outcome,
        related=related_objects,
        contact_facts=contact_facts,
        journey=journey,
        cancel_reason=job.cancel_reason,
        notes_count=notes,
        files_count=files,
    )


def job_type_view(row: JobType) -> s.JobType:
    return s.JobType(
        id=row.id,
        name=row.name,
        label=row.label,
        queue=row.queue,
        guidance=row.guidance,
        form_schema=dict(row.form_schema),
        ui_schema=dict(row.ui_schema),
        outcomes=list(row.outcomes),
        default_due_minutes=row.default_due_minutes,
        priority=row.priority,  # type: ignore[arg-type]
        version=row.version,
        created_at=row.created_at,
        updated_at=row.updated_at,
    )


async def history(db: AsyncSession, job_id: uuid.UUID) -> list[s.JobEvent]:
    rows = list(
        await db.scalars(select(JobEvent).where(JobEvent.job_id == job_id).order_by(JobEvent.id))
    )
    return await events(db, rows)


# Changed fields that hold a user's id: the log keeps the id (names change, ids do not),
# the API answers the person, as everywhere else it names one.
PERSON_FIELDS = frozenset({"assignee_id"})


def _people_changed(changes: dict[str, Any]) -> Iterable[uuid.UUID]:
    for field in PERSON_FIELDS & changes.keys():
        change = changes[field]
        if isinstance(change, dict):
            for side in ("from", "to"):
                if (found := _as_uuid(change.get(side))) is not None:
                    yield found


def _as_uuid(value: Any) -> uuid.UUID | None:
    if not isinstance(value, str):
        return None
    try:
        return uuid.UUID(value)
    except ValueError:
        return None


def _named(changes: dict[str, Any], people: dict[uuid.UUID, s.UserRef]) -> dict[str, Any]:
    """`{assignee_id: {from, to}}` with each id a UserRef; an id whose user is gone stays."""

    def person(value: Any) -> Any:
        found = _as_uuid(value)
        return people.get(found, value) if found else value

    named = dict(changes)
    for field in PERSON_FIELDS & changes.keys():
        change = changes[field]
        if isinstance(change, dict):
            named[field] = {side: person(value) for side, value in change.items()}
    return named


async def events(db: AsyncSession, rows: Sequence[JobEvent]) -> list[s.JobEvent]:
    people = await user_refs(
        db,
        [r.actor_id for r in rows] + [i for r in rows for i in _people_changed(r.changes)],
    )
    return [
        s.JobEvent(
            id=r.id,
            at=r.at,
            actor=people.get(r.actor_id) if r.actor_id else None,
            action=r.action,
            job_id=r.job_id,
            changes=_named(r.changes, people),
        )
        for r in rows
    ]
