"""Customer requests: a return, a complaint or enquiry, an appointment booked or moved.

Each creates (or changes) the business object through the CRM's services — which record
`object.created` / `object.updated` — and records the request's own event
(`return.requested`, …) in the same transaction, so journeys take over after commit.
"""

from __future__ import annotations

import secrets
import uuid
from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from app.contacts import objects
from app.contacts.models import ContactObject
from app.contacts.schemas import ObjectCreate, ObjectUpdate
from app.eventlog.kinds import (
    AppointmentMoved,
    AppointmentRequested,
    ComplaintRaised,
    EnquiryRaised,
    ReturnRequested,
)
from app.eventlog.writer import record
from app.lib.problems import ConflictError, InvalidInputError, NotFoundError
from app.lib.unit_of_work import UnitOfWork
from app.portal.records import CLOSED_STATUSES, own_record
from app.portal.schemas import AppointmentMove, AppointmentRequest, ReturnRequest, TicketRequest

# Statuses of an order that can no longer be returned.
_NOT_RETURNABLE = frozenset({"cancelled", "placed"})


def _reference(prefix: str) -> str:
    # Short enough to read out on the phone; the unique index catches the rare clash.
    return f"{prefix}-{secrets.token_hex(4).upper()}"


async def _own_order(
    session: AsyncSession, contact_id: uuid.UUID, order_id: uuid.UUID, field: str
) -> ContactObject:
    try:
        order = await own_record(session, contact_id, order_id)
    except NotFoundError:
        order = None
    if order is None or order.kind != "order":
        raise InvalidInputError.on_field(field, "Choose one of your own orders.")
    return order


async def request_return(
    unit: UnitOfWork, contact_id: uuid.UUID, data: ReturnRequest
) -> ContactObject:
    session = unit.session
    order = await _own_order(session, contact_id, data.order_id, "order_id")
    if order.status in _NOT_RETURNABLE:
        raise InvalidInputError.on_field(
            "order_id", "This order has not been sent yet, so there is nothing to return."
        )
    for existing in await objects.list_objects(session, contact_id, "return"):
        if existing.data.get("order_id") == str(order.id) and existing.status not in (
            CLOSED_STATUSES
        ):
            raise ConflictError(
                f"order_id: A return for order {order.external_ref or order.id} is already "
                f"in progress ({existing.external_ref})."
            )
    number = _reference("R")
    row = await objects.create_object(
        unit,
        contact_id,
        ObjectCreate(
            kind="return",
            status="requested",
            external_ref=number,
            data={
                "order_id": str(order.id),
                "order_ref": order.external_ref,
                "reason": data.reason,
            },
        ),
    )
    requested = ReturnRequested(
        object=objects.event_properties(row),
        return_id=str(row.id),
        return_number=number,
        order_id=str(order.id),
        order_ref=order.external_ref,
        reason=data.reason,
    )
    await record(unit, contact_id, requested)
    return row


async def raise_ticket(
    unit: UnitOfWork, contact_id: uuid.UUID, data: TicketRequest
) -> ContactObject:
    session = unit.session
    extra: dict[str, Any] = {}
    if data.order_id is not None:
        order = await _own_order(session, contact_id, data.order_id, "order_id")
        extra = {"order_id": str(order.id), "order_ref": order.external_ref}
    complaint = data.kind == "complaint"
    number = _reference("C" if complaint else "Q")
    row = await objects.create_object(
        unit,
        contact_id,
        ObjectCreate(
            kind="ticket" if complaint else "enquiry",
            status="raised",
            external_ref=number,
            data={"category": data.kind, "subject": data.subject, "message": data.message, **extra},
        ),
    )
    raised = (ComplaintRaised if complaint else EnquiryRaised)(
        object=objects.event_properties(row),
        ticket_id=str(row.id),
        ticket_number=number,
        subject=data.subject,
        message=data.message,
        order_id=extra.get("order_id"),
        order_ref=extra.get("order_ref"),
    )
    await record(unit, contact_id, raised)
    return row


def _future(value: datetime, now: datetime) -> None:
    if value.tzinfo is None:
        raise InvalidInputError.on_field(
            "starts_at", "Give the time with its offset, e.g. 2026-12-01T10:00:00+00:00."
        )
    if value <= now:
        raise InvalidInputError.on_field("starts_at", "Pick a time in the future.")


async def book_appointment(
    unit: UnitOfWork, contact_id: uuid.UUID, data: AppointmentRequest
) -> ContactObject:
    _future(data.starts_at, unit.now)
    number = _reference("A")
    row = await objects.create_object(
        unit,
        contact_id,
        ObjectCreate(
            kind="appointment",
            status="requested",
            external_ref=number,
            starts_at=data.starts_at,
            data={"topic": data.topic, "notes": data.notes},
        ),
    )
    requested = AppointmentRequested(
        object=objects.event_properties(row), appointment_id=str(row.id)
    )
    await record(unit, contact_id, requested)
    return row


async def move_appointment(
    unit: UnitOfWork,
    contact_id: uuid.UUID,
    appointment_id: uuid.UUID,
    data: AppointmentMove,
) -> ContactObject:
    session = unit.session
    current = await own_record(session, contact_id, appointment_id)
    if current.kind != "appointment":
        raise NotFoundError("We could not find that appointment among yours.")
    if current.status in CLOSED_STATUSES or (
        current.starts_at is not None and current.starts_at <= unit.now
    ):
        raise ConflictError("This appointment is over or cancelled; book a new one instead.")
    _future(data.starts_at, unit.now)
    previous = current.starts_at
    row = await objects.update_object(
        unit,
        contact_id,
        appointment_id,
        ObjectUpdate(starts_at=data.starts_at, status="moved"),
    )
    moved = AppointmentMoved(
        object=objects.event_properties(row),
        appointment_id=str(row.id),
        previous_starts_at=previous.isoformat() if previous else None,
    )
    await record(unit, contact_id, moved)
    return row
