"""A PostgreSQL cluster of a test's own, to stop and start for real (`pg_ctl stop`).

The session's server serves every other test, so an outage test gets its own: made by
the same helper `make test` uses (scripts.localstack), on a free loopback port, in a
temporary folder deleted afterwards. Stopping is `pg_ctl stop -m fast`, what an operator
or a package upgrade does: every session is ended with "terminating connection due to
administrator command", then the port refuses connections. Starting again runs the
postmaster with the command line it had (`postmaster.opts`), as a child of this process
that dies with it, so a killed test run leaves no server behind.
"""

from __future__ import annotations

import contextlib
import shlex
import signal
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

from scripts.localstack import LocalServices, local_services, pg_run_as
from scripts.procs import spawn, stop_process

DATABASE = "waymark_outage"


class ScratchCluster:
    def __init__(self, services: LocalServices) -> None:
        self._services = services
        assert services.pg_bindir is not None
        self._bindir = services.pg_bindir
        self.directory = Path(services.psql("SHOW data_directory").strip())
        self.database_url = services.database_url_for(DATABASE)
        self._restarted: subprocess.Popen[bytes] | None = None

    def _pg_ctl(self, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(self._bindir / "pg_ctl"), "-D", str(self.directory), *args],
            cwd="/",
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
            **pg_run_as().popen_kwargs(),
        )

    @property
    def running(self) -> bool:
        return self._pg_ctl("status").returncode == 0

    def stop(self) -> None:
        """`pg_ctl stop -m fast`: sessions end, the port closes; waits until it is down."""
        done = self._pg_ctl("stop", "-m", "fast", "-w")
        assert done.returncode == 0, done.stderr or done.stdout

    def start(self) -> None:
        """The postmaster again, as it was started; returns once it accepts connections."""
        assert not self.running
        command = shlex.split((self.directory / "postmaster.opts").read_text())
        with (self.directory / "restarted.log").open("ab") as log:
            self._restarted = spawn(
                command,
                cwd="/",
                stdout=log,
                death_signal=signal.SIGINT,
                run_as=pg_run_as(),
            )
        deadline = time.monotonic() + 60
        while self._ping().returncode != 0:
            assert self._restarted.poll() is None, "PostgreSQL did not start again"
            assert time.monotonic() < deadline, "PostgreSQL did not accept connections in 60 s"
            time.sleep(0.1)

    def _ping(self) -> subprocess.CompletedProcess[str]:
        port = str(self._services.pg_port)
        return subprocess.run(
            [str(self._bindir / "pg_isready"), "-q", "-h", "127.0.0.1", "-p", port],
            capture_output=True,
            text=True,
            timeout=30,
            check=False,
        )

    def close(self) -> None:
        if self._restarted is not None:
            stop_process(self._restarted, "postgres", first=signal.SIGINT, timeout=60, group=False)


@contextlib.contextmanager
def scratch_cluster() -> Iterator[ScratchCluster]:
    with local_services(
        None, persistent=False, redis=False, databases=(DATABASE,), log=lambda _: None
    ) as services:
        cluster = ScratchCluster(services)
        try:
            yield cluster
        finally:
            cluster.close()
