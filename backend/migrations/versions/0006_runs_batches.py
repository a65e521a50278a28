"""Runs in batches: steps keyed by what moved them; timers need no claim column.

`journey_steps` gets `cause` (the event or timer that moved the enrollment) and `seq`,
unique per enrollment, so handling an event or a timer twice cannot be written. Timers
are fired in the transaction that locks their contact, so `claimed_at` goes.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-23 03:10:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("journey_steps", sa.Column("cause", sa.String(length=200), nullable=True))
    op.add_column("journey_steps", sa.Column("seq", sa.Integer(), nullable=True))
    # Steps written before this revision: each its own cause.
    op.execute("UPDATE journey_steps SET cause = 'legacy:' || id, seq = 0")
    op.alter_column("journey_steps", "cause", nullable=False)
    op.alter_column("journey_steps", "seq", nullable=False)
    op.create_unique_constraint(
        op.f("uq_journey_steps_enrollment_id_cause_seq"),
        "journey_steps",
        ["enrollment_id", "cause", "seq"],
    )
    op.drop_index("ix_journey_steps_enrollment_id", table_name="journey_steps")
    op.drop_column("enrollment_timers", "claimed_at")


def downgrade() -> None:
    op.add_column(
        "enrollment_timers",
        sa.Column("claimed_at", sa.DateTime(timezone=True), nullable=True),
    )
    op.create_index(
        "ix_journey_steps_enrollment_id", "journey_steps", ["enrollment_id"], unique=False
    )
    op.drop_constraint(
        op.f("uq_journey_steps_enrollment_id_cause_seq"), "journey_steps", type_="unique"
    )
    op.drop_column("journey_steps", "seq")
    op.drop_column("journey_steps", "cause")
