"""Data rights: a customer downloads everything held about them, and asks to be forgotten.

Erasure is a request a person in the data-protection queue checks (a job of type
`data_erasure`); when that job completes with the outcome `erase`, `anonymise` removes
what identifies the contact and keeps the aggregate history (orders, amounts, statuses,
event names and times, journey step counts), so reports do not change.
"""

from __future__ import annotations

import contextlib
import uuid
from datetime import datetime
from typing import Any, Final

import msgspec
from sqlalchemy import String, cast, delete, func, or_, select, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from app.auth.models import User
from app.channels import letters
from app.channels.models import Letter
from app.contacts.models import ContactConsent, ContactNote, ContactObject
from app.contacts.profile import lock
from app.eventlog.kinds import (
    ContactAnonymised,
    ErasureRequested,
    JobStatusChanged,
    decode,
    name_of,
)
from app.eventlog.models import Event
from app.eventlog.writer import record
from app.jobs.creation import create_from_effect
from app.jobs.models import Job, JobType
from app.lib.problems import ConflictError
from app.lib.unit_of_work import UnitOfWork
from app.portal.models import ErasureRequest, PortalMessage, PortalSignInLink
from app.portal.schemas import ErasureView

ERASURE_JOB_TYPE: Final = "data_erasure"
ERASURE_QUEUE: Final = "data_protection"
ERASE_OUTCOME: Final = "erase"
DECLINE_OUTCOME: Final = "decline"
ERASED_NAME: Final = "Erased contact"
# How an erasure job is linked to its request (the job's `related`).
ERASURE_RELATED_TYPE: Final = "erasure_request"
# The law gives a month; the team aims for a week.
_ERASURE_DUE_MINUTES: Final = 7 * 24 * 60
_ERASURE_GUIDANCE: Final = (
    "{{ contact.name }} asked us to erase their data. Check what we must keep by law "
    "(invoices, open disputes) and that no order is still open. Erase: their name, contact "
    "details, notes and free text go; orders, amounts and statuses stay without them. "
    "Decline: say why in a note, then write to them."
)


