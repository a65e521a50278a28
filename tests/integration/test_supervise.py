"""The restart policy of `make run`'s supervisor (scripts/supervise.py), with real child
processes and a clock the test moves: a process that dies is started again after 1 s,
2 s, 4 s… while it keeps dying soon after starting; a run that lasted resets the count;
five quick deaths in a row give up."""

from __future__ import annotations

import subprocess

import pytest

from scripts.procs import ServiceError
from scripts.supervise import GaveUpError, Policy, Supervisor


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


def _dies() -> subprocess.Popen[bytes]:
    proc = subprocess.Popen(["/bin/sh", "-c", "exit 3"])
    proc.wait(10)
    return proc


def _lives() -> subprocess.Popen[bytes]:
    return subprocess.Popen(["/bin/sh", "-c", "sleep 60"])


def _waits(capsys: pytest.CaptureFixture[str]) -> list[str]:
    """The waits announced since the last look ("restarting it in 2.0s")."""
    lines = capsys.readouterr().err.splitlines()
    return [line.rsplit("restarting it in ", 1)[1] for line in lines if "restarting it" in line]


def _until_it_gives_up(supervisor: Supervisor, clock: Clock, step: float) -> GaveUpError:
    for _ in range(100):
        try:
            supervisor.check()
        except GaveUpError as exc:
            return exc
        clock.now += step
    raise AssertionError("the supervisor never gave up")


def test_a_process_that_keeps_dying_waits_longer_each_time_then_gives_up(
    clock: Clock, capsys: pytest.CaptureFixture[str]
) -> None:
    supervisor = Supervisor(Policy(), clock)
    started: list[int] = []

    def start() -> subprocess.Popen[bytes]:
        started.append((proc := _dies()).pid)
        return proc

    supervisor.start("worker", start)
    gave_up = _until_it_gives_up(supervisor, clock, 0.5)

    assert "the worker exited (code 3) 5 times in a row" in str(gave_up)
    assert _waits(capsys) == ["1.0s", "2.0s", "4.0s", "8.0s"]
    assert len(set(started)) == 5  # the first start and four restarts


def test_a_run_that_lasted_starts_the_count_afresh(
    clock: Clock, capsys: pytest.CaptureFixture[str]
) -> None:
    supervisor = Supervisor(Policy(), clock)
    procs: list[subprocess.Popen[bytes]] = []

    def start() -> subprocess.Popen[bytes]:
        procs.append(_lives())
        return procs[-1]

    supervisor.start("api", start)
    waits: list[str] = []
    try:
        for lived in (2.0, 3.0, 45.0, 1.0):
            clock.now += lived
            procs[-1].kill()
            procs[-1].wait(10)
            supervisor.check()
            waits += _waits(capsys)
            clock.now += 30  # past any wait: restarted now
            supervisor.check()
            assert supervisor.processes()["api"] is procs[-1]
            assert procs[-1].poll() is None
    finally:
        for proc in procs:
            proc.kill()
            proc.wait(10)
    # Quick deaths double the wait; the run of 45 s was healthy: counting starts again.
    assert waits == ["1.0s", "2.0s", "1.0s", "2.0s"]
    assert "restarted the api (pid" in capsys.readouterr().out


def test_a_restart_that_fails_counts_as_a_death(
    clock: Clock, capsys: pytest.CaptureFixture[str]
) -> None:
    def cannot_start() -> subprocess.Popen[bytes]:
        raise ServiceError("port 54329 (for postgres) is still in use")

    supervisor = Supervisor(Policy(give_up=3), clock)
    supervisor.watch("postgres", _dies(), cannot_start)
    gave_up = _until_it_gives_up(supervisor, clock, 5.0)

    assert "3 times in a row" in str(gave_up)
    assert "could not restart the postgres: port 54329" in capsys.readouterr().err
