"""Public write keys get the websites they may be used from and an identity secret.

`allowed_origins`: the origins (`https://shop.example`, `https://*.shop.example`) whose
pages may send with the key; empty refuses every page (a key made before this revision
must be given its websites). `identity_secret`: the HMAC-SHA256 key a site's server
signs its users' ids with (`user_hash`), so a page can prove who its visitor is; without
one, events from the key stay anonymous. Kept as is: it is needed to check each hash.

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-16 09:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0020"
down_revision: str | None = "0019"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column(
        "api_keys",
        sa.Column(
            "allowed_origins",
            postgresql.ARRAY(sa.String(300)),
            server_default=sa.text("'{}'::varchar[]"),
            nullable=False,
        ),
    )
    op.add_column("api_keys", sa.Column("identity_secret", sa.String(100), nullable=True))
    op.add_column(
        "api_keys",
        sa.Column("identity_secret_set_at", sa.DateTime(timezone=True), nullable=True),
    )


def downgrade() -> None:
    op.drop_column("api_keys", "identity_secret_set_at")
    op.drop_column("api_keys", "identity_secret")
    op.drop_column("api_keys", "allowed_origins")
