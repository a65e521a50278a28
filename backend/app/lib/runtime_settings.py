"""Settings a super-user changes while the product runs, kept in PostgreSQL.

The environment gives each one its first value; once saved here, the saved value wins.
Readers look it up when they use it (one primary-key read), so a change applies at once
in every process, with no restart and no cache to expire.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import DateTime, ForeignKey, String
from sqlalchemy.dialects.postgresql import JSONB, UUID, insert
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from app.lib.db import Base


class RuntimeSetting(Base):
    __tablename__ = "runtime_settings"

    name: Mapped[str] = mapped_column(String(80), primary_key=True)
    value: Mapped[Any] = mapped_column(JSONB)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    updated_by: Mapped[uuid.UUID | None] = mapped_column(
        UUID(as_uuid=True), ForeignKey("users.id", ondelete="SET NULL")
    )


async def read(session: AsyncSession, name: str) -> RuntimeSetting | None:
    """The saved setting, or None while the environment's value applies."""
    return await session.get(RuntimeSetting, name)


async def save(
    session: AsyncSession, name: str, value: Any, *, by: uuid.UUID | None, at: datetime
) -> RuntimeSetting:
    row = await session.scalar(
        insert(RuntimeSetting)
        .values(name=name, value=value, updated_at=at, updated_by=by)
        .on_conflict_do_update(
            index_elements=[RuntimeSetting.name],
            set_={"value": value, "updated_at": at, "updated_by": by},
        )
        .returning(RuntimeSetting)
        .execution_options(populate_existing=True)
    )
    assert row is not None
    return row
