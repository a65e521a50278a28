"""Sales: projects of customer cards, their outcome lists, buckets, funnel stages and
members; the history of outcomes; automatic processes that move cards between projects,
their runs and the audit log of what each run moved (docs/sales-api.md)."""

from __future__ import annotations

import uuid
from datetime import datetime, time
from typing import Any, Final

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    DateTime,
    ForeignKey,
    Identity,
    Index,
    Integer,
    String,
    Text,
    Time,
    UniqueConstraint,
    text,
)
from sqlalchemy.dialects.postgresql import ARRAY, JSONB, UUID
from sqlalchemy.orm import Mapped, mapped_column

from app.lib.db import Base, Timestamped

PLACEMENTS: Final = ("bucket", "active_user", "same_user", "new_bucket")
FREQUENCIES: Final = ("5m", "15m", "1h", "1d")
RUN_KINDS: Final = ("schedule", "manual")
RUN_STATUSES: Final = ("running", "done", "stopped")
MOVE_ACTIONS: Final = ("moved", "skipped")


def _in(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


def _uuid_pk() -> Mapped[uuid.UUID]:
    return mapped_column(
        UUID(as_uuid=True), primary_key=True, server_default=text("gen_random_uuid()")
    )


def _users_fk() -> Mapped[Any]:
    return mapped_column(UUID(as_uuid=True), ForeignKey("users.id", ondelete="SET NULL"))


class Project(Timestamped, Base):
    """A calling campaign, a region's leads, "Booked meetings": a set of customer cards."""

    __tablename__ = "sales_projects"

    id: Mapped[uuid.UUID] = _uuid_pk()
    name: Mapped[str] = mapped_column(String(120), unique=True)
    description: Mapped[str] = mapped_column(Text, server_default="")
    created_by: Mapped[uuid.UUID | None] = _users_fk()


class Outcome(Base):
    """One entry of a project's outcome list ("Booking", "Call back", …)."""

    __tablename__ = "sales_outcomes"
    __table_args__ = (UniqueConstraint("project_id", "name"),)

    id: Mapped[uuid.UUID] = _uuid_pk()
    project_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), ForeignKey("sales_projects.id", ondelete="CASCADE")
    )
    name: Mapped[str] = mapped_column(String(80))
    # A booking outcome takes a resource (a user) and a time.
    is_booking: Mapped[bool] = mapped_column(Boolean, server_default=text("false"))
    position: Mapped[int] = mapped_column(Integer)


class Bucket(Base):
    """A named pile of cards in a project, usually handed to one or more users."""

    __tablename__ = "sales_buckets"
    __table_args__ = (UniqueConstraint("project_id", "name"),)

    id: Mapped[uuid.UUID] = _uuid_pk()
    project_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), ForeignKey("sales_projects.id", ondelete="CASCADE")
    )
    name: Mapped[str] = mapped_column(String(120))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class BucketUser(Base):
    """A user a bucket is handed to."""

    __tablename__ = "sales_bucket_users"

    bucket_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), ForeignKey("sales_buckets.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )


class Stage(Base):
    """A funnel stage of a project (lead → qualified → proposal → won/lost), in order."""

    __tablename__ = "sales_stages"
    __table_args__ = (UniqueConstraint("project_id", "name"),)

    id: Mapped[uuid.UUID] = _uuid_pk()
    project_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), ForeignKey("sales_projects.id", ondelete="CASCADE")
    )
    name: Mapped[str] = mapped_column(String(80))
    position: Mapped[int] = mapped_column(Integer)


