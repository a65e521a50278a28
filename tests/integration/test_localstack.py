"""The private PostgreSQL of `make run` / `make services` and servers it did not start
(issue 16, item 3): a `pg_ctl restart` behind its back leaves a postmaster it does not own
on its cluster and port; the next start must take it over, not fail with "port already in
use". A server that another live `make run` owns is refused, clearly."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from scripts.localstack import cluster_processes, local_services, running_postmaster
from scripts.procs import ServiceError, free_port
from tests.support.makerun import alive, data_root, pg_ctl


@pytest.fixture
def root() -> Iterator[Path]:
    yield from data_root()


def test_a_pg_ctl_restart_behind_its_back_does_not_block_the_next_start(root: Path) -> None:
    data, pg_port, redis_port = root / "data", free_port(), free_port()
    with local_services(data, pg_port, redis_port, persistent=True) as services:
        services.psql("CREATE TABLE marks (n int); INSERT INTO marks VALUES (1)", "waymark")
        cluster = Path(services.psql("SHOW data_directory").strip())
        restarted = pg_ctl(cluster, "restart", "-m", "fast", "-w")
        assert restarted.returncode == 0, restarted.stdout + restarted.stderr
        assert services.dead() == "postgres"  # ours is gone; pg_ctl's runs detached
    stray = running_postmaster(cluster)
    assert stray is not None
    assert stray.port == pg_port
    assert not stray.supervised

    said: list[str] = []
    with local_services(data, pg_port, redis_port, persistent=True, log=said.append) as again:
        assert again.psql("SELECT n FROM marks", "waymark").strip() == "1"
        assert any(f"PostgreSQL (pid {stray.pid}, on our port {pg_port})" in s for s in said)
        assert not alive(stray.pid)
        ours = running_postmaster(cluster)
        assert ours is not None
        assert ours.pid == again.processes["postgres"].pid
    assert running_postmaster(cluster) is None
    assert not cluster_processes(cluster)


def test_a_cluster_another_run_owns_is_refused_and_left_alone(root: Path) -> None:
    data = root / "data"
    with local_services(data, free_port(), free_port(), persistent=True) as first:
        owner = first.processes["postgres"].pid
        with (
            pytest.raises(ServiceError, match=r"(?s)already running.*another `make run`"),
            local_services(data, free_port(), free_port(), persistent=True),
        ):
            pass
        assert first.processes["postgres"].poll() is None
        assert alive(owner)
        assert first.psql("SELECT 1").strip() == "1"
