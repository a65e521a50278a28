"""`make run`: bootstrap, start private PostgreSQL and Redis, migrate, seed, serve.

Environment:
  WAYMARK_DATA_DIR    data folder for the private servers (default: .data in the repo)
  WAYMARK_PG_PORT     private PostgreSQL port (default 54329)
  WAYMARK_REDIS_PORT  private Redis port (default 63799)
  WAYMARK_PORT        the API's port (default 8000)
  WAYMARK_DEMO_DATA   `false` skips loading the demo data (default: load it)
  DATABASE_URL        use this database instead of starting the private PostgreSQL
  REDIS_URL           use this Redis instead of starting the private one

Once the product is up, a process that dies (the API, the worker, the sender, the private
PostgreSQL or Redis) is started again with backoff, and the log says so (scripts/supervise.py);
one that keeps dying right after it starts makes everything stop with a non-zero code.
Ctrl-C or SIGTERM stops everything this started. A process that fails while starting
stops everything at once: that is a setup problem to fix, not a crash to ride out.

`--no-bootstrap` skips the install step (the supervisor's tests run it so, after the test
command bootstrapped): the SPA is served only if it is built.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import os
import signal
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from scripts.bootstrap import BootstrapError, Needs, bootstrap
from scripts.localstack import DEFAULT_PG_PORT, DEFAULT_REDIS_PORT, LocalServices, local_services
from scripts.procs import (
    REPO_ROOT,
    Interrupted,
    ServiceError,
    error,
    format_tail,
    http_status,
    install_signal_handlers,
    port_in_use,
    run_command,
    say,
    spawn,
    stop_process,
    venv_env,
    venv_python,
    wait_http_ok,
)
from scripts.supervise import GaveUpError, Supervisor

READY_TIMEOUT = 120.0


def _int_env(name: str, default: int) -> int:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ServiceError(f"{name}={raw!r} is not a port number") from None
    if not 0 < value < 65536:
        raise ServiceError(f"{name}={raw!r} is not a port number")
    return value


def _redact(url: str) -> str:
    """postgresql+asyncpg://user:secret@host/db -> postgresql+asyncpg://user:***@host/db"""
    scheme, sep, rest = url.partition("://")
    creds, at, host = rest.rpartition("@")
    if not sep or not at or ":" not in creds:
        return url
    return f"{scheme}://{creds.split(':', 1)[0]}:***@{host}"


