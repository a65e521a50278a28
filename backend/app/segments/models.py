"""Segments: saved conditions naming a set of contacts."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import DateTime, ForeignKey, Index, String, Text, text
from sqlalchemy.dialects.postgresql import JSONB, UUID
from sqlalchemy.orm import Mapped, mapped_column

from app.lib.db import Base, Timestamped


class Segment(Timestamped, Base):
    """Saved conditions (the journeys' condition data) naming a set of contacts."""

    __tablename__ = "segments"

    id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), primary_key=True, server_default=text("gen_random_uuid()")
    )
    # The name journeys refer to (`in_segment`, segment triggers); never changes.
    name: Mapped[str] = mapped_column(String(80), unique=True)
    label: Mapped[str] = mapped_column(String(120))
    description: Mapped[str] = mapped_column(Text, server_default="")
    # An engine ConditionGroup as stored JSON.
    condition: Mapped[dict[str, Any]] = mapped_column(JSONB)
    created_by: Mapped[uuid.UUID | None] = mapped_column(
        UUID(as_uuid=True), ForeignKey("users.id", ondelete="SET NULL")
    )
    # When its members were last worked out (app.segments.membership); None while no
    # active journey starts on entering it, so the first refresh only takes stock.
    members_refreshed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class SegmentMember(Base):
    """A contact in a watched segment since `entered_at` (only segments some active
    journey starts on are watched)."""

    __tablename__ = "segment_members"
    __table_args__ = (Index("ix_segment_members_contact_id", "contact_id"),)

    segment_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), ForeignKey("segments.id", ondelete="CASCADE"), primary_key=True
    )
    contact_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), ForeignKey("contacts.id", ondelete="CASCADE"), primary_key=True
    )
    entered_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
