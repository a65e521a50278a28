"""The signed-in person's own notifications. Every query is scoped by the principal's user
id, never by an id from the request alone, so nobody reads another's."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Final

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from app.automation.models import Notification
from app.automation.schemas import MarkedRead, NotificationPage, NotificationView
from app.lib.problems import NotFoundError

PAGE: Final = 50


def _view(row: Notification) -> NotificationView:
    return NotificationView(
        id=row.id,
        title=row.title,
        body=row.body,
        link=row.link,
        contact_id=row.contact_id,
        created_at=row.created_at,
        read_at=row.read_at,
    )


async def unread_count(session: AsyncSession, user_id: uuid.UUID) -> int:
    total = await session.scalar(
        select(func.count())
        .select_from(Notification)
        .where(Notification.user_id == user_id, Notification.read_at.is_(None))
    )
    return int(total or 0)


async def list_own(
    session: AsyncSession, user_id: uuid.UUID, *, unread_only: bool, before: int | None
) -> NotificationPage:
    """Newest first, a page at a time (`before` = the last id of the previous page)."""
    query = select(Notification).where(Notification.user_id == user_id)
    if unread_only:
        query = query.where(Notification.read_at.is_(None))
    if before is not None:
        query = query.where(Notification.id < before)
    rows = await session.scalars(query.order_by(Notification.id.desc()).limit(PAGE))
    return NotificationPage(
        items=[_view(row) for row in rows], unread=await unread_count(session, user_id)
    )


async def mark_read(
    session: AsyncSession, user_id: uuid.UUID, ids: list[int] | None, now: datetime
) -> MarkedRead:
    """Mark these notifications (or, with None, all) read; ids not one's own are 404."""
    query = update(Notification).where(
        Notification.user_id == user_id, Notification.read_at.is_(None)
    )
    if ids is not None:
        own = set(
            await session.scalars(
                select(Notification.id).where(
                    Notification.id.in_(ids), Notification.user_id == user_id
                )
            )
        )
        missing = [i for i in ids if i not in own]
        if missing:
            raise NotFoundError(f"You have no notification {missing[0]}.")
        query = query.where(Notification.id.in_(ids))
    marked = await session.scalars(query.values(read_at=now).returning(Notification.id))
    return MarkedRead(marked=len(list(marked)), unread=await unread_count(session, user_id))
