"""Child processes, signals and small helpers shared by the developer scripts (stdlib only).

Every long-lived child runs in its own session (so a terminal's Ctrl-C reaches only the
orchestrator, which then stops the children in order) and carries a parent-death signal
(so it does not outlive an orchestrator that was killed with SIGKILL).
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

REPO_ROOT = Path(__file__).resolve().parent.parent

_PR_SET_PDEATHSIG = 1


class ServiceError(RuntimeError):
    """A service or step could not be started or stopped; the message says why."""


class Interrupted(BaseException):
    """Raised in the main thread when SIGINT, SIGTERM or SIGHUP arrives."""

    def __init__(self, signum: int) -> None:
        super().__init__(signal.Signals(signum).name)
        self.signum = signum


# ---------------------------------------------------------------------------- output


def say(message: str) -> None:
    print(f"==> {message}", flush=True)


def warn(message: str) -> None:
    print(f"waymark: warning: {message}", file=sys.stderr, flush=True)


def error(message: str) -> None:
    print(f"waymark: error: {message}", file=sys.stderr, flush=True)


def tail(path: Path, lines: int = 60) -> str:
    try:
        with path.open("rb") as fh:
            fh.seek(0, os.SEEK_END)
            size = fh.tell()
            fh.seek(max(0, size - 64 * 1024))
            data = fh.read().decode("utf-8", "replace")
    except OSError as exc:
        return f"(no log at {path}: {exc.strerror})"
    text = "\n".join(data.splitlines()[-lines:])
    return text or f"({path} is empty)"


def format_tail(title: str, path: Path, lines: int = 60) -> str:
    bar = "-" * 20
    return f"{bar} last lines of {title} ({path}) {bar}\n{tail(path, lines)}\n{bar * 3}"


def describe_exit(code: int | None) -> str:
    """'code 1', or 'killed by SIGKILL' for Popen's negative codes."""
    if code is None:
        return "still running"
    if code < 0:
        try:
            return f"killed by {signal.Signals(-code).name}"
        except ValueError:
            return f"killed by signal {-code}"
    return f"code {code}"


def fmt_seconds(seconds: float) -> str:
    if seconds < 60:
        return f"{seconds:.1f}s"
    minutes, secs = divmod(round(seconds), 60)
    return f"{minutes}m{secs:02d}s"


# --------------------------------------------------------------------------- signals


class _SignalState:
    stopping = False
    pending: int | None = None


def _on_signal(signum: int, _frame: object) -> None:
    if _SignalState.stopping:
        _SignalState.pending = _SignalState.pending or signum
        print(
            f"\nwaymark: got {signal.Signals(signum).name}; stopping, please wait",
            file=sys.stderr,
            flush=True,
        )
        return
    _SignalState.stopping = True
    raise Interrupted(signum)


def install_signal_handlers() -> None:
    """SIGINT, SIGTERM and SIGHUP raise `Interrupted` once; later ones only print a note,
    so that cleanup code (in `finally` blocks) runs to its end."""
    for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, _on_signal)


def stopping() -> bool:
    return _SignalState.stopping


@contextlib.contextmanager
def shielded() -> Iterator[None]:
    """No `Interrupted` is raised inside this block (signals are noted, not raised)."""
    before = _SignalState.stopping
    _SignalState.stopping = True
    try:
        yield
    finally:
        _SignalState.stopping = before
    pending, _SignalState.pending = _SignalState.pending, None
    if pending is not None and not before:
        _SignalState.stopping = True
        raise Interrupted(pending)


# ------------------------------------------------------------------------- processes


def _parent_death_hook(sig: int) -> Callable[[], None] | None:
    if not sys.platform.startswith("linux"):
        return None
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        prctl = libc.prctl
    except (OSError, AttributeError):
        return None

    def hook() -> None:
        prctl(_PR_SET_PDEATHSIG, sig)
        # The parent may have died before prctl took effect.
        if os.getppid() == 1:
            os.kill(os.getpid(), sig)

    return hook


@dataclass(frozen=True)
class RunAs:
    """The operating-system account a child runs as (None: this process's own)."""

    name: str
    uid: int | None = None
    gid: int | None = None

    def popen_kwargs(self) -> dict[str, Any]:
        if self.uid is None or self.uid == os.geteuid():
            return {}
        return {"user": self.uid, "group": self.gid, "extra_groups": []}


def spawn(
    cmd: Sequence[str | os.PathLike[str]],
    *,
    cwd: Path | str | None = None,
    env: Mapping[str, str] | None = None,
    stdout: IO[Any] | int | None = None,
    stderr: IO[Any] | int | None = subprocess.STDOUT,
    death_signal: int = signal.SIGTERM,
    run_as: RunAs | None = None,
) -> subprocess.Popen[bytes]:
    """Start a child in its own session, stdin closed, killed if this process dies."""
    if stdout is None:
        stderr = None
    extra = run_as.popen_kwargs() if run_as else {}
    # preexec_fn only calls prctl(2); the orchestrator runs no threads.
    return subprocess.Popen(
        [os.fspath(c) for c in cmd],
        cwd=cwd,
        env=dict(env) if env is not None else None,
        stdin=subprocess.DEVNULL,
        stdout=stdout,
        stderr=stderr,
        start_new_session=True,
        preexec_fn=_parent_death_hook(death_signal),  # noqa: PLW1509
        **extra,
    )


