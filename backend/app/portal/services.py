"""The customer's own profile and consent. Changes go through the CRM's services, so each
one is a `contact.field_changed` / `contact.opted_in|out` event (origin `portal`)."""

from __future__ import annotations

import uuid

import msgspec
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.auth.permissions import Permission
from app.auth.principal import UserPrincipal
from app.contacts import consent, profile
from app.contacts.models import Contact
from app.contacts.schemas import ContactUpdate, ContactView
from app.lib.problems import NotFoundError
from app.lib.unit_of_work import UnitOfWork
from app.portal.schemas import ConsentChoice, ConsentUpdate, PortalProfile, ProfileUpdate


async def _contact(db: AsyncSession, contact_id: uuid.UUID) -> Contact:
    contact = await db.scalar(select(Contact).where(Contact.id == contact_id))
    if contact is None:
        raise NotFoundError("Your contact record could not be found.")
    return contact


async def own_contact(db: AsyncSession, user: UserPrincipal) -> ContactView:
    contact = await _contact(db, user.contact_id)
    return ContactView(
        id=contact.id,
        name=contact.name,
        email=contact.email,
        phone=contact.phone,
        created_at=contact.created_at,
    )


async def own_profile(db: AsyncSession, user: UserPrincipal) -> PortalProfile:
    contact = await _contact(db, user.contact_id)
    states = await consent.consent_states(db, contact.id)
    return PortalProfile(
        id=contact.id,
        name=contact.name,
        email=contact.email,
        phone=contact.phone,
        timezone=contact.timezone,
        locale=contact.locale,
        birthday=contact.birthday,
        consent=[ConsentChoice(s.channel, s.status, s.allowed) for s in states],
        is_affiliate=Permission.PORTAL_AFFILIATE in user.permissions,
        created_at=contact.created_at,
    )


async def update_profile(unit: UnitOfWork, user: UserPrincipal, data: ProfileUpdate) -> None:
    fields = {
        name: value
        for name in ("name", "phone", "timezone", "locale", "birthday")
        if (value := getattr(data, name)) is not msgspec.UNSET
    }
    await profile.update_contact(unit, user.contact_id, ContactUpdate(**fields))


async def update_consent(unit: UnitOfWork, user: UserPrincipal, data: ConsentUpdate) -> None:
    # The row lock orders this change against staff edits and journey steps.
    db = unit.session
    await profile.lock(db, user.contact_id)
    await consent.set_consent(unit, user.contact_id, data.channel, data.status, source="portal")
