"""CRM core: contact fields, consent history, business objects, notes, segments.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-23 03:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _jsonb() -> postgresql.JSONB:
    return postgresql.JSONB(astext_type=sa.Text())


def _now() -> sa.TextClause:
    return sa.text("now()")


def upgrade() -> None:
    op.add_column("contacts", sa.Column("timezone", sa.String(length=64), nullable=True))
    op.add_column("contacts", sa.Column("locale", sa.String(length=35), nullable=True))
    op.add_column("contacts", sa.Column("birthday", sa.Date(), nullable=True))
    op.add_column(
        "contacts",
        sa.Column("attributes", _jsonb(), server_default=sa.text("'{}'::jsonb"), nullable=False),
    )
    op.add_column(
        "contacts",
        sa.Column(
            "tags",
            postgresql.ARRAY(sa.Text()),
            server_default=sa.text("'{}'::text[]"),
            nullable=False,
        ),
    )
    op.add_column(
        "contacts", sa.Column("score", sa.Integer(), server_default=sa.text("0"), nullable=False)
    )
    op.add_column("contacts", sa.Column("owner_id", sa.UUID(), nullable=True))
    op.create_foreign_key(
        op.f("fk_contacts_owner_id_users"),
        "contacts",
        "users",
        ["owner_id"],
        ["id"],
        ondelete="SET NULL",
    )
    op.create_index("ix_contacts_tags", "contacts", ["tags"], postgresql_using="gin")
    op.create_index("ix_contacts_owner_id", "contacts", ["owner_id"])
    op.create_index("ix_contacts_score", "contacts", ["score"])

    op.create_table(
        "contact_consents",
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("contact_id", sa.UUID(), nullable=False),
        sa.Column("channel", sa.String(length=20), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("source", sa.String(length=40), nullable=False),
        sa.Column("actor_id", sa.UUID(), nullable=True),
        sa.CheckConstraint(
            "channel IN ('email', 'sms', 'letter', 'phone')",
            name=op.f("ck_contact_consents_channel"),
        ),
        sa.CheckConstraint(
            "status IN ('opted_in', 'opted_out')", name=op.f("ck_contact_consents_status")
        ),
        sa.ForeignKeyConstraint(
            ["contact_id"],
            ["contacts.id"],
            name=op.f("fk_contact_consents_contact_id_contacts"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["actor_id"],
            ["users.id"],
            name=op.f("fk_contact_consents_actor_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_contact_consents")),
    )
    op.create_index(
        "ix_contact_consents_current",
        "contact_consents",
        ["contact_id", "channel", "changed_at", "id"],
    )

    op.create_table(
        "contact_objects",
        sa.Column("id", sa.UUID(), server_default=sa.text("gen_random_uuid()"), nullable=False),
        sa.Column("contact_id", sa.UUID(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("external_ref", sa.String(length=200), nullable=True),
        sa.Column("status", sa.String(length=40), nullable=False),
        sa.Column("data", _jsonb(), server_default=sa.text("'{}'::jsonb"), nullable=False),
        sa.Column("due_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("starts_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=_now(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=_now(), nullable=False),
        sa.CheckConstraint(
            "kind IN ('order', 'return', 'ticket', 'appointment', 'subscription', 'enquiry')",
            name=op.f("ck_contact_objects_kind"),
        ),
        sa.ForeignKeyConstraint(
            ["contact_id"],
            ["contacts.id"],
            name=op.f("fk_contact_objects_contact_id_contacts"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_contact_objects")),
    )
    op.create_index("ix_contact_objects_contact_id_kind", "contact_objects", ["contact_id", "kind"])
    op.create_index(
        "uq_contact_objects_kind_external_ref",
        "contact_objects",
        ["kind", "external_ref"],
        unique=True,
        postgresql_where=sa.text("external_ref IS NOT NULL"),
    )

    op.create_table(
        "contact_notes",
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("contact_id", sa.UUID(), nullable=False),
        sa.Column("author_id", sa.UUID(), nullable=True),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["contact_id"],
            ["contacts.id"],
            name=op.f("fk_contact_notes_contact_id_contacts"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["author_id"],
            ["users.id"],
            name=op.f("fk_contact_notes_author_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_contact_notes")),
    )
    op.create_index("ix_contact_notes_contact_id_id", "contact_notes", ["contact_id", "id"])

    op.create_table(
        "segments",
        sa.Column("id", sa.UUID(), server_default=sa.text("gen_random_uuid()"), nullable=False),
        sa.Column("name", sa.String(length=80), nullable=False),
        sa.Column("label", sa.String(length=120), nullable=False),
        sa.Column("description", sa.Text(), server_default="", nullable=False),
        sa.Column("condition", _jsonb(), nullable=False),
        sa.Column("created_by", sa.UUID(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=_now(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=_now(), nullable=False),
        sa.ForeignKeyConstraint(
            ["created_by"],
            ["users.id"],
            name=op.f("fk_segments_created_by_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_segments")),
        sa.UniqueConstraint("name", name=op.f("uq_segments_name")),
    )


def downgrade() -> None:
    op.drop_table("segments")
    op.drop_index("ix_contact_notes_contact_id_id", table_name="contact_notes")
    op.drop_table("contact_notes")
    op.drop_index("uq_contact_objects_kind_external_ref", table_name="contact_objects")
    op.drop_index("ix_contact_objects_contact_id_kind", table_name="contact_objects")
    op.drop_table("contact_objects")
    op.drop_index("ix_contact_consents_current", table_name="contact_consents")
    op.drop_table("contact_consents")
    op.drop_index("ix_contacts_score", table_name="contacts")
    op.drop_index("ix_contacts_owner_id", table_name="contacts")
    op.drop_index("ix_contacts_tags", table_name="contacts")
    op.drop_constraint(op.f("fk_contacts_owner_id_users"), "contacts", type_="foreignkey")
    for column in ("owner_id", "score", "tags", "attributes", "birthday", "locale", "timezone"):
        op.drop_column("contacts", column)
