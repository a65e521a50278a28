"""Reading contacts: the searchable, filterable list and the contact page's detail."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Final, Literal

from sqlalchemy import ColumnElement, and_, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.auth.models import Role, User
from app.contacts.consent import consent_states
from app.contacts.models import Contact, ContactConsent, ContactNote
from app.contacts.schemas import (
    ConsentRecord,
    ConsentView,
    ContactDetail,
    ContactPage,
    ContactSummary,
    NoteView,
    OwnerView,
)
from app.lib.problems import InvalidInputError, NotFoundError
from app.segments.compile import Compiler
from app.segments.services import predicate_for
from app.settings import get_settings

ConsentFilter = Literal[
    "email:allowed",
    "email:refused",
    "sms:allowed",
    "sms:refused",
    "letter:allowed",
    "letter:refused",
    "phone:allowed",
    "phone:refused",
]
_OWNER_NONE: Final = "none"


async def _owners(session: AsyncSession, ids: set[uuid.UUID]) -> dict[uuid.UUID, OwnerView]:
    if not ids:
        return {}
    rows = await session.execute(
        select(User.id, Contact.name, User.email)
        .join(Contact, Contact.id == User.contact_id)
        .where(User.id.in_(ids))
    )
    return {uid: OwnerView(uid, name or email, email) for uid, name, email in rows}


def search(q: str) -> ColumnElement[bool]:
    """Contacts whose name, email, phone or external id contain `q` (any case)."""
    like = f"%{q.strip().lower()}%"
    return or_(
        func.lower(Contact.name).like(like),
        func.lower(Contact.email).like(like),
        Contact.phone.like(f"%{q.strip()}%"),
        func.lower(Contact.external_id).like(like),
    )


async def list_contacts(
    session: AsyncSession,
    *,
    now: datetime,
    q: str | None = None,
    tag: str | None = None,
    segment: str | None = None,
    owner: str | None = None,
    consent: ConsentFilter | None = None,
    score_min: int | None = None,
    score_max: int | None = None,
    page: int = 1,
    page_size: int = 25,
) -> ContactPage:
    where: list[ColumnElement[bool]] = []
    if q and q.strip():
        where.append(search(q))
    if tag:
        where.append(Contact.tags.contains([tag]))
    if segment:
        where.append(await predicate_for(session, segment, now))
    if owner == _OWNER_NONE:
        where.append(Contact.owner_id.is_(None))
    elif owner:
        try:
            where.append(Contact.owner_id == uuid.UUID(owner))
        except ValueError as error:
            raise InvalidInputError.on_field(
                "owner", "Pass a user id, or `none` for contacts nobody owns."
            ) from error
    if consent:
        channel, _, wanted = consent.partition(":")
        allowed = Compiler(now=now, soft_opt_in=get_settings().consent_soft_opt_in)
        expression = allowed.consent_allowed(channel)
        where.append(expression if wanted == "allowed" else ~expression)
    if score_min is not None:
        where.append(Contact.score >= score_min)
    if score_max is not None:
        where.append(Contact.score <= score_max)
    condition = and_(*where) if where else None
    total_query = select(func.count()).select_from(Contact)
    query = select(Contact)
    if condition is not None:
        total_query = total_query.where(condition)
        query = query.where(condition)
    total = int(await session.scalar(total_query) or 0)
    rows = list(
        await session.scalars(
            query.order_by(Contact.created_at.desc(), Contact.id)
            .limit(page_size)
            .offset((page - 1) * page_size)
        )
    )
    owners = await _owners(session, {r.owner_id for r in rows if r.owner_id})
    return ContactPage(
        items=[
            ContactSummary(
                id=r.id,
                name=r.name,
                email=r.email,
                phone=r.phone,
                external_id=r.external_id,
                tags=list(r.tags),
                score=r.score,
                owner=owners.get(r.owner_id) if r.owner_id else None,
                created_at=r.created_at,
            )
            for r in rows
        ],
        total=total,
        page=page,
        page_size=page_size,
    )


async def detail(session: AsyncSession, contact_id: uuid.UUID) -> ContactDetail:
    contact = await session.get(Contact, contact_id, populate_existing=True)
    if contact is None:
        raise NotFoundError(f"There is no contact {contact_id}.")
    owners = await _owners(session, {contact.owner_id} if contact.owner_id else set())
    return ContactDetail(
        id=contact.id,
        name=contact.name,
        email=contact.email,
        phone=contact.phone,
        external_id=contact.external_id,
        timezone=contact.timezone,
        locale=contact.locale,
        birthday=contact.birthday,
        attributes=dict(contact.attributes),
        tags=list(contact.tags),
        score=contact.score,
        owner=owners.get(contact.owner_id) if contact.owner_id else None,
        consent=[
            ConsentView(state.channel, state.status, state.allowed)
            for state in await consent_states(session, contact_id)
        ],
        created_at=contact.created_at,
        updated_at=contact.updated_at,
    )


async def consent_history(session: AsyncSession, contact_id: uuid.UUID) -> list[ConsentRecord]:
    rows = await session.scalars(
        select(ContactConsent)
        .where(ContactConsent.contact_id == contact_id)
        .order_by(ContactConsent.changed_at.desc(), ContactConsent.id.desc())
    )
    return [
        ConsentRecord(r.id, r.channel, r.status, r.changed_at, r.source, r.actor_id)  # type: ignore[arg-type]
        for r in rows
    ]


async def notes(session: AsyncSession, contact_id: uuid.UUID) -> list[NoteView]:
    rows = list(
        await session.scalars(
            select(ContactNote)
            .where(ContactNote.contact_id == contact_id)
            .order_by(ContactNote.id.desc())
        )
    )
    authors = await _owners(session, {r.author_id for r in rows if r.author_id})
    return [
        NoteView(r.id, r.body, authors.get(r.author_id) if r.author_id else None, r.created_at)
        for r in rows
    ]


async def owner_choices(session: AsyncSession) -> list[OwnerView]:
    """Active members of staff (users whose role is not a customer role)."""
    rows = await session.execute(
        select(User.id, Contact.name, User.email, Role.permissions)
        .join(Contact, Contact.id == User.contact_id)
        .join(Role, Role.name == User.primary_role)
        .where(User.is_active.is_(True))
        .order_by(Contact.name, User.email)
    )
    return [
        OwnerView(uid, name or email, email)
        for uid, name, email, permissions in rows
        if "portal:self" not in permissions
    ]
