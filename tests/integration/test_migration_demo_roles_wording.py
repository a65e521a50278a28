"""Migration 0019: roles seeded before `portal:wording` existed get it, others are left be."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from typing import Any, NamedTuple

import asyncpg
import pytest
from alembic import command
from alembic.config import Config
from sqlalchemy.engine import make_url

from app.cli import alembic_config
from app.settings import Settings
from tests.support.scratch import scratch_database

WORDING = "portal:wording"
BEFORE, GRANT = "0018", "0019"  # the revision before the grant, and the grant
# The marketer's permissions as the seed gave them before 0017.
OLD_MARKETER = [
    "contacts:read",
    "events:read",
    "events:write",
    "job_types:manage",
    "journeys:publish",
    "journeys:read",
    "journeys:write",
    "reports:read",
    "segments:write",
]
OLD_SUPERVISOR = ["contacts:read", "jobs:supervise", "jobs:work", "reports:read"]
ROLES: dict[str, list[str]] = {
    "super_user": ["accounts:manage", "jobs:work", WORDING],  # already granted
    "marketer": OLD_MARKETER,
    "supervisor": OLD_SUPERVISOR,
    # A super-user's own roles: one without the permission, one they granted it to.
    "marketing_team": ["journeys:read", "journeys:write"],
    "wording_editors": ["contacts:read", WORDING],
}


async def _query(dsn: str, sql: str, *args: Any) -> list[Any]:
    connection = await asyncpg.connect(dsn)
    try:
        rows: list[Any] = await connection.fetch(sql, *args)
        return rows
    finally:
        await connection.close()


def _permissions(dsn: str) -> dict[str, list[str]]:
    rows = asyncio.run(_query(dsn, "SELECT name, permissions FROM roles"))
    return {row["name"]: list(row["permissions"]) for row in rows}


def _audited(dsn: str) -> dict[str, Any]:
    """The role changes in the audit log, by role."""
    sql = "SELECT target_id, changes FROM audit_log WHERE action = 'role.updated'"
    return {row["target_id"]: json.loads(row["changes"]) for row in asyncio.run(_query(dsn, sql))}


def _add_role(dsn: str, name: str, permissions: list[str]) -> None:
    sql = "INSERT INTO roles (name, label, permissions, dashboard) VALUES ($1, $1, $2, '/')"
    asyncio.run(_query(dsn, sql, name, permissions))


class BeforeGrant(NamedTuple):
    config: Config
    dsn: str


@pytest.fixture
def before_grant(settings: Settings) -> Iterator[BeforeGrant]:
    """A database of the test's own, migrated up to the revision before the grant."""
    name = f"{make_url(settings.database_url).database}_roles_wording"
    with scratch_database(settings, name, migrate=False) as scratch:
        config = alembic_config(scratch)
        command.upgrade(config, BEFORE)
        dsn = make_url(scratch.database_url).set(drivername="postgresql")
        yield BeforeGrant(config, dsn.render_as_string(hide_password=False))


def test_demo_roles_get_portal_wording_and_lose_it_on_downgrade(before_grant: BeforeGrant) -> None:
    config, dsn = before_grant
    for role, permissions in ROLES.items():
        _add_role(dsn, role, permissions)

    command.upgrade(config, GRANT)

    after = _permissions(dsn)
    assert after["marketer"] == sorted([*OLD_MARKETER, WORDING])
    assert after["supervisor"] == sorted([*OLD_SUPERVISOR, WORDING])
    # Not granted twice, and the super-user's own roles are as they were.
    assert after["super_user"] == ROLES["super_user"]
    assert after["marketing_team"] == ROLES["marketing_team"]
    assert after["wording_editors"] == ROLES["wording_editors"]
    audited = _audited(dsn)
    assert set(audited) == {"marketer", "supervisor"}
    assert audited["supervisor"] == {
        "permissions": {"from": OLD_SUPERVISOR, "to": sorted([*OLD_SUPERVISOR, WORDING])}
    }

    command.downgrade(config, BEFORE)

    before = _permissions(dsn)
    assert before["marketer"] == OLD_MARKETER
    assert before["supervisor"] == OLD_SUPERVISOR
    assert before["super_user"] == ["accounts:manage", "jobs:work"]
    assert before["marketing_team"] == ROLES["marketing_team"]
    assert before["wording_editors"] == ROLES["wording_editors"]


def test_a_customer_role_named_like_a_demo_role_gets_no_staff_permission(
    before_grant: BeforeGrant,
) -> None:
    config, dsn = before_grant
    _add_role(dsn, "supervisor", ["portal:self"])

    command.upgrade(config, GRANT)

    assert _permissions(dsn) == {"supervisor": ["portal:self"]}
    assert _audited(dsn) == {}


def test_a_demo_role_a_super_user_took_it_from_does_not_get_it_back(
    before_grant: BeforeGrant,
) -> None:
    config, dsn = before_grant
    _add_role(dsn, "marketer", OLD_MARKETER)
    _add_role(dsn, "supervisor", OLD_SUPERVISOR)
    # After 0017 ran with the seed, a super-user took the permission from the supervisor.
    taken = {"permissions": {"from": sorted([*OLD_SUPERVISOR, WORDING]), "to": OLD_SUPERVISOR}}
    sql = (
        "INSERT INTO audit_log (action, target_type, target_id, changes)"
        " VALUES ('role.updated', 'role', 'supervisor', $1)"
    )
    asyncio.run(_query(dsn, sql, json.dumps(taken)))

    command.upgrade(config, GRANT)

    after = _permissions(dsn)
    assert after["supervisor"] == OLD_SUPERVISOR
    assert after["marketer"] == sorted([*OLD_MARKETER, WORDING])
