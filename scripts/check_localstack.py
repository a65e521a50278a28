"""Self-check of scripts/localstack.py: `python -m scripts.check_localstack`.

1. a throwaway stack answers (psql, redis-cli / PING), PostgreSQL runs as `postgres` when
   root, and nothing is left behind (processes, temp folder);
2. a persistent stack keeps its data across a restart and does not initdb twice;
3. Ctrl-C (SIGINT) and SIGTERM to `python -m scripts.localstack` stop both servers, and so
   does SIGKILL (through the parent-death signal).
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from scripts.localstack import LocalServices, local_services
from scripts.procs import REPO_ROOT, free_port, say


class CheckError(AssertionError):
    pass


def expect(condition: bool, message: str) -> None:
    if not condition:
        raise CheckError(message)
    print(f"    ok: {message}", flush=True)


def processes_mentioning(text: str) -> list[str]:
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
            state = (entry / "stat").read_text().split()[2]
        except OSError:
            continue
        if text in cmdline and state != "Z":
            found.append(f"{entry.name}: {cmdline.strip()}")
    return found


def owner(pid: int) -> int:
    return os.stat(f"/proc/{pid}").st_uid


def redis_ping(port: int) -> str:
    cli = shutil.which("redis-cli")
    if cli is None:
        return "PONG (no redis-cli; socket PING passed at start)"
    out = subprocess.run(
        [cli, "-h", "127.0.0.1", "-p", str(port), "ping"],
        capture_output=True,
        text=True,
        check=False,
        timeout=10,
    )
    return out.stdout.strip()


def redis_cmd(port: int, *args: str) -> str:
    cli = shutil.which("redis-cli") or "redis-cli"
    return subprocess.run(
        [cli, "-h", "127.0.0.1", "-p", str(port), *args],
        capture_output=True,
        text=True,
        check=True,
        timeout=10,
    ).stdout.strip()


def check_throwaway() -> None:
    say("1. throwaway stack")
    with local_services(None, persistent=False, databases=("waymark_test", "waymark_e2e")) as s:
        data_dir = s.data_dir
        expect(s.psql("SELECT 1", "waymark_test").strip() == "1", "psql connects to waymark_test")
        expect(s.psql("SELECT 1", "waymark_e2e").strip() == "1", "database waymark_e2e exists")
        expect(redis_ping(s.redis_port or 0).startswith("PONG"), "redis answers PING")
        listen = s.psql("SHOW listen_addresses").strip()
        expect(listen == "127.0.0.1", f"postgres listens on {listen} only")
        sockets = s.psql("SHOW unix_socket_directories").strip()
        expect(sockets == "", "postgres has no unix socket")
        pg_pid = s.processes["postgres"].pid
        if os.geteuid() == 0:
            expect(owner(pg_pid) != 0, f"postgres runs as uid {owner(pg_pid)}, not root")
    expect(not data_dir.exists(), f"temp folder {data_dir} removed")
    left = processes_mentioning(str(data_dir))
    expect(not left, f"no process left for {data_dir} ({left})")


def _persistent_once(data_dir: Path, pg_port: int, redis_port: int, lines: list[str]) -> None:
    with local_services(data_dir, pg_port, redis_port, persistent=True, log=lines.append) as s:
        _use(s)


def _use(s: LocalServices) -> None:
    s.psql("CREATE TABLE IF NOT EXISTS marks (n int)", "waymark")
    s.psql("INSERT INTO marks VALUES (1)", "waymark")
    redis_cmd(s.redis_port or 0, "INCR", "marks")


def check_persistent() -> None:
    say("2. persistent stack keeps its data")
    root = Path(tempfile.mkdtemp(prefix="waymark-check-"))
    root.chmod(0o755)
    try:
        data_dir = root / "data"
        pg_port, redis_port = free_port(), free_port()
        first: list[str] = []
        _persistent_once(data_dir, pg_port, redis_port, first)
        expect(any("initialising" in line for line in first), "first start runs initdb")
        second: list[str] = []
        with local_services(data_dir, pg_port, redis_port, persistent=True, log=second.append) as s:
            expect(not any("initialising" in x for x in second), "second start reuses the cluster")
            count = s.psql("SELECT count(*) FROM marks", "waymark").strip()
            expect(count == "1", f"the row written before the restart is there ({count})")
            value = redis_cmd(s.redis_port or 0, "GET", "marks")
            expect(value == "1", f"redis kept its key through the AOF ({value})")
        left = processes_mentioning(str(data_dir))
        expect(not left, f"no process left ({left})")
    finally:
        shutil.rmtree(root, ignore_errors=True)


def _cli_stop(sig: int) -> None:
    root = Path(tempfile.mkdtemp(prefix="waymark-check-"))
    root.chmod(0o755)
    data_dir = root / "data"
    try:
        cmd = [
            sys.executable,
            "-m",
            "scripts.localstack",
            "--data-dir",
            str(data_dir),
            "--pg-port",
            str(free_port()),
            "--redis-port",
            str(free_port()),
        ]
        proc = subprocess.Popen(
            cmd, cwd=REPO_ROOT, stdout=subprocess.PIPE, text=True, start_new_session=True
        )
        assert proc.stdout is not None
        for line in proc.stdout:
            if "press Ctrl-C" in line:
                break
        expect(proc.poll() is None, "python -m scripts.localstack is up")
        running = processes_mentioning(str(data_dir))
        expect(len(running) >= 2, f"postgres and redis run ({len(running)} processes)")
        started = time.monotonic()
        if sig == signal.SIGINT:
            os.killpg(proc.pid, sig)  # what a terminal's Ctrl-C does: the whole group
        else:
            os.kill(proc.pid, sig)
        code = proc.wait(60)
        took = time.monotonic() - started
        name = signal.Signals(sig).name
        if sig != signal.SIGKILL:
            expect(code == 0, f"{name}: exits cleanly (code {code}) in {took:.1f}s")
        deadline = time.monotonic() + 30
        while processes_mentioning(str(data_dir)) and time.monotonic() < deadline:
            time.sleep(0.2)
        left = processes_mentioning(str(data_dir))
        expect(not left, f"{name}: no postgres/redis left ({left})")
    finally:
        shutil.rmtree(root, ignore_errors=True)


def check_signals() -> None:
    say("3. signals stop everything")
    for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGKILL):
        _cli_stop(sig)


def main() -> int:
    started = time.monotonic()
    try:
        check_throwaway()
        check_persistent()
        check_signals()
    except CheckError as exc:
        print(f"FAILED: {exc}", file=sys.stderr)
        return 1
    say(f"all localstack checks passed in {time.monotonic() - started:.1f}s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
