"""A database of a test's own on the test server, created and dropped around it."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from contextlib import contextmanager

import asyncpg
import msgspec
from alembic import command
from sqlalchemy.engine import make_url

from app.cli import alembic_config
from app.settings import Settings


async def _run(dsn: str, sql: str) -> None:
    connection = await asyncpg.connect(dsn)
    try:
        await connection.execute(sql)
    finally:
        await connection.close()


@contextmanager
def scratch_database(settings: Settings, name: str, *, migrate: bool) -> Iterator[Settings]:
    """Settings pointing at a fresh database `name` (sync: Alembic runs its own loop)."""
    admin = (
        make_url(settings.database_url)
        .set(drivername="postgresql", database="postgres")
        .render_as_string(hide_password=False)
    )
    asyncio.run(_run(admin, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
    asyncio.run(_run(admin, f"CREATE DATABASE {name}"))
    url = make_url(settings.database_url).set(database=name)
    scratch = msgspec.structs.replace(
        settings, database_url=url.render_as_string(hide_password=False)
    )
    try:
        if migrate:
            command.upgrade(alembic_config(scratch), "head")
        yield scratch
    finally:
        asyncio.run(_run(admin, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
