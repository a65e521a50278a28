"""Channels: job guidance and layout templates, the message log, letters.

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-23 03:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_OLD_KINDS = "channel IN ('email', 'sms', 'letter')"
_NEW_KINDS = "channel IN ('email', 'sms', 'letter', 'guidance', 'layout')"


def upgrade() -> None:
    op.drop_constraint(op.f("ck_message_templates_channel"), "message_templates", type_="check")
    op.create_check_constraint(
        op.f("ck_message_templates_channel"), "message_templates", _NEW_KINDS
    )
    op.create_table(
        "channel_messages",
        sa.Column("key", sa.String(length=300), nullable=False),
        sa.Column("outbox_id", sa.BigInteger(), nullable=True),
        sa.Column("channel", sa.String(length=10), nullable=False),
        sa.Column("contact_id", sa.UUID(), nullable=True),
        sa.Column("journey_id", sa.UUID(), nullable=True),
        sa.Column("node_id", sa.String(length=120), nullable=True),
        sa.Column("template", sa.String(length=80), nullable=True),
        sa.Column("recipient", sa.String(length=2000), nullable=True),
        sa.Column("subject", sa.Text(), nullable=True),
        sa.Column("body_html", sa.Text(), nullable=True),
        sa.Column("body_text", sa.Text(), nullable=True),
        sa.Column("raw", sa.Text(), nullable=True),
        sa.Column("provider", sa.String(length=20), nullable=True),
        sa.Column("message_id", sa.String(length=300), nullable=True),
        sa.Column("response", postgresql.JSONB(astext_type=sa.Text()), nullable=True),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("opens", sa.Integer(), server_default="0", nullable=False),
        sa.Column("clicks", sa.Integer(), server_default="0", nullable=False),
        sa.Column("opened_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("clicked_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("unsubscribed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint(
            "channel IN ('email', 'sms', 'letter', 'webhook')",
            name=op.f("ck_channel_messages_channel"),
        ),
        sa.ForeignKeyConstraint(
            ["contact_id"],
            ["contacts.id"],
            name=op.f("fk_channel_messages_contact_id_contacts"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["outbox_id"],
            ["outbox.id"],
            name=op.f("fk_channel_messages_outbox_id_outbox"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_channel_messages")),
    )
    op.create_index("ix_channel_messages_contact_id", "channel_messages", ["contact_id"])
    op.create_index(
        "ix_channel_messages_journey_id_node_id", "channel_messages", ["journey_id", "node_id"]
    )
    op.create_table(
        "letters",
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("key", sa.String(length=300), nullable=False),
        sa.Column("contact_id", sa.UUID(), nullable=False),
        sa.Column("template", sa.String(length=80), nullable=True),
        sa.Column("path", sa.String(length=300), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("print_queue", sa.String(length=80), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["contact_id"],
            ["contacts.id"],
            name=op.f("fk_letters_contact_id_contacts"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_letters")),
        sa.UniqueConstraint("key", name=op.f("uq_letters_key")),
    )
    op.create_index("ix_letters_contact_id", "letters", ["contact_id"])


def downgrade() -> None:
    op.drop_index("ix_letters_contact_id", table_name="letters")
    op.drop_table("letters")
    op.drop_index("ix_channel_messages_journey_id_node_id", table_name="channel_messages")
    op.drop_index("ix_channel_messages_contact_id", table_name="channel_messages")
    op.drop_table("channel_messages")
    op.execute("DELETE FROM message_templates WHERE channel IN ('guidance', 'layout')")
    op.drop_constraint(op.f("ck_message_templates_channel"), "message_templates", type_="check")
    op.create_check_constraint(
        op.f("ck_message_templates_channel"), "message_templates", _OLD_KINDS
    )
