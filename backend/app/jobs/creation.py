"""Jobs that journeys create: one per create-job effect key, whatever the retries."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Final

from jinja2 import TemplateError
from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from app.contacts.models import Contact
from app.jobs.models import PRIORITIES, Job, JobType
from app.jobs.search import refresh_search
from app.jobs.services import record
from app.lib.unit_of_work import UnitOfWork
from app.templating.sandbox import BoundedSandbox, TemplateLimitError

# Plain text out (the SPA escapes it when showing it); the bounded sandbox is the only
# environment (app.templating.sandbox: a title cannot stall the worker).
_ENV: Final = BoundedSandbox(autoescape=False)


class JobTypeMissingError(LookupError):
    """The effect names a job type that does not exist (it is retried, then marked failed)."""


def render(template: str, context: dict[str, Any]) -> str:
    """Render a title or guidance; a broken template shows as written rather than failing."""
    try:
        return _ENV.from_string(template).render(**context)
    except (TemplateError, TemplateLimitError, RecursionError, TypeError, ValueError):
        return template


def contact_fields(contact: Contact | None) -> dict[str, Any]:
    """The contact as a job's title and guidance see it."""
    if contact is None:
        return {}
    first, _, last = contact.name.partition(" ")
    return {
        "id": str(contact.id),
        "name": contact.name,
        "first_name": first,
        "last_name": last,
        "email": contact.email,
        "phone": contact.phone,
    }


def related_objects(kinds: list[str], data: dict[str, Any]) -> list[dict[str, str]]:
    """Link the objects a job node names, by the ids the journey's data carries
    (`order_id` or `order_number`, …; `id` or `number` of the object itself)."""
    related = []
    for kind in kinds:
        value = data.get(kind)
        nested: dict[str, Any] = value if isinstance(value, dict) else {}
        found = (
            data.get(f"{kind}_id")
            or data.get(f"{kind}_number")
            or nested.get("id")
            or nested.get("number")
        )
        if found is not None:
            related.append({"type": kind, "id": str(found)})
    return related


def _when(value: Any) -> datetime | None:
    return datetime.fromisoformat(value) if isinstance(value, str) else None


@dataclass(frozen=True, slots=True)
class PlannedJob:
    """The job a create-job effect asks for, worked out but not written."""

    job_type: JobType
    values: dict[str, Any]


async def plan_job(
    session: AsyncSession,
    payload: dict[str, Any],
    *,
    contact: dict[str, Any],
    object_data: dict[str, Any],
    event_data: dict[str, Any],
    variables: dict[str, Any],
    now: datetime,
) -> PlannedJob:
    """Title and guidance rendered, queue, priority and due time: what the job would be."""
    job_type = await session.scalar(select(JobType).where(JobType.name == payload["job_type"]))
    if job_type is None:
        raise JobTypeMissingError(f"There is no job type “{payload['job_type']}”.")
    context = {
        "contact": contact,
        # As messages see them (app.templating.render): the starting event is the
        # journey's object, `event` the latest one it waited for.
        "object": object_data,
        "event": event_data,
        "journey": variables,
        "vars": variables,
    }
    guidance = payload.get("guidance") or job_type.guidance
    raw_due = payload.get("due_at")
    due_at = datetime.fromisoformat(raw_due) if isinstance(raw_due, str) else None
    if due_at is None and job_type.default_due_minutes:
        due_at = now + timedelta(minutes=job_type.default_due_minutes)
    priority = payload.get("priority") or job_type.priority
    escalate = payload.get("escalate_priority")
    return PlannedJob(
        job_type,
        {
            "type_name": job_type.name,
            "title": render(str(payload.get("title") or job_type.label), context)[:300],
            "guidance": render(guidance, context),
            "queue": payload.get("queue") or job_type.queue,
            "priority": priority if priority in PRIORITIES else "normal",
            "due_at": due_at,
            "escalate_at": _when(payload.get("escalate_at")),
            "escalate_priority": escalate if escalate in PRIORITIES else None,
            "escalate_notify_supervisors": bool(payload.get("escalate_notify_supervisors")),
        },
    )


async def create_from_effect(
    unit: UnitOfWork,
    *,
    key: str,
    payload: dict[str, Any],
    enrollment_id: uuid.UUID | None,
    journey_id: uuid.UUID | None,
    contact_id: uuid.UUID | None,
    object_data: dict[str, Any],
    event_data: dict[str, Any],
    variables: dict[str, Any],
    related: list[dict[str, str]] | None = None,
) -> Job | None:
    """Create the job of a create-job effect; None when this key already made one.
    `related` replaces the objects found from the payload's `link_objects`."""
    db, now = unit.session, unit.now
    contact = await db.get(Contact, contact_id) if contact_id else None
    planned = await plan_job(
        db,
        payload,
        contact=contact_fields(contact),
        object_data=object_data,
        event_data=event_data,
        variables=variables,
        now=now,
    )
    job_id = await db.scalar(
        insert(Job)
        .values(
            **planned.values,
            status="new",
            contact_id=contact_id,
            related=related
            if related is not None
            else related_objects(list(payload.get("link_objects") or []), object_data),
            journey_id=journey_id,
            enrollment_id=enrollment_id,
            node_id=payload.get("node_id"),
            effect_key=key,
            created_at=now,
            updated_at=now,
        )
        .on_conflict_do_nothing(index_elements=["effect_key"])
        .returning(Job.id)
    )
    if job_id is None:
        return None
    await refresh_search(db, job_id)
    job = await db.get(Job, job_id, populate_existing=True)
    assert job is not None
    await record(
        unit, job, None, "job.created", {"status": (None, "new"), "queue": (None, job.queue)}
    )
    return job
