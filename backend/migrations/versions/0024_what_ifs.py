"""What-if runs of a journey (docs/what-if.md) and the contacts behind their numbers.

Revision ID: 0024
Revises: 0023
Create Date: 2026-12-07 15:30:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0024"
down_revision: str | None = "0023"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "journey_what_ifs",
        sa.Column(
            "id",
            postgresql.UUID(as_uuid=True),
            server_default=sa.text("gen_random_uuid()"),
            nullable=False,
        ),
        sa.Column("journey_id", postgresql.UUID(as_uuid=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=True),
        sa.Column("definition", postgresql.JSONB(), nullable=False),
        sa.Column("period_start", sa.DateTime(timezone=True), nullable=False),
        sa.Column("period_end", sa.DateTime(timezone=True), nullable=False),
        sa.Column("segment_id", postgresql.UUID(as_uuid=True), nullable=True),
        sa.Column("segment_name", sa.String(length=80), nullable=True),
        sa.Column(
            "job_steps", postgresql.JSONB(), server_default=sa.text("'{}'::jsonb"), nullable=False
        ),
        sa.Column("status", sa.String(length=20), server_default="queued", nullable=False),
        sa.Column("contacts_total", sa.Integer(), server_default=sa.text("0"), nullable=False),
        sa.Column("contacts_done", sa.Integer(), server_default=sa.text("0"), nullable=False),
        sa.Column("events_done", sa.Integer(), server_default=sa.text("0"), nullable=False),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("result", postgresql.JSONB(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", postgresql.UUID(as_uuid=True), nullable=True),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("heartbeat_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["journey_id"],
            ["journeys.id"],
            name=op.f("fk_journey_what_ifs_journey_id_journeys"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["created_by"], ["users.id"], name=op.f("fk_journey_what_ifs_created_by_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_journey_what_ifs")),
    )
    op.create_index(op.f("ix_journey_what_ifs_journey_id"), "journey_what_ifs", ["journey_id"])
    op.create_index(op.f("ix_journey_what_ifs_status"), "journey_what_ifs", ["status"])
    op.create_table(
        "journey_what_if_contacts",
        sa.Column("run_id", postgresql.UUID(as_uuid=True), nullable=False),
        sa.Column("bucket", sa.String(length=300), nullable=False),
        sa.Column("contact_id", postgresql.UUID(as_uuid=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["run_id"],
            ["journey_what_ifs.id"],
            name=op.f("fk_journey_what_if_contacts_run_id_journey_what_ifs"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "run_id", "bucket", "contact_id", name=op.f("pk_journey_what_if_contacts")
        ),
    )


def downgrade() -> None:
    op.drop_table("journey_what_if_contacts")
    op.drop_index(op.f("ix_journey_what_ifs_status"), table_name="journey_what_ifs")
    op.drop_index(op.f("ix_journey_what_ifs_journey_id"), table_name="journey_what_ifs")
    op.drop_table("journey_what_ifs")
