"""The migration benchmark: move 100,000 waiting contacts from version 1 to version 2
while events for them keep arriving.

    python -m bench.migrate [--contacts 100000] [--rate 200] [--workers 2]

It needs a database of its own (it empties it): DATABASE_URL must name a database whose
name ends in `_bench`; REDIS_URL any Redis database. It migrates that database, seeds
`--contacts` contacts each waiting at version 1's `w-old` (a timer two days out;
tests/support/migrations.py), starts `--workers` real worker processes (`python -m app
worker`, default settings), queues the plan `w-old` → version 2's `w-new` (keeping the due
time), as `POST /journeys/{id}/migrations` does, and meanwhile commits `page.viewed`
events for random waiting contacts at `--rate` per second, rung like the API rings.

It prints: seconds from the plan's commit until it is done (target < 60 s), p50/p99/max
from each event's commit until another connection sees it handled (target p99 < 1 s),
and checks from the tables that every contact was moved exactly once and none is lost
(version 2 at `w-new` with its timer kept; one move step each). The load average
before and after says how busy the shared machine was.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

from alembic import command
from sqlalchemy import text
from sqlalchemy.engine import make_url

from app.cli import alembic_config
from app.resources import Resources, open_resources
from app.settings import Settings, load_settings
from bench.engine.__main__ import (
    UNHANDLED,
    check_database,
    pct,
    reset,
    settle,
    start_workers,
    stop_workers,
    wait_until_zero,
)
from tests.support.migrations import outcome, queue_migration, seed


def load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.2f} {five:.2f} {fifteen:.2f} ({os.cpu_count()} CPUs)"


async def commit_events(resources: Resources, contacts: list[uuid.UUID], at: datetime) -> None:
    async with resources.sessions.begin() as db:
        await db.execute(
            text(
                "INSERT INTO events (contact_id, name, properties, source, occurred_at,"
                " received_at) SELECT c, 'page.viewed', '{}'::jsonb, 'api', :at,"
                " clock_timestamp() FROM unnest(CAST(:c AS uuid[])) AS u(c)"
            ),
            {"at": at, "c": contacts},
        )


async def events_until_done(
    resources: Resources,
    contacts: list[uuid.UUID],
    migration_id: uuid.UUID | None,
    args: argparse.Namespace,
    *,
    committed: dict[int, float],
    seen: dict[int, float],
    first_id: int,
    seconds: float | None = None,
) -> float | None:
    """Commit events at `--rate` (ids from `first_id`) until the migration is done (or
    for `seconds`, with none), and watch each one until it is handled; when it finished
    (perf_counter), None if not within `--limit`."""
    rng = random.Random(first_id)
    started = time.perf_counter()
    finished: float | None = None
    next_id = low = first_id
    sent = 0
    async with resources.sessions() as watcher:
        while finished is None or low < next_id:
            elapsed = time.perf_counter() - started
            if finished is None:
                # Whatever is due by now goes in one commit: the rate holds.
                target = int(elapsed * args.rate)
                if target > sent:
                    batch = [rng.choice(contacts) for _ in range(target - sent)]
                    await commit_events(resources, batch, datetime.now(UTC))
                    at = time.perf_counter()
                    for event_id in range(next_id, next_id + len(batch)):
                        committed[event_id] = at
                    next_id += len(batch)
                    sent = target
                    await resources.queue.process_event(next_id - 1)
                if migration_id is None:
                    if elapsed >= (seconds or 0):
                        finished = time.perf_counter()
                else:
                    status = await watcher.scalar(
                        text("SELECT status FROM journey_migrations WHERE id = :m"),
                        {"m": migration_id},
                    )
                    if status in ("done", "refused"):
                        finished = time.perf_counter()
            while low < next_id and low in seen:
                low += 1
            rows = await watcher.scalars(
                text(
                    "SELECT id FROM events WHERE id >= :low AND id < :high"
                    " AND processed_at IS NOT NULL"
                ),
                {"low": low, "high": next_id},
            )
            await watcher.rollback()
            seen_at = time.perf_counter()
            for event_id in rows:
                seen.setdefault(event_id, seen_at)
            if elapsed > args.limit:
                break
            await asyncio.sleep(0.01)
    return finished


async def run(settings: Settings, args: argparse.Namespace, log: Path) -> None:
    async with open_resources(settings) as resources:
        await reset(resources)
        now = datetime.now(UTC)
        wake = now + timedelta(days=2)
        user_id = await seed(resources, args.contacts, wake, now)
        async with resources.sessions() as db:
            contacts = list(await db.scalars(text("SELECT contact_id FROM enrollments")))
        await settle(resources)
        print(f"seeded {args.contacts} contacts waiting on version 1; {load()}")
        workers = start_workers(settings, args.workers, log)
        committed: dict[int, float] = {}
        seen: dict[int, float] = {}
        try:
            # Start-up: until the workers handle a first event.
            await commit_events(resources, [contacts[0]], now)
            await resources.queue.process_event(1)
            await wait_until_zero(resources, UNHANDLED, 300)
            # The same events with no migration: what the machine gives them right now.
            base_committed: dict[int, float] = {}
            base_seen: dict[int, float] = {}
            await events_until_done(
                resources,
                contacts,
                None,
                args,
                committed=base_committed,
                seen=base_seen,
                first_id=2,
                seconds=args.baseline_seconds,
            )
            baseline = [
                (base_seen[i] - base_committed[i]) * 1000 for i in base_committed if i in base_seen
            ]
            print(
                f"baseline, no migration: {len(base_committed)} events at {args.rate:.0f}/s:"
                f" p50 {pct(baseline, 0.5):6.0f} ms  p99 {pct(baseline, 0.99):6.0f} ms; {load()}"
            )
            migration_id = await queue_migration(resources, user_id, datetime.now(UTC))
            started = time.perf_counter()
            finished = await events_until_done(
                resources,
                contacts,
                migration_id,
                args,
                committed=committed,
                seen=seen,
                first_id=2 + len(base_committed),
            )
            during = load()
        finally:
            stop_workers(workers)
        result = await outcome(resources, migration_id, wake)
    latencies = [(seen[i] - committed[i]) * 1000 for i in committed if i in seen]
    took = (finished - started) if finished is not None else float("nan")
    print(
        f"migration of {args.contacts} waiting contacts, {args.workers} workers, "
        f"events at {args.rate:.0f}/s meanwhile ({len(committed)} events)"
    )
    print(f"  plan committed → done: {took:6.1f} s   (target < 60 s); status {result.status}")
    print(
        f"  event commit → handled: p50 {pct(latencies, 0.5):6.0f} ms  p99 "
        f"{pct(latencies, 0.99):6.0f} ms  max {max(latencies, default=0):6.0f} ms"
        f"   (target p99 < 1 s); {len(committed) - len(latencies)} not seen handled"
    )
    ok = (
        result.moved == args.contacts
        and result.on_v1 == 0
        and result.on_v2_at_new == args.contacts
        and result.moved_twice == 0
        and result.not_moved == 0
        and result.timers_kept == args.contacts
    )
    print(
        f"  moved {result.moved}; on v1 {result.on_v1}; on v2 at w-new {result.on_v2_at_new};"
        f" moved twice {result.moved_twice}; without a move {result.not_moved};"
        f" timers kept {result.timers_kept}: {'OK' if ok else 'WRONG'}"
    )
    print(f"  at the end: {during}")
    if not ok:
        raise SystemExit(1)


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.migrate")
    parser.add_argument("--contacts", type=int, default=100_000)
    parser.add_argument("--rate", type=float, default=200.0)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument(
        "--baseline-seconds",
        type=float,
        default=30.0,
        help="first, events at --rate for this long with no migration (the machine's figure)",
    )
    parser.add_argument("--limit", type=float, default=600.0, help="give up after (seconds)")
    args = parser.parse_args()
    settings = load_settings()
    check_database(settings)
    command.upgrade(alembic_config(settings), "head")
    log = Path(os.environ.get("TMPDIR", "/tmp")) / "waymark-bench-migrate-workers.log"
    print(f"PostgreSQL {make_url(settings.database_url).render_as_string()}; worker log {log}")
    asyncio.run(run(settings, args, log))


if __name__ == "__main__":
    main()