def signal_process(proc: subprocess.Popen[bytes], sig: int, *, group: bool) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        if group:
            os.killpg(proc.pid, sig)
        else:
            os.kill(proc.pid, sig)


def stop_process(
    proc: subprocess.Popen[bytes],
    name: str,
    *,
    first: int = signal.SIGTERM,
    timeout: float = 20.0,
    group: bool = True,
    then: int | None = None,
    then_timeout: float = 5.0,
) -> int | None:
    """Stop a child politely (`first`), then with `then` if given, then SIGKILL.

    With group=True the whole process group (the child's session) is signalled, which
    also reaches grandchildren (npm -> node -> vitest workers). Returns the exit code.
    """
    if proc.poll() is None:
        signal_process(proc, first, group=group)
        try:
            proc.wait(timeout)
        except subprocess.TimeoutExpired:
            if then is not None:
                warn(
                    f"{name} did not stop within {timeout:.0f}s; "
                    f"sending {signal.Signals(then).name}"
                )
                signal_process(proc, then, group=group)
                with contextlib.suppress(subprocess.TimeoutExpired):
                    proc.wait(then_timeout)
            if proc.poll() is None:
                warn(f"{name} did not stop; killing it")
                signal_process(proc, signal.SIGKILL, group=group)
                proc.wait()
    if group:
        # Grandchildren left behind in the child's group (its leader already exited).
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(proc.pid, signal.SIGKILL)
    return proc.returncode


# Commands run_command is waiting for (from any thread), for stop_running_commands.
_running: set[subprocess.Popen[bytes]] = set()
_running_lock = threading.Lock()


def stop_running_commands() -> None:
    """Stop every command a run_command of any thread is waiting for (their threads then
    see them end and return)."""
    with _running_lock:
        procs = list(_running)
    for proc in procs:
        stop_process(proc, "a command", timeout=10)


def run_command(
    cmd: Sequence[str | os.PathLike[str]],
    *,
    cwd: Path | str | None = None,
    env: Mapping[str, str] | None = None,
    timeout: float | None = None,
    stdout: IO[Any] | int | None = None,
    name: str | None = None,
) -> int:
    """Run a command to its end in its own process group and return its exit code.

    On `Interrupted` (Ctrl-C, SIGTERM) the whole group is stopped before re-raising; on
    timeout the group is stopped and 124 is returned.
    """
    label = name or os.fspath(cmd[0])
    proc = spawn(cmd, cwd=cwd, env=env, stdout=stdout)
    with _running_lock:
        _running.add(proc)
    try:
        return proc.wait(timeout)
    except subprocess.TimeoutExpired:
        error(f"{label} took longer than {fmt_seconds(timeout or 0)}; stopping it")
        stop_process(proc, label, timeout=10)
        return 124
    finally:
        if proc.poll() is None:
            with shielded():
                stop_process(proc, label, timeout=10)
        else:
            # Anything the command left running in its group (a browser, a worker pool).
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(proc.pid, signal.SIGKILL)
        with _running_lock:
            _running.discard(proc)


# --------------------------------------------------------------------------- network


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def port_in_use(port: int, host: str = "127.0.0.1") -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, port))
        except OSError:
            return True
        return False


def http_status(url: str, timeout: float = 2.0) -> int | None:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as resp:  # noqa: S310 - our own http URL
            status: int = resp.status
            return status
    except urllib.error.HTTPError as exc:
        return exc.code
    except (urllib.error.URLError, OSError):
        return None


def wait_http_ok(
    url: str,
    *,
    timeout: float,
    watch: Mapping[str, subprocess.Popen[bytes]],
    logs: Mapping[str, Path] | None = None,
) -> None:
    """Wait until GET `url` answers 200; fail early if a watched process exits."""
    deadline = time.monotonic() + timeout
    last: int | None = None
    while True:
        for name, proc in watch.items():
            code = proc.poll()
            if code is not None:
                detail = ""
                if logs and name in logs:
                    detail = "\n" + format_tail(name, logs[name])
                raise ServiceError(f"{name} exited ({describe_exit(code)}) while starting{detail}")
        last = http_status(url)
        if last == 200:
            return
        if time.monotonic() > deadline:
            detail = "".join("\n" + format_tail(n, p) for n, p in (logs or {}).items())
            seen = f"last answer: HTTP {last}" if last else "no answer"
            raise ServiceError(f"{url} did not answer 200 within {timeout:.0f}s ({seen}){detail}")
        time.sleep(0.3)


def venv_python() -> Path:
    return REPO_ROOT / ".venv" / "bin" / "python"


def venv_env(extra: Mapping[str, str] | None = None) -> dict[str, str]:
    """The environment for commands that run inside the project's virtualenv."""
    env = dict(os.environ)
    venv = REPO_ROOT / ".venv"
    env["VIRTUAL_ENV"] = str(venv)
    env["PATH"] = f"{venv / 'bin'}{os.pathsep}{env.get('PATH', '')}"
    env.pop("PYTHONHOME", None)
    env["PYTHONUNBUFFERED"] = "1"
    if extra:
        env.update(extra)
    return env
