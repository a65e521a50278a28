"""Every revision upgrades and downgrades cleanly, on a database of its own."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import asyncpg
import msgspec
import pytest
from alembic import command
from alembic.script import ScriptDirectory
from sqlalchemy.engine import make_url

from app.cli import alembic_config
from app.settings import Settings


def _admin_dsn(settings: Settings) -> str:
    url = make_url(settings.database_url).set(drivername="postgresql", database="postgres")
    return url.render_as_string(hide_password=False)


async def _run(dsn: str, sql: str) -> None:
    connection = await asyncpg.connect(dsn)
    try:
        await connection.execute(sql)
    finally:
        await connection.close()


async def _tables(dsn: str) -> set[str]:
    connection = await asyncpg.connect(dsn)
    try:
        rows = await connection.fetch("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
    finally:
        await connection.close()
    return {row["tablename"] for row in rows}


@pytest.fixture
def scratch(settings: Settings) -> Iterator[Settings]:
    # Named after the session's database, so each pytest-xdist worker has its own.
    database = f"{make_url(settings.database_url).database}_migration_round_trip"
    admin = _admin_dsn(settings)
    asyncio.run(_run(admin, f"DROP DATABASE IF EXISTS {database} WITH (FORCE)"))
    asyncio.run(_run(admin, f"CREATE DATABASE {database}"))
    url = make_url(settings.database_url).set(database=database)
    yield msgspec.structs.replace(settings, database_url=url.render_as_string(hide_password=False))
    asyncio.run(_run(admin, f"DROP DATABASE IF EXISTS {database} WITH (FORCE)"))


def test_upgrade_downgrade_upgrade_round_trip(scratch: Settings) -> None:
    config = alembic_config(scratch)
    dsn = make_url(scratch.database_url).set(drivername="postgresql").render_as_string(False)

    command.upgrade(config, "head")
    assert {"contacts", "events", "alembic_version"} <= asyncio.run(_tables(dsn))

    command.downgrade(config, "base")
    assert asyncio.run(_tables(dsn)) == {"alembic_version"}

    command.upgrade(config, "head")
    assert {"contacts", "events"} <= asyncio.run(_tables(dsn))


def test_each_revision_steps_down_and_up_again(scratch: Settings) -> None:
    config = alembic_config(scratch)
    revisions = list(ScriptDirectory.from_config(config).walk_revisions("base", "heads"))
    command.upgrade(config, "head")
    for _ in revisions:
        command.downgrade(config, "-1")
    for _ in revisions:
        command.upgrade(config, "+1")


async def test_models_and_migrations_agree(resources: object) -> None:
    from alembic.autogenerate import compare_metadata  # noqa: PLC0415
    from alembic.migration import MigrationContext  # noqa: PLC0415
    from sqlalchemy.engine import Connection  # noqa: PLC0415

    from app.models import metadata  # noqa: PLC0415
    from app.resources import Resources  # noqa: PLC0415

    assert isinstance(resources, Resources)

    def diff(connection: Connection) -> list[object]:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        return list(compare_metadata(context, metadata))

    async with resources.engine.connect() as connection:
        differences = await connection.run_sync(diff)
    assert differences == [], "models changed without a migration: run alembic revision"
