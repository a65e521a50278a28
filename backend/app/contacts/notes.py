"""Notes staff write on a contact; adding one records `contact.note_added`."""

from __future__ import annotations

import uuid

from app.contacts.models import ContactNote
from app.contacts.profile import lock
from app.eventlog.kinds import ContactNoteAdded
from app.eventlog.writer import record
from app.lib.unit_of_work import UnitOfWork


async def add_note(unit: UnitOfWork, contact_id: uuid.UUID, body: str) -> ContactNote:
    session = unit.session
    await lock(session, contact_id)
    note = ContactNote(
        contact_id=contact_id, author_id=unit.actor_id, body=body, created_at=unit.now
    )
    session.add(note)
    await session.flush()
    await record(unit, contact_id, ContactNoteAdded(note_id=note.id))
    return note
