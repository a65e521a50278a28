"""The customer's own orders, returns, tickets and appointments, and how each progressed.

Every query is scoped by the signed-in customer's contact id; an id from the URL only
ever narrows that set, so someone else's record is simply not found (404, not 403).
"""

from __future__ import annotations

import uuid
from typing import Final

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.contacts import objects
from app.contacts.models import ContactObject
from app.events.models import Event
from app.lib.problems import NotFoundError
from app.portal.schemas import PortalRecord, PortalRecordDetail, ProgressStep, RecordKind
from app.portal.wording import status_label

PORTAL_KINDS: Final[tuple[RecordKind, ...]] = (
    "order",
    "return",
    "ticket",
    "enquiry",
    "appointment",
)
CLOSED_STATUSES: Final = frozenset(
    {"completed", "closed", "cancelled", "rejected", "declined", "delivered", "resolved"}
)
# The events that say a record moved on (the CRM records one per status change).
_PROGRESS_EVENTS: Final = ("object.created", "object.status_changed")


def view(row: ContactObject) -> PortalRecord:
    return PortalRecord(
        id=row.id,
        kind=row.kind,  # type: ignore[arg-type]  # only portal kinds are ever listed
        reference=row.external_ref,
        status=row.status,
        status_label=status_label(row.kind, row.status),
        data=dict(row.data),
        due_at=row.due_at,
        starts_at=row.starts_at,
        created_at=row.created_at,
        updated_at=row.updated_at,
    )


async def list_records(
    session: AsyncSession, contact_id: uuid.UUID, kinds: tuple[RecordKind, ...]
) -> list[PortalRecord]:
    rows = await session.scalars(
        select(ContactObject)
        .where(ContactObject.contact_id == contact_id, ContactObject.kind.in_(kinds))
        .order_by(ContactObject.created_at.desc(), ContactObject.id)
    )
    return [view(row) for row in rows]


async def own_record(
    session: AsyncSession, contact_id: uuid.UUID, record_id: uuid.UUID
) -> ContactObject:
    try:
        row = await objects.get_object(session, contact_id, record_id)
    except NotFoundError:
        row = None
    if row is None or row.kind not in PORTAL_KINDS:
        # The same answer whether it does not exist or is someone else's.
        raise NotFoundError("We could not find that record among yours.") from None
    return row


async def progress(
    session: AsyncSession, contact_id: uuid.UUID, row: ContactObject
) -> list[ProgressStep]:
    """The stages the record went through, oldest first, from its status history.

    Consecutive repeats of one status (a data edit that re-stated it) show once.
    """
    events = await session.execute(
        select(Event.occurred_at, Event.properties["status"].astext)
        .where(
            Event.contact_id == contact_id,
            Event.name.in_(_PROGRESS_EVENTS),
            Event.properties["object_id"].astext == str(row.id),
        )
        .order_by(Event.occurred_at, Event.id)
    )
    steps: list[ProgressStep] = []
    for at, status in events:
        if status is None or (steps and steps[-1].status == status):
            continue
        steps.append(ProgressStep(at=at, status=status, label=status_label(row.kind, status)))
    if not steps or steps[-1].status != row.status:
        # Objects loaded before their history was recorded still show where they are.
        steps.append(
            ProgressStep(
                at=row.updated_at, status=row.status, label=status_label(row.kind, row.status)
            )
        )
    return steps


async def record_detail(
    session: AsyncSession, contact_id: uuid.UUID, record_id: uuid.UUID
) -> PortalRecordDetail:
    row = await own_record(session, contact_id, record_id)
    return PortalRecordDetail(record=view(row), progress=await progress(session, contact_id, row))
