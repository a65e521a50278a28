"""Jobs at scale: a filtered queue page over 1,000,000 jobs, and live push latency.

    createdb waymark_jobs_bench
    DATABASE_URL=postgresql+asyncpg://…/waymark_jobs_bench REDIS_URL=redis://… \\
        .venv/bin/python -m bench.jobs --jobs 1000000

Migrates the database it is given, seeds it once with SQL `generate_series` (roles, job
types, 60 staff, 20,000 contacts, the jobs: 15% open, spread over a year and 16 queues),
then prints p50/p95 of queue pages as the API builds them (the same service code: one
statement, the names joined to the page's rows), the EXPLAIN of the default and keyword
pages, and the time from a claim's commit to an SSE client receiving it over a real HTTP
server.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import statistics
import time
from collections.abc import Callable
from datetime import timedelta

import httpx
import msgspec
import uvicorn
from alembic import command
from sqlalchemy import func, select, text
from sqlalchemy.ext.asyncio import AsyncSession

from app.auth.models import User
from app.auth.passwords import hash_password
from app.cli import alembic_config
from app.demo.accounts import seed_roles
from app.demo.journeys import seed_catalog
from app.jobs import listing, services
from app.jobs.access import Viewer
from app.jobs.models import Job
from app.jobs.schemas import JobFilters
from app.lib.clock import SystemClock
from app.lib.collector import settle_garbage_collector
from app.lib.unit_of_work import UnitOfWork
from app.main import create_asgi_app
from app.resources import Resources, open_resources
from app.settings import Settings, get_settings

QUEUES = (
    "administration",
    "production",
    "fulfilment",
    "customer_support",
    "warehouse",
    "sales",
    "finance",
    "collections",
    "customer_success",
    "print",
    "data_protection",
    "sales_north",
    "sales_south",
    "sales_east",
    "sales_west",
    "supervisor",
)
STAFF_PER_QUEUE = 4
PASSWORD = "bench-password-2026"

_SEED_USERS = """
INSERT INTO contacts (id, name, email, created_at, updated_at)
SELECT gen_random_uuid(), 'Staff ' || q || ' ' || n, 'bench-' || q || '-' || n || '@bench.test',
       now(), now()
FROM unnest(CAST(:queues AS text[])) AS q, generate_series(1, :per_queue) AS n
ON CONFLICT DO NOTHING;
INSERT INTO users (id, contact_id, email, password_hash, primary_role, created_at, updated_at)
SELECT gen_random_uuid(), c.id, c.email, :hash, split_part(split_part(c.email, '@', 1), '-', 2),
       now(), now()
FROM contacts c WHERE c.email LIKE 'bench-%@bench.test'
ON CONFLICT DO NOTHING;
"""

_SEED_CONTACTS = """
INSERT INTO contacts (id, name, email, created_at, updated_at)
SELECT gen_random_uuid(),
       (ARRAY['Ada','Grace','Alan','Katherine','Edsger','Barbara','Donald','Frances'])[1 + i % 8]
         || ' ' || (ARRAY['Lovelace','Hopper','Turing','Johnson','Dijkstra','Liskov','Knuth',
         'Allen'])[1 + (i / 8) % 8] || ' ' || i,
       'customer-' || i || '@bench.test', now(), now()
