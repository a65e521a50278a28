"""Portal stage words: staff's own customer wording per job type and stage, in place of
the code's defaults (app.portal.wording).

Revision ID: 0017
Revises: 0016
Create Date: 2026-11-23 09:05:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0017"
down_revision: str | None = "0016"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "portal_stage_words",
        sa.Column("job_type", sa.String(length=60), nullable=False),
        sa.Column("stage", sa.String(length=80), nullable=False),
        sa.Column("words", sa.String(length=200), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_by", postgresql.UUID(as_uuid=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["job_type"],
            ["job_types.name"],
            name=op.f("fk_portal_stage_words_job_type_job_types"),
            ondelete="CASCADE",
            onupdate="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["updated_by"],
            ["users.id"],
            name=op.f("fk_portal_stage_words_updated_by_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("job_type", "stage", name=op.f("pk_portal_stage_words")),
    )


def downgrade() -> None:
    op.drop_table("portal_stage_words")
