"""Keep `make run`'s processes running: start again what dies, with backoff (stdlib only).

A process that exits on its own (a crash, `kill -9`, the kernel's OOM killer, a server
stopped behind our back) is started again after 1 s, then 2, 4, 8… (at most 30 s) while
it keeps dying soon after it started; a run that lasted `Policy.stable` seconds starts the
count afresh. After `Policy.give_up` such quick deaths in a row the supervisor gives up
(`GaveUpError`) and the caller stops everything: a process that cannot stay up (a broken
setting, a port taken for good) must not flap for ever. Every death and restart is logged.

The supervisor only watches and restarts; stopping (Ctrl-C, SIGTERM) is the caller's, in
the order it chooses.
"""

from __future__ import annotations

import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from scripts.procs import ServiceError, describe_exit, fmt_seconds, say, warn

Start = Callable[[], subprocess.Popen[bytes]]


@dataclass(frozen=True)
class Policy:
    # Wait before the first restart; each quick death in a row doubles it, up to max_delay.
    first_delay: float = 1.0
    max_delay: float = 30.0
    # A run at least this long was healthy: the next death is a first one again.
    stable: float = 30.0
    # Quick deaths in a row after which the supervisor gives up.
    give_up: int = 5


class GaveUpError(ServiceError):
    """A process died `Policy.give_up` times in a row soon after starting."""


@dataclass
class _Child:
    name: str
    start: Start
    proc: subprocess.Popen[bytes]
    started: float
    ready: Callable[[], bool] | None = None
    detail: Callable[[], str] | None = None
    quick_deaths: int = 0
    restart_at: float | None = None
    waiting_ready: bool = False
    restarts: int = 0


@dataclass
class Supervisor:
    policy: Policy = field(default_factory=Policy)
    clock: Callable[[], float] = time.monotonic
    _children: dict[str, _Child] = field(default_factory=dict)

    def start(
        self,
        name: str,
        start: Start,
        *,
        ready: Callable[[], bool] | None = None,
        detail: Callable[[], str] | None = None,
    ) -> subprocess.Popen[bytes]:
        """Start `name` now and watch it; `start` is called again for each restart."""
        return self.watch(name, start(), start, ready=ready, detail=detail)

    def watch(
        self,
        name: str,
        proc: subprocess.Popen[bytes],
        restart: Start,
        *,
        ready: Callable[[], bool] | None = None,
        detail: Callable[[], str] | None = None,
    ) -> subprocess.Popen[bytes]:
        """Watch a process started elsewhere; `restart` starts it again (and may raise
        ServiceError, which counts as one more death). `ready` tells when a restarted
        process serves again (logged once); `detail` adds its log's tail on giving up."""
        self._children[name] = _Child(name, restart, proc, self.clock(), ready, detail)
        return proc

    def processes(self) -> dict[str, subprocess.Popen[bytes]]:
        return {name: child.proc for name, child in self._children.items()}

    def pids(self) -> str:
        return ", ".join(f"{name} {child.proc.pid}" for name, child in self._children.items())

    def check(self) -> None:
        """One look at every process: note deaths, restart those whose wait is over.
        Raises GaveUpError when one has died too often in a row."""
        for child in self._children.values():
            if child.restart_at is None:
                self._look(child)
            if child.restart_at is not None and self.clock() >= child.restart_at:
                self._restart(child)

    def _look(self, child: _Child) -> None:
        code = child.proc.poll()
        if code is None:
            if child.waiting_ready and child.ready is not None and child.ready():
                child.waiting_ready = False
                say(f"the {child.name} is ready again")
            return
        lived = self.clock() - child.started
        child.quick_deaths = child.quick_deaths + 1 if lived < self.policy.stable else 1
        how = describe_exit(code)
        if child.quick_deaths >= self.policy.give_up:
            detail = child.detail() if child.detail else ""
            raise GaveUpError(
                f"the {child.name} exited ({how}) {child.quick_deaths} times in a row, each "
                f"within {fmt_seconds(self.policy.stable)} of starting; giving up"
                + (f"\n{detail}" if detail else "")
            )
        delay = min(self.policy.max_delay, self.policy.first_delay * 2 ** (child.quick_deaths - 1))
        warn(
            f"the {child.name} (pid {child.proc.pid}) exited ({how}) after "
            f"{fmt_seconds(lived)}; restarting it in {fmt_seconds(delay)}"
        )
        child.restart_at = self.clock() + delay

    def _restart(self, child: _Child) -> None:
        child.restart_at = None
        child.started = self.clock()
        try:
            child.proc = child.start()
        except ServiceError as exc:
            # The old, dead process stays: the next look counts one more death.
            warn(f"could not restart the {child.name}: {exc}")
            return
        child.restarts += 1
        child.waiting_ready = child.ready is not None
        say(f"restarted the {child.name} (pid {child.proc.pid}; restart {child.restarts})")
