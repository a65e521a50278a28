"""Two indexes on events for the canvas's conditions and pickers.

- (contact, name, time): "did event X" conditions read a contact's events of a few names
  (the worker, one query per batch) and segments count them with an EXISTS per contact.
  Before it, those read every event of the contact (ix_events_contact_id_id) and
  filtered by name.
- (name, id) instead of (name): the field catalog reads the newest events of each name
  (one probe per name, not a sort of all of them); the catalog's skip scan over the
  distinct names walks it as it walked (name).

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-02 10:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0021"
down_revision: str | None = "0020"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index(
        "ix_events_contact_name_occurred", "events", ["contact_id", "name", "occurred_at"]
    )
    op.create_index("ix_events_name_id", "events", ["name", "id"])
    op.drop_index("ix_events_name", table_name="events")


def downgrade() -> None:
    op.create_index("ix_events_name", "events", ["name"])
    op.drop_index("ix_events_name_id", table_name="events")
    op.drop_index("ix_events_contact_name_occurred", table_name="events")
