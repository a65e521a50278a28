"""pytest-xdist workers (`pytest -n 2`), each with a database and a Redis db of its own.

`make test` hands pytest one DATABASE_URL and one REDIS_URL. Under xdist each worker
(`gw0`, `gw1`, …) rewrites both before anything reads them (tests/conftest.py), so every
fixture, every Settings and every process a test starts sees only that worker's:

- PostgreSQL: `<database>_gw0`, `<database>_gw1`… cloned (CREATE DATABASE … TEMPLATE)
  from the given database, which is migrated once, under an advisory lock, by whichever
  worker comes first. The `resources` fixture's TRUNCATE then empties only its own.
- Redis: db number 1 + the worker's number (db 0 stays for `make run` and the e2e stack,
  db 15 for the fuzzer), so FLUSHDB and the arq queues are the worker's own. Pub/sub channels are
  not per db in Redis; the app names its live channels by db number for that reason
  (app.lib.redis_scope).

Without xdist (`PYTEST_ARGS="tests/x.py"`) nothing changes: the given database is used.
"""

from __future__ import annotations

import asyncio
import os
import re
from typing import TYPE_CHECKING
from urllib.parse import urlsplit, urlunsplit

# Only the standard library at import time: tests/conftest.py calls use_worker_servers()
# before any app module is imported (they may read the environment).
if TYPE_CHECKING:
    from app.settings import Settings

# Where the worker keeps the URL it was given: its clone's template.
TEMPLATE_URL = "WAYMARK_TEST_TEMPLATE_DATABASE_URL"
# Redis' default `databases` is 16; the last (15) is the fuzzer's (scripts/test.py).
WORKER_REDIS_DBS = range(1, 15)
# Any constant both workers agree on; one advisory lock for "migrate the template".
_LOCK_KEY = 0x5741594D  # "WAYM"


def worker_number() -> int | None:
    """0 for gw0, 1 for gw1…; None when pytest runs without xdist."""
    name = os.environ.get("PYTEST_XDIST_WORKER", "")
    found = re.fullmatch(r"gw(\d+)", name)
    return int(found.group(1)) if found else None


def worker_database_url(url: str, number: int) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"{parts.path}_gw{number}"))


def worker_redis_url(url: str, number: int) -> str:
    db = 1 + number
    if db not in WORKER_REDIS_DBS:
        raise RuntimeError(
            f"pytest-xdist worker gw{number} would need Redis db {db}, but workers have "
            f"dbs {WORKER_REDIS_DBS.start}-{WORKER_REDIS_DBS.stop - 1}: run fewer workers "
            "(WAYMARK_PYTEST_WORKERS)."
        )
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{db}"))


def use_worker_servers() -> None:
    """Point DATABASE_URL and REDIS_URL at this xdist worker's own (no-op without xdist)."""
    number = worker_number()
    if number is None or TEMPLATE_URL in os.environ:
        return
    os.environ[TEMPLATE_URL] = os.environ["DATABASE_URL"]
    os.environ["DATABASE_URL"] = worker_database_url(os.environ["DATABASE_URL"], number)
    os.environ["REDIS_URL"] = worker_redis_url(os.environ["REDIS_URL"], number)


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


async def _clone(settings: Settings, template_url: str) -> None:
    import asyncpg  # noqa: PLC0415 - see the imports above
    import msgspec  # noqa: PLC0415
    from alembic import command  # noqa: PLC0415
    from sqlalchemy.engine import make_url  # noqa: PLC0415

    from app.cli import alembic_config  # noqa: PLC0415

    template = make_url(template_url).database
    clone = make_url(settings.database_url).database
    assert template
    assert clone
    assert template != clone
    admin_url = make_url(template_url).set(drivername="postgresql", database="postgres")
    admin = await asyncpg.connect(admin_url.render_as_string(hide_password=False))
    try:
        # One worker at a time: migrating the template and copying it both need it idle.
        await admin.execute("SELECT pg_advisory_lock($1)", _LOCK_KEY)
        try:
            config = alembic_config(msgspec.structs.replace(settings, database_url=template_url))
            # Alembic's async env runs its own event loop: a thread of its own.
            await asyncio.to_thread(command.upgrade, config, "head")
            await admin.execute(f"DROP DATABASE IF EXISTS {_quoted(clone)} WITH (FORCE)")
            await admin.execute(f"CREATE DATABASE {_quoted(clone)} TEMPLATE {_quoted(template)}")
        finally:
            await admin.execute("SELECT pg_advisory_unlock($1)", _LOCK_KEY)
    finally:
        await admin.close()


def migrate(settings: Settings) -> None:
    """The session's database at the newest revision: migrated in place without xdist, or
    this worker's clone of the migrated template under xdist."""
    template_url = os.environ.get(TEMPLATE_URL)
    if template_url is None:
        from alembic import command  # noqa: PLC0415 - see the imports above

        from app.cli import alembic_config  # noqa: PLC0415

        command.upgrade(alembic_config(settings), "head")
    else:
        asyncio.run(_clone(settings, template_url))
