"""Anonymous ids that belong to a known contact (a website visitor who later identified).

A visitor nobody knows yet is a contact of their own, `external_id = "anon:<id>"`. Once
`identify` ties that id to a known person, the anonymous contact is merged away and this
row keeps pointing the id at the person, so the browser's later events land there too.
"""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, String, func
from sqlalchemy.dialects.postgresql import UUID
from sqlalchemy.orm import Mapped, mapped_column

from app.lib.db import Base


class AnonymousAlias(Base):
    __tablename__ = "contact_anonymous_ids"

    anonymous_id: Mapped[str] = mapped_column(String(200), primary_key=True)
    contact_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), ForeignKey("contacts.id", ondelete="CASCADE"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
