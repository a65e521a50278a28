"""`make run` keeps the product up (issue 16, items 2 and 3): the real supervisor
(`python -m scripts.run`) on free ports, its processes killed with -9 one at a time, its
private PostgreSQL restarted behind its back with `pg_ctl`, and a server of our cluster
left running by someone else when it starts.

After each blow the process comes back under a new pid, the others keep theirs, the API
answers /health/ready again and an event sent afterwards is handled by the worker and its
step done by the sender. One long test, because starting the product from nothing is the
slow part (about 40 s on a busy machine).
"""

from __future__ import annotations

import os
import signal
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.settings import Settings
from scripts.localstack import cluster_processes, running_postmaster
from tests.support.makerun import (
    MakeRun,
    alive,
    data_root,
    make_run,
    pg_ctl,
    ping_is_handled,
    prepare_ping,
    wait_ready,
)


@pytest.fixture
def root() -> Iterator[Path]:
    yield from data_root()


async def _kill_and_see_it_back(run: MakeRun, settings: Settings, key: str, name: str) -> None:
    before = run.pids()
    os.kill(before[name], signal.SIGKILL)
    pid = await run.wait_restarted(name, before[name])
    assert alive(pid)
    assert run.seen(f"the {name} (pid {before[name]}) exited (killed by SIGKILL)")
    # The others were left alone (but the workers stop when they lose Redis: they are
    # started again like any process that dies).
    after = run.pids()
    for other, other_pid in before.items():
        if other != name and not (name == "redis" and other in ("worker", "sender")):
            assert after[other] == other_pid, (name, other, run.tail())
            assert alive(other_pid), (name, other)
    await wait_ready(run)
    await ping_is_handled(run, settings, key, f"after-{name}")


async def test_make_run_brings_back_what_dies_and_takes_over_its_cluster(
    root: Path, settings: Settings
) -> None:
    with make_run(root) as run:
        await run.wait_up()
        key = await prepare_ping(run, settings)
        await ping_is_handled(run, settings, key, "before")
        for name in ("worker", "sender", "api", "redis", "postgres"):
            await _kill_and_see_it_back(run, settings, key, name)

        # Behind the tooling's back: pg_ctl stops our server and starts one of its own.
        postgres = run.pids()["postgres"]
        pg_ctl(run.cluster, "restart", "-m", "fast")
        await run.wait_restarted("postgres", postgres)
        await wait_ready(run)
        await ping_is_handled(run, settings, key, "after-pg-ctl-restart")
        assert not run.seen("giving up")

        # Ctrl-C stops everything: nothing is left running on the cluster.
        assert run.stop(signal.SIGINT) == 0
        assert running_postmaster(run.cluster) is None
        assert not cluster_processes(run.cluster)

    # A server of our cluster that someone started while make run was down (as one a
    # `pg_ctl restart` leaves behind a stopped make run): the next start takes over.
    options = f"-p {run.pg_port} -c listen_addresses=127.0.0.1 -c unix_socket_directories="
    started = pg_ctl(run.cluster, "start", "-w", "-o", options)
    assert started.returncode == 0, started.stdout + started.stderr
    stray = running_postmaster(run.cluster)
    assert stray is not None
    assert stray.port == run.pg_port
    with make_run(root, "second-run", run.ports) as second:
        await second.wait_up()
        assert second.seen(f"PostgreSQL (pid {stray.pid}, on our port {run.pg_port})")
        assert not alive(stray.pid)
        await ping_is_handled(second, settings, key, "after-stray")
        assert second.stop() == 0
    assert not cluster_processes(run.cluster)
