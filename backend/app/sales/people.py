"""The users the sales domain names (members, holders, booked resources), as people."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.auth.models import User
from app.contacts.models import Contact
from app.lib.db import any_uuid
from app.lib.problems import FieldError, InvalidInputError
from app.sales.schemas import Person


async def people(session: AsyncSession, ids: Iterable[uuid.UUID | None]) -> dict[uuid.UUID, Person]:
    wanted = {user_id for user_id in ids if user_id is not None}
    if not wanted:
        return {}
    rows = await session.execute(
        select(User.id, Contact.name, User.email, User.is_active)
        .join(Contact, Contact.id == User.contact_id)
        .where(User.id == any_uuid(wanted))
    )
    return {
        user_id: Person(id=user_id, name=name or email, email=email, active=active)
        for user_id, name, email, active in rows
    }


async def staff(session: AsyncSession) -> list[Person]:
    """Every active user, by name: whom a project can take as a member, a card can be
    handed to, a booking can book."""
    rows = await session.execute(
        select(User.id, Contact.name, User.email)
        .join(Contact, Contact.id == User.contact_id)
        .where(User.is_active)
        .order_by(Contact.name, User.email)
    )
    return [Person(id=i, name=name or email, email=email, active=True) for i, name, email in rows]


async def require_active_users(
    session: AsyncSession, ids: Sequence[uuid.UUID], field: str
) -> dict[uuid.UUID, Person]:
    """The people behind `ids`; a 400 naming each one that is no active user
    (`field[i]`)."""
    found = await people(session, ids)
    errors = [
        FieldError(f"{field}[{index}]", f"There is no active user {user_id}.")
        for index, user_id in enumerate(ids)
        if user_id not in found or not found[user_id].active
    ]
    if errors:
        raise InvalidInputError(
            f"The request is not valid. {errors[0].field}: {errors[0].message}", errors=errors
        )
    return found


async def require_active_user(session: AsyncSession, user_id: uuid.UUID, field: str) -> Person:
    found = (await people(session, [user_id])).get(user_id)
    if found is None or not found.active:
        raise InvalidInputError.on_field(field, f"There is no active user {user_id}.")
    return found
