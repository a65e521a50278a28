"""The real `make run` supervisor (`python -m scripts.run`) in a test: free ports, a data
folder of its own, its output read line by line, and the product it runs reached over
HTTP and through its PostgreSQL."""

from __future__ import annotations

import asyncio
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from datetime import UTC, datetime
from pathlib import Path

import httpx
import msgspec
from sqlalchemy import select

from app.contacts.models import Contact
from app.demo.accounts import seed_roles
from app.eventlog.models import Event
from app.resources import Resources, open_resources
from app.settings import Settings
from scripts.localstack import (
    PG_PASSWORD,
    PG_USER,
    cluster_processes,
    find_pg_bindir,
    pg_run_as,
)
from scripts.procs import free_port
from tests.support.accounts import create_api_key, create_user
from tests.support.runs import chain, node, publish

REPO = Path(__file__).resolve().parents[2]
# Starting from nothing (initdb, migrations, the API's first answer) on a busy machine.
START_SECONDS = 240.0
# A restart: the backoff (1 s, 2 s…), the process's own start, its first answer.
RESTART_SECONDS = 90.0

_WATCHING = re.compile(r"==> watching \(pids\): (.+?); ")
_RESTARTED = re.compile(r"==> restarted the (\w+) \(pid (\d+);")


def data_root() -> Iterator[Path]:
    """A folder the `postgres` user can reach (pytest's tmp_path is private to root)."""
    root = Path(tempfile.mkdtemp(prefix="waymark-makerun-"))
    root.chmod(0o755)
    try:
        yield root
    finally:
        shutil.rmtree(root, ignore_errors=True)


class MakeRun:
    """One `python -m scripts.run` on its own ports and data folder."""

    def __init__(self, data_dir: Path, log: Path, ports: tuple[int, int, int] | None) -> None:
        self.data_dir = data_dir
        self.log = log
        self.ports = ports or (free_port(), free_port(), free_port())
        self.api_port, self.pg_port, self.redis_port = self.ports
        self.lines: list[str] = []
        self.proc: subprocess.Popen[str] | None = None
        self._reader: threading.Thread | None = None

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.api_port}"

    @property
    def cluster(self) -> Path:
        return self.data_dir / "postgres"

    def settings(self, base: Settings) -> Settings:
        return msgspec.structs.replace(
            base,
            database_url=(
                f"postgresql+asyncpg://{PG_USER}:{PG_PASSWORD}@127.0.0.1:{self.pg_port}/waymark"
            ),
            redis_url=f"redis://127.0.0.1:{self.redis_port}/0",
        )

    def start(self) -> None:
        env = {
            k: v
            for k, v in os.environ.items()
            if not k.startswith("WAYMARK_") and k not in ("DATABASE_URL", "REDIS_URL")
        }
        env |= {
            "WAYMARK_DATA_DIR": str(self.data_dir),
            "WAYMARK_PORT": str(self.api_port),
            "WAYMARK_PG_PORT": str(self.pg_port),
            "WAYMARK_REDIS_PORT": str(self.redis_port),
            "WAYMARK_DEMO_DATA": "false",
            "WAYMARK_ENV": "development",
            "WAYMARK_LOG_LEVEL": "WARNING",
        }
        self.lines = []
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "scripts.run", "--no-bootstrap"],
            cwd=REPO,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            start_new_session=True,
        )
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.proc is not None
        assert self.proc.stdout is not None
        with self.log.open("a") as out:
            for line in self.proc.stdout:
                self.lines.append(line.rstrip("\n"))
                out.write(line)
                out.flush()

    def tail(self) -> str:
        return "\n".join(line for line in self.lines[-60:] if "arq.worker" not in line)

    def seen(self, text: str) -> bool:
        return any(text in line for line in self.lines)

    async def wait_line(self, pattern: str, seconds: float) -> re.Match[str]:
        regex = re.compile(pattern)
        deadline = time.monotonic() + seconds
        checked = 0
        while True:
            for line in self.lines[checked:]:
                if found := regex.search(line):
                    return found
            checked = len(self.lines)
            assert self.proc is not None
            if self.proc.poll() is not None:
                self._finish_reading()
                raise AssertionError(f"make run exited ({self.proc.returncode}):\n{self.tail()}")
            if time.monotonic() > deadline:
                raise AssertionError(f"no line matching {pattern!r}:\n{self.tail()}")
            await asyncio.sleep(0.1)

    def pids(self) -> dict[str, int]:
        """Each process the supervisor watches, by name, as its log last told."""
        first = next((m for line in self.lines if (m := _WATCHING.search(line))), None)
        assert first is not None, self.tail()
        pids = {name: int(pid) for name, pid in (p.split() for p in first.group(1).split(", "))}
        for line in self.lines:
            if restarted := _RESTARTED.search(line):
                pids[restarted.group(1)] = int(restarted.group(2))
        return pids

    async def wait_up(self) -> dict[str, int]:
        await self.wait_line(r"==> watching \(pids\)", START_SECONDS)
        return self.pids()

    async def wait_restarted(self, name: str, old_pid: int) -> int:
        deadline = time.monotonic() + RESTART_SECONDS
        while (pid := self.pids()[name]) == old_pid:
            assert self.proc is not None
            assert self.proc.poll() is None, self.tail()
            assert time.monotonic() < deadline, f"the {name} was not restarted:\n{self.tail()}"
            await asyncio.sleep(0.1)
        return pid

    def stop(self, sig: int = signal.SIGTERM) -> int:
        """Stop it as Ctrl-C or SIGTERM does; its exit code."""
        assert self.proc is not None
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
        try:
            code = self.proc.wait(90)
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(10)
            raise AssertionError(f"make run did not stop:\n{self.tail()}") from None
        self._finish_reading()
        return code

    def _finish_reading(self) -> None:
        if self._reader is not None:
            self._reader.join(10)
        if self.proc is not None and self.proc.stdout is not None:
            self.proc.stdout.close()

    def kill_leftovers(self) -> None:
        """After a failed test: nothing may outlive it."""
        if self.proc is not None and self.proc.poll() is None:
            with_group = self.proc.pid
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(60)
            except subprocess.TimeoutExpired:
                os.killpg(with_group, signal.SIGKILL)
                self.proc.wait(10)
            self._finish_reading()
        for pid in cluster_processes(self.cluster):
            os.kill(pid, signal.SIGQUIT)


