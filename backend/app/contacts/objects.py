"""Business objects of a contact (orders, returns, tickets, appointments, subscriptions,
enquiries). Creating one records `object.created`; a new status records
`object.status_changed`; other edits `object.updated`. Each event carries the object's
data and fields, so a journey started by it sees them as `object.<field>`."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

import msgspec
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.contacts.models import ContactObject
from app.contacts.profile import lock
from app.contacts.schemas import ObjectCreate, ObjectUpdate
from app.eventlog.kinds import ObjectCreated, ObjectDeleted, ObjectStatusChanged, ObjectUpdated
from app.eventlog.writer import record
from app.lib.problems import ConflictError, FieldError, NotFoundError
from app.lib.unit_of_work import UnitOfWork


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def object_fields(row: ContactObject) -> dict[str, Any]:
    """The object as its events (`app.eventlog.kinds.ObjectChange`) carry it."""
    return {
        "data": dict(row.data),
        "object_id": str(row.id),
        "kind": row.kind,
        "external_ref": row.external_ref,
        "status": row.status,
        "due_at": _iso(row.due_at),
        "starts_at": _iso(row.starts_at),
    }


def event_properties(row: ContactObject) -> dict[str, Any]:
    """The object as its events' properties show it: its data, then its own fields."""
    return ObjectCreated(**object_fields(row)).properties()


async def _ref_free(
    session: AsyncSession, kind: str, external_ref: str | None, object_id: uuid.UUID | None
) -> None:
    if external_ref is None:
        return
    query = select(ContactObject.id).where(
        ContactObject.kind == kind, ContactObject.external_ref == external_ref
    )
    if object_id is not None:
        query = query.where(ContactObject.id != object_id)
    taken = await session.scalar(query)
    if taken is not None:
        message = f"Another {kind} ({taken}) has the reference {external_ref}."
        raise ConflictError(
            f"external_ref: {message}", errors=[FieldError("external_ref", message)]
        )


async def list_objects(
    session: AsyncSession, contact_id: uuid.UUID, kind: str | None = None
) -> list[ContactObject]:
    query = select(ContactObject).where(ContactObject.contact_id == contact_id)
    if kind is not None:
        query = query.where(ContactObject.kind == kind)
    rows = await session.scalars(query.order_by(ContactObject.created_at.desc()))
    return list(rows)


async def get_object(
    session: AsyncSession, contact_id: uuid.UUID, object_id: uuid.UUID
) -> ContactObject:
    row = await session.scalar(
        select(ContactObject).where(
            ContactObject.id == object_id, ContactObject.contact_id == contact_id
        )
    )
    if row is None:
        raise NotFoundError(f"Contact {contact_id} has no object {object_id}.")
    return row


async def create_object(
    unit: UnitOfWork, contact_id: uuid.UUID, data: ObjectCreate
) -> ContactObject:
    session = unit.session
    await lock(session, contact_id)
    await _ref_free(session, data.kind, data.external_ref, None)
    row = ContactObject(
        contact_id=contact_id,
        kind=data.kind,
        external_ref=data.external_ref,
        status=data.status,
        data=dict(data.data),
        due_at=data.due_at,
        starts_at=data.starts_at,
        created_at=unit.now,
        updated_at=unit.now,
    )
    session.add(row)
    await session.flush()
    await record(unit, contact_id, ObjectCreated(**object_fields(row)))
    return row


async def update_object(
    unit: UnitOfWork,
    contact_id: uuid.UUID,
    object_id: uuid.UUID,
    data: ObjectUpdate,
) -> ContactObject:
    session = unit.session
    await lock(session, contact_id)
    row = await get_object(session, contact_id, object_id)
    previous_status = row.status
    changed: list[str] = []
    if data.external_ref is not msgspec.UNSET and data.external_ref != row.external_ref:
        await _ref_free(session, row.kind, data.external_ref, row.id)
        row.external_ref = data.external_ref
        changed.append("external_ref")
    for name in ("due_at", "starts_at"):
        value = getattr(data, name)
        if value is not msgspec.UNSET and value != getattr(row, name):
            setattr(row, name, value)
            changed.append(name)
    if data.data is not msgspec.UNSET:
        merged = dict(row.data)
        for key, value in data.data.items():
            if value is None:
                merged.pop(key, None)
            else:
                merged[key] = value
        if merged != row.data:
            row.data = merged
            changed.append("data")
    status_changed = data.status is not msgspec.UNSET and data.status != row.status
    if status_changed:
        assert isinstance(data.status, str)
        row.status = data.status
    if not changed and not status_changed:
        return row
    row.updated_at = unit.now
    await session.flush()
    if status_changed:
        moved = ObjectStatusChanged(**object_fields(row), previous_status=previous_status)
        await record(unit, contact_id, moved)
    if changed:
        await record(unit, contact_id, ObjectUpdated(**object_fields(row), changed=changed))
    return row


async def delete_object(unit: UnitOfWork, contact_id: uuid.UUID, object_id: uuid.UUID) -> None:
    session = unit.session
    await lock(session, contact_id)
    row = await get_object(session, contact_id, object_id)
    deleted = ObjectDeleted(**object_fields(row))
    await session.delete(row)
    await session.flush()
    await record(unit, contact_id, deleted)
