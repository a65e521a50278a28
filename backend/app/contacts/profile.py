"""Changing a contact: fields, custom attributes, tags, score and owner.

Every function takes the contact's row lock first (the same lock the worker takes), so
staff edits and journey steps on one contact never interleave, and records one change
event per change in the same unit of work (app.eventlog.kinds lists them).
"""

from __future__ import annotations

import uuid
import zoneinfo
from datetime import date
from functools import cache
from typing import Any, Final

import msgspec
from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from app.auth.models import User
from app.contacts.models import Contact
from app.contacts.schemas import ContactCreate, ContactUpdate
from app.eventlog.kinds import (
    ContactCreated,
    ContactFieldChanged,
    ContactOwnerChanged,
    ContactScoreChanged,
    ContactTagged,
    ContactUntagged,
)
from app.eventlog.writer import record
from app.lib.problems import ConflictError, FieldError, InvalidInputError, NotFoundError
from app.lib.unit_of_work import UnitOfWork

# The score journeys call `lead_score` (score-threshold triggers, `contact.score`).
SCORE_NAME: Final = "lead_score"
_FIELDS: Final = ("name", "email", "phone", "external_id", "timezone", "locale", "birthday")


@cache
def _zones() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones())


def valid_timezone(name: str) -> bool:
    return name in _zones()


