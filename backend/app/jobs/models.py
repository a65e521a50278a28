"""Job types, jobs, their notes, files and audit log, and saved dashboard filters."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any, Final

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Computed,
    DateTime,
    ForeignKey,
    Identity,
    Index,
    Integer,
    SmallInteger,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.dialects.postgresql import ARRAY, JSONB, TSVECTOR, UUID
from sqlalchemy.orm import Mapped, mapped_column

from app.lib.db import Base, Timestamped

PRIORITIES: Final = ("low", "normal", "high", "urgent")
STATUSES: Final = ("new", "in_progress", "on_hold", "completed", "cancelled")
OPEN_STATUSES: Final = ("new", "in_progress", "on_hold")
_OPEN_SQL: Final = "status IN ('new', 'in_progress', 'on_hold')"
_UNASSIGNED_SQL: Final = f"{_OPEN_SQL} AND assignee_id IS NULL"


class JobType(Timestamped, Base):
    """A kind of job: which queue works it, how it can end, what the form asks."""

    __tablename__ = "job_types"
    __table_args__ = (
        CheckConstraint("priority IN ('low', 'normal', 'high', 'urgent')", name="priority"),
    )

    id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), primary_key=True, server_default=text("gen_random_uuid()")
    )
    # What a journey's job node names; stable, so journeys keep working when labels change.
    name: Mapped[str] = mapped_column(String(60), unique=True)
    label: Mapped[str] = mapped_column(String(120))
    # The queue (a role's `queue`) that works jobs of this type unless a journey says otherwise.
    queue: Mapped[str] = mapped_column(String(60))
    # The ways a job can end; each is an exit of a journey's job node.
    outcomes: Mapped[list[str]] = mapped_column(
        ARRAY(String(64)), server_default=text("'{}'::varchar[]")
    )
    # Jinja2 text shown to the person working the job.
    guidance: Mapped[str] = mapped_column(Text, server_default="")
    # JSON Schema of the job form.
    form_schema: Mapped[dict[str, Any]] = mapped_column(JSONB, server_default=text("'{}'::jsonb"))
    # react-jsonschema-form's uiSchema: layout hints only, passed through as given.
    ui_schema: Mapped[dict[str, Any]] = mapped_column(JSONB, server_default=text("'{}'::jsonb"))
    default_due_minutes: Mapped[int | None] = mapped_column(Integer)
    priority: Mapped[str] = mapped_column(String(10), server_default="normal")
    # Optimistic locking for edits.
    version: Mapped[int] = mapped_column(Integer, server_default="1")


class Job(Base):
    """One piece of work for staff. `version` goes up on every change (stale edits 409)."""

    __tablename__ = "jobs"
    __table_args__ = (
        CheckConstraint(
            "status IN ('new', 'in_progress', 'on_hold', 'completed', 'cancelled')",
            name="status",
        ),
        CheckConstraint("priority IN ('low', 'normal', 'high', 'urgent')", name="priority"),
        # A create-job effect makes its job once, whatever retries the outbox does.
        UniqueConstraint("effect_key"),
        # Jobs waiting to escalate (app.jobs.escalation).
        Index(
            "ix_jobs_escalate_at",
            "escalate_at",
            postgresql_where=text("escalated_at IS NULL AND escalate_at IS NOT NULL"),
        ),
        # Queue pages: open jobs of a queue, newest first / soonest due first.
        Index(
            "ix_jobs_open_queue_created",
            "queue",
            text("created_at DESC"),
            text("id DESC"),
            postgresql_where=text(_OPEN_SQL),
        ),
        Index(
            "ix_jobs_open_queue_due",
            "queue",
            text("COALESCE(due_at, '9999-12-31 00:00:00+00'::timestamp with time zone)"),
            "id",
            postgresql_where=text(_OPEN_SQL),
        ),
        Index(
            "ix_jobs_open_queue_priority",
            "queue",
            text("priority_rank DESC"),
            text("created_at DESC"),
            text("id DESC"),
            postgresql_where=text(_OPEN_SQL),
        ),
        # Staff's default page reads its unassigned half from these (app.jobs.listing).
        Index(
            "ix_jobs_unassigned_queue_created",
            "queue",
            text("created_at DESC"),
            text("id DESC"),
            postgresql_where=text(_UNASSIGNED_SQL),
        ),
        Index(
            "ix_jobs_unassigned_queue_due",
            "queue",
            text("COALESCE(due_at, '9999-12-31 00:00:00+00'::timestamp with time zone)"),
            "id",
            postgresql_where=text(_UNASSIGNED_SQL),
        ),
        Index(
            "ix_jobs_unassigned_queue_priority",
            "queue",
            text("priority_rank DESC"),
            text("created_at DESC"),
            text("id DESC"),
            postgresql_where=text(_UNASSIGNED_SQL),
        ),
        # ... and its "mine" half from these.
        Index(
            "ix_jobs_open_assignee_created",
            "assignee_id",
            "queue",
            text("created_at DESC"),
            text("id DESC"),
            postgresql_where=text(_OPEN_SQL),
        ),
        Index(
            "ix_jobs_open_assignee_due",
            "assignee_id",
            "queue",
            text("COALESCE(due_at, '9999-12-31 00:00:00+00'::timestamp with time zone)"),
            "id",
            postgresql_where=text(_OPEN_SQL),
        ),
        Index(
            "ix_jobs_open_assignee_priority",
            "assignee_id",
            "queue",
            text("priority_rank DESC"),
            text("created_at DESC"),
            text("id DESC"),
            postgresql_where=text(_OPEN_SQL),
        ),
        # ... and a keyword page's two halves from these (btree_gin: the columns and the
        # search vector in one index, so the matches come from the index).
        Index(
            "ix_jobs_unassigned_queue_search",
            "queue",
            "search",
            postgresql_using="gin",
            postgresql_where=text(_UNASSIGNED_SQL),
        ),
        Index(
            "ix_jobs_open_assignee_search",
            "assignee_id",
            "queue",
            "search",
            postgresql_using="gin",
            postgresql_where=text(_OPEN_SQL),
        ),
        Index("ix_jobs_queue_status_created", "queue", "status", "created_at", "id"),
        Index("ix_jobs_assignee_id_status", "assignee_id", "status"),
        Index("ix_jobs_enrollment_id", "enrollment_id"),
        Index("ix_jobs_contact_id", "contact_id"),
        Index("ix_jobs_search", "search", postgresql_using="gin"),
    )

    id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), primary_key=True, server_default=text("gen_random_uuid()")
    )
    type_name: Mapped[str] = mapped_column(String(60), ForeignKey("job_types.name"))
    title: Mapped[str] = mapped_column(String(300))
    # Rendered once, when the job was created.
    guidance: Mapped[str] = mapped_column(Text, server_default="")
    queue: Mapped[str] = mapped_column(String(60))
    status: Mapped[str] = mapped_column(String(20), server_default="new")
    priority: Mapped[str] = mapped_column(String(10), server_default="normal")
    # Sorting by priority: urgent (3) … low (0).
    priority_rank: Mapped[int] = mapped_column(
        SmallInteger,
        Computed(
            "CASE priority WHEN 'urgent' THEN 3 WHEN 'high' THEN 2 WHEN 'normal' THEN 1 ELSE 0 END",
            persisted=True,
        ),
    )
    assignee_id: Mapped[uuid.UUID | None] = mapped_column(
        UUID(as_uuid=True), ForeignKey("users.id")
    )
    contact_id: Mapped[uuid.UUID | None] = mapped_column(
        UUID(as_uuid=True), ForeignKey("contacts.id", ondelete="SET NULL")
    )
    # [{"type": "order", "id": "A-1001"}]
    related: Mapped[list[dict[str, Any]]] = mapped_column(JSONB, server_default=text("'[]'::jsonb"))
    journey_id: Mapped[uuid.UUID | None] = mapped_column(UUID(as_uuid=True))
    enrollment_id: Mapped[uuid.UUID | None] = mapped_column(
        UUID(as_uuid=True), ForeignKey("enrollments.id", ondelete="SET NULL")
    )
    node_id: Mapped[str | None] = mapped_column(String(120))
    # The outbox key of the create-job effect (= the engine's job_ref).
    effect_key: Mapped[str | None] = mapped_column(String(300))
    form_data: Mapped[dict[str, Any]] = mapped_column(JSONB, server_default=text("'{}'::jsonb"))
    outcome: Mapped[str | None] = mapped_column(String(64))
    cancel_reason: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    due_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    claimed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    completed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    version: Mapped[int] = mapped_column(Integer, server_default="1")
    # Escalation (a create-job step's settings): unclaimed at `escalate_at`, the priority
    # goes up to `escalate_priority` and the queue's supervisors are told; once.
    escalate_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    escalate_priority: Mapped[str | None] = mapped_column(String(10))
    escalate_notify_supervisors: Mapped[bool] = mapped_column(Boolean, server_default=text("false"))
    escalated_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # Full text over title, guidance, notes and the contact's name (kept by app.jobs.search).
    search: Mapped[Any] = mapped_column(TSVECTOR, server_default=text("''::tsvector"))


class JobNote(Base):
    __tablename__ = "job_notes"
    __table_args__ = (Index("ix_job_notes_job_id_id", "job_id", "id"),)

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    job_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), ForeignKey("jobs.id", ondelete="CASCADE")
    )
    author_id: Mapped[uuid.UUID | None] = mapped_column(UUID(as_uuid=True), ForeignKey("users.id"))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class JobFile(Base):
    """An upload's record; the bytes live under the data dir, named by `id`."""

    __tablename__ = "job_files"
    __table_args__ = (Index("ix_job_files_job_id", "job_id"),)

    id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), primary_key=True, server_default=text("gen_random_uuid()")
    )
    job_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), ForeignKey("jobs.id", ondelete="CASCADE")
    )
    filename: Mapped[str] = mapped_column(String(255))
    content_type: Mapped[str] = mapped_column(String(120))
    size: Mapped[int] = mapped_column(BigInteger)
    sha256: Mapped[str] = mapped_column(String(64))
    uploaded_by: Mapped[uuid.UUID | None] = mapped_column(
        UUID(as_uuid=True), ForeignKey("users.id")
    )
    uploaded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class JobEvent(Base):
    """The jobs audit log. Append-only (a trigger refuses UPDATE and DELETE); reports read it."""

    __tablename__ = "job_events"
    __table_args__ = (
        Index("ix_job_events_job_id_id", "job_id", "id"),
        Index("ix_job_events_action_at", "action", "at"),
        Index("ix_job_events_actor_id_at", "actor_id", "at"),
    )

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    job_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), ForeignKey("jobs.id"))
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    # None for changes the system made (a journey created or cancelled the job).
    actor_id: Mapped[uuid.UUID | None] = mapped_column(UUID(as_uuid=True), ForeignKey("users.id"))
    action: Mapped[str] = mapped_column(String(40))
    # {field: {"from": old, "to": new}}
    changes: Mapped[dict[str, Any]] = mapped_column(JSONB, server_default=text("'{}'::jsonb"))


class SavedFilter(Base):
    __tablename__ = "job_saved_filters"
    __table_args__ = (
        Index("ix_job_saved_filters_owner_id", "owner_id"),
        Index("ix_job_saved_filters_role", "role"),
    )

    id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), primary_key=True, server_default=text("gen_random_uuid()")
    )
    owner_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), ForeignKey("users.id", ondelete="CASCADE")
    )
    name: Mapped[str] = mapped_column(String(120))
    queue: Mapped[str | None] = mapped_column(String(60))
    filters: Mapped[dict[str, Any]] = mapped_column(JSONB)
    # Shared with everyone holding this role; None = private.
    role: Mapped[str | None] = mapped_column(
        String(40), ForeignKey("roles.name", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
