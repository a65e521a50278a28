"""Messages and notifications journeys leave for a customer in the portal.

`deliver` is what the journeys' "portal message" step calls (once per step visit: the
effect key is unique). A pinned message is a highlight on the portal home page while the
journey that pinned it is still running, or for good when no journey wrote it.
"""

from __future__ import annotations

import uuid
from datetime import datetime

import structlog
from sqlalchemy import and_, func, or_, select, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from app.lib.links import is_safe_link
from app.lib.problems import NotFoundError
from app.portal.models import PortalMessage
from app.portal.schemas import PortalMessageView
from app.runs.models import Enrollment

log = structlog.get_logger(__name__)

# Newest first, and enough for any real inbox; older ones are still in the data export.
_LIST_LIMIT = 200


def _shown_link(link: str | None) -> str | None:
    """Only http(s), mailto and portal links reach a customer. Validation refuses others
    when a journey is published; this catches drafts under test and rows stored before."""
    return link if link is not None and is_safe_link(link) else None


async def deliver(
    session: AsyncSession,
    *,
    contact_id: uuid.UUID,
    title: str,
    body: str,
    now: datetime,
    link: str | None = None,
    pinned: bool = False,
    enrollment_id: uuid.UUID | None = None,
    node_id: str | None = None,
    source_key: str | None = None,
) -> int | None:
    """Store a message for the customer; None when this source key was delivered already.

    An unsafe link is left out (the message itself still arrives)."""
    if link is not None and not is_safe_link(link):
        log.warning("portal.message_link_refused", node_id=node_id, enrollment_id=enrollment_id)
        link = None
    message_id: int | None = await session.scalar(
        insert(PortalMessage)
        .values(
            contact_id=contact_id,
            title=title[:200],
            body=body,
            link=link,
            pinned=pinned,
            created_at=now,
            enrollment_id=enrollment_id,
            node_id=node_id,
            source_key=source_key,
        )
        .on_conflict_do_nothing(index_elements=["source_key"])
        .returning(PortalMessage.id)
    )
    return message_id


def _view(row: PortalMessage) -> PortalMessageView:
    return PortalMessageView(
        id=row.id,
        title=row.title,
        body=row.body,
        link=_shown_link(row.link),
        pinned=row.pinned,
        created_at=row.created_at,
        read_at=row.read_at,
    )


async def list_messages(session: AsyncSession, contact_id: uuid.UUID) -> list[PortalMessageView]:
    rows = await session.scalars(
        select(PortalMessage)
        .where(PortalMessage.contact_id == contact_id)
        .order_by(PortalMessage.created_at.desc(), PortalMessage.id.desc())
        .limit(_LIST_LIMIT)
    )
    return [_view(row) for row in rows]


async def highlights(session: AsyncSession, contact_id: uuid.UUID) -> list[PortalMessageView]:
    running = select(Enrollment.id).where(
        Enrollment.id == PortalMessage.enrollment_id,
        Enrollment.status.in_(("active", "paused")),
    )
    rows = await session.scalars(
        select(PortalMessage)
        .where(
            PortalMessage.contact_id == contact_id,
            PortalMessage.pinned.is_(True),
            or_(PortalMessage.enrollment_id.is_(None), running.exists()),
        )
        .order_by(PortalMessage.created_at.desc(), PortalMessage.id.desc())
        .limit(10)
    )
    return [_view(row) for row in rows]


async def unread_count(session: AsyncSession, contact_id: uuid.UUID) -> int:
    count = await session.scalar(
        select(func.count())
        .select_from(PortalMessage)
        .where(PortalMessage.contact_id == contact_id, PortalMessage.read_at.is_(None))
    )
    return int(count or 0)


async def mark_read(
    session: AsyncSession, contact_id: uuid.UUID, message_id: int, now: datetime
) -> PortalMessageView:
    await session.execute(
        update(PortalMessage)
        .where(
            and_(
                PortalMessage.id == message_id,
                PortalMessage.contact_id == contact_id,
                PortalMessage.read_at.is_(None),
            )
        )
        .values(read_at=now)
    )
    row = await session.scalar(
        select(PortalMessage).where(
            PortalMessage.id == message_id, PortalMessage.contact_id == contact_id
        )
    )
    if row is None:
        raise NotFoundError("We could not find that message among yours.")
    return _view(row)
