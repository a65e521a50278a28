"""The customer's own orders, returns, tickets and appointments, and how each progressed.

Every query is scoped by the signed-in customer's contact id; an id from the URL only
ever narrows that set, so someone else's record is simply not found (404, not 403).

Progress is the record's own status history merged with the stages of the jobs staff
work on it (jobs whose `related` names the record, and their `job_events`), each in the
customer's words (app.portal.wording, or staff's own from app.portal.stage_words).
Where a record stands is its latest stage.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Sequence
from datetime import datetime
from typing import Any, Final

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.contacts import objects
from app.contacts.models import ContactObject
from app.eventlog.models import Event
from app.jobs.models import Job, JobEvent
from app.lib.problems import NotFoundError
from app.portal import stage_words
from app.portal.schemas import PortalRecord, PortalRecordDetail, ProgressStep, RecordKind
from app.portal.wording import job_describes, job_stage_label, status_label

PORTAL_KINDS: Final[tuple[RecordKind, ...]] = (
    "order",
    "return",
    "ticket",
    "enquiry",
    "appointment",
)
CLOSED_STATUSES: Final = frozenset(
    {"completed", "closed", "cancelled", "rejected", "declined", "delivered", "resolved"}
)
# The events that say a record moved on (the CRM records one per status change).
_PROGRESS_EVENTS: Final = ("object.created", "object.status_changed")


def view(row: ContactObject, progress: Sequence[ProgressStep] = ()) -> PortalRecord:
    return PortalRecord(
        id=row.id,
        kind=row.kind,  # type: ignore[arg-type]  # only portal kinds are ever listed
        reference=row.external_ref,
        status=row.status,
        # Where it stands: the latest stage, or (no history) the status in words.
        status_label=progress[-1].label if progress else status_label(row.kind, row.status),
        data=dict(row.data),
        due_at=row.due_at,
        starts_at=row.starts_at,
        created_at=row.created_at,
        updated_at=row.updated_at,
    )


async def list_records(
    session: AsyncSession, contact_id: uuid.UUID, kinds: tuple[RecordKind, ...]
) -> list[PortalRecord]:
    rows = list(
        await session.scalars(
            select(ContactObject)
            .where(ContactObject.contact_id == contact_id, ContactObject.kind.in_(kinds))
            .order_by(ContactObject.created_at.desc(), ContactObject.id)
        )
    )
    progress = await progress_of(session, contact_id, rows)
    return [view(row, progress[row.id]) for row in rows]


async def own_record(
    session: AsyncSession, contact_id: uuid.UUID, record_id: uuid.UUID
) -> ContactObject:
    try:
        row = await objects.get_object(session, contact_id, record_id)
    except NotFoundError:
        row = None
    if row is None or row.kind not in PORTAL_KINDS:
        # The same answer whether it does not exist or is someone else's.
        raise NotFoundError("We could not find that record among yours.") from None
    return row


# (when, order among steps at the same moment, the step)
_Timed = tuple[datetime, int, ProgressStep]


async def _status_steps(
    session: AsyncSession, contact_id: uuid.UUID, rows: Sequence[ContactObject]
) -> dict[uuid.UUID, list[_Timed]]:
    """Each record's status history (consecutive repeats of one status show once)."""
    by_id = {str(row.id): row for row in rows}
    events = await session.execute(
        select(
            Event.occurred_at,
            Event.properties["object_id"].astext,
            Event.properties["status"].astext,
        )
        .where(
            Event.contact_id == contact_id,
            Event.name.in_(_PROGRESS_EVENTS),
            Event.properties["object_id"].astext.in_(list(by_id)),
        )
        .order_by(Event.occurred_at, Event.id)
    )
    found: dict[uuid.UUID, list[_Timed]] = defaultdict(list)
    last: dict[uuid.UUID, str] = {}
    for at, object_id, status in events:
        row = by_id[object_id]
        if status is None or last.get(row.id) == status:
            continue
        last[row.id] = status
        found[row.id].append((at, 0, ProgressStep(at, status, status_label(row.kind, status))))
    for row in rows:
        if last.get(row.id) != row.status:
            # Objects loaded before their history was recorded still show where they are.
            step = ProgressStep(row.updated_at, row.status, status_label(row.kind, row.status))
            found[row.id].append((row.updated_at, 0, step))
    return found


