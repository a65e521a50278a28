"""Affiliates see the people they referred and how far each has come.

The model: a contact was referred by an affiliate when its custom attribute
`referred_by` holds the affiliate's own contact id (set by the signup form, an import or
an event's contact attributes). A referral is a `lead` until it has an order, then a
`customer`. The affiliate sees a name and a stage, never contact details.
"""

from __future__ import annotations

import uuid
from typing import Final

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.contacts.models import Contact, ContactObject
from app.portal.schemas import Referral

REFERRED_BY: Final = "referred_by"


def _first_name(name: str) -> str:
    # Enough for the affiliate to recognise whom they sent, and no more.
    parts = name.split()
    if not parts:
        return "Someone you referred"
    return parts[0] if len(parts) == 1 else f"{parts[0]} {parts[-1][0]}."


async def referrals(session: AsyncSession, affiliate_contact_id: uuid.UUID) -> list[Referral]:
    orders = (
        select(func.count())
        .where(ContactObject.contact_id == Contact.id, ContactObject.kind == "order")
        .scalar_subquery()
    )
    rows = await session.execute(
        select(Contact.id, Contact.name, Contact.created_at, orders)
        .where(Contact.attributes[REFERRED_BY].astext == str(affiliate_contact_id))
        .order_by(Contact.created_at.desc(), Contact.id)
        .limit(500)
    )
    return [
        Referral(
            id=contact_id,
            name=_first_name(name),
            stage="customer" if count else "lead",
            orders=int(count),
            referred_at=created_at,
        )
        for contact_id, name, created_at, count in rows
    ]