FROM generate_series(1, :contacts) AS i
ON CONFLICT DO NOTHING
"""

# One statement (the search vector included: no second pass over the table). Status:
# 85% closed, 15% open; open jobs are half unassigned; due 4 h to 2 days after creation
# over the last 365 days, in the order they were made (as a live table fills). Every other
# attribute is its own (seeded) random draw: derived from one counter, they were
# correlated (a queue whose open jobs were all one person's, a surname only in some
# queues), which real data is not and no planner can guess.
_SEED_JOBS = """
WITH staff AS (
    SELECT array_agg(u.id ORDER BY u.email) AS ids, r.queue
    FROM users u JOIN roles r ON r.name = u.primary_role
    WHERE u.email LIKE 'bench-%@bench.test' GROUP BY r.queue
), customers AS (
    SELECT array_agg(id ORDER BY email) AS ids FROM contacts
    WHERE email LIKE 'customer-%@bench.test'
), types AS (
    SELECT array_agg(name ORDER BY name) AS names FROM job_types
), draws AS (
    SELECT i, random() AS q, random() AS s, random() AS p, random() AS a,
           random() AS u, random() AS c, random() AS k, random() AS due, random() AS took
    FROM generate_series(1, :jobs) AS i
), rows AS (
    SELECT d.*,
        (CAST(:queues AS text[]))[1 + floor(d.q * :queue_count)::int] AS queue,
        CASE WHEN d.s < 0.80 THEN 'completed' WHEN d.s < 0.85 THEN 'cancelled'
             WHEN d.s < 0.92 THEN 'new' WHEN d.s < 0.97 THEN 'in_progress'
             ELSE 'on_hold' END AS status,
        now() - (:jobs - d.i) * (525600.0 / :jobs) * interval '1 minute' AS created_at,
        (ARRAY['low','normal','normal','normal','high','urgent'])[1 + floor(d.p * 6)::int]
            AS priority,
        c.ids[1 + floor(d.c * array_length(c.ids, 1))::int] AS contact_id
    FROM draws d, customers c
)
INSERT INTO jobs (type_name, title, guidance, queue, status, priority, assignee_id, contact_id,
                  related, created_at, updated_at, due_at, claimed_at, completed_at, outcome,
                  search)
SELECT t.names[1 + floor(r.k * array_length(t.names, 1))::int],
       'Job ' || r.i || ' for order B-' || r.i,
       'Check the order and call the customer if anything is missing.',
       r.queue, r.status, r.priority,
       CASE WHEN r.status = 'new' AND r.u < 0.5 THEN NULL
            ELSE s.ids[1 + floor(r.a * array_length(s.ids, 1))::int] END,
       r.contact_id,
       jsonb_build_array(jsonb_build_object('type', 'order', 'id', 'B-' || r.i)),
       r.created_at, r.created_at,
       r.created_at + (4 + floor(r.due * 44)) * interval '1 hour',
       CASE WHEN r.status = 'new' AND r.u < 0.5 THEN NULL
            ELSE r.created_at + floor(r.took * 120) * interval '1 minute' END,
       CASE WHEN r.status IN ('completed', 'cancelled')
            THEN r.created_at + (2 + floor(r.took * 40)) * interval '1 hour' END,
       CASE WHEN r.status = 'completed' THEN 'done' END,
       to_tsvector('simple', 'Job ' || r.i || ' for order B-' || r.i
           || ' Check the order and call the customer if anything is missing. '
           || (SELECT name FROM contacts WHERE id = r.contact_id))
