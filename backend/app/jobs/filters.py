"""Saved dashboard filters: one's own, or shared with everyone holding a role."""

from __future__ import annotations

import uuid
from datetime import datetime

import msgspec
from sqlalchemy import or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.auth.models import User, UserRole
from app.jobs import views
from app.jobs.access import Viewer
from app.jobs.listing import filters_from
from app.jobs.models import SavedFilter as Row
from app.jobs.schemas import SavedFilter, SavedFilterWrite
from app.lib.problems import NotFoundError


async def _roles(db: AsyncSession, user_id: uuid.UUID) -> list[str]:
    primary = await db.scalar(select(User.primary_role).where(User.id == user_id))
    secondary = await db.scalars(select(UserRole.role_name).where(UserRole.user_id == user_id))
    return [r for r in [primary, *secondary] if r]


async def _views(db: AsyncSession, rows: list[Row]) -> list[SavedFilter]:
    owners = await views.user_refs(db, (r.owner_id for r in rows))
    return [
        SavedFilter(
            id=r.id,
            name=r.name,
            queue=r.queue,
            filters=filters_from(r.filters),
            shared=r.role is not None,
            role=r.role,
            owner=owners[r.owner_id],
            created_at=r.created_at,
            updated_at=r.updated_at,
        )
        for r in rows
        if r.owner_id in owners
    ]


async def list_filters(db: AsyncSession, viewer: Viewer, queue: str | None) -> list[SavedFilter]:
    roles = await _roles(db, viewer.user_id)
    query = select(Row).where(or_(Row.owner_id == viewer.user_id, Row.role.in_(roles)))
    if queue:
        query = query.where(or_(Row.queue == queue, Row.queue.is_(None)))
    return await _views(db, list(await db.scalars(query.order_by(Row.name, Row.id))))


def _stored(data: SavedFilterWrite) -> dict[str, object]:
    # Decoded (400 on a bad key, named `filters.<key>`), then stored in its canonical form.
    filters = filters_from(data.filters, where="filters.")
    stored: dict[str, object] = msgspec.to_builtins(filters)
    return stored


async def create_filter(
    db: AsyncSession, viewer: Viewer, data: SavedFilterWrite, now: datetime
) -> SavedFilter:
    row = Row(
        owner_id=viewer.user_id,
        name=data.name,
        queue=data.queue,
        filters=_stored(data),
        role=viewer.active_role if data.shared else None,
        created_at=now,
        updated_at=now,
    )
    db.add(row)
    await db.flush()
    return (await _views(db, [row]))[0]


async def _own(db: AsyncSession, viewer: Viewer, filter_id: uuid.UUID) -> Row:
    row = await db.get(Row, filter_id)
    if row is None or row.owner_id != viewer.user_id:
        raise NotFoundError(f"You have no saved filter {filter_id}.")
    return row


async def update_filter(
    db: AsyncSession, viewer: Viewer, filter_id: uuid.UUID, data: SavedFilterWrite, now: datetime
) -> SavedFilter:
    row = await _own(db, viewer, filter_id)
    row.name = data.name
    row.queue = data.queue
    row.filters = _stored(data)
    row.role = viewer.active_role if data.shared else None
    row.updated_at = now
    await db.flush()
    return (await _views(db, [row]))[0]


async def delete_filter(db: AsyncSession, viewer: Viewer, filter_id: uuid.UUID) -> None:
    await db.delete(await _own(db, viewer, filter_id))
