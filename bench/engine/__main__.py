"""The engine benchmark: events, timers, memory, and pgbench on the same PostgreSQL.

    python -m bench.engine [--events 100000] [--contacts 10000] [--workers 2] ...

It needs a database of its own (it empties it): DATABASE_URL must name a database whose
name ends in `_bench` (e.g. `waymark_engine_bench`); REDIS_URL any Redis database. It
migrates that database, then measures, with real worker processes (`python -m app
worker`) as a deployment runs them:

1. backlog: `--events` events over `--contacts` contacts committed first, then the workers
   start; events/s handled through a 5-step journey (trigger → condition → email → wait
   that is already due → SMS), from the workers' start to the last event handled.
2. paced: events committed at `--rate` per second (half the target) for `--paced-seconds`,
   rung like the API rings; p50/p99 from each event's commit to the moment another
   connection sees it handled (its first action's outbox row is written in the same
   transaction).
3. timers: `--timers` enrollments waiting on a timer that comes due at one instant;
   seconds until every one fired, timers/s, and p50/p99 lateness (fired minus due);
   then for `--send-seconds` the emails sent per second with the engine idle.
4. memory: `--waiting` waiting enrollments seeded by SQL; a worker's RSS while it polls
   and sweeps over them, next to its RSS over empty tables.
5. pgbench -N (TPC-B-like without the contended updates) tps on the same server.
6. singles: `--clients` HTTP clients each POSTing one event at a time to a real API
   process (`python -m app serve`, production logging), as websites send them: accepted
   POSTs/s, the API's CPU per request, events/s handled, p50/p99 from the 202 to handled
   (bench/engine/singles.py).

With `--senders N` the `--workers` run as engine workers (WAYMARK_WORKER_ROLE=engine) and
N outbox workers send the messages apart, at `--sender-nice` (default 10): on a machine
they share, the engine's decisions go first and sending takes the CPU left over.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import subprocess
import sys
import time
import uuid
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, NamedTuple

import msgspec
from alembic import command
from sqlalchemy import insert, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError

from app.auth.models import User
from app.channels.models import MessageTemplate
from app.cli import alembic_config
from app.contacts.models import Contact
from app.demo.accounts import seed_roles
from app.engine.definition import JourneyDefinition
from app.engine.facts import Facts
from app.engine.interpreter import start
from app.journeys.models import Journey, JourneyVersion
from app.models import metadata
from app.resources import Resources, open_resources
from app.settings import Settings, load_settings

REPO = Path(__file__).resolve().parents[2]
PGBENCH = "/usr/lib/postgresql/15/bin/pgbench"
NS = uuid.UUID("8a1c4f0e-2b7d-4c36-9e55-0d6f3a9b7c21")


def node(kind: str, node_id: str, **config: Any) -> dict[str, Any]:
    return {
        "kind": kind,
        "id": node_id,
        "label": node_id,
        "position": {"x": 0, "y": 0},
        "config": config,
    }


def chain(*links: tuple[str, str, str]) -> list[dict[str, Any]]:
    return [{"id": f"{a}-{h}", "source": a, "source_handle": h, "target": b} for a, h, b in links]


# trigger → condition → action → wait (already due) → action. The engine's shortest
# duration is a minute, so "wait 0 s" is a wait until the event's `ship_at`: now.
FIVE_STEPS: dict[str, Any] = {
    "nodes": [
        node("trigger.event", "placed", event_name="order.placed"),
        node(
            "flow.condition",
            "worth-it",
            condition={
                "type": "group",
                "rules": [
                    {
                        "type": "event_property",
                        "property": "value",
                        "operator": "gte",
                        "value": 0,
                    }
                ],
            },
        ),
        node("action.send_email", "confirm", template="welcome"),
        node("flow.wait_until_date", "ship", date_field="event.ship_at"),
        node("action.send_sms", "shipped", text="On its way"),
        node("flow.end", "end"),
    ],
    "edges": chain(
        ("placed", "next", "worth-it"),
        ("worth-it", "yes", "confirm"),
        ("worth-it", "no", "end"),
        ("confirm", "next", "ship"),
        ("ship", "next", "shipped"),
        ("shipped", "next", "end"),
    ),
    "settings": {"reentry": {"rule": "always"}},
}

# For the timers and the memory runs: one wait, then an email.
ONE_WAIT: dict[str, Any] = {
    "nodes": [
        node("trigger.event", "joined", event_name="member.joined"),
        node("flow.wait_duration", "wait", duration={"amount": 1, "unit": "days"}),
        node("action.send_email", "hello", template="welcome"),
        node("flow.end", "end"),
    ],
    "edges": chain(("joined", "next", "wait"), ("wait", "next", "hello"), ("hello", "next", "end")),
}


# ---- database ------------------------------------------------------------------------


def check_database(settings: Settings) -> None:
    name = make_url(settings.database_url).database or ""
    if not name.endswith("_bench"):
        sys.exit(f"DATABASE_URL names {name!r}: use a database of its own ending in _bench")


async def reset(resources: Resources) -> None:
    async with resources.engine.begin() as connection:
        tables = ", ".join(table.name for table in metadata.sorted_tables)
        await connection.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
    await resources.redis.flushdb()


async def settle(resources: Resources) -> None:
    """Write out what earlier parts and this part's seeding left dirty (a CHECKPOINT), so
    the checkpoint it would force is not measured as this part's latency. A paced run right
    after the backlog had its p99 go from ~130 ms to 1.2 s that way."""
    async with resources.engine.connect() as connection:
        await connection.execution_options(isolation_level="AUTOCOMMIT")
        try:
            await connection.execute(text("CHECKPOINT"))
        except DBAPIError:
            print("  (CHECKPOINT refused: this role lacks pg_checkpoint; figures may carry it)")


async def publish(resources: Resources, name: str, graph: dict[str, Any]) -> uuid.UUID:
    definition = msgspec.to_builtins(msgspec.convert(graph, JourneyDefinition))
    journey_id = uuid.uuid5(NS, name)
    now = datetime.now(UTC)
    async with resources.sessions.begin() as db:
        await seed_roles(db, now)
        author = Contact(id=uuid.uuid5(NS, "author"), email="bench-author@example.test")
        db.add(author)
        # The email the journeys send: rendered per contact, as a real one is.
        db.add(
            MessageTemplate(
                name="welcome",
                label="Welcome",
                channel="email",
                subject="Welcome, {{ contact.first_name }}",
                body_html="<p>Hello {{ contact.first_name }}, thank you for order"
                " {{ event.order_id | default('') }}.</p>",
                body_text="Hello {{ contact.first_name }}, thank you.",
            )
        )
        await db.flush()
        user = User(
            contact_id=author.id, email="bench-author@example.test", primary_role="marketer"
        )
        db.add(user)
        await db.flush()
        db.add(
            Journey(
                id=journey_id,
                name=name,
                status="active",
                definition=definition,
                published_version=1,
                published_revision=1,
                created_at=now,
                updated_at=now,
            )
        )
        await db.flush()
        db.add(
            JourneyVersion(
                journey_id=journey_id,
                version=1,
                definition=definition,
                published_at=now,
                published_by=user.id,
            )
        )
    return journey_id


async def seed_contacts(resources: Resources, count: int) -> list[uuid.UUID]:
    ids = [uuid.uuid5(NS, f"contact:{n}") for n in range(count)]
    async with resources.sessions.begin() as db:
        for offset in range(0, count, 5000):
            await db.execute(
                insert(Contact),
                [
                    {
                        "id": i,
                        "external_id": f"b-{offset + n}",
                        "name": f"Bench {offset + n}",
                        "email": f"bench-{offset + n}@example.test",
                        "phone": f"+4477{offset + n:08d}",
                    }
                    for n, i in enumerate(ids[offset : offset + 5000])
                ],
            )
        await db.execute(text(_OPT_IN), {"author": uuid.uuid5(NS, "author")})
    return ids


# Every bench contact can be written to, so each message takes the path a real one does
# (consent, template, render, the message log) rather than failing early for no address.
_OPT_IN = (
    "INSERT INTO contact_consents (contact_id, channel, status, changed_at, source)"
    " SELECT c.id, ch, 'opted_in', now(), 'import' FROM contacts c,"
    " unnest(ARRAY['email', 'sms']) AS ch WHERE c.email LIKE '%@example.test'"
    " AND c.id <> :author"
)


async def commit_events(
    resources: Resources, contacts: Sequence[uuid.UUID], first: int, count: int
) -> None:
    now = datetime.now(UTC)
    async with resources.sessions.begin() as db:
        await db.execute(
            text(
                "INSERT INTO events (contact_id, name, properties, source, occurred_at,"
                " received_at) SELECT c, 'order.placed', p::jsonb, 'api', :now, clock_timestamp()"
                " FROM unnest(CAST(:c AS uuid[]), CAST(:p AS text[])) AS u(c, p)"
            ),
            {
                "now": now,
                "c": [contacts[(first + n) % len(contacts)] for n in range(count)],
                "p": [
                    msgspec.json.encode(
                        {"order_id": f"O-{first + n}", "value": n % 100, "ship_at": now}
                    ).decode()
                    for n in range(count)
                ],
            },
        )


async def count(resources: Resources, sql: str, **params: Any) -> int:
    async with resources.sessions() as db:
        return int(await db.scalar(text(sql), params) or 0)


# ---- workers -------------------------------------------------------------------------


def start_workers(
    settings: Settings, workers: int, log: Path, *, role: str = "all", nice: int = 0
) -> list[subprocess.Popen[bytes]]:
    env = {
        **os.environ,
        "DATABASE_URL": settings.database_url,
        "REDIS_URL": settings.redis_url,
        "WAYMARK_LOG_LEVEL": "WARNING",
        "WAYMARK_LOG_FORMAT": "console",
        "WAYMARK_WORKER_ROLE": role,
        "WAYMARK_WORKER_NICE": str(nice),
    }
    with log.open("ab") as out:
        return [
            subprocess.Popen(
                [sys.executable, "-m", "app", "worker"],
                cwd=REPO,
                env=env,
                stdout=out,
                stderr=subprocess.STDOUT,
            )
            for _ in range(workers)
        ]


class Deployment(NamedTuple):
    """The worker processes of one measurement: `--workers`, and `--senders` apart."""

    workers: list[subprocess.Popen[bytes]]
    senders: list[subprocess.Popen[bytes]]

    @property
    def processes(self) -> list[subprocess.Popen[bytes]]:
        return self.workers + self.senders


def deploy(settings: Settings, args: argparse.Namespace, log: Path) -> Deployment:
    """`--workers` doing everything; or, with `--senders`, engine workers and that many
    outbox workers at `--sender-nice` (WAYMARK_WORKER_ROLE, WAYMARK_WORKER_NICE)."""
    if not args.senders:
        return Deployment(start_workers(settings, args.workers, log), [])
    return Deployment(
        start_workers(settings, args.workers, log, role="engine"),
        start_workers(settings, args.senders, log, role="outbox", nice=args.sender_nice),
    )


def deployment_label(args: argparse.Namespace) -> str:
    if not args.senders:
        return f"{args.workers} workers"
    return (
        f"{args.workers} engine workers + {args.senders} outbox worker(s)"
        f" at nice {args.sender_nice}"
    )


def stop_workers(procs: Sequence[subprocess.Popen[bytes]]) -> None:
    for proc in procs:
        proc.terminate()
    for proc in procs:
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()


class CpuMeter:
    """CPU seconds used by the workers and by this database's PostgreSQL backends.

    The machine may be shared: wall-clock rates then say more about the neighbours than
    about Waymark, while CPU seconds per event do not. Sampled from /proc while it runs.
    """

    def __init__(self, resources: Resources, deployment: Deployment) -> None:
        self._resources = resources
        self._workers = [proc.pid for proc in deployment.workers]
        self._senders = [proc.pid for proc in deployment.senders]
        self._first: dict[tuple[str, int], float] = {}
        self._last: dict[tuple[str, int], float] = {}
        self._task: asyncio.Task[None] | None = None

    def __enter__(self) -> CpuMeter:
        self._task = asyncio.create_task(self._run())
        return self

    def __exit__(self, *exc: object) -> None:
        if self._task is not None:
            self._task.cancel()

    async def _run(self) -> None:
        database = make_url(self._resources.settings.database_url).database
        while True:
            async with self._resources.sessions() as db:
                backends = list(
                    await db.scalars(
                        text("SELECT pid FROM pg_stat_activity WHERE datname = :d"),
                        {"d": database},
                    )
                )
            for kind, pids in (
                ("worker", self._workers),
                ("sender", self._senders),
                ("postgres", backends),
            ):
                for pid in pids:
                    seconds = cpu_seconds(pid)
                    if seconds is not None:
                        self._first.setdefault((kind, pid), seconds)
                        self._last[(kind, pid)] = seconds
            await asyncio.sleep(0.25)

    def used(self, kind: str) -> float:
        return sum(self._last[key] - self._first[key] for key in self._last if key[0] == kind)


def cpu_seconds(pid: int) -> float | None:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def cpu_report(meter: CpuMeter, items: int, what: str) -> None:
    worker, sender, postgres = meter.used("worker"), meter.used("sender"), meter.used("postgres")
    per = (worker + sender + postgres) / max(items, 1)
    rate = 2 / per if per else float("nan")
    senders = f" + outbox workers {sender:6.1f} s" if sender else ""
    print(
        f"  CPU: workers {worker:6.1f} s{senders} + PostgreSQL backends {postgres:6.1f} s"
        f" = {per * 1000:5.2f} ms per {what}: two dedicated cores ≈ {rate:6.0f} {what}s/s"
    )


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


async def wait_until_zero(resources: Resources, sql: str, limit: float, **params: Any) -> float:
    started = time.perf_counter()
    while await count(resources, sql, **params):
        if time.perf_counter() - started > limit:
            raise SystemExit(f"gave up after {limit:.0f} s waiting for: {sql}")
        await asyncio.sleep(0.05)
    return time.perf_counter() - started


def pct(values: Sequence[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * p))] if ordered else float("nan")


# ---- the measurements ----------------------------------------------------------------

UNHANDLED = "SELECT count(*) FROM events WHERE processed_at IS NULL"


async def backlog(settings: Settings, args: argparse.Namespace, log: Path) -> None:
    async with open_resources(settings) as resources:
        await reset(resources)
        await publish(resources, "five steps", FIVE_STEPS)
        contacts = await seed_contacts(resources, args.contacts)
        for first in range(0, args.events, 2000):
            await commit_events(resources, contacts, first, min(2000, args.events - first))
        await settle(resources)
        deployment = deploy(settings, args, log)
        try:
            with CpuMeter(resources, deployment) as meter:
                started = time.perf_counter()
                await resources.queue.process_event(0)
                await wait_until_zero(resources, UNHANDLED, 1800)
                wall = time.perf_counter() - started
                await asyncio.sleep(0.3)
        finally:
            stop_workers(deployment.processes)
        async with resources.sessions() as db:
            first_at, last_at = (
                await db.execute(text("SELECT min(processed_at), max(processed_at) FROM events"))
            ).one()
        sends = await count(resources, "SELECT count(*) FROM outbox")
        delivered = await sent_report(resources)
    span = (last_at - first_at).total_seconds()
    print(f"backlog: {args.events} events over {args.contacts} contacts, {deployment_label(args)}")
    print(
        f"  wall from workers' start (incl. ~2 s start-up) {wall:7.1f} s  "
        f"{args.events / wall:8.0f} events/s"
    )
    print(
        f"  first to last handled                          {span:7.1f} s  "
        f"{args.events / max(span, 1e-9):8.0f} events/s"
    )
    print(f"  outbox rows written: {sends} (two actions per event); {delivered}")
    cpu_report(meter, args.events, "event")


async def sent_report(resources: Resources) -> str:
    """How far the same workers got sending the messages (rendered, built and logged in
    the dev outbox, as with no SMTP server configured) while they ran."""
    sent, failed, pending = [
        await count(resources, "SELECT count(*) FROM outbox WHERE status = :s", s=status)
        for status in ("sent", "failed", "pending")
    ]
    return f"messages sent meanwhile: {sent}, failed: {failed}, still pending: {pending}"


async def send_rate(resources: Resources, seconds: float) -> float:
    sent = "SELECT count(*) FROM outbox WHERE status = 'sent'"
    before, started = await count(resources, sent), time.perf_counter()
    await asyncio.sleep(seconds)
    return (await count(resources, sent) - before) / (time.perf_counter() - started)


async def paced(settings: Settings, args: argparse.Namespace, log: Path) -> None:
    async with open_resources(settings) as resources:
        await reset(resources)
        await publish(resources, "five steps", FIVE_STEPS)
        contacts = await seed_contacts(resources, args.contacts)
        await settle(resources)
        deployment = deploy(settings, args, log)
        latencies: list[float] = []
        missing = 0
        try:
            # Start-up: until the workers handle a first event (seconds on a busy machine).
            await commit_events(resources, contacts, 0, 1)
            await resources.queue.process_event(1)
            await wait_until_zero(resources, UNHANDLED, 300)
            seen: dict[int, float] = {}
            committed: dict[int, float] = {}
            total = int(args.rate * args.paced_seconds)
            next_id = low = 2  # after the start-up event
            started = time.perf_counter()
            async with resources.sessions() as watcher:
                sent = 0
                while sent < total or len(seen) < total:
                    # Whatever is due by now goes in one commit: the rate holds however
                    # slow one turn of this loop is.
                    target = min(total, int((time.perf_counter() - started) * args.rate))
                    if target > sent:
                        await commit_events(resources, contacts, sent + 1, target - sent)
                        at = time.perf_counter()
                        for event_id in range(next_id, next_id + target - sent):
                            committed[event_id] = at
                        next_id += target - sent
                        sent = target
                        await resources.queue.process_event(next_id - 1)
                    while low < next_id and low in seen:
                        low += 1  # the oldest event not yet seen handled
                    rows = await watcher.scalars(
                        text(
                            "SELECT id FROM events WHERE id >= :low AND id < :high"
                            " AND processed_at IS NOT NULL"
                        ),
                        {"low": low, "high": next_id},
                    )
                    await watcher.rollback()
                    now = time.perf_counter()
                    for event_id in rows:
                        seen.setdefault(event_id, now)
                    if time.perf_counter() - started > args.paced_seconds + 120:
                        break  # reported below as not handled in time
                    await asyncio.sleep(0.005)
            latencies = [(seen[i] - committed[i]) * 1000 for i in committed if i in seen]
            missing = len(committed) - len(latencies)
        finally:
            stop_workers(deployment.processes)
        delivered = await sent_report(resources)
    print(
        f"paced: {args.rate:.0f} events/s for {args.paced_seconds:.0f} s "
        f"({len(latencies)} events), {deployment_label(args)}"
    )
    print(
        f"  commit → handled (seen by another connection): p50 {pct(latencies, 0.5):6.0f} ms"
        f"  p99 {pct(latencies, 0.99):6.0f} ms  max {max(latencies, default=0):6.0f} ms"
        + (f"; {missing} not handled 2 min after the last commit" if missing else "")
    )
    print(f"  {delivered}")


def waiting_state(definition: JourneyDefinition, journey_id: uuid.UUID, wake: datetime) -> str:
    """An enrollment waiting at `wait` until `wake`, as the engine itself writes it;
    `{E}` and `{C}` stand for the enrollment and contact ids."""
    outcome = start(
        definition,
        enrollment_id="{E}",
        journey_id=str(journey_id),
        version=1,
        contact_id="{C}",
        trigger_node_id="joined",
        facts=Facts(),
        now=wake - timedelta(days=1),
    )
    return msgspec.json.encode(outcome.state).decode()


async def seed_waiting(
    resources: Resources, journey_id: uuid.UUID, contacts: int, per_contact: int, wake: datetime
) -> None:
    """Contacts, and `per_contact` enrollments each waiting on a timer due at `wake` (SQL)."""
    definition = msgspec.convert(ONE_WAIT, JourneyDefinition)
    template = waiting_state(definition, journey_id, wake)
    async with resources.engine.begin() as db:
        await db.execute(
            text(
                "INSERT INTO contacts (id, external_id, name, email, phone)"
                " SELECT md5('c' || n)::uuid, 'w-' || n, 'Waiting ' || n,"
                " 'waiting-' || n || '@example.test', '+4478' || lpad(n::text, 8, '0')"
                " FROM generate_series(1, :n) AS n"
            ),
            {"n": contacts},
        )
        await db.execute(text(_OPT_IN), {"author": uuid.uuid5(NS, "author")})
        await db.execute(
            text(
                "INSERT INTO enrollments (id, journey_id, version, contact_id, status, state,"
                " entered_at, updated_at)"
                " SELECT md5('e' || n || '-' || k)::uuid, :j, 1, md5('c' || n)::uuid, 'active',"
                " replace(replace(:t, '{E}', md5('e' || n || '-' || k)::uuid::text),"
                "  '{C}', md5('c' || n)::uuid::text)::jsonb, :entered, :entered"
                " FROM generate_series(1, :n) AS n, generate_series(1, :k) AS k"
            ),
            {
                "n": contacts,
                "k": per_contact,
                "j": journey_id,
                "t": template,
                "entered": wake - timedelta(days=1),
            },
        )
        await db.execute(
            text(
                "INSERT INTO enrollment_timers (enrollment_id, token_id, wake_at)"
                " SELECT id, 't1', :w FROM enrollments"
            ),
            {"w": wake},
        )
        await db.execute(text("ANALYZE"))


async def timers(settings: Settings, args: argparse.Namespace, log: Path) -> None:
    async with open_resources(settings) as resources:
        await reset(resources)
        journey_id = await publish(resources, "one wait", ONE_WAIT)
        # Due already when the workers start: lateness counts from their start.
        wake = datetime.now(UTC)
        await seed_waiting(resources, journey_id, args.timers, 1, wake)
        await settle(resources)
        deployment = deploy(settings, args, log)
        started = datetime.now(UTC)
        try:
            with CpuMeter(resources, deployment) as meter:
                drained = await wait_until_zero(
                    resources,
                    "SELECT count(*) FROM enrollment_timers WHERE wake_at <= :w",
                    1800,
                    w=wake,
                )
                await asyncio.sleep(0.3)
            delivered = await sent_report(resources)
            # Then sending alone, the engine idle: what the same processes send per second.
            sending = await send_rate(resources, args.send_seconds)
        finally:
            stop_workers(deployment.processes)
        async with resources.sessions() as db:
            lateness = [
                (at - started).total_seconds()
                for at in await db.scalars(
                    text(
                        "SELECT at FROM journey_steps"
                        " WHERE node_id = 'wait' AND exit_taken = 'next'"
                    )
                )
            ]
    print(
        f"timers: {args.timers} due at once when {deployment_label(args)} start"
        " (lateness: fired minus their start, ~2 s of it start-up)"
    )
    print(
        f"  drained in {drained:6.1f} s  ({len(lateness) / max(drained, 1e-9):6.0f} timers/s);"
        f" lateness p50 {pct(lateness, 0.5):5.1f} s  p99 {pct(lateness, 0.99):5.1f} s"
    )
    print(f"  {delivered} (an email each)")
    cpu_report(meter, args.timers, "timer")
    print(f"  then, the engine idle, the same processes sent {sending:6.0f} emails/s")


async def memory(settings: Settings, args: argparse.Namespace, log: Path) -> None:
    async with open_resources(settings) as resources:
        await reset(resources)
        journey_id = await publish(resources, "one wait", ONE_WAIT)
        idle = await measure_rss(settings, log, args.memory_seconds)
        seed_started = time.perf_counter()
        far = datetime.now(UTC) + timedelta(days=30)
        await seed_waiting(resources, journey_id, args.waiting // 10, 10, far)
        seeded = time.perf_counter() - seed_started
        loaded = await measure_rss(settings, log, args.memory_seconds)
        rows = await count(resources, "SELECT count(*) FROM enrollments WHERE status = 'active'")
    print(f"memory: one worker's RSS while it polls and sweeps for {args.memory_seconds:.0f} s")
    print(f"  empty tables:                         {idle:7.1f} MB")
    print(
        f"  {rows} waiting enrollments ({args.waiting // 10} contacts, seeded by SQL in"
        f" {seeded:.0f} s): {loaded:7.1f} MB"
    )


async def measure_rss(settings: Settings, log: Path, seconds: float) -> float:
    """Peak RSS of one worker while it polls for events and timers and sweeps."""
    [proc] = start_workers(settings, 1, log)
    peak = 0.0
    try:
        await asyncio.sleep(4)  # start-up
        ended = time.perf_counter() + seconds
        while time.perf_counter() < ended:
            peak = max(peak, rss_mb(proc.pid))
            await asyncio.sleep(0.2)
    finally:
        stop_workers([proc])
    return peak


def pgbench(settings: Settings, seconds: int) -> None:
    url = make_url(settings.database_url)
    database = f"{url.database}_pgbench"
    env = {**os.environ, "PGPASSWORD": url.password or ""}
    connect = [
        "-h",
        url.host or "127.0.0.1",
        "-p",
        str(url.port or 5432),
        "-U",
        url.username or "postgres",
    ]
    subprocess.run(["dropdb", *connect, "--if-exists", database], env=env, check=True)
    subprocess.run(["createdb", *connect, database], env=env, check=True)
    try:
        subprocess.run(
            [PGBENCH, *connect, "-i", "-q", "-s", "10", database],
            env=env,
            check=True,
            capture_output=True,
        )
        run = subprocess.run(
            [PGBENCH, *connect, "-N", "-c", "4", "-j", "2", "-T", str(seconds), database],
            env=env,
            check=True,
            capture_output=True,
            text=True,
        )
    finally:
        subprocess.run(["dropdb", *connect, "--if-exists", database], env=env, check=False)
    tps = next((line for line in run.stdout.splitlines() if line.startswith("tps")), "tps ?")
    print(f"pgbench -N -c 4 -j 2 -T {seconds} (scale 10) on the same server: {tps}")


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.engine")
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--contacts", type=int, default=10_000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument(
        "--senders",
        type=int,
        default=0,
        help="outbox workers apart (the --workers then run as engine workers)",
    )
    parser.add_argument("--sender-nice", type=int, default=10)
    parser.add_argument("--rate", type=float, default=1000.0)
    parser.add_argument("--paced-seconds", type=float, default=30.0)
    parser.add_argument("--timers", type=int, default=100_000)
    parser.add_argument("--waiting", type=int, default=1_000_000)
    parser.add_argument("--memory-seconds", type=float, default=20.0)
    parser.add_argument(
        "--send-seconds",
        type=float,
        default=10.0,
        help="after the timers: how long to watch the messages sent with the engine idle",
    )
    parser.add_argument("--pgbench-seconds", type=int, default=20)
    parser.add_argument("--clients", type=int, default=50, help="singles: HTTP clients")
    parser.add_argument("--singles-seconds", type=float, default=20.0)
    parser.add_argument(
        "--singles-warmup", type=float, default=5.0, help="singles: seconds of load first"
    )
    parser.add_argument(
        "--singles-rate",
        type=float,
        default=0.0,
        help="singles: total POSTs/s (0: each client posts again as soon as answered)",
    )
    parser.add_argument("--api-port", type=int, default=8765, help="singles: the API's port")
    parser.add_argument(
        "--py-spy",
        metavar="DIR",
        help="singles: profile the API and engine workers while posting (pip install py-spy)",
    )
    parser.add_argument(
        "--only",
        choices=["backlog", "paced", "timers", "memory", "pgbench", "singles"],
        action="append",
        help="run only these parts (repeatable); all by default",
    )
    args = parser.parse_args()
    settings = load_settings()
    check_database(settings)
    command.upgrade(alembic_config(settings), "head")
    parts = args.only or [
        "pgbench",
        "backlog",
        "paced",
        "singles",
        "timers",
        "memory",
        "pgbench",
    ]
    log = Path(os.environ.get("TMPDIR", "/tmp")) / "waymark-bench-engine-workers.log"
    print(f"PostgreSQL {make_url(settings.database_url).render_as_string()}; worker log {log}")
    for part in parts:
        if part == "pgbench":
            pgbench(settings, args.pgbench_seconds)
        elif part == "singles":
            from bench.engine.singles import singles  # noqa: PLC0415 - it imports this module

            asyncio.run(singles(settings, args, log))
        else:
            asyncio.run(
                {"backlog": backlog, "paced": paced, "timers": timers, "memory": memory}[part](
                    settings, args, log
                )
            )


if __name__ == "__main__":
    main()
