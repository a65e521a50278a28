"""Demo roles get portal:wording: the seed gives it to new `super_user`, `marketer` and
`supervisor` roles, but never touches a role that already exists, so databases seeded
before 0017 lack it. Only those roles, only when they lack it and no super-user took it
away from them (the audit log says); each grant is audited.

Revision ID: 0019
Revises: 0018
Create Date: 2026-11-23 12:20:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0019"
down_revision: str | None = "0018"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Written out, not imported from app.demo: a revision must mean the same thing forever.
_DEMO_ROLES = ["super_user", "marketer", "supervisor"]
_PERMISSION = "portal:wording"
_CUSTOMER_PERMISSIONS = ["portal:self", "portal:affiliate"]

# One statement a direction: change the roles, then say so in the audit log (actor NULL,
# as for the seed), in the form the roles page writes ({"permissions": {from, to}}).
# Sorted byte-wise, as Python sorts them when a role is saved.
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
          -- A customer role takes no staff permission, whatever it is called.
          AND NOT (permissions && CAST(:customer AS varchar[]))
          -- Nor does a role a super-user already took it away from.
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
_REVOKE = sa.text(
    """
    WITH changed AS (
        UPDATE roles
        SET permissions = array_remove(permissions, CAST(:permission AS varchar)),
            updated_at = now()
        WHERE name = ANY(:names) AND :permission = ANY(permissions)
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
    op.get_bind().execute(
        _GRANT,
        {"names": _DEMO_ROLES, "permission": _PERMISSION, "customer": _CUSTOMER_PERMISSIONS},
    )


def downgrade() -> None:
    op.get_bind().execute(_REVOKE, {"names": _DEMO_ROLES, "permission": _PERMISSION})
