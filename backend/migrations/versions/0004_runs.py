"""Runs: enrollments, their timers, the journey step log and the outbox.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-25 09:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _jsonb() -> postgresql.JSONB:
    return postgresql.JSONB(astext_type=sa.Text())


def upgrade() -> None:
    op.create_table(
        "enrollments",
        sa.Column("id", sa.UUID(), nullable=False),
        sa.Column("journey_id", sa.UUID(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("contact_id", sa.UUID(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("state", _jsonb(), nullable=False),
        sa.Column("entered_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ended_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "status IN ('active', 'paused', 'completed', 'exited')",
            name=op.f("ck_enrollments_status"),
        ),
        sa.ForeignKeyConstraint(
            ["contact_id"],
            ["contacts.id"],
            name=op.f("fk_enrollments_contact_id_contacts"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["journey_id"], ["journeys.id"], name=op.f("fk_enrollments_journey_id_journeys")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_enrollments")),
    )
    op.create_index(
        "ix_enrollments_contact_id_status", "enrollments", ["contact_id", "status"], unique=False
    )
    op.create_index(
        "ix_enrollments_journey_id_version_status",
        "enrollments",
        ["journey_id", "version", "status"],
        unique=False,
    )
    op.create_table(
        "enrollment_timers",
        sa.Column("enrollment_id", sa.UUID(), nullable=False),
        sa.Column("token_id", sa.String(length=40), nullable=False),
        sa.Column("wake_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("claimed_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["enrollment_id"],
            ["enrollments.id"],
            name=op.f("fk_enrollment_timers_enrollment_id_enrollments"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("enrollment_id", "token_id", name=op.f("pk_enrollment_timers")),
    )
    op.create_index("ix_enrollment_timers_wake_at", "enrollment_timers", ["wake_at"], unique=False)
    op.create_table(
        "journey_steps",
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("enrollment_id", sa.UUID(), nullable=False),
        sa.Column("journey_id", sa.UUID(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("node_id", sa.String(length=120), nullable=False),
        sa.Column("exit_taken", sa.String(length=120), nullable=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("detail", _jsonb(), nullable=False),
        sa.ForeignKeyConstraint(
            ["enrollment_id"],
            ["enrollments.id"],
            name=op.f("fk_journey_steps_enrollment_id_enrollments"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_journey_steps")),
    )
    op.create_index(
        "ix_journey_steps_journey_id_version_node_id",
        "journey_steps",
        ["journey_id", "version", "node_id"],
        unique=False,
    )
    op.create_index(
        "ix_journey_steps_enrollment_id", "journey_steps", ["enrollment_id"], unique=False
    )
    op.create_table(
        "outbox",
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("key", sa.String(length=300), nullable=False),
        sa.Column("enrollment_id", sa.UUID(), nullable=True),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("payload", _jsonb(), nullable=False),
        sa.Column("status", sa.String(length=20), server_default="pending", nullable=False),
        sa.Column("attempts", sa.Integer(), server_default="0", nullable=False),
        sa.Column("next_attempt_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint(
            "status IN ('pending', 'sent', 'failed')", name=op.f("ck_outbox_status")
        ),
        sa.ForeignKeyConstraint(
            ["enrollment_id"],
            ["enrollments.id"],
            name=op.f("fk_outbox_enrollment_id_enrollments"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outbox")),
        sa.UniqueConstraint("key", name=op.f("uq_outbox_key")),
    )
    op.create_index(
        "ix_outbox_pending_next_attempt_at",
        "outbox",
        ["next_attempt_at"],
        unique=False,
        postgresql_where=sa.text("status = 'pending'"),
    )


def downgrade() -> None:
    op.drop_index(
        "ix_outbox_pending_next_attempt_at",
        table_name="outbox",
        postgresql_where=sa.text("status = 'pending'"),
    )
    op.drop_table("outbox")
    op.drop_index("ix_journey_steps_enrollment_id", table_name="journey_steps")
    op.drop_index("ix_journey_steps_journey_id_version_node_id", table_name="journey_steps")
    op.drop_table("journey_steps")
    op.drop_index("ix_enrollment_timers_wake_at", table_name="enrollment_timers")
    op.drop_table("enrollment_timers")
    op.drop_index("ix_enrollments_journey_id_version_status", table_name="enrollments")
    op.drop_index("ix_enrollments_contact_id_status", table_name="enrollments")
    op.drop_table("enrollments")
