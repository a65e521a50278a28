"""Writing the audit log. Callers pass their open transaction, so a change and its entry
commit together or not at all."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from app.auth.models import AuditEntry


def diff(before: Mapping[str, Any], after: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    """{field: {"from": old, "to": new}} for the fields that differ."""
    return {
        field: {"from": before.get(field), "to": after.get(field)}
        for field in sorted(before.keys() | after.keys())
        if before.get(field) != after.get(field)
    }


def created(after: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    return diff({}, after)


async def record(
    db: AsyncSession,
    *,
    actor_id: uuid.UUID | None,
    action: str,
    target_type: str,
    target_id: str | uuid.UUID,
    changes: Mapping[str, Any],
    at: datetime,
) -> None:
    db.add(
        AuditEntry(
            at=at,
            actor_id=actor_id,
            action=action,
            target_type=target_type,
            target_id=str(target_id),
            changes=dict(changes),
        )
    )
    # Flush now, so a rule the database enforces fails inside the caller's try, not at commit.
    await db.flush()
