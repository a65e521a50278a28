"""What the worker knows about a contact, as the engine's `Facts`.

The CRM core (tags, scores, consent, objects) lands with its own issue; until then the
contact's fields are what there is, and an enrollment's related object is the data of
the event that started it (an `appointment.scheduled` event carries its appointment).
"""

from __future__ import annotations

import uuid
from typing import Any

import msgspec
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.contacts.models import Contact
from app.engine.facts import EmailRecord, Facts
from app.engine.state import EnrollmentState
from app.events.models import Event

# Events whose history conditions read ("opened email X"): the channels issue emits them.
_OPENED: str = "email.opened"


def _fields(contact: Contact) -> dict[str, Any]:
    first, _, last = contact.name.partition(" ")
    return {
        "id": str(contact.id),
        "external_id": contact.external_id,
        "name": contact.name,
        "first_name": first,
        "last_name": last,
        "email": contact.email,
        "phone": contact.phone,
    }


async def contact_facts(session: AsyncSession, contact_id: uuid.UUID) -> Facts:
    """The contact's fields and the emails it opened (from `email.opened` events)."""
    contact = await session.get(Contact, contact_id)
    if contact is None:
        return Facts()
    opened = await session.execute(
        select(Event.occurred_at, Event.properties)
        .where(Event.contact_id == contact_id, Event.name == _OPENED)
        .order_by(Event.id)
    )
    return Facts(
        contact=_fields(contact),
        emails_opened=tuple(
            EmailRecord(at, str(props.get("template") or "") or None) for at, props in opened
        ),
    )


def enrollment_facts(facts: Facts, state: EnrollmentState) -> Facts:
    """The contact's facts with the enrollment's own related object (see the module note)."""
    if facts.object or not state.event:
        return facts
    return msgspec.structs.replace(facts, object=dict(state.event))
