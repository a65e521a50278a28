"""Saved test cases of a journey (docs/test-runs.md): a test run's request and how it ended.

Revision ID: 0022
Revises: 0021
Create Date: 2026-12-07 13:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0022"
down_revision: str | None = "0021"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "journey_test_cases",
        sa.Column(
            "id",
            postgresql.UUID(as_uuid=True),
            server_default=sa.text("gen_random_uuid()"),
            nullable=False,
        ),
        sa.Column("journey_id", postgresql.UUID(as_uuid=True), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("request", postgresql.JSONB(), nullable=False),
        sa.Column("expected", postgresql.JSONB(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", postgresql.UUID(as_uuid=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["journey_id"],
            ["journeys.id"],
            name=op.f("fk_journey_test_cases_journey_id_journeys"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["created_by"], ["users.id"], name=op.f("fk_journey_test_cases_created_by_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_journey_test_cases")),
    )
    op.create_index(op.f("ix_journey_test_cases_journey_id"), "journey_test_cases", ["journey_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_journey_test_cases_journey_id"), table_name="journey_test_cases")
    op.drop_table("journey_test_cases")
