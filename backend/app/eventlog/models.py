from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import BigInteger, DateTime, ForeignKey, Identity, Index, String, func, text
from sqlalchemy.dialects.postgresql import JSONB, UUID
from sqlalchemy.orm import Mapped, mapped_column

from app.lib.db import Base


class Event(Base):
    __tablename__ = "events"
    __table_args__ = (
        Index("ix_events_contact_id_id", "contact_id", "id"),
        # "Did event X" conditions: a contact's events of a name, newest first.
        Index("ix_events_contact_name_occurred", "contact_id", "name", "occurred_at"),
        # The journeys catalog lists the event names seen so far (a skip scan over this),
        # and the field catalog reads the newest events of each name.
        Index("ix_events_name_id", "name", "id"),
        # The Events page's time range.
        Index("ix_events_occurred_at", "occurred_at"),
        # The sweeper looks only at events committed but not yet handled.
        Index("ix_events_unprocessed", "id", postgresql_where=text("processed_at IS NULL")),
        Index(
            "uq_events_idempotency_key",
            "idempotency_key",
            unique=True,
            postgresql_where=text("idempotency_key IS NOT NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    contact_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), ForeignKey("contacts.id", ondelete="CASCADE")
    )
    name: Mapped[str] = mapped_column(String(120))
    properties: Mapped[dict[str, Any]] = mapped_column(JSONB, server_default=text("'{}'::jsonb"))
    source: Mapped[str] = mapped_column(String(20))
    idempotency_key: Mapped[str | None] = mapped_column(String(200))
    occurred_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    received_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now()
    )
    processed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
