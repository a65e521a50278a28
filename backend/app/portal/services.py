"""Portal reads. Every query is scoped by the principal's own contact id, never by an id
taken from the request, so one customer cannot name another's records."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from app.auth.principal import UserPrincipal
from app.contacts.schemas import ContactView
from app.contacts.services import get_contact
from app.lib.problems import NotFoundError


async def own_contact(db: AsyncSession, user: UserPrincipal) -> ContactView:
    contact = await get_contact(db, user.contact_id)
    if contact is None:
        raise NotFoundError("Your contact record could not be found.")
    return ContactView(
        id=contact.id,
        name=contact.name,
        email=contact.email,
        phone=contact.phone,
        created_at=contact.created_at,
    )
