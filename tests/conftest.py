"""Test wiring: real PostgreSQL and Redis, never stand-ins.

`make test` starts throwaway servers and exports DATABASE_URL / REDIS_URL before pytest
runs. The environment is read here, before any app module is imported. Under pytest-xdist
(`make test` runs `pytest -n <cores>`) each worker moves both to its own database and
Redis db first (tests/support/parallel.py), so workers never see each other's rows.
"""

from __future__ import annotations

import os

import pytest

os.environ.setdefault("WAYMARK_ENV", "test")
os.environ.setdefault("WAYMARK_LOG_FORMAT", "console")
os.environ.setdefault("WAYMARK_LOG_LEVEL", "WARNING")

if not os.environ.get("DATABASE_URL") or not os.environ.get("REDIS_URL"):
    pytest.exit(
        "DATABASE_URL and REDIS_URL must point at a real PostgreSQL and Redis: "
        "run `make test`, which starts throwaway servers for you.",
        returncode=2,
    )

from tests.support.parallel import use_worker_servers

use_worker_servers()

pytest_plugins = ["tests.fixtures"]
