"""Reading the audit log, newest first."""

from __future__ import annotations

import uuid

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.admin.schemas import AuditActor, AuditEntry, AuditPage
from app.auth import models as m

PAGE_SIZE = 50


async def audit_page(
    db: AsyncSession,
    *,
    actor: str | None,
    target_type: str | None,
    target_id: str | None,
    page: int,
) -> AuditPage:
    query = select(m.AuditEntry, m.User.email).outerjoin(m.User, m.User.id == m.AuditEntry.actor_id)
    if actor:
        try:
            query = query.where(m.AuditEntry.actor_id == uuid.UUID(actor))
        except ValueError:
            query = query.where(func.lower(m.User.email) == actor.strip().lower())
    if target_type:
        query = query.where(m.AuditEntry.target_type == target_type)
    if target_id:
        query = query.where(m.AuditEntry.target_id == target_id)
    total = await db.scalar(select(func.count()).select_from(query.subquery())) or 0
    rows = await db.execute(
        query.order_by(m.AuditEntry.id.desc()).offset((page - 1) * PAGE_SIZE).limit(PAGE_SIZE)
    )
    items = [
        AuditEntry(
            id=entry.id,
            at=entry.at,
            actor=AuditActor(id=entry.actor_id, email=email) if entry.actor_id and email else None,
            action=entry.action,
            target_type=entry.target_type,
            target_id=entry.target_id,
            changes=entry.changes,
        )
        for entry, email in rows
    ]
    return AuditPage(items=items, total=total)
