"""Key facts of what a job is about: its contact and the related objects, inline.

One query: the job's contact, left-joined to those of *its own* objects that the job's
`related` names (by kind and reference or id). So a job shows only what belongs to its
contact, and whoever may see the job sees these facts with it (the contact page itself
still needs `contacts:read`). A related id that names no object of the contact shows
with `object: null`.
"""

from __future__ import annotations

from typing import Any, Final

from sqlalchemy import String, and_, cast, false, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.contacts.models import Contact, ContactObject
from app.jobs import schemas as s
from app.jobs.models import Job

# Where an object's money lives in its data, first found wins.
_AMOUNT_KEYS: Final = ("total", "amount", "value", "price")
# Data fields shown besides the amount: scalars only, a few.
MAX_FIELDS: Final = 6


def _amount(data: dict[str, Any]) -> tuple[float | None, str | None]:
    for key in _AMOUNT_KEYS:
        value = data.get(key)
        if isinstance(value, int | float) and not isinstance(value, bool):
            return float(value), key
    return None, None


def object_facts(row: ContactObject) -> s.ObjectFacts:
    amount, amount_key = _amount(row.data)
    currency = row.data.get("currency")
    fields = {
        key: value
        for key, value in row.data.items()
        if key not in {amount_key, "currency"}
        and isinstance(value, str | int | float | bool)
        and not (isinstance(value, str) and len(value) > 200)
    }
    return s.ObjectFacts(
        id=row.id,
        kind=row.kind,
        status=row.status,
        reference=row.external_ref,
        amount=amount,
        currency=currency if isinstance(currency, str) else None,
        due_at=row.due_at,
        starts_at=row.starts_at,
        created_at=row.created_at,
        fields=dict(list(fields.items())[:MAX_FIELDS]),
    )


def contact_facts(row: Contact) -> s.ContactFacts:
    return s.ContactFacts(
        id=row.id,
        name=row.name or row.email or "",
        email=row.email,
        phone=row.phone,
        tags=sorted(row.tags),
        score=row.score,
    )


async def key_facts(
    db: AsyncSession, job: Job
) -> tuple[s.ContactFacts | None, list[s.RelatedObject]]:
    refs = [(str(r.get("type", "")), str(r.get("id", ""))) for r in job.related]
    found: dict[tuple[str, str], s.ObjectFacts] = {}
    contact: s.ContactFacts | None = None
    if job.contact_id is not None:
        named = [
            and_(
                ContactObject.kind == kind,
                or_(ContactObject.external_ref == ref, cast(ContactObject.id, String) == ref),
            )
            for kind, ref in refs
        ]
        rows = await db.execute(
            select(Contact, ContactObject)
            .outerjoin(
                ContactObject,
                and_(ContactObject.contact_id == Contact.id, or_(false(), *named)),
            )
            .where(Contact.id == job.contact_id)
            .order_by(ContactObject.created_at)
        )
        for person, item in rows:
            contact = contact or contact_facts(person)
            if item is not None:
                facts = object_facts(item)
                found.setdefault((item.kind, item.external_ref or ""), facts)
                found.setdefault((item.kind, str(item.id)), facts)
    return contact, [
        s.RelatedObject(type=kind, id=ref, object=found.get((kind, ref))) for kind, ref in refs
    ]
