"""What the worker knows about a contact, as the engine's `Facts`.

The contact's fields with its custom attributes (`contact.region`), tags, score (as
`lead_score`), consent per channel (what `may_contact` answers), time zone, its open
jobs and its latest object of each kind (`objects.order.status`). An enrollment's related object is
the data of the event that started it (an `appointment.scheduled` event carries its
appointment).
"""

from __future__ import annotations

import uuid
from collections.abc import Collection, Sequence
from datetime import UTC, datetime
from typing import Any

import msgspec
from sqlalchemy import func, select
from sqlalchemy.dialects.postgresql import distinct_on
from sqlalchemy.ext.asyncio import AsyncSession

from app.contacts.consent import ConsentStatus, consent_states, decide
from app.contacts.models import Contact, ContactConsent, ContactObject
from app.contacts.profile import SCORE_NAME
from app.engine.channels import CONSENT_CHANNELS
from app.engine.conditions import MAX_EVENT_COUNT
from app.engine.facts import EmailRecord, EventRecord, Facts, JobRecord
from app.engine.state import EnrollmentState, started_by
from app.eventlog.models import Event
from app.jobs.models import OPEN_STATUSES, Job
from app.lib.db import any_uuid
from app.segments.services import memberships_of
from app.settings import get_settings

# Events whose history conditions read ("opened email X"): the channels issue emits them.
OPENED: str = "email.opened"


def contact_fields(contact: Contact) -> dict[str, Any]:
    first, _, last = contact.name.partition(" ")
    # Custom attributes first: a built-in field of the same name wins.
    return {
        **contact.attributes,
        "attributes": dict(contact.attributes),
        "id": str(contact.id),
        "external_id": contact.external_id,
        "name": contact.name,
        "first_name": first,
        "last_name": last,
        "email": contact.email,
        "phone": contact.phone,
        "locale": contact.locale,
        "birthday": contact.birthday.isoformat() if contact.birthday else None,
        "score": contact.score,
        "tags": sorted(contact.tags),
        "owner_id": str(contact.owner_id) if contact.owner_id else None,
        "created_at": contact.created_at.isoformat(),
    }


async def _latest_objects(session: AsyncSession, contact_id: uuid.UUID) -> dict[str, Any]:
    rows = await session.scalars(
        select(ContactObject)
        .where(ContactObject.contact_id == contact_id)
        .ext(distinct_on(ContactObject.kind))
        .order_by(ContactObject.kind, ContactObject.created_at.desc(), ContactObject.id)
    )
    return {row.kind: _object_view(row) for row in rows}


def _object_view(row: ContactObject) -> dict[str, Any]:
    return {
        **row.data,
        "id": str(row.id),
        "external_ref": row.external_ref,
        "status": row.status,
        "due_at": row.due_at.isoformat() if row.due_at else None,
        "starts_at": row.starts_at.isoformat() if row.starts_at else None,
    }


async def contact_facts(
    session: AsyncSession,
    contact_id: uuid.UUID,
    *,
    now: datetime | None = None,
    history: Collection[str] = (),
) -> Facts:
    """The contact's CRM data, the emails it opened (from `email.opened` events) and its
    events of the names in `history` (for "did event X" rules)."""
    contact = await session.get(Contact, contact_id)
    if contact is None:
        return Facts()
    opened = await session.execute(
        select(Event.occurred_at, Event.properties)
        .where(Event.contact_id == contact_id, Event.name == OPENED)
        .order_by(Event.id)
    )
    consent = await consent_states(session, contact_id)
    return Facts(
        contact=contact_fields(contact),
        tags=frozenset(contact.tags),
        scores={SCORE_NAME: contact.score},
        consent={state.channel: state.allowed for state in consent},
        timezone=contact.timezone or "UTC",
        objects=await _latest_objects(session, contact_id),
        # Saved segments the contact is in now (one query; none when there are none).
        segments=(await memberships_of(session, [contact_id], now or datetime.now(UTC))).get(
            contact_id, frozenset()
        ),
        emails_opened=tuple(
            EmailRecord(at, str(props.get("template") or "") or None) for at, props in opened
        ),
        jobs=(await open_jobs(session, [contact_id])).get(contact_id, ()),
        events=tuple(
            record
            for _, record in (await event_history(session, [contact_id], history)).get(
                contact_id, []
            )
        ),
    )


