"""pytest-xdist workers get a database and a Redis db of their own (tests/support/parallel)."""

from __future__ import annotations

import pytest

from tests.support.parallel import worker_database_url, worker_redis_url


def test_each_worker_has_its_own_database() -> None:
    url = "postgresql+asyncpg://waymark:pw@127.0.0.1:5432/waymark_test?ssl=disable"
    assert worker_database_url(url, 0) == (
        "postgresql+asyncpg://waymark:pw@127.0.0.1:5432/waymark_test_gw0?ssl=disable"
    )
    assert worker_database_url(url, 1).endswith("/waymark_test_gw1?ssl=disable")


def test_each_worker_has_its_own_redis_db_and_db_0_is_left_alone() -> None:
    assert worker_redis_url("redis://127.0.0.1:6379/0", 0) == "redis://127.0.0.1:6379/1"
    assert worker_redis_url("redis://:pw@127.0.0.1:6379", 1) == "redis://:pw@127.0.0.1:6379/2"


def test_more_workers_than_redis_dbs_is_refused_by_name_and_db_15_is_the_fuzzers() -> None:
    assert worker_redis_url("redis://127.0.0.1:6379/0", 13) == "redis://127.0.0.1:6379/14"
    with pytest.raises(RuntimeError, match="gw14 would need Redis db 15"):
        worker_redis_url("redis://127.0.0.1:6379/0", 14)
