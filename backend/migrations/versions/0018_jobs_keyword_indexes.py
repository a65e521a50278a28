"""Keyword indexes for staff's default queue page: a queue's unassigned open jobs, and a
person's open jobs in a queue, each with the search vector in the same GIN index.

A keyword page ("Lovelace") reads its two halves (app.jobs.listing._default_parts) from
these: the matching jobs come straight from the index, not from reading every open job of
the person and testing each heap row's vector. btree_gin lets the plain columns share the
GIN index with the vector; it is a trusted extension, so the database owner may create it.

The (queue, status, assignee) statistics of 0014 also keep a longer list of common
combinations (1,000, not the default 100): with more staff than fit the short list, the
planner took a person's open jobs in a queue for a tenth of what they are, and sorted all
of them (a bitmap scan) where walking the person's index in page order reads 51 rows.

Revision ID: 0018
Revises: 0017
Create Date: 2026-11-23 12:30:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0018"
down_revision: str | None = "0017"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_OPEN = "status IN ('new', 'in_progress', 'on_hold')"


def upgrade() -> None:
    op.execute("CREATE EXTENSION IF NOT EXISTS btree_gin")
    op.create_index(
        "ix_jobs_unassigned_queue_search",
        "jobs",
        ["queue", "search"],
        postgresql_using="gin",
        postgresql_where=sa.text(f"{_OPEN} AND assignee_id IS NULL"),
    )
    op.create_index(
        "ix_jobs_open_assignee_search",
        "jobs",
        ["assignee_id", "queue", "search"],
        postgresql_using="gin",
        postgresql_where=sa.text(_OPEN),
    )
    op.execute("ALTER STATISTICS jobs_queue_status_assignee SET STATISTICS 1000")
    op.execute("ANALYZE jobs")


def downgrade() -> None:
    op.execute("ALTER STATISTICS jobs_queue_status_assignee SET STATISTICS -1")
    op.drop_index("ix_jobs_open_assignee_search", table_name="jobs")
    op.drop_index("ix_jobs_unassigned_queue_search", table_name="jobs")
    # The extension stays: dropping it could break an index someone else built on it.