class Member(Base):
    """A user who works a project: sees its board, holds and processes its cards."""

    __tablename__ = "sales_members"
    __table_args__ = (Index("ix_sales_members_user_id", "user_id"),)

    project_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), ForeignKey("sales_projects.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    added_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class Card(Timestamped, Base):
    """A contact in a project: in a bucket, held by a user, or in neither (the project's
    unsorted pile); processed once a member set an outcome on it in this project."""

    __tablename__ = "sales_cards"
    __table_args__ = (
        UniqueConstraint("project_id", "contact_id"),
        CheckConstraint("num_nonnulls(bucket_id, holder_id) <= 1", name="one_place"),
        Index("ix_sales_cards_contact_id", "contact_id"),
        Index("ix_sales_cards_holder_id", "holder_id"),
        # What an automatic process looks for: processed cards of a project, oldest first.
        Index(
            "ix_sales_cards_processed",
            "project_id",
            "processed_at",
            postgresql_where=text("processed"),
        ),
    )

    id: Mapped[uuid.UUID] = _uuid_pk()
    project_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), ForeignKey("sales_projects.id", ondelete="CASCADE")
    )
    contact_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), ForeignKey("contacts.id", ondelete="CASCADE")
    )
    bucket_id: Mapped[uuid.UUID | None] = mapped_column(
        UUID(as_uuid=True), ForeignKey("sales_buckets.id", ondelete="SET NULL")
    )
    holder_id: Mapped[uuid.UUID | None] = _users_fk()
    stage_id: Mapped[uuid.UUID | None] = mapped_column(
        UUID(as_uuid=True), ForeignKey("sales_stages.id", ondelete="SET NULL")
    )
    processed: Mapped[bool] = mapped_column(Boolean, server_default=text("false"))
    # The last outcome set on it: kept when the card moves to a project where it was never
    # processed (it arrives unprocessed, with its previous outcome shown).
    processed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    processed_by: Mapped[uuid.UUID | None] = _users_fk()
    last_outcome_id: Mapped[uuid.UUID | None] = mapped_column(
        UUID(as_uuid=True), ForeignKey("sales_outcomes.id", ondelete="SET NULL")
    )
    last_outcome: Mapped[str | None] = mapped_column(String(80))
    last_outcome_booking: Mapped[bool] = mapped_column(Boolean, server_default=text("false"))
    # The booked resource (a user, e.g. the outside salesperson) and time.
    booking_user_id: Mapped[uuid.UUID | None] = _users_fk()
    booking_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class CardOutcome(Base):
    """An outcome set on a card, in the project it was in: a project's statistics."""

    __tablename__ = "sales_card_outcomes"
    __table_args__ = (
        Index("ix_sales_card_outcomes_card_id_at", "card_id", "at"),
        Index("ix_sales_card_outcomes_project_id_at", "project_id", "at"),
    )

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    card_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), ForeignKey("sales_cards.id", ondelete="CASCADE")
    )
    project_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), ForeignKey("sales_projects.id", ondelete="CASCADE")
    )
    outcome_id: Mapped[uuid.UUID | None] = mapped_column(
        UUID(as_uuid=True), ForeignKey("sales_outcomes.id", ondelete="SET NULL")
    )
    outcome: Mapped[str] = mapped_column(String(80))
    is_booking: Mapped[bool] = mapped_column(Boolean)
    user_id: Mapped[uuid.UUID | None] = _users_fk()
    booking_user_id: Mapped[uuid.UUID | None] = _users_fk()
    booking_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    note: Mapped[str] = mapped_column(Text, server_default="")
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class Process(Base):
    """An automatic process: moves processed cards with chosen outcomes from its source
    projects to its destination, on its frequency, in priority order (1 first)."""

    __tablename__ = "sales_processes"
    __table_args__ = (
        CheckConstraint("priority >= 1", name="priority"),
        CheckConstraint(_in("placement", PLACEMENTS), name="placement"),
        CheckConstraint(_in("frequency", FREQUENCIES), name="frequency"),
        Index("ix_sales_processes_due", "next_run_at", postgresql_where=text("active")),
    )

    id: Mapped[uuid.UUID] = _uuid_pk()
    name: Mapped[str] = mapped_column(String(120))
    priority: Mapped[int] = mapped_column(Integer)
    destination_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), ForeignKey("sales_projects.id")
    )
    # Where cards go in the destination (app.sales.placement).
    placement: Mapped[str] = mapped_column(String(20))
    bucket_id: Mapped[uuid.UUID | None] = mapped_column(
        UUID(as_uuid=True), ForeignKey("sales_buckets.id", ondelete="SET NULL")
    )
    # Criteria: the outcomes (by name) a card must have, and an engine ConditionGroup over
    # its contact (stored JSON), or None.
    outcomes: Mapped[list[str]] = mapped_column(ARRAY(String(80)))
    condition: Mapped[dict[str, Any] | None] = mapped_column(JSONB)
    frequency: Mapped[str] = mapped_column(String(10))
    # For a daily process: the time of day (UTC).
    daily_at: Mapped[time | None] = mapped_column(Time)
    active: Mapped[bool] = mapped_column(Boolean, server_default=text("true"))
    # When it was first created: it never looks at cards processed before this.
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    created_by: Mapped[uuid.UUID | None] = _users_fk()
    # The earliest processing it looks at: its creation, or on reactivation 30 days back
    # (never before its creation).
    scan_from: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    deactivated_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # None while inactive.
    next_run_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class ProcessSource(Base):
    __tablename__ = "sales_process_sources"

    process_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), ForeignKey("sales_processes.id", ondelete="CASCADE"), primary_key=True
    )
    project_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), ForeignKey("sales_projects.id", ondelete="CASCADE"), primary_key=True
    )


