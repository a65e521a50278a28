"""Anonymous ids tied to a known contact by identify.

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-23 03:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "contact_anonymous_ids",
        sa.Column("anonymous_id", sa.String(length=200), nullable=False),
        sa.Column("contact_id", sa.UUID(), nullable=False),
        sa.Column(
            "created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.ForeignKeyConstraint(
            ["contact_id"],
            ["contacts.id"],
            name=op.f("fk_contact_anonymous_ids_contact_id_contacts"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("anonymous_id", name=op.f("pk_contact_anonymous_ids")),
    )
    op.create_index(
        op.f("ix_contact_anonymous_ids_contact_id"),
        "contact_anonymous_ids",
        ["contact_id"],
        unique=False,
    )
    # The Events page filters by source and time and finds events by name prefix.
    op.create_index("ix_events_occurred_at", "events", ["occurred_at"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_events_occurred_at", table_name="events")
    op.drop_index(op.f("ix_contact_anonymous_ids_contact_id"), table_name="contact_anonymous_ids")
    op.drop_table("contact_anonymous_ids")
