"""The command line as an operator meets it: clear refusals, exit codes that scripts can trust."""

from __future__ import annotations

import os
import subprocess
import sys


def _run(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "app", *args],
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_a_bad_setting_names_the_variable_and_exits_2() -> None:
    result = _run("migrate", WAYMARK_PORT="eighty")
    assert result.returncode == 2
    assert "Invalid setting WAYMARK_PORT" in result.stderr


def test_demo_data_is_refused_in_production_without_the_flag() -> None:
    result = _run("seed", WAYMARK_ENV="production")
    assert result.returncode == 2
    assert "refusing to load demo data in production" in result.stderr


def test_an_unreachable_database_is_reported_in_one_line() -> None:
    result = _run("migrate", DATABASE_URL="postgresql+asyncpg://nobody@127.0.0.1:9/none")
    assert result.returncode == 1
    assert "cannot reach a server" in result.stderr
    assert "Traceback" not in result.stderr


def test_the_worker_check_says_redis_is_unreachable_without_a_traceback() -> None:
    # Port 9 (discard) has nothing listening on loopback: a real refused connection.
    result = _run("worker", "--check", REDIS_URL="redis://127.0.0.1:9/0")
    assert result.returncode == 1
    assert "cannot reach Redis" in result.stdout
    assert "Traceback" not in result.stderr
