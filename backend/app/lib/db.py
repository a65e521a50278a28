"""SQLAlchemy 2 async plumbing shared by every domain.

Also the one place that knows when PostgreSQL is *unavailable* (not answering, restarting,
or the connection dropped) as opposed to refusing a statement: `unavailable(error)`. The
API answers those with 503 and Retry-After (app.lib.problems); whether anything of a
request may have been stored is known from the commits it started (`commits_started`).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Final

from litestar.types import ASGIApp, Receive, Scope, Send
from sqlalchemy import DateTime, MetaData, any_, event, func, literal
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.dialects.postgresql import UUID as PG_UUID
from sqlalchemy.engine import Connection, Dialect
from sqlalchemy.exc import DBAPIError
from sqlalchemy.exc import TimeoutError as PoolTimeoutError
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

# Stable constraint names, so Alembic autogenerate and downgrades never guess.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    # Read server-side defaults back with RETURNING, so no attribute needs a lazy load later.
    __mapper_args__ = {"eager_defaults": True}  # noqa: RUF012 - SQLAlchemy reads it as is


class Timestamped:
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), onupdate=func.now()
    )


# asyncpg waits 60 s for a server that does not answer at all; a request should not.
CONNECT_TIMEOUT_SECONDS: Final = 10
# SQLSTATEs that mean "the server is going away or not there yet", not "your SQL is wrong":
# class 08 (connection exceptions) is matched by its prefix.
_UNAVAILABLE_STATES: Final = frozenset(
    {
        "57P01",  # admin_shutdown: a fast shutdown ended the session
        "57P02",  # crash_shutdown
        "57P03",  # cannot_connect_now: starting up or shutting down
        "53300",  # too_many_connections
    }
)


class DatabaseUnavailableError(ConnectionError):
    """PostgreSQL could not be reached: refused, timed out, starting or stopping.

    A ConnectionError (so an OSError), so code that retries on OSError retries on it."""


def unavailable(error: BaseException) -> bool:
    """Does `error` mean PostgreSQL is unavailable (try again later), rather than that it
    refused what was asked? Follows SQLAlchemy's wrapping (`orig`) and explicit causes."""
    seen: set[int] = set()
    pending: list[tuple[BaseException, bool]] = [(error, False)]
    while pending:
        current, inside_driver = pending.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        if isinstance(current, DatabaseUnavailableError | PoolTimeoutError):
            return True
        if isinstance(current, DBAPIError):
            if current.connection_invalidated:
                return True
            if current.orig is not None:
                pending.append((current.orig, True))
        state = getattr(current, "sqlstate", None)
        if isinstance(state, str) and (state.startswith("08") or state in _UNAVAILABLE_STATES):
            return True
        # A socket error under the driver's exception (never a bare one: a full disk
        # is an OSError too, and no database outage).
        if inside_driver and isinstance(current, OSError):
            return True
        if current.__cause__ is not None:
            pending.append((current.__cause__, inside_driver))
    return False


def _connect(dialect: Dialect, record: Any, cargs: Any, cparams: Any) -> Any:
    """SQLAlchemy's `do_connect`: connect as usual, but say "unavailable" in one way
    (the driver raises a bare socket error, or its own, when no server answers)."""
    try:
        return dialect.connect(*cargs, **cparams)
    except Exception as error:
        if isinstance(error, OSError) or unavailable(error):
            raise DatabaseUnavailableError(f"PostgreSQL is unavailable: {error}") from error
        raise


@dataclass(slots=True)
class _Commits:
    started: int = 0


# The commits the current request started (None outside a request, e.g. in a worker).
_COMMITS: ContextVar[_Commits | None] = ContextVar("waymark_commits", default=None)


def _commit_started(connection: Connection | None) -> None:
    commits = _COMMITS.get()
    if commits is not None:
        commits.started += 1


def commits_started() -> int | None:
    """How many commits this request has started (a started one may have landed even
    if it raised); None when nobody counted (not within `count_commits`)."""
    commits = _COMMITS.get()
    return None if commits is None else commits.started


def count_commits_here() -> None:
    """Count the commits of this context (a task doing one request's work or several's)
    from zero, as `count_commits` does for a request."""
    _COMMITS.set(_Commits())


def note_commit_started() -> None:
    """Count a commit started elsewhere for this request (a group it was part of)."""
    _commit_started(None)


def count_commits(app: ASGIApp) -> ASGIApp:
    """ASGI middleware: count each request's commits from zero, so an error answer can say
    truthfully whether anything was stored. (Not reset on the way out: the exception
    handlers, which run after it unwinds, read it.)"""

    async def middleware(scope: Scope, receive: Receive, send: Send) -> None:
        _COMMITS.set(_Commits())
        await app(scope, receive, send)

    return middleware


def create_engine(database_url: str, *, pool_size: int = 10) -> AsyncEngine:
    engine = create_async_engine(
        database_url,
        pool_size=pool_size,
        max_overflow=pool_size,
        # A connection the server dropped (a restart) is found at checkout and replaced,
        # so the app recovers by itself once PostgreSQL is back.
        pool_pre_ping=True,
        connect_args={"timeout": CONNECT_TIMEOUT_SECONDS},
    )
    event.listen(engine.sync_engine, "do_connect", _connect)
    event.listen(engine.sync_engine, "commit", _commit_started)
    return engine


def create_session_factory(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    # expire_on_commit=False: objects stay readable after commit without hidden I/O.
    return async_sessionmaker(engine, expire_on_commit=False)


def any_uuid(values: Iterable[uuid.UUID]) -> Any:
    """`column == any_uuid(ids)`: `= ANY(array)`, one bound array however many ids.

    `IN` binds each id, so its SQL differs with the count: every batch size is another
    statement for PostgreSQL to parse and plan. This is one statement for all of them.
    """
    return any_(literal(list(values), ARRAY(PG_UUID(as_uuid=True))))
