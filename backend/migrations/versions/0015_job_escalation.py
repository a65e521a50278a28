"""Job escalation: when a job nobody claimed in time raises its priority and tells the
queue's supervisors (a create-job step's "escalation" settings, S3).

Revision ID: 0015
Revises: 0014
Create Date: 2026-11-23 08:15:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0015"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("jobs", sa.Column("escalate_at", sa.DateTime(timezone=True), nullable=True))
    op.add_column("jobs", sa.Column("escalate_priority", sa.String(length=10), nullable=True))
    op.add_column(
        "jobs",
        sa.Column(
            "escalate_notify_supervisors",
            sa.Boolean(),
            server_default=sa.text("false"),
            nullable=False,
        ),
    )
    op.add_column("jobs", sa.Column("escalated_at", sa.DateTime(timezone=True), nullable=True))
    op.create_index(
        "ix_jobs_escalate_at",
        "jobs",
        ["escalate_at"],
        postgresql_where=sa.text("escalated_at IS NULL AND escalate_at IS NOT NULL"),
    )


def downgrade() -> None:
    op.drop_index("ix_jobs_escalate_at", table_name="jobs")
    op.drop_column("jobs", "escalated_at")
    op.drop_column("jobs", "escalate_notify_supervisors")
    op.drop_column("jobs", "escalate_priority")
    op.drop_column("jobs", "escalate_at")
