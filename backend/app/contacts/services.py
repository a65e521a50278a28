"""Finding and creating contacts from the identifiers an event carries."""

from __future__ import annotations

import uuid

from sqlalchemy import func, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from app.contacts.aliases import AnonymousAlias
from app.contacts.models import Contact
from app.contacts.schemas import ContactRef


async def find_contact_id(session: AsyncSession, ref: ContactRef) -> uuid.UUID | None:
    # Most specific identifier first: an external id beats an email beats a phone.
    if ref.anonymous_id and not ref.external_id:
        # A visitor who has identified since: their anonymous id now names the person.
        found = await session.scalar(
            select(AnonymousAlias.contact_id).where(AnonymousAlias.anonymous_id == ref.anonymous_id)
        )
        if found is not None:
            return found
    if ref.external_id or ref.anonymous_id:
        external_id = ref.external_id or f"anon:{ref.anonymous_id}"
        found = await session.scalar(select(Contact.id).where(Contact.external_id == external_id))
        if found is not None:
            return found
    if ref.email:
        found = await session.scalar(
            select(Contact.id).where(func.lower(Contact.email) == ref.email.lower())
        )
        if found is not None:
            return found
    if ref.phone:
        found = await session.scalar(select(Contact.id).where(Contact.phone == ref.phone).limit(1))
        return found
    return None


async def resolve_contact(session: AsyncSession, ref: ContactRef) -> uuid.UUID:
    """Return the contact the reference names, creating it when nobody matches."""
    found = await find_contact_id(session, ref)
    if found is not None:
        return found
    external_id = ref.external_id or (f"anon:{ref.anonymous_id}" if ref.anonymous_id else None)
    # A concurrent request may create the same contact: let the unique index decide.
    created: uuid.UUID | None = await session.scalar(
        insert(Contact)
        .values(external_id=external_id, email=ref.email, phone=ref.phone)
        .on_conflict_do_nothing()
        .returning(Contact.id)
    )
    if created is not None:
        return created
    found = await find_contact_id(session, ref)
    if found is None:  # pragma: no cover - only if the winner rolled back between statements
        raise RuntimeError("contact vanished while being created; retry the request")
    return found


async def get_contact(session: AsyncSession, contact_id: uuid.UUID) -> Contact | None:
    return await session.get(Contact, contact_id)
