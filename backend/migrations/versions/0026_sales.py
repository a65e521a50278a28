"""Sales: projects, outcome lists, buckets, funnel stages, members, customer cards and
their outcome history; automatic processes, their runs and the audit log of their moves
(app.sales). The demo roles get `sales:work` / `sales:manage` (audited, as in 0019).

Revision ID: 0026
Revises: 0025
Create Date: 2026-12-07 19:20:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0026"
down_revision: str | None = "0025"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

UUID = postgresql.UUID(as_uuid=True)
_NEW_UUID = sa.text("gen_random_uuid()")

# Written out, not imported from app.demo: a revision must mean the same thing forever.
_GRANTS = {
    "sales:work": ["super_user", "sales", "supervisor"],
    "sales:manage": ["super_user", "supervisor"],
}
_CUSTOMER_PERMISSIONS = ["portal:self", "portal:affiliate"]


def _id() -> sa.Column[object]:
    return sa.Column("id", UUID, server_default=_NEW_UUID, nullable=False)


def _fk(column: str, table: str, ondelete: str | None, source: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        [column],
        [f"{table}.id"],
        name=op.f(f"fk_{source}_{column}_{table}"),
        ondelete=ondelete,
    )


def _timestamps() -> list[sa.Column[object]]:
    return [
        sa.Column(
            "created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.Column(
            "updated_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
    ]


def _projects() -> None:
    op.create_table(
        "sales_projects",
        _id(),
        sa.Column("name", sa.String(120), nullable=False),
        sa.Column("description", sa.Text(), server_default="", nullable=False),
        sa.Column("created_by", UUID, nullable=True),
        *_timestamps(),
        _fk("created_by", "users", "SET NULL", "sales_projects"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sales_projects")),
        sa.UniqueConstraint("name", name=op.f("uq_sales_projects_name")),
    )
    op.create_table(
        "sales_outcomes",
        _id(),
        sa.Column("project_id", UUID, nullable=False),
        sa.Column("name", sa.String(80), nullable=False),
        sa.Column("is_booking", sa.Boolean(), server_default=sa.text("false"), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        _fk("project_id", "sales_projects", "CASCADE", "sales_outcomes"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sales_outcomes")),
        sa.UniqueConstraint("project_id", "name", name=op.f("uq_sales_outcomes_project_id_name")),
    )
    op.create_table(
        "sales_buckets",
        _id(),
        sa.Column("project_id", UUID, nullable=False),
        sa.Column("name", sa.String(120), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        _fk("project_id", "sales_projects", "CASCADE", "sales_buckets"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sales_buckets")),
        sa.UniqueConstraint("project_id", "name", name=op.f("uq_sales_buckets_project_id_name")),
    )
    op.create_table(
        "sales_bucket_users",
        sa.Column("bucket_id", UUID, nullable=False),
        sa.Column("user_id", UUID, nullable=False),
        _fk("bucket_id", "sales_buckets", "CASCADE", "sales_bucket_users"),
        _fk("user_id", "users", "CASCADE", "sales_bucket_users"),
        sa.PrimaryKeyConstraint("bucket_id", "user_id", name=op.f("pk_sales_bucket_users")),
    )
    op.create_table(
        "sales_stages",
        _id(),
        sa.Column("project_id", UUID, nullable=False),
        sa.Column("name", sa.String(80), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        _fk("project_id", "sales_projects", "CASCADE", "sales_stages"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sales_stages")),
        sa.UniqueConstraint("project_id", "name", name=op.f("uq_sales_stages_project_id_name")),
    )
    op.create_table(
        "sales_members",
        sa.Column("project_id", UUID, nullable=False),
        sa.Column("user_id", UUID, nullable=False),
        sa.Column("added_at", sa.DateTime(timezone=True), nullable=False),
        _fk("project_id", "sales_projects", "CASCADE", "sales_members"),
        _fk("user_id", "users", "CASCADE", "sales_members"),
        sa.PrimaryKeyConstraint("project_id", "user_id", name=op.f("pk_sales_members")),
    )
    op.create_index("ix_sales_members_user_id", "sales_members", ["user_id"])


def _cards() -> None:
    op.create_table(
        "sales_cards",
        _id(),
        sa.Column("project_id", UUID, nullable=False),
        sa.Column("contact_id", UUID, nullable=False),
        sa.Column("bucket_id", UUID, nullable=True),
        sa.Column("holder_id", UUID, nullable=True),
        sa.Column("stage_id", UUID, nullable=True),
        sa.Column("processed", sa.Boolean(), server_default=sa.text("false"), nullable=False),
        sa.Column("processed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("processed_by", UUID, nullable=True),
        sa.Column("last_outcome_id", UUID, nullable=True),
        sa.Column("last_outcome", sa.String(80), nullable=True),
        sa.Column(
            "last_outcome_booking", sa.Boolean(), server_default=sa.text("false"), nullable=False
        ),
        sa.Column("booking_user_id", UUID, nullable=True),
        sa.Column("booking_at", sa.DateTime(timezone=True), nullable=True),
        *_timestamps(),
        sa.CheckConstraint(
            "num_nonnulls(bucket_id, holder_id) <= 1", name=op.f("ck_sales_cards_one_place")
        ),
        _fk("project_id", "sales_projects", "CASCADE", "sales_cards"),
        _fk("contact_id", "contacts", "CASCADE", "sales_cards"),
        _fk("bucket_id", "sales_buckets", "SET NULL", "sales_cards"),
        _fk("holder_id", "users", "SET NULL", "sales_cards"),
        _fk("stage_id", "sales_stages", "SET NULL", "sales_cards"),
        _fk("processed_by", "users", "SET NULL", "sales_cards"),
        _fk("last_outcome_id", "sales_outcomes", "SET NULL", "sales_cards"),
        _fk("booking_user_id", "users", "SET NULL", "sales_cards"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sales_cards")),
        sa.UniqueConstraint(
            "project_id", "contact_id", name=op.f("uq_sales_cards_project_id_contact_id")
        ),
    )
    op.create_index("ix_sales_cards_contact_id", "sales_cards", ["contact_id"])
    op.create_index("ix_sales_cards_holder_id", "sales_cards", ["holder_id"])
    op.create_index(
        "ix_sales_cards_processed",
        "sales_cards",
        ["project_id", "processed_at"],
        postgresql_where=sa.text("processed"),
    )
    op.create_table(
        "sales_card_outcomes",
        sa.Column("id", sa.BigInteger(), sa.Identity(), nullable=False),
        sa.Column("card_id", UUID, nullable=False),
        sa.Column("project_id", UUID, nullable=False),
        sa.Column("outcome_id", UUID, nullable=True),
        sa.Column("outcome", sa.String(80), nullable=False),
        sa.Column("is_booking", sa.Boolean(), nullable=False),
        sa.Column("user_id", UUID, nullable=True),
        sa.Column("booking_user_id", UUID, nullable=True),
        sa.Column("booking_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("note", sa.Text(), server_default="", nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        _fk("card_id", "sales_cards", "CASCADE", "sales_card_outcomes"),
        _fk("project_id", "sales_projects", "CASCADE", "sales_card_outcomes"),
        _fk("outcome_id", "sales_outcomes", "SET NULL", "sales_card_outcomes"),
        _fk("user_id", "users", "SET NULL", "sales_card_outcomes"),
        _fk("booking_user_id", "users", "SET NULL", "sales_card_outcomes"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sales_card_outcomes")),
    )
    op.create_index("ix_sales_card_outcomes_card_id_at", "sales_card_outcomes", ["card_id", "at"])
    op.create_index(
        "ix_sales_card_outcomes_project_id_at", "sales_card_outcomes", ["project_id", "at"]
    )


def _processes() -> None:
    op.create_table(
        "sales_processes",
        _id(),
        sa.Column("name", sa.String(120), nullable=False),
        sa.Column("priority", sa.Integer(), nullable=False),
        sa.Column("destination_id", UUID, nullable=False),
        sa.Column("placement", sa.String(20), nullable=False),
        sa.Column("bucket_id", UUID, nullable=True),
        sa.Column("outcomes", postgresql.ARRAY(sa.String(80)), nullable=False),
        sa.Column("condition", postgresql.JSONB(astext_type=sa.Text()), nullable=True),
        sa.Column("frequency", sa.String(10), nullable=False),
        sa.Column("daily_at", sa.Time(), nullable=True),
        sa.Column("active", sa.Boolean(), server_default=sa.text("true"), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", UUID, nullable=True),
        sa.Column("scan_from", sa.DateTime(timezone=True), nullable=False),
        sa.Column("deactivated_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("next_run_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint("priority >= 1", name=op.f("ck_sales_processes_priority")),
        sa.CheckConstraint(
            "placement IN ('bucket', 'active_user', 'same_user', 'new_bucket')",
            name=op.f("ck_sales_processes_placement"),
        ),
        sa.CheckConstraint(
            "frequency IN ('5m', '15m', '1h', '1d')", name=op.f("ck_sales_processes_frequency")
        ),
        _fk("destination_id", "sales_projects", None, "sales_processes"),
        _fk("bucket_id", "sales_buckets", "SET NULL", "sales_processes"),
        _fk("created_by", "users", "SET NULL", "sales_processes"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sales_processes")),
    )
    op.create_index(
        "ix_sales_processes_due",
        "sales_processes",
        ["next_run_at"],
        postgresql_where=sa.text("active"),
    )
    op.create_table(
        "sales_process_sources",
        sa.Column("process_id", UUID, nullable=False),
        sa.Column("project_id", UUID, nullable=False),
        _fk("process_id", "sales_processes", "CASCADE", "sales_process_sources"),
        _fk("project_id", "sales_projects", "CASCADE", "sales_process_sources"),
        sa.PrimaryKeyConstraint("process_id", "project_id", name=op.f("pk_sales_process_sources")),
    )
    op.create_table(
        "sales_process_runs",
        _id(),
        sa.Column("process_id", UUID, nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("status", sa.String(20), server_default="running", nullable=False),
        sa.Column("due_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("scan_from", sa.DateTime(timezone=True), nullable=False),
        sa.Column("scan_until", sa.DateTime(timezone=True), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("moved", sa.Integer(), server_default=sa.text("0"), nullable=False),
        sa.Column("skipped", sa.Integer(), server_default=sa.text("0"), nullable=False),
        sa.Column("batches", sa.Integer(), server_default=sa.text("0"), nullable=False),
        sa.Column("detail", sa.Text(), server_default="", nullable=False),
        sa.Column("requested_by", UUID, nullable=True),
        sa.CheckConstraint(
            "kind IN ('schedule', 'manual')", name=op.f("ck_sales_process_runs_kind")
        ),
        sa.CheckConstraint(
            "status IN ('running', 'done', 'stopped')", name=op.f("ck_sales_process_runs_status")
        ),
        _fk("process_id", "sales_processes", "CASCADE", "sales_process_runs"),
        _fk("requested_by", "users", "SET NULL", "sales_process_runs"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sales_process_runs")),
        sa.UniqueConstraint(
            "process_id", "due_at", name=op.f("uq_sales_process_runs_process_id_due_at")
        ),
    )
    op.create_index(
        "uq_sales_process_runs_running",
        "sales_process_runs",
        ["process_id"],
        unique=True,
        postgresql_where=sa.text("status = 'running'"),
    )
    op.create_table(
        "sales_process_moves",
        sa.Column("id", sa.BigInteger(), sa.Identity(), nullable=False),
        sa.Column("run_id", UUID, nullable=False),
        sa.Column("process_id", UUID, nullable=False),
        sa.Column("card_id", UUID, nullable=False),
        sa.Column("from_project_id", UUID, nullable=False),
        sa.Column("to_project_id", UUID, nullable=False),
        sa.Column("to_bucket_id", UUID, nullable=True),
        sa.Column("to_user_id", UUID, nullable=True),
        sa.Column("outcome", sa.String(80), nullable=True),
        sa.Column("card_processed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("action", sa.String(10), nullable=False),
        sa.Column("reason", sa.String(40), nullable=False),
        sa.Column("detail", sa.Text(), server_default="", nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "action IN ('moved', 'skipped')", name=op.f("ck_sales_process_moves_action")
        ),
        _fk("run_id", "sales_process_runs", "CASCADE", "sales_process_moves"),
        _fk("process_id", "sales_processes", "CASCADE", "sales_process_moves"),
        _fk("card_id", "sales_cards", "CASCADE", "sales_process_moves"),
        _fk("from_project_id", "sales_projects", "CASCADE", "sales_process_moves"),
        _fk("to_project_id", "sales_projects", "CASCADE", "sales_process_moves"),
        _fk("to_bucket_id", "sales_buckets", "SET NULL", "sales_process_moves"),
        _fk("to_user_id", "users", "SET NULL", "sales_process_moves"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sales_process_moves")),
        sa.UniqueConstraint(
            "process_id",
            "card_id",
            "card_processed_at",
            name=op.f("uq_sales_process_moves_process_id_card_id_card_processed_at"),
        ),
    )
    op.create_index("ix_sales_process_moves_run_id", "sales_process_moves", ["run_id", "id"])
    op.create_index("ix_sales_process_moves_card_id", "sales_process_moves", ["card_id"])


# As 0019: grant to the demo roles that lack it (never to a customer role, never back to a
# role a super-user took it from), and say so in the audit log; the downgrade takes it back.
_GRANT = sa.text(
    """
    WITH changed AS (
        UPDATE roles
        SET permissions = ARRAY(
                SELECT p FROM unnest(array_append(permissions, :permission)) AS p
                ORDER BY p COLLATE "C"
            ),
            updated_at = now()
        WHERE name = ANY(:names)
          AND NOT (:permission = ANY(permissions))
          AND NOT (permissions && CAST(:customer AS varchar[]))
          AND NOT EXISTS (
              SELECT FROM audit_log AS taken
              WHERE taken.action = 'role.updated'
                AND taken.target_type = 'role'
                AND taken.target_id = roles.name
                AND taken.changes #> '{permissions,from}'
                    @> jsonb_build_array(CAST(:permission AS text))
                AND NOT taken.changes #> '{permissions,to}'
                    @> jsonb_build_array(CAST(:permission AS text))
          )
        RETURNING name, permissions
    )
    INSERT INTO audit_log (actor_id, action, target_type, target_id, changes)
    SELECT NULL, 'role.updated', 'role', name, jsonb_build_object(
        'permissions', jsonb_build_object(
            'from', to_jsonb(array_remove(permissions, CAST(:permission AS varchar))),
            'to', to_jsonb(permissions)
        )
    )
    FROM changed
    """
)
# Every role loses it on the way down: the permission no longer exists there.
_REVOKE = sa.text(
    """
    WITH changed AS (
        UPDATE roles
        SET permissions = array_remove(permissions, CAST(:permission AS varchar)),
            updated_at = now()
        WHERE :permission = ANY(permissions)
        RETURNING name, permissions
    )
    INSERT INTO audit_log (actor_id, action, target_type, target_id, changes)
    SELECT NULL, 'role.updated', 'role', name, jsonb_build_object(
        'permissions', jsonb_build_object(
            'from', to_jsonb(ARRAY(
                SELECT p FROM unnest(array_append(permissions, :permission)) AS p
                ORDER BY p COLLATE "C"
            )),
            'to', to_jsonb(permissions)
        )
    )
    FROM changed
    """
)


def upgrade() -> None:
    _projects()
    _cards()
    _processes()
    bind = op.get_bind()
    for permission, names in _GRANTS.items():
        bind.execute(
            _GRANT,
            {"names": names, "permission": permission, "customer": _CUSTOMER_PERMISSIONS},
        )


def downgrade() -> None:
    bind = op.get_bind()
    for permission in _GRANTS:
        bind.execute(_REVOKE, {"permission": permission})
    for table in (
        "sales_process_moves",
        "sales_process_runs",
        "sales_process_sources",
        "sales_processes",
        "sales_card_outcomes",
        "sales_cards",
        "sales_members",
        "sales_stages",
        "sales_bucket_users",
        "sales_buckets",
        "sales_outcomes",
        "sales_projects",
    ):
        op.drop_table(table)
