"""Indexes for staff's default queue page, in each sort order (newest, due, priority):
a queue's unassigned open jobs, and a person's open jobs in a queue; and a queue's open
jobs by priority.

The default page reads its two halves from these (app.jobs.listing._default_parts): a
queue whose open jobs are all taken no longer has to be read to the end to find none.

Revision ID: 0016
Revises: 0015
Create Date: 2026-11-23 09:20:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0016"
down_revision: str | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_OPEN = "status IN ('new', 'in_progress', 'on_hold')"
_UNASSIGNED = f"{_OPEN} AND assignee_id IS NULL"
_DUE = "COALESCE(due_at, '9999-12-31 00:00:00+00'::timestamp with time zone)"


_SORTS: dict[str, list[str | sa.TextClause]] = {
    "created": [sa.text("created_at DESC"), sa.text("id DESC")],
    "due": [sa.text(_DUE), "id"],
    "priority": [sa.text("priority_rank DESC"), sa.text("created_at DESC"), sa.text("id DESC")],
}


def upgrade() -> None:
    for sort, columns in _SORTS.items():
        op.create_index(
            f"ix_jobs_open_assignee_{sort}",
            "jobs",
            ["assignee_id", "queue", *columns],
            postgresql_where=sa.text(_OPEN),
        )
    op.create_index(
        "ix_jobs_unassigned_queue_created",
        "jobs",
        ["queue", sa.text("created_at DESC"), sa.text("id DESC")],
        postgresql_where=sa.text(_UNASSIGNED),
    )
    op.create_index(
        "ix_jobs_unassigned_queue_due",
        "jobs",
        ["queue", sa.text(_DUE), "id"],
        postgresql_where=sa.text(_UNASSIGNED),
    )
    op.create_index(
        "ix_jobs_unassigned_queue_priority",
        "jobs",
        ["queue", sa.text("priority_rank DESC"), sa.text("created_at DESC"), sa.text("id DESC")],
        postgresql_where=sa.text(_UNASSIGNED),
    )
    op.create_index(
        "ix_jobs_open_queue_priority",
        "jobs",
        ["queue", sa.text("priority_rank DESC"), sa.text("created_at DESC"), sa.text("id DESC")],
        postgresql_where=sa.text(_OPEN),
    )


def downgrade() -> None:
    for sort in _SORTS:
        op.drop_index(f"ix_jobs_open_assignee_{sort}", table_name="jobs")
    op.drop_index("ix_jobs_open_queue_priority", table_name="jobs")
    op.drop_index("ix_jobs_unassigned_queue_priority", table_name="jobs")
    op.drop_index("ix_jobs_unassigned_queue_due", table_name="jobs")
    op.drop_index("ix_jobs_unassigned_queue_created", table_name="jobs")
