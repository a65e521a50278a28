"""Journey migrations: plans moving running contacts to a newer version, and the
enrollments each covers with what became of them (app.runs.migrations).

Revision ID: 0025
Revises: 0024
Create Date: 2026-12-07 15:40:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0025"
down_revision: str | None = "0024"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_UNFINISHED = sa.text("status IN ('queued', 'running')")


def upgrade() -> None:
    op.create_table(
        "journey_migrations",
        sa.Column("id", postgresql.UUID(as_uuid=True), nullable=False),
        sa.Column("journey_id", postgresql.UUID(as_uuid=True), nullable=False),
        sa.Column("to_version", sa.Integer(), nullable=False),
        sa.Column("plan", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("detail", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", postgresql.UUID(as_uuid=True), nullable=True),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("passes", sa.Integer(), server_default="0", nullable=False),
        sa.Column("cursor", postgresql.UUID(as_uuid=True), nullable=True),
        sa.Column("total", sa.Integer(), server_default="0", nullable=False),
        sa.Column("moved", sa.Integer(), server_default="0", nullable=False),
        sa.Column("stayed", sa.Integer(), server_default="0", nullable=False),
        sa.Column("left", sa.Integer(), server_default="0", nullable=False),
        sa.Column("ended", sa.Integer(), server_default="0", nullable=False),
        sa.CheckConstraint(
            "status IN ('queued', 'running', 'done', 'refused')",
            name=op.f("ck_journey_migrations_status"),
        ),
        sa.ForeignKeyConstraint(
            ["journey_id"], ["journeys.id"], name=op.f("fk_journey_migrations_journey_id_journeys")
        ),
        sa.ForeignKeyConstraint(
            ["created_by"],
            ["users.id"],
            name=op.f("fk_journey_migrations_created_by_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_journey_migrations")),
    )
    op.create_index(
        "ix_journey_migrations_journey_id_created_at",
        "journey_migrations",
        ["journey_id", "created_at"],
    )
    op.create_index(
        "uq_journey_migrations_journey_id_unfinished",
        "journey_migrations",
        ["journey_id"],
        unique=True,
        postgresql_where=_UNFINISHED,
    )
    op.create_table(
        "journey_migration_items",
        sa.Column("migration_id", postgresql.UUID(as_uuid=True), nullable=False),
        sa.Column("enrollment_id", postgresql.UUID(as_uuid=True), nullable=False),
        sa.Column("from_version", sa.Integer(), nullable=False),
        sa.Column("outcome", sa.String(length=20), server_default="pending", nullable=False),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint(
            "outcome IN ('pending', 'moved', 'stayed', 'left', 'ended')",
            name=op.f("ck_journey_migration_items_outcome"),
        ),
        sa.ForeignKeyConstraint(
            ["migration_id"],
            ["journey_migrations.id"],
            name=op.f("fk_journey_migration_items_migration_id_journey_migrations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["enrollment_id"],
            ["enrollments.id"],
            name=op.f("fk_journey_migration_items_enrollment_id_enrollments"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "migration_id", "enrollment_id", name=op.f("pk_journey_migration_items")
        ),
    )
    op.create_index(
        "ix_journey_migration_items_pending",
        "journey_migration_items",
        ["migration_id", "enrollment_id"],
        postgresql_where=sa.text("outcome = 'pending'"),
    )


def downgrade() -> None:
    op.drop_table("journey_migration_items")
    op.drop_table("journey_migrations")