async def facts_of_contacts(
    session: AsyncSession, contacts: Sequence[Contact], *, now: datetime | None = None
) -> dict[uuid.UUID, Facts]:
    """`contact_facts` for a whole batch in three queries (without the opened emails, which
    the worker adds per event so an event sees only the opens before it)."""
    ids = [contact.id for contact in contacts]
    segments = await memberships_of(session, ids, now or datetime.now(UTC))
    statuses: dict[uuid.UUID, dict[str, str]] = {}
    consents = await session.execute(
        select(ContactConsent.contact_id, ContactConsent.channel, ContactConsent.status)
        .where(ContactConsent.contact_id == any_uuid(ids))
        .ext(distinct_on(ContactConsent.contact_id, ContactConsent.channel))
        .order_by(
            ContactConsent.contact_id,
            ContactConsent.channel,
            ContactConsent.changed_at.desc(),
            ContactConsent.id.desc(),
        )
    )
    for contact_id, channel, status in consents:
        statuses.setdefault(contact_id, {})[channel] = status
    objects: dict[uuid.UUID, dict[str, Any]] = {}
    rows = await session.scalars(
        select(ContactObject)
        .where(ContactObject.contact_id == any_uuid(ids))
        .ext(distinct_on(ContactObject.contact_id, ContactObject.kind))
        .order_by(
            ContactObject.contact_id,
            ContactObject.kind,
            ContactObject.created_at.desc(),
            ContactObject.id,
        )
    )
    for row in rows:
        objects.setdefault(row.contact_id, {})[row.kind] = _object_view(row)
    jobs = await open_jobs(session, ids)
    soft = get_settings().consent_soft_opt_in
    found = {}
    for contact in contacts:
        known = statuses.get(contact.id, {})
        is_customer = soft and "order" in objects.get(contact.id, {})
        found[contact.id] = Facts(
            contact=contact_fields(contact),
            tags=frozenset(contact.tags),
            scores={SCORE_NAME: contact.score},
            consent={
                channel: decide(
                    channel,
                    _status(known.get(channel)),
                    soft_opt_in=soft,
                    is_customer=is_customer,
                )
                for channel in CONSENT_CHANNELS
            },
            timezone=contact.timezone or "UTC",
            objects=objects.get(contact.id, {}),
            segments=segments.get(contact.id, frozenset()),
            jobs=jobs.get(contact.id, ()),
        )
    return found


async def open_jobs(
    session: AsyncSession, contact_ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, tuple[JobRecord, ...]]:
    """Each contact's open jobs (type and queue), for “has an open job” conditions."""
    if not contact_ids:
        return {}
    rows = await session.execute(
        select(Job.contact_id, Job.type_name, Job.queue)
        .where(Job.contact_id == any_uuid(contact_ids), Job.status.in_(OPEN_STATUSES))
        .order_by(Job.contact_id, Job.created_at, Job.id)
    )
    found: dict[uuid.UUID, list[JobRecord]] = {}
    for contact_id, type_name, queue in rows:
        if contact_id is not None:
            found.setdefault(contact_id, []).append(JobRecord(type_name, queue, open=True))
    return {contact_id: tuple(jobs) for contact_id, jobs in found.items()}


async def event_history(
    session: AsyncSession, contact_ids: Sequence[uuid.UUID], names: Collection[str]
) -> dict[uuid.UUID, list[tuple[int, EventRecord]]]:
    """The contacts' events of `names` (what "did event X" rules ask about), as (event
    id, record) in id order, so each event's facts can see only those up to itself.

    One query over `ix_events_contact_name_occurred`; per contact and name the newest
    `MAX_EVENT_COUNT`, enough for any count a rule can ask for.
    """
    if not contact_ids or not names:
        return {}
    newest = func.row_number().over(
        partition_by=(Event.contact_id, Event.name),
        order_by=(Event.occurred_at.desc(), Event.id.desc()),
    )
    ranked = (
        select(
            Event.contact_id,
            Event.id,
            Event.name,
            Event.occurred_at,
            Event.properties,
            newest.label("newest"),
        )
        .where(Event.contact_id == any_uuid(contact_ids), Event.name.in_(sorted(names)))
        .subquery()
    )
    rows = await session.execute(
        select(
            ranked.c.contact_id,
            ranked.c.id,
            ranked.c.name,
            ranked.c.occurred_at,
            ranked.c.properties,
        )
        .where(ranked.c.newest <= MAX_EVENT_COUNT)
        .order_by(ranked.c.id)
    )
    found: dict[uuid.UUID, list[tuple[int, EventRecord]]] = {}
    for contact_id, event_id, name, at, properties in rows:
        found.setdefault(contact_id, []).append((event_id, EventRecord(name, at, properties)))
    return found


def _status(value: str | None) -> ConsentStatus | None:
    if value is None:
        return None
    return "opted_in" if value == "opted_in" else "opted_out"


def enrollment_facts(facts: Facts, state: EnrollmentState) -> Facts:
    """The contact's facts with the enrollment's own related object (see the module note)."""
    related = started_by(state)
    if facts.object or not related:
        return facts
    return msgspec.structs.replace(facts, object=related)