def _plain(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    return value


def _row(row: Any, *names: str) -> dict[str, Any]:
    return {name: _plain(getattr(row, name)) for name in names}


async def export(session: AsyncSession, contact_id: uuid.UUID, now: datetime) -> dict[str, Any]:
    """Everything held about the contact, as one JSON document."""
    contact = await lock(session, contact_id)
    consents = await session.scalars(
        select(ContactConsent)
        .where(ContactConsent.contact_id == contact_id)
        .order_by(ContactConsent.changed_at, ContactConsent.id)
    )
    records = await session.scalars(
        select(ContactObject)
        .where(ContactObject.contact_id == contact_id)
        .order_by(ContactObject.created_at, ContactObject.id)
    )
    notes = await session.scalars(
        select(ContactNote).where(ContactNote.contact_id == contact_id).order_by(ContactNote.id)
    )
    events = await session.scalars(
        select(Event).where(Event.contact_id == contact_id).order_by(Event.id)
    )
    messages = await session.scalars(
        select(PortalMessage)
        .where(PortalMessage.contact_id == contact_id)
        .order_by(PortalMessage.id)
    )
    sent_letters = await session.scalars(
        select(Letter).where(Letter.contact_id == contact_id).order_by(Letter.id)
    )
    erasures = await session.scalars(
        select(ErasureRequest)
        .where(ErasureRequest.contact_id == contact_id)
        .order_by(ErasureRequest.requested_at)
    )
    return {
        "exported_at": now.isoformat(),
        "contact": {
            **_row(
                contact,
                "id",
                "name",
                "email",
                "phone",
                "timezone",
                "locale",
                "created_at",
                "updated_at",
            ),
            "birthday": contact.birthday.isoformat() if contact.birthday else None,
            "attributes": contact.attributes,
            "tags": contact.tags,
        },
        "consent_history": [_row(c, "channel", "status", "changed_at", "source") for c in consents],
        "records": [
            {
                **_row(r, "id", "kind", "external_ref", "status", "due_at", "starts_at"),
                **_row(r, "created_at", "updated_at"),
                "data": r.data,
            }
            for r in records
        ],
        "notes": [_row(n, "body", "created_at") for n in notes],
        "messages": [_row(m, "title", "body", "link", "created_at", "read_at") for m in messages],
        "events": [
            {**_row(e, "name", "source", "occurred_at"), "properties": e.properties} for e in events
        ],
        "letters": [_row(letter, "id", "template", "created_at") for letter in sent_letters],
        "erasure_requests": [
            _row(r, "id", "status", "requested_at", "completed_at") for r in erasures
        ],
    }


def encode(document: dict[str, Any]) -> bytes:
    return msgspec.json.format(msgspec.json.encode(document), indent=2)


def _erasure_view(row: ErasureRequest) -> ErasureView:
    return ErasureView(
        id=row.id,
        status=row.status,  # type: ignore[arg-type]
        requested_at=row.requested_at,
        completed_at=row.completed_at,
    )


async def erasure_status(session: AsyncSession, contact_id: uuid.UUID) -> ErasureView | None:
    row = await session.scalar(
        select(ErasureRequest)
        .where(ErasureRequest.contact_id == contact_id)
        .order_by(ErasureRequest.requested_at.desc())
        .limit(1)
    )
    return _erasure_view(row) if row else None


async def ensure_erasure_job_type(session: AsyncSession) -> None:
    """The `data_erasure` job type, created with its defaults when missing (a type an admin
    edited is left as it is)."""
    await session.execute(
        insert(JobType)
        .values(
            name=ERASURE_JOB_TYPE,
            label="Erase a customer's data",
            queue=ERASURE_QUEUE,
            outcomes=[ERASE_OUTCOME, DECLINE_OUTCOME],
            guidance=_ERASURE_GUIDANCE,
            default_due_minutes=_ERASURE_DUE_MINUTES,
            priority="normal",
        )
        .on_conflict_do_nothing(index_elements=[JobType.name])
    )


async def request_erasure(unit: UnitOfWork, contact_id: uuid.UUID) -> ErasureView:
    """Record the request, its data-protection job and its event (`data.erasure_requested`);
    one open request at most.

    The job (type `data_erasure`, linked to the contact and to the request) waits in the
    data-protection queue; completing it settles the request (`settle_completed_erasures`).
    An open request whose job was cancelled (by a supervisor) gets a new job when the
    customer asks again, so no request is left without anyone working it.
    The caller publishes the job's live notice after commit (`app.jobs.live.take`).
    """
    session = unit.session
    await lock(session, contact_id)
    row = await session.scalar(
        select(ErasureRequest)
        .where(ErasureRequest.contact_id == contact_id, ErasureRequest.status == "requested")
        .with_for_update()
    )
    attempt = 0
    if row is not None:
        job_status = (
            await session.scalar(select(Job.status).where(Job.id == row.job_id))
            if row.job_id
            else None
        )
        if job_status != "cancelled":
            raise ConflictError("You have already asked us to erase your data; we are on it.")
        attempt = (
            await session.scalar(
                select(func.count())
                .select_from(Job)
                .where(Job.related.contains([{"type": ERASURE_RELATED_TYPE, "id": str(row.id)}]))
            )
            or 0
        )
    else:
        row = ErasureRequest(contact_id=contact_id, status="requested", requested_at=unit.now)
        session.add(row)
        await session.flush()
    await ensure_erasure_job_type(session)
    job = await create_from_effect(
        unit,
        key=f"portal-erasure:{row.id}" + (f":{attempt + 1}" if attempt else ""),
        payload={
            "job_type": ERASURE_JOB_TYPE,
            "title": "Erasure request from {{ contact.name }}",
            "link_objects": [ERASURE_RELATED_TYPE],
        },
        enrollment_id=None,
        journey_id=None,
        contact_id=contact_id,
        object_data={f"{ERASURE_RELATED_TYPE}_id": str(row.id)},
        event_data={},
        variables={},
    )
    assert job is not None, "a new request's key is new"
    row.job_id = job.id
    requested = ErasureRequested(
        erasure_request_id=str(row.id),
        job_id=str(job.id),
        job_type=ERASURE_JOB_TYPE,
        queue=job.queue,
    )
    await record(unit, contact_id, requested)
    return _erasure_view(row)


# Text fields that are references and codes, not anything a person wrote or is called.
_KEPT_TEXT_KEYS: Final = ("_id", "_ref", "status", "currency", "kind", "job_type")


def _aggregate_only(data: dict[str, Any]) -> dict[str, Any]:
    """What an object keeps after erasure: numbers, flags and ids — never free text."""
    kept: dict[str, Any] = {}
    for key, value in data.items():
        if isinstance(value, bool | int | float) or (
            isinstance(value, str) and key.endswith(("_id", "_ref", "status", "currency"))
        ):
            kept[key] = value
    return kept


async def anonymise(
    unit: UnitOfWork, contact_id: uuid.UUID, *, data_dir: str | None = None
) -> None:
    """Remove what identifies the contact; keep the history that counts.

    Kept: the contact row and id (so counts, journeys' step stats and reports stand),
    objects with their kind, status, times and numeric fields, consent history (proof of
    what was allowed), event names and times. Removed: name, email, phone, external id,
    birthday, custom attributes, tags, notes, portal messages, letters (their PDFs under
    `data_dir` too: they carry the name and the words), free text in objects and in event
    properties; the sign-in account is deactivated and its email replaced.
    """
    session = unit.session
    contact = await lock(session, contact_id)
    contact.name = ERASED_NAME
    contact.email = None
    contact.phone = None
    contact.external_id = None
    contact.birthday = None
    contact.timezone = None
    contact.locale = None
    contact.attributes = {}
    contact.tags = []
    contact.updated_at = unit.now
    for row in await session.scalars(
        select(ContactObject).where(ContactObject.contact_id == contact_id)
    ):
        row.data = _aggregate_only(row.data)
    for event in await session.scalars(select(Event).where(Event.contact_id == contact_id)):
        event.properties = _aggregate_only(event.properties)
    await session.execute(delete(ContactNote).where(ContactNote.contact_id == contact_id))
    await session.execute(delete(PortalMessage).where(PortalMessage.contact_id == contact_id))
    removed = await session.scalars(
        delete(Letter).where(Letter.contact_id == contact_id).returning(Letter.path)
    )
    if data_dir is not None:
        base = letters.letters_dir(data_dir)
        for relative in removed:
            path = (base / relative).resolve()
            if base in path.parents:
                path.unlink(missing_ok=True)
    user_ids = select(User.id).where(User.contact_id == contact_id).scalar_subquery()
    await session.execute(delete(PortalSignInLink).where(PortalSignInLink.user_id.in_(user_ids)))
    await session.execute(
        update(User)
        .where(User.contact_id == contact_id)
        .values(
            email=func.concat("erased-", User.id, "@invalid"),
            password_hash=None,
            is_active=False,
            updated_at=unit.now,
        )
    )
    await session.flush()
    await record(unit, contact_id, ContactAnonymised())


async def settle_completed_erasures(unit: UnitOfWork, *, data_dir: str | None = None) -> int:
    """Settle every open erasure request whose data-protection job has completed.

    The worker's sweep calls this every few seconds: the `job.status_changed` event of a
    `data_erasure` job completed after the request erases (or declines) it. Idempotent:
    a settled request is no longer open, so a second sweep finds nothing.
    """
    session = unit.session
    completion = (
        select(Event.id)
        .where(
            Event.contact_id == ErasureRequest.contact_id,
            Event.name == name_of(JobStatusChanged),
            Event.source == JobStatusChanged.SOURCE,
            Event.properties["to"].astext == "completed",
            Event.properties["job_type"].astext == ERASURE_JOB_TYPE,
            Event.occurred_at >= ErasureRequest.requested_at,
            # The request's own job (requests made before jobs were linked take any).
            or_(
                ErasureRequest.job_id.is_(None),
                Event.properties["job_id"].astext == cast(ErasureRequest.job_id, String),
            ),
        )
        .order_by(Event.id)
        .limit(1)
        .scalar_subquery()
    )
    due = await session.execute(
        select(ErasureRequest.contact_id, completion)
        .where(ErasureRequest.status == "requested", completion.is_not(None))
        .limit(100)
    )
    settled = 0
    for contact_id, event_id in list(due):
        event = await session.get(Event, event_id)
        assert event is not None
        completed = decode(event.name, event.source, dict(event.properties))
        if isinstance(completed, JobStatusChanged):
            settled += await on_job_completed(unit, contact_id, completed, data_dir=data_dir)
    return settled


async def on_job_completed(
    unit: UnitOfWork,
    contact_id: uuid.UUID,
    completed: JobStatusChanged,
    *,
    data_dir: str | None = None,
) -> bool:
    """React to a job's completion: a completed erasure job erases (or declines) the
    contact's open request. True when it did something; a repeat delivery does nothing."""
    session = unit.session
    if completed.job_type != ERASURE_JOB_TYPE or completed.to != "completed":
        return False
    # The contact's row lock first (as every change to a contact does), then the request.
    await lock(session, contact_id)
    request = await session.scalar(
        select(ErasureRequest)
        .where(ErasureRequest.contact_id == contact_id, ErasureRequest.status == "requested")
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    if request is None:
        return False
    job_id = completed.job_id
    if request.job_id is not None and job_id != str(request.job_id):
        return False  # another (older, or duplicate) erasure job: not this request's answer
    outcome = completed.outcome
    if outcome == ERASE_OUTCOME:
        await anonymise(unit, contact_id, data_dir=data_dir)
        request.status = "completed"
    elif outcome == DECLINE_OUTCOME:
        request.status = "declined"
    else:
        return False
    request.completed_at = unit.now
    if job_id:
        with contextlib.suppress(ValueError):
            request.job_id = uuid.UUID(job_id)
    return True
