"""Which errors mean "PostgreSQL is unavailable, retry" (503) and which do not (4xx/500)."""

from __future__ import annotations

import pytest
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.exc import TimeoutError as PoolTimeoutError

from app.lib.db import DatabaseUnavailableError, unavailable


class DriverError(Exception):
    """Stands for the driver's exception: what matters is its SQLSTATE."""

    def __init__(self, sqlstate: str | None) -> None:
        super().__init__(f"driver error {sqlstate}")
        self.sqlstate = sqlstate


def wrapped(orig: BaseException, *, invalidated: bool = False) -> DBAPIError:
    return DBAPIError("SELECT 1", None, orig, connection_invalidated=invalidated)


def caused_by(error: BaseException, cause: BaseException) -> BaseException:
    error.__cause__ = cause
    return error


CASES: list[tuple[str, BaseException, bool]] = [
    ("no server answered the connect", DatabaseUnavailableError("refused"), True),
    ("the pool had no connection in time", PoolTimeoutError("QueuePool limit"), True),
    (
        "the connection dropped under a statement",
        wrapped(DriverError(None), invalidated=True),
        True,
    ),
    ("a fast shutdown ended the session", wrapped(DriverError("57P01")), True),
    ("the server is starting up", wrapped(DriverError("57P03")), True),
    ("a connection exception (class 08)", wrapped(DriverError("08006")), True),
    ("too many connections", wrapped(DriverError("53300")), True),
    (
        "a socket error under the driver's",
        wrapped(caused_by(DriverError(None), ConnectionResetError("reset by peer"))),
        True,
    ),
    ("a unique key refused", IntegrityError("INSERT", None, DriverError("23505")), False),
    ("a statement cancelled by its timeout", wrapped(DriverError("57014")), False),
    ("a bare socket error (a disk, an SMTP server)", ConnectionRefusedError("smtp"), False),
    ("an error of ours", ValueError("bad"), False),
]


@pytest.mark.parametrize(("error", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_unavailable_tells_an_outage_from_a_refusal(error: BaseException, expected: bool) -> None:
    assert unavailable(error) is expected
