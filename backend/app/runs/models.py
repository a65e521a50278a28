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
        # Who is here (app.reports.enrollments): a journey's live enrollments newest first,
        # walked in page order until a page of those at the step is found, not sorted
        # whole (migration 0028 says why not a GIN index on the tokens).
        Index(
            "ix_enrollments_live_journey_id_entered_at",
            "journey_id",
            text("entered_at DESC"),
            text("id DESC"),
            postgresql_where=text("status IN ('active', 'paused')"),
        ),
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


class JourneyMigration(Base):
    """A plan moving a journey's running contacts from older versions to `to_version`,
    and how far applying it has come.

    Workers apply it a batch per transaction (app.runs.migrations): each batch locks this
    row (SKIP LOCKED, so one worker at a time) and its contacts, moves them, and commits
    their moves with the progress made. A worker that dies mid-batch rolls it back; the
    next one goes on from the last commit.
    """

    __tablename__ = "journey_migrations"
    __table_args__ = (
        CheckConstraint(
            "status IN ('queued', 'running', 'done', 'refused', 'cancelled')", name="status"
        ),
        Index("ix_journey_migrations_journey_id_created_at", "journey_id", "created_at"),
        # One migration of a journey at a time; the workers look only at these.
        Index(
            "uq_journey_migrations_journey_id_unfinished",
            "journey_id",
            unique=True,
            postgresql_where=text("status IN ('queued', 'running')"),
        ),
    )

    id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True)
    journey_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), ForeignKey("journeys.id"))
    to_version: Mapped[int] = mapped_column(Integer)
    # The plan's step mappings (a list of app.runs.schemas.StepMapping).
    plan: Mapped[list[dict[str, Any]]] = mapped_column(JSONB)
    status: Mapped[str] = mapped_column(String(20))
    # Why it was refused (the graph changed before it started), or what cancelling left.
    detail: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    created_by: Mapped[uuid.UUID | None] = mapped_column(
        UUID(as_uuid=True), ForeignKey("users.id", ondelete="SET NULL")
    )
    started_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    # Where the current pass over the pending enrollments is (enrollment id order); a
    # pass that skipped contacts locked by a worker is followed by another.
    passes: Mapped[int] = mapped_column(Integer, server_default="0")
    cursor: Mapped[uuid.UUID | None] = mapped_column(UUID(as_uuid=True))
    total: Mapped[int] = mapped_column(Integer, server_default="0")
    moved: Mapped[int] = mapped_column(Integer, server_default="0")
    stayed: Mapped[int] = mapped_column(Integer, server_default="0")
    left: Mapped[int] = mapped_column(Integer, server_default="0")
    # Enrollments that ended on their own before their turn came.
    ended: Mapped[int] = mapped_column(Integer, server_default="0")


class JourneyMigrationItem(Base):
    """One enrollment a migration covers, and what became of it: each is decided once
    (`pending` to one outcome, under the contact's row lock)."""

    __tablename__ = "journey_migration_items"
    __table_args__ = (
        CheckConstraint(
            "outcome IN ('pending', 'moved', 'stayed', 'left', 'ended')", name="outcome"
        ),
        Index(
            "ix_journey_migration_items_pending",
            "migration_id",
            "enrollment_id",
            postgresql_where=text("outcome = 'pending'"),
        ),
    )

    migration_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True),
        ForeignKey("journey_migrations.id", ondelete="CASCADE"),
        primary_key=True,
    )
    enrollment_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), ForeignKey("enrollments.id", ondelete="CASCADE"), primary_key=True
    )
    # The version it ran on when the migration started.
    from_version: Mapped[int] = mapped_column(Integer)
    outcome: Mapped[str] = mapped_column(String(20), server_default="pending")
    decided_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
