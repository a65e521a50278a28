"""Demo CRM data: the demo customers get tags, scores, consent, owners, objects and notes,
and a few leads join them, so the contact list, the contact page and the segments show
something alive. Each change goes through the services (so it is an event, as in real
use). A contact that already has tags or objects is left as it is: loading twice
changes nothing."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.auth.models import User
from app.contacts import consent, objects, profile
from app.contacts.consent import Channel, ConsentStatus
from app.contacts.models import Contact, ContactObject
from app.contacts.notes import add_note
from app.contacts.schemas import ContactCreate, ContactUpdate, ObjectCreate, ObjectKind
from app.lib.unit_of_work import UnitOfWork


@dataclass(frozen=True)
class DemoObject:
    kind: ObjectKind
    ref: str
    status: str
    data: dict[str, Any] = field(default_factory=dict)
    due_in_days: int | None = None
    starts_in_days: int | None = None


@dataclass(frozen=True)
class DemoContact:
    email: str
    name: str
    tags: tuple[str, ...]
    score: int
    timezone: str
    locale: str
    birthday: date | None
    region: str
    consent: tuple[tuple[Channel, ConsentStatus, str], ...]
    owner: str | None
    objects: tuple[DemoObject, ...] = ()
    note: str | None = None
    renews_in_days: int | None = None


_PEOPLE: tuple[DemoContact, ...] = (
    DemoContact(
        "ada@example.com",
        "Ada Lovelace",
        ("customer", "vip", "newsletter"),
        35,
        "Europe/London",
        "en-GB",
        date(1815, 12, 10),
        "north",
        (("email", "opted_in", "signup form"), ("sms", "opted_in", "portal")),
        "sales@waymark.local",
        (
            DemoObject("order", "ORD-2000", "shipped", {"value": 120, "items": 2}),
            DemoObject("subscription", "SUB-11", "active", {"plan": "Gold"}, starts_in_days=30),
            DemoObject("appointment", "APT-11", "booked", {"place": "Leeds"}, starts_in_days=5),
        ),
        "Prefers email. Asked about the Gold plan's renewal price.",
        renews_in_days=30,
    ),
    DemoContact(
        "grace@example.com",
        "Grace Hopper",
        ("customer", "newsletter"),
        20,
        "America/New_York",
        "en-US",
        date(1906, 12, 9),
        "south",
        (("email", "opted_in", "signup form"), ("email", "opted_out", "unsubscribe link")),
        "customer-support@waymark.local",
        (
            DemoObject("order", "ORD-2001", "delivered", {"value": 570, "items": 1}),
            DemoObject("ticket", "TCK-7", "open", {"subject": "Invoice INV-301"}, due_in_days=1),
        ),
        "Missed payment INV-301; says the invoice went to an old address.",
    ),
    DemoContact(
        "alan@example.com",
        "Alan Turing",
        ("customer",),
        55,
        "Europe/London",
        "en-GB",
        date(1912, 6, 23),
        "east",
        (("email", "opted_in", "checkout"),),
        "sales@waymark.local",
        (
            DemoObject("order", "ORD-2002", "placed", {"value": 1020, "items": 4}),
            DemoObject("return", "RET-3", "requested", {"reason": "damaged"}, due_in_days=7),
        ),
    ),
    DemoContact(
        "katherine@example.com",
        "Katherine Johnson",
        ("lead",),
        72,
        "America/Chicago",
        "en-US",
        date(1918, 8, 26),
        "west",
        (("email", "opted_in", "webinar"), ("phone", "opted_out", "call")),
        None,
        (DemoObject("enquiry", "ENQ-5", "new", {"topic": "Bulk pricing"}, due_in_days=2),),
        "Webinar attendee; wants a quote for 200 units.",
    ),
    DemoContact(
        "margaret@example.com",
        "Margaret Hamilton",
        ("lead", "newsletter"),
        48,
        "America/Los_Angeles",
        "en-US",
        date(1936, 8, 17),
        "west",
        (("email", "opted_in", "newsletter form"),),
        None,
    ),
    DemoContact(
        "barbara@example.com",
        "Barbara Liskov",
        ("lead",),
        90,
        "Europe/Berlin",
        "de-DE",
        None,
        "north",
        (("email", "opted_in", "trade fair"), ("sms", "opted_in", "trade fair")),
        "sales@waymark.local",
        note="Met at the trade fair. Decision maker; call back in January.",
    ),
    DemoContact(
        "donald@example.com",
        "Donald Knuth",
        ("customer", "newsletter"),
        12,
        "America/Los_Angeles",
        "en-US",
        date(1938, 1, 10),
        "south",
        (("email", "opted_in", "checkout"),),
        "customer-support@waymark.local",
        (DemoObject("order", "ORD-1990", "delivered", {"value": 64, "items": 1}),),
    ),
)


async def _user_id(session: AsyncSession, email: str | None) -> uuid.UUID | None:
    if email is None:
        return None
    found: uuid.UUID | None = await session.scalar(
        select(User.id).where(func.lower(User.email) == email)
    )
    return found


async def _contact_id(unit: UnitOfWork, person: DemoContact) -> uuid.UUID:
    session = unit.session
    found = await session.scalar(
        select(Contact.id).where(func.lower(Contact.email) == person.email)
    )
    if found is not None:
        return found
    created = await profile.create_contact(
        unit, ContactCreate(name=person.name, email=person.email)
    )
    return created.id


def _days(now: datetime, days: int | None) -> datetime | None:
    if days is None:
        return None
    return (now + timedelta(days=days)).replace(hour=14, minute=0, second=0, microsecond=0)


async def _already_done(session: AsyncSession, contact_id: uuid.UUID) -> bool:
    tags = await session.scalar(select(Contact.tags).where(Contact.id == contact_id))
    has_object = await session.scalar(
        select(ContactObject.id).where(ContactObject.contact_id == contact_id).limit(1)
    )
    return bool(tags) or has_object is not None


async def seed_contacts(unit: UnitOfWork) -> None:
    """The demo CRM data, in the caller's unit of work (each change an event of its own)."""
    session, now = unit.session, unit.now
    for person in _PEOPLE:
        contact_id = await _contact_id(unit, person)
        if await _already_done(session, contact_id):
            continue
        attributes: dict[str, Any] = {"region": person.region}
        if person.renews_in_days is not None:
            renews = (now + timedelta(days=person.renews_in_days)).date()
            attributes["renewal_date"] = renews.isoformat()
        await profile.update_contact(
            unit,
            contact_id,
            ContactUpdate(
                name=person.name,
                timezone=person.timezone,
                locale=person.locale,
                birthday=person.birthday,
                attributes=attributes,
            ),
        )
        await profile.add_tags(unit, contact_id, list(person.tags))
        await profile.change_score(unit, contact_id, value=person.score)
        for channel, status, source in person.consent:
            await consent.set_consent(unit, contact_id, channel, status, source=source)
        owner = await _user_id(session, person.owner)
        if owner is not None:
            await profile.set_owner(unit, contact_id, owner)
        for item in person.objects:
            await objects.create_object(
                unit,
                contact_id,
                ObjectCreate(
                    kind=item.kind,
                    status=item.status,
                    external_ref=item.ref,
                    data=item.data,
                    due_at=_days(now, item.due_in_days),
                    starts_at=_days(now, item.starts_in_days),
                ),
            )
        if person.note:
            unit.actor_id = owner
            await add_note(unit, contact_id, person.note)
            unit.actor_id = None
