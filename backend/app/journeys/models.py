"""Journeys (one editable draft each) and their immutable published versions."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import CheckConstraint, DateTime, ForeignKey, Index, Integer, String, Text, text
from sqlalchemy.dialects.postgresql import JSONB, UUID
from sqlalchemy.orm import Mapped, mapped_column

from app.lib.db import Base


class Journey(Base):
    __tablename__ = "journeys"
    __table_args__ = (
        CheckConstraint("status IN ('draft', 'active', 'paused', 'archived')", name="status"),
        # The list: newest change first, archived ones apart.
        Index("ix_journeys_status_updated_at", "status", "updated_at"),
    )

    id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), primary_key=True, server_default=text("gen_random_uuid()")
    )
    name: Mapped[str] = mapped_column(String(120))
    description: Mapped[str] = mapped_column(Text, server_default="")
    status: Mapped[str] = mapped_column(String(20), server_default="draft")
    # The draft: a JourneyDefinition as JSON. Always decodes (undecodable saves are refused).
    definition: Mapped[dict[str, Any]] = mapped_column(JSONB)
    # Bumped by every save; a save names the revision it started from (optimistic locking).
    draft_revision: Mapped[int] = mapped_column(Integer, server_default="1")
    published_version: Mapped[int | None] = mapped_column(Integer)
    # The draft revision last published: the draft has unpublished changes when they differ.
    published_revision: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    created_by: Mapped[uuid.UUID | None] = mapped_column(UUID(as_uuid=True), ForeignKey("users.id"))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    updated_by: Mapped[uuid.UUID | None] = mapped_column(UUID(as_uuid=True), ForeignKey("users.id"))


class JourneyVersion(Base):
    """A published version. Never updated (a trigger refuses it): enrollments run on it."""

    __tablename__ = "journey_versions"

    journey_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), ForeignKey("journeys.id"), primary_key=True
    )
    version: Mapped[int] = mapped_column(Integer, primary_key=True)
    definition: Mapped[dict[str, Any]] = mapped_column(JSONB)
    published_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    published_by: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), ForeignKey("users.id"))
    note: Mapped[str | None] = mapped_column(Text)
