"""A journey migration can be cancelled while it is applied (app.runs.migrations.cancel):
`cancelled` joins the statuses it may have.

Revision ID: 0027
Revises: 0026
Create Date: 2026-12-07 19:30:00
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0027"
down_revision: str | None = "0026"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_NAME = "ck_journey_migrations_status"
_OLD = "status IN ('queued', 'running', 'done', 'refused')"
_NEW = "status IN ('queued', 'running', 'done', 'refused', 'cancelled')"


def upgrade() -> None:
    op.drop_constraint(op.f(_NAME), "journey_migrations", type_="check")
    op.create_check_constraint(op.f(_NAME), "journey_migrations", _NEW)


def downgrade() -> None:
    # A cancelled migration reads as one refused, with its detail saying it was cancelled.
    op.execute("UPDATE journey_migrations SET status = 'refused' WHERE status = 'cancelled'")
    op.drop_constraint(op.f(_NAME), "journey_migrations", type_="check")
    op.create_check_constraint(op.f(_NAME), "journey_migrations", _OLD)
