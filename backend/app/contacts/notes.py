"""Notes staff write on a contact; adding one records `contact.note_added`."""

from __future__ import annotations

import uuid

from sqlalchemy.ext.asyncio import AsyncSession

from app.contacts.changes import Changes
from app.contacts.models import ContactNote
from app.contacts.profile import lock


async def add_note(
    session: AsyncSession, changes: Changes, contact_id: uuid.UUID, body: str
) -> ContactNote:
    await lock(session, contact_id)
    note = ContactNote(
        contact_id=contact_id, author_id=changes.actor_id, body=body, created_at=changes.now
    )
    session.add(note)
    await session.flush()
    await changes.record(session, contact_id, "contact.note_added", {"note_id": note.id})
    return note
