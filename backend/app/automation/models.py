"""What automation stores: staff notifications, portal messages, scoring rules and the
record of every schedule run."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    DateTime,
    ForeignKey,
    Identity,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.dialects.postgresql import ARRAY, JSONB, UUID
from sqlalchemy.orm import Mapped, mapped_column

from app.lib.db import Base, Timestamped


class Notification(Base):
    """An in-app notification for one member of staff (the bell in the app shell)."""

    __tablename__ = "notifications"
    __table_args__ = (
        # One notification per outbox effect and person: a re-sent effect adds nothing.
        UniqueConstraint("source_key", "user_id"),
        Index("ix_notifications_user_id_id", "user_id", "id"),
    )

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    user_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), ForeignKey("users.id", ondelete="CASCADE")
    )
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text, server_default="")
    # A path in the SPA, e.g. the contact the notification is about.
    link: Mapped[str | None] = mapped_column(String(2000))
    contact_id: Mapped[uuid.UUID | None] = mapped_column(
        UUID(as_uuid=True), ForeignKey("contacts.id", ondelete="SET NULL")
    )
    # The outbox key of the journey step that sent it (None for other senders).
    source_key: Mapped[str | None] = mapped_column(String(300))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    read_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class ScoreRule(Timestamped, Base):
    """Add (or remove) points when an event arrives, optionally only when a condition holds."""

    __tablename__ = "score_rules"
    __table_args__ = (Index("ix_score_rules_event_name", "event_name"),)

    id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), primary_key=True, server_default=text("gen_random_uuid()")
    )
    name: Mapped[str] = mapped_column(String(120))
    event_name: Mapped[str] = mapped_column(String(120))
    # An engine ConditionGroup over `event.*` and `contact.*`, or None for "always".
    condition: Mapped[dict[str, Any] | None] = mapped_column(JSONB)
    points: Mapped[int] = mapped_column(Integer)
    active: Mapped[bool] = mapped_column(Boolean, server_default=text("true"))
    created_by: Mapped[uuid.UUID | None] = mapped_column(
        UUID(as_uuid=True), ForeignKey("users.id", ondelete="SET NULL")
    )


class ScheduleRun(Base):
    """One run of a journey's schedule trigger at one due time.

    Unique per (journey, trigger, due time): several workers ticking at once, or one
    ticking twice, record (and enrol) once.
    """

    __tablename__ = "schedule_runs"
    __table_args__ = (
        UniqueConstraint("journey_id", "node_id", "due_at"),
        Index("ix_schedule_runs_journey_id_due_at", "journey_id", "due_at"),
    )

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    journey_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), ForeignKey("journeys.id", ondelete="CASCADE")
    )
    version: Mapped[int] = mapped_column(Integer)
    node_id: Mapped[str] = mapped_column(String(120))
    due_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    # The contacts' time zones this run served (a "contact" zone schedule runs per zone).
    timezones: Mapped[list[str]] = mapped_column(
        ARRAY(String(64)), server_default=text("'{}'::varchar[]")
    )
    started_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # Contacts the run sent into the journey (one `schedule.fired` event each).
    enrolled: Mapped[int] = mapped_column(Integer, server_default=text("0"))
