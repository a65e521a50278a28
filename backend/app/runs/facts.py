"""What the worker knows about a contact, as the engine's `Facts`.

The contact's fields with its custom attributes (`contact.region`), tags, score (as
`lead_score`), consent per channel (what `may_contact` answers), time zone and its
latest object of each kind (`objects.order.status`). An enrollment's related object is
the data of the event that started it (an `appointment.scheduled` event carries its
appointment).
"""

from __future__ import annotations

import uuid
from typing import Any

import msgspec
from sqlalchemy import select
from sqlalchemy.dialects.postgresql import distinct_on
from sqlalchemy.ext.asyncio import AsyncSession

from app.contacts.consent import consent_states
from app.contacts.models import Contact, ContactObject
from app.contacts.profile import SCORE_NAME
from app.engine.facts import EmailRecord, Facts
from app.engine.state import EnrollmentState
from app.events.models import Event

# Events whose history conditions read ("opened email X"): the channels issue emits them.
_OPENED: str = "email.opened"


def _fields(contact: Contact) -> dict[str, Any]:
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
    return {
        row.kind: {
            **row.data,
            "id": str(row.id),
            "external_ref": row.external_ref,
            "status": row.status,
            "due_at": row.due_at.isoformat() if row.due_at else None,
            "starts_at": row.starts_at.isoformat() if row.starts_at else None,
        }
        for row in rows
    }


async def contact_facts(session: AsyncSession, contact_id: uuid.UUID) -> Facts:
    """The contact's CRM data and the emails it opened (from `email.opened` events)."""
    contact = await session.get(Contact, contact_id)
    if contact is None:
        return Facts()
    opened = await session.execute(
        select(Event.occurred_at, Event.properties)
        .where(Event.contact_id == contact_id, Event.name == _OPENED)
        .order_by(Event.id)
    )
    consent = await consent_states(session, contact_id)
    return Facts(
        contact=_fields(contact),
        tags=frozenset(contact.tags),
        scores={SCORE_NAME: contact.score},
        consent={state.channel: state.allowed for state in consent},
        timezone=contact.timezone or "UTC",
        objects=await _latest_objects(session, contact_id),
        emails_opened=tuple(
            EmailRecord(at, str(props.get("template") or "") or None) for at, props in opened
        ),
    )


def enrollment_facts(facts: Facts, state: EnrollmentState) -> Facts:
    """The contact's facts with the enrollment's own related object (see the module note)."""
    if facts.object or not state.event:
        return facts
    return msgspec.structs.replace(facts, object=dict(state.event))
