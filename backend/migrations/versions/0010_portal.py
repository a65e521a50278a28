"""Customer portal: portal messages, emailed sign-in links, erasure requests.

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-23 03:30:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "portal_messages",
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("contact_id", sa.UUID(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("link", sa.String(length=2000), nullable=True),
        sa.Column("pinned", sa.Boolean(), server_default=sa.text("false"), nullable=False),
        sa.Column("enrollment_id", sa.UUID(), nullable=True),
        sa.Column("node_id", sa.String(length=120), nullable=True),
        sa.Column("source_key", sa.String(length=300), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("read_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["contact_id"],
            ["contacts.id"],
            name=op.f("fk_portal_messages_contact_id_contacts"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["enrollment_id"],
            ["enrollments.id"],
            name=op.f("fk_portal_messages_enrollment_id_enrollments"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_portal_messages")),
        sa.UniqueConstraint("source_key", name=op.f("uq_portal_messages_source_key")),
    )
    op.create_index("ix_portal_messages_contact_id_id", "portal_messages", ["contact_id", "id"])
    op.create_table(
        "portal_sign_in_links",
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("user_id", sa.UUID(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("used_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_portal_sign_in_links_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_portal_sign_in_links")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_portal_sign_in_links_token_hash")),
    )
    op.create_index(op.f("ix_portal_sign_in_links_user_id"), "portal_sign_in_links", ["user_id"])
    op.create_table(
        "portal_erasure_requests",
        sa.Column("id", sa.UUID(), server_default=sa.text("gen_random_uuid()"), nullable=False),
        sa.Column("contact_id", sa.UUID(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("requested_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("completed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("job_id", sa.UUID(), nullable=True),
        sa.CheckConstraint(
            "status IN ('requested', 'completed', 'declined')",
            name=op.f("ck_portal_erasure_requests_status"),
        ),
        sa.ForeignKeyConstraint(
            ["contact_id"],
            ["contacts.id"],
            name=op.f("fk_portal_erasure_requests_contact_id_contacts"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_portal_erasure_requests")),
    )
    op.create_index(
        "uq_portal_erasure_requests_open",
        "portal_erasure_requests",
        ["contact_id"],
        unique=True,
        postgresql_where=sa.text("status = 'requested'"),
    )


def downgrade() -> None:
    op.drop_index("uq_portal_erasure_requests_open", table_name="portal_erasure_requests")
    op.drop_table("portal_erasure_requests")
    op.drop_index(op.f("ix_portal_sign_in_links_user_id"), table_name="portal_sign_in_links")
    op.drop_table("portal_sign_in_links")
    op.drop_index("ix_portal_messages_contact_id_id", table_name="portal_messages")
    op.drop_table("portal_messages")
