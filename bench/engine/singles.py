"""Events one at a time: single-event POSTs over HTTP from many clients, as websites send.

The API runs as `make run` starts it (`python -m app serve`, one uvicorn process) with
production logging (JSON lines at INFO, one per request), beside the bench's workers.
`--clients` keep-alive connections each POST one `order.placed` event at a time to
`/api/v1/events` with a server key, as fast as answers come (or, with `--singles-rate`,
at that total rate). Reported: accepted POSTs/s, the API's CPU per request (from /proc),
the engine's events/s, p50/p99 from the 202 to another connection seeing the event
handled, and the workers' and PostgreSQL's CPU per event.

The load is made by this process with a minimal HTTP/1.1 keep-alive client (asyncio
streams: about 0.05 ms of CPU a request, a tenth of httpx's), so the clients take as
little as possible of the CPU the API and the engine share with them.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, NamedTuple

import msgspec
from sqlalchemy import insert, select, text

from app.auth.models import ApiKey, User
from app.auth.tokens import hash_token
from app.resources import Resources, open_resources
from app.settings import Settings

# The other parts' helpers (this module is imported by that one only when it runs).
from bench.engine import __main__ as common

KEY = "wm_sk_bench-singles-0123456789abcdefghijklmnopqrstuv"


async def make_key(resources: Resources) -> str:
    """A server key with events:write, stored as the admin page stores one."""
    async with resources.sessions.begin() as db:
        user_id = await db.scalar(select(User.id).limit(1))
        await db.execute(
            insert(ApiKey).values(
                name="bench singles",
                kind="server",
                prefix=KEY[:14],
                secret_hash=hash_token(KEY),
                scopes=["events:write"],
                created_by=user_id,
                created_at=datetime.now(UTC),
            )
        )
    return KEY


def start_api(settings: Settings, port: int, log: Path) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "DATABASE_URL": settings.database_url,
        "REDIS_URL": settings.redis_url,
        # Production logging: a JSON line per request at INFO (the settings' defaults).
        "WAYMARK_LOG_LEVEL": "INFO",
        "WAYMARK_LOG_FORMAT": "json",
    }
    with log.open("ab") as out:
        return subprocess.Popen(
            [sys.executable, "-m", "app", "serve", "--host", "127.0.0.1", "--port", str(port)],
            cwd=common.REPO,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )


class Client:
    """One keep-alive HTTP/1.1 connection posting JSON bodies."""

    def __init__(self, port: int, key: str) -> None:
        self._port = port
        self._head = (
            "POST /api/v1/events HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            f"Authorization: Bearer {key}\r\nContent-Type: application/json\r\n"
        ).encode()
        self._reader: asyncio.StreamReader | None = None
        self._writer: asyncio.StreamWriter | None = None

    async def post(self, body: bytes) -> tuple[int, bytes]:
        if self._writer is None:
            self._reader, self._writer = await asyncio.open_connection("127.0.0.1", self._port)
        assert self._reader is not None
        self._writer.write(self._head + b"Content-Length: %d\r\n\r\n" % len(body) + body)
        head = await self._reader.readuntil(b"\r\n\r\n")
        status = int(head[9:12])
        length = 0
        close = False
        for line in head.split(b"\r\n")[1:]:
            name, _, value = line.partition(b":")
            lowered = name.strip().lower()
            if lowered == b"content-length":
                length = int(value)
            elif lowered == b"connection" and value.strip().lower() == b"close":
                close = True
        answer = await self._reader.readexactly(length)
        if close:
            await self.close()
        return status, answer

    async def close(self) -> None:
        if self._writer is not None:
            self._writer.close()
            with contextlib.suppress(OSError):
                await self._writer.wait_closed()
        self._reader = self._writer = None


async def wait_ready(port: int, limit: float) -> None:
    started = time.perf_counter()
    while time.perf_counter() - started < limit:
        try:
            reader, writer = await asyncio.open_connection("127.0.0.1", port)
        except OSError:
            await asyncio.sleep(0.2)
            continue
        writer.write(b"GET /health/ready HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
        answer = await reader.read()
        writer.close()
        if answer.startswith(b"HTTP/1.1 200"):
            return
        await asyncio.sleep(0.2)
    raise SystemExit(f"the API on port {port} was not ready after {limit:.0f} s")


_id = msgspec.json.Decoder(dict[str, Any])


class Load:
    """The clients' figures: answers by status, and each accepted event's id and time."""

    def __init__(self) -> None:
        self.statuses: dict[int, int] = {}
        self.accepted: dict[int, float] = {}
        self.post_ms: list[float] = []
        # From each event's row written (received_at) to seen handled.
        self.from_insert_ms: list[float] = []


async def client_loop(
    port: int, key: str, n: int, args: argparse.Namespace, load: Load, *, ends: float, start: int
) -> None:
    client = Client(port, key)
    interval = args.clients / args.singles_rate if args.singles_rate else 0.0
    next_at = time.perf_counter() + interval * n / max(args.clients, 1)
    sent = 0
    try:
        while time.perf_counter() < ends:
            if interval:
                await asyncio.sleep(max(0.0, next_at - time.perf_counter()))
                next_at += interval
            number = start + n + sent * args.clients
            sent += 1
            body = msgspec.json.encode(
                {
                    "name": "order.placed",
                    "contact": {"external_id": f"b-{number % args.contacts}"},
                    "properties": {
                        "order_id": f"S-{number}",
                        "value": number % 100,
                        "ship_at": datetime.now(UTC),
                    },
                }
            )
            began = time.perf_counter()
            try:
                status, answer = await client.post(body)
            except (OSError, asyncio.IncompleteReadError):
                load.statuses[0] = load.statuses.get(0, 0) + 1
                await client.close()
                continue
            done = time.perf_counter()
            load.statuses[status] = load.statuses.get(status, 0) + 1
            if status == 202:
                load.accepted[int(_id.decode(answer)["id"])] = done
                load.post_ms.append((done - began) * 1000)
    finally:
        await client.close()


async def watch(
    resources: Resources, load: Load, seen: dict[int, float], stop: asyncio.Event
) -> None:
    """Note when another connection first sees each accepted event handled, and how long
    after its row was written (`received_at`, the same machine's clock): the time from the
    202 alone leaves out however long the answer took to come back."""
    async with resources.sessions() as watcher:
        while not stop.is_set():
            pending = sorted(i for i in load.accepted if i not in seen)
            if pending:
                rows = await watcher.execute(
                    text(
                        "SELECT id, received_at FROM events WHERE id >= :low AND id <= :high"
                        " AND processed_at IS NOT NULL"
                    ),
                    {"low": pending[0], "high": pending[-1]},
                )
                await watcher.rollback()
                now, wall = time.perf_counter(), datetime.now(UTC)
                for event_id, received_at in rows:
                    if event_id in load.accepted and event_id not in seen:
                        seen[event_id] = now
                        load.from_insert_ms.append((wall - received_at).total_seconds() * 1000)
            await asyncio.sleep(0.005)


def profile(
    args: argparse.Namespace, api: subprocess.Popen[bytes], deployment: common.Deployment
) -> list[subprocess.Popen[bytes]]:
    """With `--py-spy DIR`: py-spy samples the API and the engine workers while the clients
    post (raw stacks, one file each: `api.txt`, `worker-<pid>.txt`)."""
    if not args.py_spy:
        return []
    out = Path(args.py_spy)
    out.mkdir(parents=True, exist_ok=True)
    spy = Path(sys.executable).with_name("py-spy")
    targets = [("api", api.pid)] + [(f"worker-{p.pid}", p.pid) for p in deployment.workers]
    return [
        subprocess.Popen(
            [
                *(str(spy), "record", "-p", str(pid), "-d", str(int(args.singles_seconds))),
                *("-r", "100", "--nonblocking", "--format", "raw", "-o", str(out / f"{name}.txt")),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for name, pid in targets
    ]


def load_average() -> str:
    one, five, _ = os.getloadavg()
    return f"load average {one:.1f} (1 min), {five:.1f} (5 min) on {os.cpu_count()} cores"


async def singles(settings: Settings, args: argparse.Namespace, log: Path) -> None:
    async with open_resources(settings) as resources:
        await common.reset(resources)
        await common.publish(resources, "five steps", common.FIVE_STEPS)
        await common.seed_contacts(resources, args.contacts)
        key = await make_key(resources)
        await common.settle(resources)
        api = start_api(settings, args.api_port, log)
        deployment = common.deploy(settings, args, log)
        try:
            await wait_ready(args.api_port, 120)
            # Warm up as loaded as the measurement (first statements compiled and prepared,
            # first keys read, caches filled), then let the workers catch up.
            warm = Load()
            warm_ends = time.perf_counter() + args.singles_warmup
            await asyncio.gather(
                *(
                    client_loop(args.api_port, key, n, args, warm, ends=warm_ends, start=0)
                    for n in range(args.clients)
                )
            )
            await common.wait_until_zero(resources, common.UNHANDLED, 300)
            load = Load()
            seen: dict[int, float] = {}
            stop = asyncio.Event()
            watcher = asyncio.create_task(watch(resources, load, seen, stop))
            api_before = common.cpu_seconds(api.pid) or 0.0
            spies = profile(args, api, deployment)
            with common.CpuMeter(resources, deployment) as meter:
                started = time.perf_counter()
                ends = started + args.singles_seconds
                await asyncio.gather(
                    *(
                        client_loop(args.api_port, key, n, args, load, ends=ends, start=1_000_000)
                        for n in range(args.clients)
                    )
                )
                posting = time.perf_counter() - started
                api_cpu = (common.cpu_seconds(api.pid) or 0.0) - api_before
                average = load_average()
                await common.wait_until_zero(resources, common.UNHANDLED, 300)
                await asyncio.sleep(0.3)
            stop.set()
            await watcher
            for spy in spies:
                spy.wait(timeout=60)
        finally:
            api.terminate()
            common.stop_workers(deployment.processes)
            with contextlib.suppress(subprocess.TimeoutExpired):
                api.wait(timeout=15)
        async with resources.sessions() as db:
            first_at, last_at = (
                await db.execute(
                    text(
                        "SELECT min(processed_at), max(processed_at) FROM events"
                        " WHERE id = ANY(CAST(:ids AS bigint[]))"
                    ),
                    {"ids": list(load.accepted)},
                )
            ).one()
        delivered = await common.sent_report(resources)
    span = (last_at - first_at).total_seconds() if first_at and last_at else float("nan")
    report(args, load, seen, Figures(posting, api_cpu, average, span, delivered), meter)


class Figures(NamedTuple):
    posting: float
    api_cpu: float
    average: str
    span: float
    delivered: str


def report(
    args: argparse.Namespace,
    load: Load,
    seen: dict[int, float],
    figures: Figures,
    meter: common.CpuMeter,
) -> None:
    posting, api_cpu, average, span, delivered = figures
    accepted = len(load.accepted)
    latencies = [(seen[i] - at) * 1000 for i, at in load.accepted.items() if i in seen]
    rate = f"at {args.singles_rate:.0f}/s" if args.singles_rate else "as fast as answered"
    print(
        f"singles: {args.clients} clients POSTing one event each, {rate}, for"
        f" {args.singles_seconds:.0f} s; {common.deployment_label(args)} + the API"
    )
    print(f"  {average} at the end of the posting")
    print(
        f"  accepted {accepted} POSTs in {posting:5.1f} s = {accepted / posting:7.0f}/s;"
        f" answers by status {dict(sorted(load.statuses.items()))};"
        f" POST p50 {common.pct(load.post_ms, 0.5):5.1f} ms"
        f" p99 {common.pct(load.post_ms, 0.99):6.1f} ms"
    )
    print(f"  API CPU {api_cpu:6.1f} s = {api_cpu * 1000 / max(accepted, 1):5.2f} ms per request")
    print(
        f"  engine: first to last handled {span:6.1f} s = {accepted / max(span, 1e-9):7.0f}"
        f" events/s; accepted (row written) → handled: p50"
        f" {common.pct(load.from_insert_ms, 0.5):6.0f} ms"
        f"  p99 {common.pct(load.from_insert_ms, 0.99):6.0f} ms"
        f"; from the 202: p50 {common.pct(latencies, 0.5):6.0f} ms"
        f"  p99 {common.pct(latencies, 0.99):6.0f} ms"
        + (f"; {accepted - len(latencies)} not seen" if len(latencies) < accepted else "")
    )
    common.cpu_report(meter, accepted, "event")
    print(f"  {delivered}")