FROM rows r JOIN staff s ON s.queue = r.queue, types t
"""


def _say(message: str) -> None:
    print(message, flush=True)


async def seed(resources: Resources, jobs: int, contacts: int) -> None:
    async with resources.sessions.begin() as db:
        await seed_roles(db, SystemClock().now())
        await seed_catalog(db)
    async with resources.sessions.begin() as db:
        for statement in _SEED_USERS.split(";\n"):
            if statement.strip():
                await db.execute(
                    text(statement),
                    {
                        "queues": list(QUEUES),
                        "per_queue": STAFF_PER_QUEUE,
                        "hash": await hash_password(PASSWORD),
                    },
                )
        await db.execute(text(_SEED_CONTACTS), {"contacts": contacts})
    async with resources.sessions() as db:
        have = await db.scalar(select(func.count()).select_from(Job)) or 0
    if have >= jobs:
        _say(f"seed: {have:,} jobs already there")
        return
    started = time.perf_counter()
    async with resources.engine.begin() as connection:
        await connection.execute(text("SET LOCAL synchronous_commit = off"))
        # The same jobs every time: random() draws from a seeded sequence.
        await connection.execute(text("SELECT setseed(0.2026)"))
        await connection.execute(
            text(_SEED_JOBS),
            {"queues": list(QUEUES), "queue_count": len(QUEUES), "jobs": jobs - have},
        )
    async with resources.engine.connect() as connection:
        await connection.execution_options(isolation_level="AUTOCOMMIT")
        await connection.execute(text("VACUUM ANALYZE jobs"))
    _say(f"seed: {jobs - have:,} jobs in {time.perf_counter() - started:.0f} s")


async def _viewer(db: AsyncSession, queue: str) -> Viewer:
    user_id = await db.scalar(select(User.id).where(User.email == f"bench-{queue}-1@bench.test"))
    assert user_id is not None, "seed first"
    return Viewer(
        user_id=user_id,
        supervisor=False,
        own_queues=frozenset({queue}),
        queues=frozenset({queue}),
        active_role=queue,
    )


def _percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    return statistics.median(ordered), ordered[int(len(ordered) * 0.95) - 1]


async def pages(resources: Resources, rounds: int) -> None:
    now = resources.clock.now()
    kinds: dict[str, Callable[[], JobFilters]] = {
        "default (unassigned + mine, newest)": JobFilters,
        "keyword, a common name": lambda: JobFilters(q="Lovelace"),
        # One job in a million has it: most queues have none, so a plan that walks the
        # queue's jobs in order, checking each, would read all of them to find nothing.
        "keyword, a rare order number": lambda: JobFilters(q="B-4242"),
        "overrunning, soonest due": lambda: JobFilters(overrunning=True, sort="due_at"),
        "urgent + high, by priority": lambda: JobFilters(
            priority=["urgent", "high"], sort="-priority"
        ),
        "created last 7 days, type": lambda: JobFilters(
            created_from=now - timedelta(days=7),
            type=["confirm_order", "manufacture", "despatch"],
        ),
        "completed, newest": lambda: JobFilters(status=["completed"]),
    }
    overall: list[float] = []
    _say(f"\nqueue pages (50 rows), {rounds} each, over {len(QUEUES)} queues:")
    for name, make in kinds.items():
        samples = []
        for index in range(rounds):
            queue = QUEUES[index % len(QUEUES)]
            async with resources.sessions() as db:
                viewer = await _viewer(db, queue)
                # As the SPA asks: a dashboard names its queue.
                filters = msgspec.structs.replace(make(), queue=[queue])
                started = time.perf_counter()
                page = await listing.list_jobs(db, viewer, filters, now, limit=50)
                samples.append((time.perf_counter() - started) * 1000)
                if page.next_cursor and index % 2:
                    # Every other round, the next page too: a page of its own (a sample).
                    started = time.perf_counter()
                    await listing.list_jobs(
                        db, viewer, filters, now, limit=50, cursor=page.next_cursor
                    )
                    samples.append((time.perf_counter() - started) * 1000)
        p50, p95 = _percentiles(samples)
        overall.extend(samples)
        _say(f"  {name:40s} p50 {p50:6.1f} ms   p95 {p95:6.1f} ms")
    p50, p95 = _percentiles(overall)
    _say(f"  {'all of the above':40s} p50 {p50:6.1f} ms   p95 {p95:6.1f} ms")


async def explain(resources: Resources) -> None:
    async with resources.sessions() as db:
        viewer = await _viewer(db, "administration")
        for label, filters in (
            ("default page", JobFilters(queue=["administration"])),
            ("keyword page", JobFilters(queue=["administration"], q="Lovelace")),
            ("rare keyword page", JobFilters(queue=["administration"], q="B-4242")),
        ):
            query = listing.page_query(
                filters, viewer, resources.clock.now(), limit=50, cursor=None
            )
            sql = str(query.compile(db.bind, compile_kwargs={"literal_binds": True}))
            rows = await db.execute(text("EXPLAIN (ANALYZE, BUFFERS) " + sql))
            _say(f"\nEXPLAIN ANALYZE, {label}:")
            for (line,) in rows:
                _say("  " + line)


async def push_latency(settings: Settings, resources: Resources, count: int) -> None:
    config = uvicorn.Config(
        create_asgi_app(settings), host="127.0.0.1", port=0, log_level="warning"
    )
    server = uvicorn.Server(config)
    serving = asyncio.create_task(server.serve())
    while not server.started:  # noqa: ASYNC110 - uvicorn offers no event to wait on
        await asyncio.sleep(0.02)
    port = server.servers[0].sockets[0].getsockname()[1]
    received: dict[str, float] = {}
    ready = asyncio.Event()
    client = httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}", timeout=30)
    await client.post(
        "/api/v1/auth/login",
        json={"email": "bench-administration-2@bench.test", "password": PASSWORD},
    )

    async def listen() -> None:
        async with client.stream("GET", "/api/v1/jobs/stream?queue=administration") as stream:
            async for line in stream.aiter_lines():
                if line.startswith("event: ready"):
                    ready.set()
                elif line.startswith('data: {"action"'):
                    message = json.loads(line.removeprefix("data: "))
                    received.setdefault(message["job"]["id"], time.perf_counter())

    listener = asyncio.create_task(listen())
    await asyncio.wait_for(ready.wait(), 10)
    committed: dict[str, float] = {}
    async with resources.sessions() as db:
        viewer = await _viewer(db, "administration")
        ids = list(
            await db.scalars(
                select(Job.id)
                .where(
                    Job.queue == "administration", Job.status == "new", Job.assignee_id.is_(None)
                )
                .limit(count)
            )
        )
    for job_id in ids:
        # The unit of work by hand, so the time is taken between its commit and its bell.
        async with resources.sessions.begin() as db:
            unit = UnitOfWork(db, resources.clock.now())
            await services.claim(unit, viewer, job_id)
        committed[str(job_id)] = time.perf_counter()
        await resources.bell.after_commit(unit)
        await asyncio.sleep(0.01)
    await asyncio.sleep(1)
    latencies = [(received[k] - committed[k]) * 1000 for k in committed if k in received]
    listener.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await listener
    await client.aclose()
    server.should_exit = True
    await serving
    p50, p95 = _percentiles(latencies)
    _say(
        f"\nlive push, commit → SSE client over HTTP: {len(latencies)}/{len(ids)} received, "
        f"p50 {p50:.1f} ms, p95 {p95:.1f} ms, max {max(latencies):.1f} ms"
    )
    # Put them back so the bench can run again.
    async with resources.sessions.begin() as db:
        await db.execute(
            text("UPDATE jobs SET assignee_id = NULL, status = 'new' WHERE id = ANY(:ids)"),
            {"ids": ids},
        )


async def run(args: argparse.Namespace) -> None:
    settings = get_settings()
    if not settings.database_url.rstrip("/").endswith(args.database_suffix):
        raise SystemExit(
            f"DATABASE_URL must name a dedicated database ending in {args.database_suffix!r}"
        )
    async with open_resources(settings) as resources:
        await seed(resources, args.jobs, args.contacts)
        # As the served API does once it is up (app.main.create_served_app): otherwise a
        # full collection over all this process loaded lands on a page now and then.
        settle_garbage_collector()
        await pages(resources, args.rounds)
        await explain(resources)
        await push_latency(settings, resources, args.pushes)


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.jobs")
    parser.add_argument("--jobs", type=int, default=1_000_000)
    parser.add_argument("--contacts", type=int, default=20_000)
    parser.add_argument("--rounds", type=int, default=100)
    parser.add_argument("--pushes", type=int, default=50)
    parser.add_argument("--database-suffix", default="waymark_jobs_bench")
    args = parser.parse_args()
    # Sync on purpose: Alembic's async env runs its own event loop.
    command.upgrade(alembic_config(get_settings()), "head")
    asyncio.run(run(args))


if __name__ == "__main__":
    main()
