"""An index for "who is here" (GET /api/v1/enrollments?journey_id&node_id&status, the
canvas's step list): a journey's live enrollments, newest first.

The list asks for a page (26 rows) of one journey's active enrollments with a path at a
step, newest first. Before, PostgreSQL read every enrollment of the journey and sorted
them: with 200,000 enrollments in one journey, a parallel seq scan of the table, 66-93 ms
a page (EXPLAIN ANALYZE, 140,000 of them live, 20 steps). Walking this index in page
order stops once the page is full: 0.3-0.7 ms for a step with people, the whole
journey, or one version of it. The price: a step where nobody (or almost nobody) is
walks all of the journey's live entries, 100-185 ms there against the seq scan's 66 ms;
the canvas offers the list only at steps where people wait.

Not a GIN index on `state['tokens']` (it would answer the step filter directly): every
step a worker takes rewrites `state`, and such an index made those updates 2.5-3 times
slower (5 x 20,000-row UPDATEs: 1.3-2.0 s without, 4.2-5.0 s with). This one's columns
never change while an enrollment runs, and made no measurable difference to them.

Revision ID: 0028
Revises: 0027
Create Date: 2026-12-07 20:40:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0028"
down_revision: str | None = "0027"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_NAME = "ix_enrollments_live_journey_id_entered_at"


def upgrade() -> None:
    op.create_index(
        _NAME,
        "enrollments",
        ["journey_id", sa.text("entered_at DESC"), sa.text("id DESC")],
        postgresql_where=sa.text("status IN ('active', 'paused')"),
    )


def downgrade() -> None:
    op.drop_index(_NAME, table_name="enrollments")