class ProcessRun(Base):
    """One run of a process: due on its frequency, or asked for ("run now"). Worked a
    batch of cards per transaction; a run whose worker died is taken up where it was."""

    __tablename__ = "sales_process_runs"
    __table_args__ = (
        UniqueConstraint("process_id", "due_at"),
        CheckConstraint(_in("kind", RUN_KINDS), name="kind"),
        CheckConstraint(_in("status", RUN_STATUSES), name="status"),
        # At most one unfinished run per process.
        Index(
            "uq_sales_process_runs_running",
            "process_id",
            unique=True,
            postgresql_where=text("status = 'running'"),
        ),
    )

    id: Mapped[uuid.UUID] = _uuid_pk()
    process_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), ForeignKey("sales_processes.id", ondelete="CASCADE")
    )
    kind: Mapped[str] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(20), server_default="running")
    due_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    # The cards it looks at were processed in [scan_from, scan_until].
    scan_from: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    scan_until: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    started_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    moved: Mapped[int] = mapped_column(Integer, server_default=text("0"))
    skipped: Mapped[int] = mapped_column(Integer, server_default=text("0"))
    batches: Mapped[int] = mapped_column(Integer, server_default=text("0"))
    # Why it stopped, when it did not finish (deactivated, a condition it cannot use).
    detail: Mapped[str] = mapped_column(Text, server_default="")
    requested_by: Mapped[uuid.UUID | None] = _users_fk()


class ProcessMove(Base):
    """The audit log of processes: a card a run moved (or left, and why). One per process,
    card and processing: a card processed once is moved by a process once."""

    __tablename__ = "sales_process_moves"
    __table_args__ = (
        UniqueConstraint("process_id", "card_id", "card_processed_at"),
        CheckConstraint(_in("action", MOVE_ACTIONS), name="action"),
        Index("ix_sales_process_moves_run_id", "run_id", "id"),
        Index("ix_sales_process_moves_card_id", "card_id"),
    )

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    run_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), ForeignKey("sales_process_runs.id", ondelete="CASCADE")
    )
    process_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), ForeignKey("sales_processes.id", ondelete="CASCADE")
    )
    card_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), ForeignKey("sales_cards.id", ondelete="CASCADE")
    )
    from_project_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), ForeignKey("sales_projects.id", ondelete="CASCADE")
    )
    to_project_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), ForeignKey("sales_projects.id", ondelete="CASCADE")
    )
    to_bucket_id: Mapped[uuid.UUID | None] = mapped_column(
        UUID(as_uuid=True), ForeignKey("sales_buckets.id", ondelete="SET NULL")
    )
    to_user_id: Mapped[uuid.UUID | None] = _users_fk()
    outcome: Mapped[str | None] = mapped_column(String(80))
    card_processed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    action: Mapped[str] = mapped_column(String(10))
    # Which rule placed it (app.sales.placement.Reason), or why it stayed.
    reason: Mapped[str] = mapped_column(String(40))
    detail: Mapped[str] = mapped_column(Text, server_default="")
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
