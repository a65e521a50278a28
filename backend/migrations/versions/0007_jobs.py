"""Jobs: jobs, their notes, files and append-only audit log, saved filters; job type forms.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-26 09:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


_APPEND_ONLY_FUNCTION = """
CREATE FUNCTION job_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'job_events is append-only: % is not allowed', TG_OP;
END
$$
"""
_APPEND_ONLY_TRIGGER = """
CREATE TRIGGER job_events_append_only BEFORE UPDATE OR DELETE ON job_events
FOR EACH ROW EXECUTE FUNCTION job_events_append_only()
"""


def upgrade() -> None:
    op.create_table(
        "job_saved_filters",
        sa.Column("id", sa.UUID(), server_default=sa.text("gen_random_uuid()"), nullable=False),
        sa.Column("owner_id", sa.UUID(), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("queue", sa.String(length=60), nullable=True),
        sa.Column("filters", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("role", sa.String(length=40), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["owner_id"],
            ["users.id"],
            name=op.f("fk_job_saved_filters_owner_id_users"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["role"],
            ["roles.name"],
            name=op.f("fk_job_saved_filters_role_roles"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_job_saved_filters")),
    )
    op.create_index(
        "ix_job_saved_filters_owner_id", "job_saved_filters", ["owner_id"], unique=False
    )
    op.create_index("ix_job_saved_filters_role", "job_saved_filters", ["role"], unique=False)
    op.create_table(
        "jobs",
        sa.Column("id", sa.UUID(), server_default=sa.text("gen_random_uuid()"), nullable=False),
        sa.Column("type_name", sa.String(length=60), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("guidance", sa.Text(), server_default="", nullable=False),
        sa.Column("queue", sa.String(length=60), nullable=False),
        sa.Column("status", sa.String(length=20), server_default="new", nullable=False),
        sa.Column("priority", sa.String(length=10), server_default="normal", nullable=False),
        sa.Column(
            "priority_rank",
            sa.SmallInteger(),
            sa.Computed(
                "CASE priority WHEN 'urgent' THEN 3 WHEN 'high' THEN 2 "
                "WHEN 'normal' THEN 1 ELSE 0 END",
                persisted=True,
            ),
            nullable=False,
        ),
        sa.Column("assignee_id", sa.UUID(), nullable=True),
        sa.Column("contact_id", sa.UUID(), nullable=True),
        sa.Column(
            "related",
            postgresql.JSONB(astext_type=sa.Text()),
            server_default=sa.text("'[]'::jsonb"),
            nullable=False,
        ),
        sa.Column("journey_id", sa.UUID(), nullable=True),
        sa.Column("enrollment_id", sa.UUID(), nullable=True),
        sa.Column("node_id", sa.String(length=120), nullable=True),
        sa.Column("effect_key", sa.String(length=300), nullable=True),
        sa.Column(
            "form_data",
            postgresql.JSONB(astext_type=sa.Text()),
            server_default=sa.text("'{}'::jsonb"),
            nullable=False,
        ),
        sa.Column("outcome", sa.String(length=64), nullable=True),
        sa.Column("cancel_reason", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("due_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("claimed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("completed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.Column(
            "search", postgresql.TSVECTOR(), server_default=sa.text("''::tsvector"), nullable=False
        ),
        sa.CheckConstraint(
            "priority IN ('low', 'normal', 'high', 'urgent')", name=op.f("ck_jobs_priority")
        ),
        sa.CheckConstraint(
            "status IN ('new', 'in_progress', 'on_hold', 'completed', 'cancelled')",
            name=op.f("ck_jobs_status"),
        ),
        sa.ForeignKeyConstraint(
            ["assignee_id"], ["users.id"], name=op.f("fk_jobs_assignee_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["contact_id"],
            ["contacts.id"],
            name=op.f("fk_jobs_contact_id_contacts"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["enrollment_id"],
            ["enrollments.id"],
            name=op.f("fk_jobs_enrollment_id_enrollments"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["type_name"], ["job_types.name"], name=op.f("fk_jobs_type_name_job_types")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_jobs")),
        sa.UniqueConstraint("effect_key", name=op.f("uq_jobs_effect_key")),
    )
    op.create_index("ix_jobs_assignee_id_status", "jobs", ["assignee_id", "status"], unique=False)
    op.create_index("ix_jobs_contact_id", "jobs", ["contact_id"], unique=False)
    op.create_index("ix_jobs_enrollment_id", "jobs", ["enrollment_id"], unique=False)
    op.create_index(
        "ix_jobs_open_queue_created",
        "jobs",
        ["queue", sa.literal_column("created_at DESC"), sa.literal_column("id DESC")],
        unique=False,
        postgresql_where=sa.text("status IN ('new', 'in_progress', 'on_hold')"),
    )
    op.create_index(
        "ix_jobs_open_queue_due",
        "jobs",
        [
            "queue",
            sa.literal_column(
                "COALESCE(due_at, '9999-12-31 00:00:00+00'::timestamp with time zone)"
            ),
            "id",
        ],
        unique=False,
        postgresql_where=sa.text("status IN ('new', 'in_progress', 'on_hold')"),
    )
    op.create_index(
        "ix_jobs_queue_status_created",
        "jobs",
        ["queue", "status", "created_at", "id"],
        unique=False,
    )
    op.create_index("ix_jobs_search", "jobs", ["search"], unique=False, postgresql_using="gin")
    op.create_table(
        "job_events",
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("job_id", sa.UUID(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor_id", sa.UUID(), nullable=True),
        sa.Column("action", sa.String(length=40), nullable=False),
        sa.Column(
            "changes",
            postgresql.JSONB(astext_type=sa.Text()),
            server_default=sa.text("'{}'::jsonb"),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["actor_id"], ["users.id"], name=op.f("fk_job_events_actor_id_users")
        ),
        sa.ForeignKeyConstraint(["job_id"], ["jobs.id"], name=op.f("fk_job_events_job_id_jobs")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_job_events")),
    )
    op.create_index("ix_job_events_action_at", "job_events", ["action", "at"], unique=False)
    op.create_index("ix_job_events_actor_id_at", "job_events", ["actor_id", "at"], unique=False)
    op.create_index("ix_job_events_job_id_id", "job_events", ["job_id", "id"], unique=False)
    op.execute(_APPEND_ONLY_FUNCTION)
    op.execute(_APPEND_ONLY_TRIGGER)
    op.create_table(
        "job_files",
        sa.Column("id", sa.UUID(), server_default=sa.text("gen_random_uuid()"), nullable=False),
        sa.Column("job_id", sa.UUID(), nullable=False),
        sa.Column("filename", sa.String(length=255), nullable=False),
        sa.Column("content_type", sa.String(length=120), nullable=False),
        sa.Column("size", sa.BigInteger(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("uploaded_by", sa.UUID(), nullable=True),
        sa.Column("uploaded_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["job_id"], ["jobs.id"], name=op.f("fk_job_files_job_id_jobs"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["uploaded_by"], ["users.id"], name=op.f("fk_job_files_uploaded_by_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_job_files")),
    )
    op.create_index("ix_job_files_job_id", "job_files", ["job_id"], unique=False)
    op.create_table(
        "job_notes",
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("job_id", sa.UUID(), nullable=False),
        sa.Column("author_id", sa.UUID(), nullable=True),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["author_id"], ["users.id"], name=op.f("fk_job_notes_author_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["job_id"], ["jobs.id"], name=op.f("fk_job_notes_job_id_jobs"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_job_notes")),
    )
    op.create_index("ix_job_notes_job_id_id", "job_notes", ["job_id", "id"], unique=False)
    op.add_column(
        "job_types",
        sa.Column(
            "ui_schema",
            postgresql.JSONB(astext_type=sa.Text()),
            server_default=sa.text("'{}'::jsonb"),
            nullable=False,
        ),
    )
    op.add_column(
        "job_types", sa.Column("version", sa.Integer(), server_default="1", nullable=False)
    )


def downgrade() -> None:
    op.drop_column("job_types", "version")
    op.drop_column("job_types", "ui_schema")
    op.drop_index("ix_job_notes_job_id_id", table_name="job_notes")
    op.drop_table("job_notes")
    op.drop_index("ix_job_files_job_id", table_name="job_files")
    op.drop_table("job_files")
    op.drop_index("ix_job_events_job_id_id", table_name="job_events")
    op.drop_index("ix_job_events_actor_id_at", table_name="job_events")
    op.drop_index("ix_job_events_action_at", table_name="job_events")
    op.execute("DROP TRIGGER job_events_append_only ON job_events")
    op.execute("DROP FUNCTION job_events_append_only()")
    op.drop_table("job_events")
    op.drop_index("ix_jobs_search", table_name="jobs", postgresql_using="gin")
    op.drop_index("ix_jobs_queue_status_created", table_name="jobs")
    op.drop_index(
        "ix_jobs_open_queue_due",
        table_name="jobs",
        postgresql_where=sa.text("status IN ('new', 'in_progress', 'on_hold')"),
    )
    op.drop_index(
        "ix_jobs_open_queue_created",
        table_name="jobs",
        postgresql_where=sa.text("status IN ('new', 'in_progress', 'on_hold')"),
    )
    op.drop_index("ix_jobs_enrollment_id", table_name="jobs")
    op.drop_index("ix_jobs_contact_id", table_name="jobs")
    op.drop_index("ix_jobs_assignee_id_status", table_name="jobs")
    op.drop_table("jobs")
    op.drop_index("ix_job_saved_filters_role", table_name="job_saved_filters")
    op.drop_index("ix_job_saved_filters_owner_id", table_name="job_saved_filters")
    op.drop_table("job_saved_filters")