@contextmanager
def make_run(
    root: Path, name: str = "run", ports: tuple[int, int, int] | None = None
) -> Iterator[MakeRun]:
    """`make run` on the data folder under `root`, on `ports` (API, PostgreSQL, Redis) or
    free ones."""
    run = MakeRun(root / "data", root / f"{name}.log", ports)
    run.start()
    try:
        yield run
    finally:
        run.kill_leftovers()


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[-1].split()[0]
    except OSError:
        return False
    return state != "Z"


async def wait_ready(run: MakeRun, seconds: float = RESTART_SECONDS) -> None:
    deadline = time.monotonic() + seconds
    async with httpx.AsyncClient(timeout=5) as client:
        while True:
            try:
                if (await client.get(f"{run.base_url}/health/ready")).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            assert time.monotonic() < deadline, f"/health/ready never answered 200\n{run.tail()}"
            await asyncio.sleep(0.2)


@asynccontextmanager
async def product(run: MakeRun, base: Settings) -> AsyncIterator[Resources]:
    """The running product's database and Redis, as the app opens them."""
    async with open_resources(run.settings(base)) as resources:
        yield resources


async def prepare_ping(run: MakeRun, base: Settings) -> str:
    """A journey that tags whoever sends `ping` (a CRM step: the sender does it), and an
    API key to send it with."""
    async with product(run, base) as resources:
        async with resources.sessions.begin() as db:
            await seed_roles(db, datetime.now(UTC))
        await publish(
            resources,
            "Ping",
            chain(
                node("trigger.event", "ping", event_name="ping"),
                node("action.update_contact", "tag", add_tags=["pong"]),
                node("flow.end", "end"),
            ),
        )
        admin = await create_user(resources, role="super_user")
        return await create_api_key(resources, created_by=admin.id)


async def ping_is_handled(run: MakeRun, base: Settings, key: str, who: str) -> None:
    """POST an event to the running API; the worker must handle it and the sender do its
    step (the contact gets the `pong` tag)."""
    async with httpx.AsyncClient(timeout=10) as client:
        response = await client.post(
            f"{run.base_url}/api/v1/events",
            headers={"Authorization": f"Bearer {key}"},
            json={"name": "ping", "contact": {"external_id": who}},
        )
    assert response.status_code == 202, response.text
    event_id = response.json()["id"]
    deadline = time.monotonic() + RESTART_SECONDS
    async with product(run, base) as resources:
        while True:
            async with resources.sessions() as db:
                handled = await db.scalar(select(Event.processed_at).where(Event.id == event_id))
                tags = await db.scalar(select(Contact.tags).where(Contact.external_id == who))
            if handled is not None and tags and "pong" in tags:
                return
            assert time.monotonic() < deadline, (
                f"event {event_id} of {who}: handled={handled}, tags={tags}\n{run.tail()}"
            )
            await asyncio.sleep(0.2)


def pg_ctl(cluster: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """`pg_ctl` on `cluster`, behind the tooling's back (as the `postgres` user when root,
    as a person would)."""
    log = cluster.parent / "pg_ctl.log"
    log.touch()
    run_as = pg_run_as()
    if run_as.uid is not None and run_as.gid is not None:
        os.chown(log, run_as.uid, run_as.gid)
    return subprocess.run(
        [str(find_pg_bindir() / "pg_ctl"), *args, "-D", str(cluster), "-l", str(log)],
        cwd="/",
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        **run_as.popen_kwargs(),
    )
