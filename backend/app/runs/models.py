"""Enrollments, their pending timers, the step log and the outbox of side effects.

Postgres is the vault: an enrollment's state, timers and effects are written in the same
transaction as the event (or timer) that moved it, so a replay changes nothing.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any, Literal

import msgspec
from sqlalchemy import (
    BigInteger,
    CheckConstraint,
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
from sqlalchemy.dialects.postgresql import JSONB, UUID
from sqlalchemy.orm import Mapped, mapped_column

from app.lib.db import Base


class Enrollment(Base):
    """A contact's run through one journey version; `state` is the engine's EnrollmentState."""

    __tablename__ = "enrollments"
    __table_args__ = (
        CheckConstraint("status IN ('active', 'paused', 'completed', 'exited')", name="status"),
        # The worker loads a contact's live enrollments for every event.
        Index("ix_enrollments_contact_id_status", "contact_id", "status"),
        # Stats and pause/resume go by journey version.
        Index("ix_enrollments_journey_id_version_status", "journey_id", "version", "status"),
    )

    id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True)
    journey_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), ForeignKey("journeys.id"))
    version: Mapped[int] = mapped_column(Integer)
    contact_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), ForeignKey("contacts.id", ondelete="CASCADE")
    )
    status: Mapped[str] = mapped_column(String(20))
    state: Mapped[dict[str, Any]] = mapped_column(JSONB)
    entered_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    ended_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class EnrollmentTimer(Base):
    """A pending wake-up of one token. Replaced as a set whenever the enrollment moves.

    Fired in the transaction that holds the contact's row lock (claimed by locking the
    contact with SKIP LOCKED), so a worker that dies mid-way leaves it simply due.
    """

    __tablename__ = "enrollment_timers"
    __table_args__ = (Index("ix_enrollment_timers_wake_at", "wake_at"),)

    # The primary key is the unique (enrollment, token) pair: one timer per token.
    enrollment_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), ForeignKey("enrollments.id", ondelete="CASCADE"), primary_key=True
    )
    token_id: Mapped[str] = mapped_column(String(40), primary_key=True)
    wake_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class JourneyStep(Base):
    """One line of an enrollment's path, as the engine logged it.

    `cause` names what moved the enrollment (`event:<id>`, or
    `timer:<token>:<node>:<visit>:<status>`), `seq` the step's place in that move: the unique
    (enrollment, cause, seq) makes a second handling of the same event or timer
    impossible to write, not just unlikely.
    """

    __tablename__ = "journey_steps"
    __table_args__ = (
        # Also the index the worker and the contact timeline read steps by.
        UniqueConstraint("enrollment_id", "cause", "seq"),
        Index("ix_journey_steps_journey_id_version_node_id", "journey_id", "version", "node_id"),
    )

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    enrollment_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), ForeignKey("enrollments.id", ondelete="CASCADE")
    )
    journey_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True))
    version: Mapped[int] = mapped_column(Integer)
    node_id: Mapped[str] = mapped_column(String(120))
    exit_taken: Mapped[str | None] = mapped_column(String(120))
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    cause: Mapped[str] = mapped_column(String(200))
    seq: Mapped[int] = mapped_column(Integer)
    # A StepDetail: `entered` is false when the token was already at this node (it
    # leaves a wait, or is held by a pause) or for a note about the step (`note`); `why`
    # is the step's bounded trace (app.runs.traces), absent when the step has none.
    detail: Mapped[dict[str, Any]] = mapped_column(JSONB)


# What a step record notes besides moving a token: the step's message was not sent, or
# a trigger matched but the journey's re-entry rule refused the contact.
StepNote = Literal["not_sent", "trigger_refused"]


class StepDetail(msgspec.Struct, frozen=True, omit_defaults=True):
    """`journey_steps.detail`: what the step log says of one step."""

    text: str
    # Always written: the per-step "entered" count reads it.
    entered: bool
    token: str | None = None
    # What the step saw and why it left by its exit, bounded (app.runs.traces).
    why: dict[str, Any] | None = None
    # Set on notes only; `reason` says why (a failure's cause, app.effects.errors, or
    # `reentry`).
    note: StepNote | None = None
    reason: str | None = None


class OutboxMessage(Base):
    """A side effect to send after commit; `key` (enrollment:node:visit) makes it once-only."""

    __tablename__ = "outbox"
    __table_args__ = (
        CheckConstraint("status IN ('pending', 'sent', 'failed')", name="status"),
        UniqueConstraint("key"),
        # Dispatchers look only at what is still to send.
        Index(
            "ix_outbox_pending_next_attempt_at",
            "next_attempt_at",
            postgresql_where=text("status = 'pending'"),
        ),
    )

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    key: Mapped[str] = mapped_column(String(300))
    enrollment_id: Mapped[uuid.UUID | None] = mapped_column(
        UUID(as_uuid=True), ForeignKey("enrollments.id", ondelete="SET NULL")
    )
    kind: Mapped[str] = mapped_column(String(40))
    payload: Mapped[dict[str, Any]] = mapped_column(JSONB)
    status: Mapped[str] = mapped_column(String(20), server_default="pending")
    attempts: Mapped[int] = mapped_column(Integer, server_default="0")
    next_attempt_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    sent_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
