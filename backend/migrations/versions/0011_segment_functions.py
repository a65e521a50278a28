"""Lenient conversions segments compile to: a custom attribute holding "2025-02-30" or
"soon" must make one rule false, not fail the whole count.

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-23 03:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# An ISO date or date-time as a timestamptz (naive is read as UTC, as the engine reads
# it), or NULL when it is not one.
TIMESTAMPTZ = r"""
CREATE FUNCTION waymark_timestamptz(value text) RETURNS timestamptz
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
BEGIN
    IF value IS NULL OR value !~ '^\d{4}-\d{2}-\d{2}' THEN
        RETURN NULL;
    END IF;
    IF value ~ '^\d{4}-\d{2}-\d{2}[T ].*(Z|[+-]\d{2}(:?\d{2})?)$' THEN
        RETURN value::timestamptz;
    END IF;
    RETURN value::timestamp AT TIME ZONE 'UTC';
EXCEPTION WHEN others THEN
    RETURN NULL;
END
$$
"""

# A number written as a JSON number or a numeric string, or NULL.
NUMERIC = r"""
CREATE FUNCTION waymark_numeric(value text) RETURNS numeric
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE WHEN value ~ '^\s*-?[0-9]+(\.[0-9]+)?\s*$' THEN value::numeric END
$$
"""


def upgrade() -> None:
    op.execute(TIMESTAMPTZ)
    op.execute(NUMERIC)


def downgrade() -> None:
    op.execute("DROP FUNCTION waymark_numeric(text)")
    op.execute("DROP FUNCTION waymark_timestamptz(text)")
