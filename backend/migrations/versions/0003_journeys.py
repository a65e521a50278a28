"""Journeys: drafts and immutable published versions; job types and message templates (the
first slice the journeys catalog reads); an index for the event names seen so far.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-24 09:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_IMMUTABLE_FUNCTION = """
CREATE FUNCTION journey_versions_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'journey_versions are immutable: % is not allowed', TG_OP;
END
$$
"""
_IMMUTABLE_TRIGGER = """
CREATE TRIGGER journey_versions_immutable BEFORE UPDATE ON journey_versions
FOR EACH ROW EXECUTE FUNCTION journey_versions_immutable()
"""


def _timestamps() -> list[sa.Column[object]]:
    return [
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.Column(
            "updated_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
    ]


def upgrade() -> None:
    op.create_table(
        "journeys",
        sa.Column("id", sa.UUID(), server_default=sa.text("gen_random_uuid()"), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("description", sa.Text(), server_default="", nullable=False),
        sa.Column("status", sa.String(length=20), server_default="draft", nullable=False),
        sa.Column("definition", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("draft_revision", sa.Integer(), server_default="1", nullable=False),
        sa.Column("published_version", sa.Integer(), nullable=True),
        sa.Column("published_revision", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.UUID(), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_by", sa.UUID(), nullable=True),
        sa.CheckConstraint(
            "status IN ('draft', 'active', 'paused', 'archived')", name=op.f("ck_journeys_status")
        ),
        sa.ForeignKeyConstraint(
            ["created_by"], ["users.id"], name=op.f("fk_journeys_created_by_users")
        ),
        sa.ForeignKeyConstraint(
            ["updated_by"], ["users.id"], name=op.f("fk_journeys_updated_by_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_journeys")),
    )
    op.create_index(
        "ix_journeys_status_updated_at", "journeys", ["status", "updated_at"], unique=False
    )
    op.create_table(
        "journey_versions",
        sa.Column("journey_id", sa.UUID(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("definition", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("published_by", sa.UUID(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["journey_id"], ["journeys.id"], name=op.f("fk_journey_versions_journey_id_journeys")
        ),
        sa.ForeignKeyConstraint(
            ["published_by"], ["users.id"], name=op.f("fk_journey_versions_published_by_users")
        ),
        sa.PrimaryKeyConstraint("journey_id", "version", name=op.f("pk_journey_versions")),
    )
    # A published version is what running enrollments follow: it never changes.
    op.execute(_IMMUTABLE_FUNCTION)
    op.execute(_IMMUTABLE_TRIGGER)
    op.create_table(
        "job_types",
        sa.Column("id", sa.UUID(), server_default=sa.text("gen_random_uuid()"), nullable=False),
        sa.Column("name", sa.String(length=60), nullable=False),
        sa.Column("label", sa.String(length=120), nullable=False),
        sa.Column("queue", sa.String(length=60), nullable=False),
        sa.Column(
            "outcomes",
            postgresql.ARRAY(sa.String(length=64)),
            server_default=sa.text("'{}'::varchar[]"),
            nullable=False,
        ),
        sa.Column("guidance", sa.Text(), server_default="", nullable=False),
        sa.Column(
            "form_schema",
            postgresql.JSONB(astext_type=sa.Text()),
            server_default=sa.text("'{}'::jsonb"),
            nullable=False,
        ),
        sa.Column("default_due_minutes", sa.Integer(), nullable=True),
        sa.Column("priority", sa.String(length=10), server_default="normal", nullable=False),
        *_timestamps(),
        sa.CheckConstraint(
            "priority IN ('low', 'normal', 'high', 'urgent')", name=op.f("ck_job_types_priority")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_job_types")),
        sa.UniqueConstraint("name", name=op.f("uq_job_types_name")),
    )
    op.create_table(
        "message_templates",
        sa.Column("id", sa.UUID(), server_default=sa.text("gen_random_uuid()"), nullable=False),
        sa.Column("name", sa.String(length=80), nullable=False),
        sa.Column("label", sa.String(length=120), nullable=False),
        sa.Column("channel", sa.String(length=10), nullable=False),
        sa.Column("subject", sa.String(length=200), nullable=True),
        sa.Column("body_html", sa.Text(), server_default="", nullable=False),
        sa.Column("body_text", sa.Text(), server_default="", nullable=False),
        *_timestamps(),
        sa.CheckConstraint(
            "channel IN ('email', 'sms', 'letter')", name=op.f("ck_message_templates_channel")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_message_templates")),
        sa.UniqueConstraint("name", name=op.f("uq_message_templates_name")),
    )
    op.create_index("ix_events_name", "events", ["name"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_events_name", table_name="events")
    op.drop_table("message_templates")
    op.drop_table("job_types")
    op.execute("DROP TRIGGER journey_versions_immutable ON journey_versions")
    op.execute("DROP FUNCTION journey_versions_immutable()")
    op.drop_table("journey_versions")
    op.drop_index("ix_journeys_status_updated_at", table_name="journeys")
    op.drop_table("journeys")