def _stage(action: str, changes: dict[str, Any]) -> str | None:
    """The stage a `job_events` row moved its job to, or None for what is internal."""
    if action == "job.created":
        return "created"
    if action == "job.claimed":
        return "claimed"
    if action == "job.assigned" and (changes.get("assignee_id") or {}).get("to"):
        return "claimed"
    if action == "job.updated":
        status = (changes.get("status") or {}).get("to")
        return {"on_hold": "on_hold", "in_progress": "claimed"}.get(str(status))
    if action == "job.completed":
        outcome = (changes.get("outcome") or {}).get("to")
        return f"completed:{outcome}" if outcome else "completed"
    return None


async def _job_steps(
    session: AsyncSession, contact_id: uuid.UUID, rows: Sequence[ContactObject]
) -> dict[uuid.UUID, list[_Timed]]:
    """The customer-visible stages of the jobs linked to each record."""
    refs: dict[tuple[str, str], ContactObject] = {}
    for row in rows:
        refs[row.kind, str(row.id)] = row
        if row.external_ref:
            refs.setdefault((row.kind, row.external_ref), row)
    jobs = await session.execute(
        select(Job.id, Job.type_name, Job.related).where(Job.contact_id == contact_id)
    )
    linked: dict[uuid.UUID, tuple[str, list[ContactObject]]] = {}
    for job_id, type_name, related in jobs:
        targets = [
            refs[key]
            for ref in related
            if isinstance(ref, dict)
            and (key := (str(ref.get("type")), str(ref.get("id")))) in refs
            and job_describes(type_name, key[0])
        ]
        if targets:
            linked[job_id] = (type_name, targets)
    found: dict[uuid.UUID, list[_Timed]] = defaultdict(list)
    if not linked:
        return found
    # Staff's own words for these job types, where they wrote any.
    custom = await stage_words.overrides_for(session, {name for name, _ in linked.values()})
    events = await session.execute(
        select(JobEvent.job_id, JobEvent.at, JobEvent.action, JobEvent.changes)
        .where(JobEvent.job_id.in_(list(linked)))
        .order_by(JobEvent.at, JobEvent.id)
    )
    for job_id, at, action, changes in events:
        stage = _stage(action, changes)
        type_name, targets = linked[job_id]
        label = job_stage_label(type_name, stage, custom.get(type_name)) if stage else None
        if label is None or stage is None:
            continue
        for row in targets:
            # A job on a record comes after the record, whatever clocks the writers read.
            when = max(at, row.created_at)
            found[row.id].append((when, 1, ProgressStep(at, f"job.{stage}", label)))
    return found


async def progress_of(
    session: AsyncSession, contact_id: uuid.UUID, rows: Sequence[ContactObject]
) -> dict[uuid.UUID, list[ProgressStep]]:
    """Each record's stages, oldest first: its status history and its jobs' stages.
    A stage that says the same as the one before it shows once."""
    if not rows:
        return {}
    statuses = await _status_steps(session, contact_id, rows)
    jobs = await _job_steps(session, contact_id, rows)
    result: dict[uuid.UUID, list[ProgressStep]] = {}
    for row in rows:
        merged = sorted([*statuses[row.id], *jobs[row.id]], key=lambda timed: timed[:2])
        steps: list[ProgressStep] = []
        for _, _, step in merged:
            if not steps or steps[-1].label != step.label:
                steps.append(step)
        result[row.id] = steps
    return result


async def record_detail(
    session: AsyncSession, contact_id: uuid.UUID, record_id: uuid.UUID
) -> PortalRecordDetail:
    row = await own_record(session, contact_id, record_id)
    progress = (await progress_of(session, contact_id, [row]))[row.id]
    return PortalRecordDetail(record=view(row, progress), progress=progress)