def _demo_logins(env: dict[str, str]) -> list[str]:
    try:
        proc = subprocess.run(
            [str(venv_python()), "-m", "app", "demo-logins"],
            cwd=REPO_ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return []
    if proc.returncode != 0:
        return []
    return [line for line in proc.stdout.splitlines() if line.strip()]


def _wants_demo() -> bool:
    return os.environ.get("WAYMARK_DEMO_DATA", "").strip().lower() not in ("false", "0", "no")


def _watch_services(supervisor: Supervisor, services: LocalServices) -> None:
    """The private servers: restarted on their port and data when they die."""
    for name, proc in services.processes.items():
        log = services.logs.get(name)

        def detail(name: str = name, log: Path | None = log) -> str:
            return format_tail(name, log) if log else ""

        supervisor.watch(name, proc, functools.partial(services.restart, name), detail=detail)


def serve(*, with_spa: bool = True) -> int:
    data_dir = Path(os.environ.get("WAYMARK_DATA_DIR") or REPO_ROOT / ".data")
    pg_port = _int_env("WAYMARK_PG_PORT", DEFAULT_PG_PORT)
    redis_port = _int_env("WAYMARK_REDIS_PORT", DEFAULT_REDIS_PORT)
    api_port = _int_env("WAYMARK_PORT", 8000)
    given_db = os.environ.get("DATABASE_URL", "").strip()
    given_redis = os.environ.get("REDIS_URL", "").strip()
    if port_in_use(api_port):
        raise ServiceError(
            f"port {api_port} is already in use on 127.0.0.1; is Waymark already running?\n"
            "  Stop what uses it, or choose another port with WAYMARK_PORT=<port>."
        )
    if given_db:
        say(f"using DATABASE_URL from the environment ({_redact(given_db)})")
    if given_redis:
        say(f"using REDIS_URL from the environment ({_redact(given_redis)})")

    supervisor = Supervisor()
    with contextlib.ExitStack() as stack:
        services = stack.enter_context(
            local_services(
                data_dir,
                pg_port,
                redis_port,
                persistent=True,
                databases=("waymark",),
                postgres=not given_db,
                redis=not given_redis,
            )
        )
        pairs = (("PostgreSQL", given_db), ("Redis", given_redis))
        private = [name for name, given in pairs if not given]
        if private:
            say(f"private {' and '.join(private)}: data and logs in {services.data_dir}")
        _watch_services(supervisor, services)
        spa_dir = REPO_ROOT / "frontend" / "dist"
        extra = {
            "DATABASE_URL": given_db or services.database_url or "",
            "REDIS_URL": given_redis or services.redis_url or "",
            "WAYMARK_PORT": str(api_port),
        }
        if with_spa or (spa_dir / "index.html").is_file():
            extra["WAYMARK_SPA_DIR"] = str(spa_dir)
        env = venv_env(extra)
        env.setdefault("WAYMARK_LOG_FORMAT", "console")
        env.setdefault("WAYMARK_PUBLIC_BASE_URL", f"http://127.0.0.1:{api_port}")
        python = str(venv_python())
        for command in ("migrate", "seed") if _wants_demo() else ("migrate",):
            say(f"python -m app {command}")
            code = run_command([python, "-m", "app", command], cwd=REPO_ROOT, env=env)
            if code != 0:
                error(f"`python -m app {command}` failed (code {code}); stopping")
                return code or 1

        def stop_children() -> None:
            for name, proc in supervisor.processes().items():
                if name in ("api", "worker", "sender"):
                    stop_process(proc, name, timeout=20)

        stack.callback(stop_children)
        base_url = f"http://127.0.0.1:{api_port}"
        say(f"starting the API on 127.0.0.1:{api_port}, a worker and a sender")
        api = [python, "-m", "app", "serve", "--host", "127.0.0.1", "--port", str(api_port)]
        supervisor.start(
            "api",
            functools.partial(spawn, api, cwd=REPO_ROOT, env=env),
            ready=lambda: http_status(f"{base_url}/health/ready") == 200,
        )
        # As docker-compose.yml deploys them: the journeys, and sending apart at a lower
        # CPU priority, so a burst of mail to build does not hold up the journeys.
        worker = [python, "-m", "app", "worker"]
        engine_env = {**env, "WAYMARK_WORKER_ROLE": "engine"}
        sender_env = {**env, "WAYMARK_WORKER_ROLE": "outbox", "WAYMARK_WORKER_NICE": "10"}
        supervisor.start("worker", functools.partial(spawn, worker, cwd=REPO_ROOT, env=engine_env))
        supervisor.start("sender", functools.partial(spawn, worker, cwd=REPO_ROOT, env=sender_env))
        wait_http_ok(
            f"{base_url}/health/ready",
            timeout=READY_TIMEOUT,
            watch=supervisor.processes(),
            logs=services.logs,
        )
        logins = _demo_logins(env) if _wants_demo() else []
        lines = ["", f"  Waymark is running at {base_url}/", ""]
        if logins:
            lines += ["  Demo logins:", *(f"    {line}" for line in logins), ""]
        lines += ["  Press Ctrl-C to stop.", ""]
        print("\n".join(lines), flush=True)
        say(f"watching (pids): {supervisor.pids()}; a process that dies is started again")

        while True:
            try:
                supervisor.check()
            except GaveUpError as exc:
                error(f"{exc}\nstopping everything")
                return 1
            time.sleep(0.5)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m scripts.run", description=__doc__)
    parser.add_argument(
        "--no-bootstrap", action="store_true", help="do not install; serve the SPA if built"
    )
    args = parser.parse_args(argv)
    install_signal_handlers()
    ready = False
    try:
        given = bool(os.environ.get("DATABASE_URL")), bool(os.environ.get("REDIS_URL"))
        if not args.no_bootstrap:
            bootstrap(Needs(postgres=not given[0], redis=not given[1], spa=True))
        ready = True
        return serve(with_spa=not args.no_bootstrap)
    except (BootstrapError, ServiceError) as exc:
        error(str(exc))
        return 1
    except Interrupted as exc:
        say(f"stopped ({exc})")
        return 0 if ready else 128 + signal.SIGINT
    finally:
        sys.stdout.flush()


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