async def lock(session: AsyncSession, contact_id: uuid.UUID) -> Contact:
    """The contact, row-locked for the rest of the transaction; 404 when there is none."""
    contact = await session.scalar(
        select(Contact)
        .where(Contact.id == contact_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    if contact is None:
        raise NotFoundError(f"There is no contact {contact_id}.")
    return contact


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value


async def _check_unique(
    session: AsyncSession, contact_id: uuid.UUID | None, values: dict[str, Any]
) -> None:
    errors = []
    email = values.get("email")
    if email:
        taken = await session.scalar(
            select(Contact.id).where(
                func.lower(Contact.email) == email.lower(), Contact.id != contact_id
            )
        )
        if taken is not None:
            errors.append(FieldError("email", f"Another contact ({taken}) has this email."))
    external_id = values.get("external_id")
    if external_id:
        taken = await session.scalar(
            select(Contact.id).where(Contact.external_id == external_id, Contact.id != contact_id)
        )
        if taken is not None:
            errors.append(
                FieldError("external_id", f"Another contact ({taken}) has this external id.")
            )
    if errors:
        raise ConflictError("; ".join(f"{e.field}: {e.message}" for e in errors), errors=errors)


def _check_timezone(value: Any) -> None:
    if isinstance(value, str) and not valid_timezone(value):
        raise InvalidInputError.on_field(
            "timezone", f"“{value}” is not an IANA time zone; use a name such as Europe/London."
        )


async def create_contact(unit: UnitOfWork, data: ContactCreate) -> Contact:
    session = unit.session
    _check_timezone(data.timezone)
    values = {name: getattr(data, name) for name in _FIELDS}
    await _check_unique(session, None, values)
    contact = Contact(**values, attributes=dict(data.attributes), tags=_unique(data.tags), score=0)
    session.add(contact)
    await session.flush()
    fields = {name: _plain(value) for name, value in values.items() if value not in (None, "")}
    await record(unit, contact.id, ContactCreated(fields=fields))
    for tag in contact.tags:
        await record(unit, contact.id, ContactTagged(tag=tag))
    return contact


async def update_contact(unit: UnitOfWork, contact_id: uuid.UUID, data: ContactUpdate) -> Contact:
    """Apply the fields sent; one `contact.field_changed` per field that really changed."""
    session = unit.session
    contact = await lock(session, contact_id)
    sent = {name: value for name in _FIELDS if (value := getattr(data, name)) is not msgspec.UNSET}
    _check_timezone(sent.get("timezone"))
    await _check_unique(session, contact_id, sent)
    for name, value in sent.items():
        previous = getattr(contact, name)
        if previous == value:
            continue
        setattr(contact, name, value)
        await _field_changed(unit, contact, name, previous=previous, current=value)
    if data.attributes is not msgspec.UNSET:
        merged = dict(contact.attributes)
        for key, value in data.attributes.items():
            previous = merged.get(key)
            if value is None:
                merged.pop(key, None)
            else:
                merged[key] = value
            if previous != value:
                await _field_changed(
                    unit, contact, f"attributes.{key}", previous=previous, current=value
                )
        contact.attributes = merged
    contact.updated_at = unit.now
    await session.flush()
    return contact


async def set_bookkeeping_attribute(
    unit: UnitOfWork, contact_id: uuid.UUID, name: str, value: Any
) -> None:
    """Set an attribute the product keeps about the contact (`portal_last_login_at`), not
    a change of the customer's data: no `contact.field_changed`, since the event that
    caused it (`portal.login`) already says so, and one sign-in is one timeline line."""
    await unit.session.execute(
        update(Contact)
        .where(Contact.id == contact_id)
        .values(
            attributes=Contact.attributes.op("||")(func.jsonb_build_object(name, value)),
            updated_at=unit.now,
        )
    )


async def _field_changed(
    unit: UnitOfWork,
    contact: Contact,
    field: str,
    *,
    previous: Any,
    current: Any,
) -> None:
    event = ContactFieldChanged(field=field, previous=_plain(previous), current=_plain(current))
    await record(unit, contact.id, event)


def _unique(tags: list[str]) -> list[str]:
    return list(dict.fromkeys(tag.strip() for tag in tags))


async def add_tags(unit: UnitOfWork, contact_id: uuid.UUID, tags: list[str]) -> Contact:
    session = unit.session
    contact = await lock(session, contact_id)
    added = [tag for tag in _unique(tags) if tag not in contact.tags]
    if added:
        contact.tags = [*contact.tags, *added]
        contact.updated_at = unit.now
        for tag in added:
            await record(unit, contact.id, ContactTagged(tag=tag))
    return contact


async def remove_tags(unit: UnitOfWork, contact_id: uuid.UUID, tags: list[str]) -> Contact:
    session = unit.session
    contact = await lock(session, contact_id)
    removed = [tag for tag in _unique(tags) if tag in contact.tags]
    if removed:
        contact.tags = [tag for tag in contact.tags if tag not in removed]
        contact.updated_at = unit.now
        for tag in removed:
            await record(unit, contact.id, ContactUntagged(tag=tag))
    return contact


async def change_score(
    unit: UnitOfWork,
    contact_id: uuid.UUID,
    *,
    delta: int | None = None,
    value: int | None = None,
) -> Contact:
    """Move the score by `delta`, or set it to `value` (exactly one of them)."""
    session = unit.session
    if (delta is None) == (value is None):
        raise InvalidInputError.on_field("delta", "Send either `delta` or `value`, not both.")
    contact = await lock(session, contact_id)
    previous = contact.score
    current = previous + delta if delta is not None else value
    assert current is not None
    if current != previous:
        contact.score = current
        contact.updated_at = unit.now
        moved = ContactScoreChanged(
            score=SCORE_NAME, previous=previous, current=current, delta=current - previous
        )
        await record(unit, contact.id, moved)
    return contact


async def set_owner(unit: UnitOfWork, contact_id: uuid.UUID, owner_id: uuid.UUID | None) -> Contact:
    session = unit.session
    contact = await lock(session, contact_id)
    if owner_id is not None:
        active = await session.scalar(select(User.is_active).where(User.id == owner_id))
        if active is None:
            raise InvalidInputError.on_field("owner_id", f"There is no user {owner_id}.")
        if not active:
            raise InvalidInputError.on_field(
                "owner_id", "That user is deactivated; pick an active member of staff."
            )
    previous = contact.owner_id
    if previous != owner_id:
        contact.owner_id = owner_id
        contact.updated_at = unit.now
        await record(
            unit,
            contact.id,
            ContactOwnerChanged(
                previous=str(previous) if previous else None,
                current=str(owner_id) if owner_id else None,
            ),
        )
    return contact
