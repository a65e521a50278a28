"""What-if benchmark (issue 18): a draft replayed over 30 days of recorded events.

10,000 contacts and about 100,000 events over 30 days (orders placed, orders shipped,
pages viewed, tags added) go into an empty database, then one what-if of a 12-step draft
(trigger → condition → email → wait a day → wait for `order.shipped` up to 3 days →
SMS, or a job whose outcome is split 70/30 → follow-up email or a tag → three ends)
runs through the worker's own code path (`app.whatif.services.run_next`: claim, chunks of
1,000 contacts loaded, replayed in a thread and written with the progress, the live
side). Printed: wall time, CPU of this process (the worker here), events/s, peak RSS,
the figure extrapolated to 100,000 contacts, and the load average. `--reuse` runs the
last what-if again over the same data (to compare two versions of the code:
`PYTHONPATH=<other checkout>/backend`), `--dump` writes its result and a digest of the
contacts kept, to compare answers.

Needs a database of its own, whose name ends in `_bench` (it empties it):

    createdb -h 127.0.0.1 -p 54329 -U waymark waymark_whatif_bench
    export DATABASE_URL=postgresql+asyncpg://waymark:waymark@127.0.0.1:54329/waymark_whatif_bench
    export REDIS_URL=redis://127.0.0.1:63799/5
    .venv/bin/python -m bench.whatif [--contacts 10000] [--events 100000] [--days 30]
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import json
import os
import resource
import time
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import anyio
import msgspec
from alembic import command
from sqlalchemy import delete, func, select, text

from app.cli import alembic_config
from app.engine.definition import JourneyDefinition
from app.journeys.models import Journey
from app.lib.clock import SystemClock
from app.resources import Resources, open_resources
from app.settings import load_settings
from app.whatif import services
from app.whatif.models import WhatIfContact, WhatIfRun
from bench.engine.__main__ import chain, check_database, node, publish, reset, seed_contacts

RULE = {"type": "event_property", "property": "value", "operator": "gte", "value": 20}
TWELVE_STEPS: dict[str, Any] = {
    "nodes": [
        node("trigger.event", "placed", event_name="order.placed"),
        node("flow.condition", "worth-it", condition={"type": "group", "rules": [RULE]}),
        node("action.send_email", "confirm", template="welcome"),
        node("flow.wait_duration", "a-day", duration={"amount": 1, "unit": "days"}),
        node(
            "flow.wait_for_event",
            "shipped",
            event_name="order.shipped",
            timeout={"amount": 3, "unit": "days"},
        ),
        node("action.send_sms", "on-its-way", text="On its way"),
        node(
            "action.create_job",
            "chase",
            job_type="bench_check",
            queue="bench",
            title="Where is the order?",
        ),
        node("action.send_email", "sorry", template="welcome"),
        node("action.update_contact", "tag-late", add_tags=["late"]),
        node("flow.end", "end-shipped"),
        node("flow.end", "end-small"),
        node("flow.end", "end-late"),
    ],
    "edges": chain(
        ("placed", "next", "worth-it"),
        ("worth-it", "yes", "confirm"),
        ("worth-it", "no", "end-small"),
        ("confirm", "next", "a-day"),
        ("a-day", "next", "shipped"),
        ("shipped", "received", "on-its-way"),
        ("shipped", "timeout", "chase"),
        ("on-its-way", "next", "end-shipped"),
        ("chase", "found", "sorry"),
        ("chase", "lost", "tag-late"),
        ("sorry", "next", "end-late"),
        ("tag-late", "next", "end-late"),
    ),
    "settings": {"reentry": {"rule": "always"}},
}

# Of every 10 events of a contact: 3 orders placed, 2 shipped, 4 pages viewed, 1 tag.
_EVENTS = (
    "INSERT INTO events (contact_id, name, properties, source, occurred_at, received_at,"
    " processed_at)"
    " SELECT id, name, props, 'api', at, at, at FROM ("
    " SELECT c.id,"
    "   CASE WHEN g.i % 10 IN (0, 4, 7) THEN 'order.placed'"
    "   WHEN g.i % 10 IN (2, 8) THEN 'order.shipped'"
    "   WHEN g.i % 10 = 5 THEN 'contact.tagged'"
    "   ELSE 'page.viewed' END AS name,"
    "   CASE WHEN g.i % 10 = 5 THEN jsonb_build_object('tag', 'vip')"
    "   ELSE jsonb_build_object('value', (c.n * 7 + g.i * 13) % 100,"
    "        'order_id', 'O-' || c.n || '-' || g.i) END AS props,"
    "   CAST(:start AS timestamptz)"
    "     + (random() * CAST(:seconds AS float8) + g.i * 0) * interval '1 second' AS at"
    " FROM (SELECT id, row_number() OVER (ORDER BY id) AS n FROM contacts"
    "       WHERE external_id LIKE 'b-%') c"
    " CROSS JOIN generate_series(0, :per - 1) AS g(i)) AS e"
    " ORDER BY at"
)


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


JOB_STEPS: dict[str, Any] = {
    "chase": {"split": [{"outcome": "found", "weight": 70}, {"outcome": "lost", "weight": 30}]}
}


async def seed(resources: Resources, args: argparse.Namespace) -> int:
    """An empty database seeded with the contacts, their events and the queued what-if."""
    print(f"seeding {args.contacts:,} contacts, {args.events:,} events over {args.days} days…")
    await reset(resources)
    journey_id = await publish(resources, "What-if bench", TWELVE_STEPS)
    await seed_contacts(resources, args.contacts)
    now = datetime.now(UTC)
    start = now - timedelta(days=args.days)
    per = max(1, args.events // args.contacts)
    async with resources.sessions.begin() as db:
        await db.execute(text(_EVENTS), {"per": per, "start": start, "seconds": args.days * 86400})
        events = await db.scalar(select(func.count()).select_from(text("events")))
        journey = await db.get(Journey, journey_id)
        assert journey is not None
        msgspec.convert(journey.definition, JourneyDefinition)  # it decodes
        db.add(_queued(journey_id, journey.definition, start, now))
    async with resources.engine.connect() as connection:
        await connection.execution_options(isolation_level="AUTOCOMMIT")
        await connection.execute(text("VACUUM ANALYZE events"))
    return int(events or 0)


def _queued(
    journey_id: uuid.UUID, definition: dict[str, Any], start: datetime, end: datetime
) -> WhatIfRun:
    return WhatIfRun(
        id=uuid.uuid4(),
        journey_id=journey_id,
        version=None,
        definition=definition,
        period_start=start,
        period_end=end,
        job_steps=JOB_STEPS,
        status="queued",
        created_at=datetime.now(UTC),
    )


async def queue_again(resources: Resources) -> int:
    """`--reuse`: the last run's what-if queued once more over the same events and period
    (the earlier run and its contacts deleted), so two versions of the code can be
    compared on the same data."""
    async with resources.sessions.begin() as db:
        last = (await db.scalars(select(WhatIfRun).order_by(WhatIfRun.created_at))).first()
        if last is None:
            raise SystemExit("--reuse: there is no earlier run here; run once without it")
        again = _queued(last.journey_id, last.definition, last.period_start, last.period_end)
        await db.execute(delete(WhatIfRun))
        db.add(again)
        events = await db.scalar(select(func.count()).select_from(text("events")))
    return int(events or 0)


async def dump(resources: Resources, path: str) -> None:
    """`--dump`: the result (without its timing) and a digest of the contacts kept behind
    every number, as JSON: equal files mean equal answers."""
    async with resources.sessions() as db:
        run = (await db.scalars(select(WhatIfRun))).one()
        rows = await db.execute(
            select(WhatIfContact.bucket, WhatIfContact.contact_id).order_by(
                WhatIfContact.bucket, WhatIfContact.contact_id
            )
        )
        digest = hashlib.sha256()
        count = 0
        for bucket, contact_id in rows:
            digest.update(f"{bucket} {contact_id}\n".encode())
            count += 1
    result = dict(run.result or {})
    result.pop("seconds", None)
    kept = {"result": result, "contacts_kept": count, "contacts_digest": digest.hexdigest()}
    await anyio.Path(path).write_text(json.dumps(kept, indent=1, sort_keys=True), encoding="utf-8")
    print(f"  written to {path}: {count:,} contact rows, digest {digest.hexdigest()[:16]}")


async def main(args: argparse.Namespace) -> None:
    settings = load_settings()
    async with open_resources(settings) as resources:
        events = await (queue_again(resources) if args.reuse else seed(resources, args))
        print(f"{events:,} events recorded; running the what-if…")
        load_before = os.getloadavg()
        rss_before = peak_rss_mb()
        began = time.monotonic()
        cpu_before = time.process_time()
        ran = await services.run_next(resources.sessions, SystemClock())
        wall = time.monotonic() - began
        cpu = time.process_time() - cpu_before
        load_after = os.getloadavg()
        assert ran
        async with resources.sessions() as db:
            run = (await db.scalars(select(WhatIfRun))).one()
            kept = await db.scalar(select(func.count()).select_from(WhatIfContact))
        if run.status != "completed" or run.result is None:
            raise SystemExit(f"the run ended {run.status}: {run.error}")
        result = run.result
        replayed = int(result["events"])
        print()
        print(f"what-if: {run.contacts_total:,} contacts, {replayed:,} events replayed")
        print(f"  wall time            {wall:8.1f} s   (target < 60 s)")
        print(
            f"  CPU of this process  {cpu:8.1f} s   (the rest of the wall time: PostgreSQL,"
            " and waiting for a core)"
        )
        print(f"  events/s             {replayed / wall:8,.0f}")
        print(f"  contacts/s           {run.contacts_total / wall:8,.0f}")
        print(
            f"  peak RSS (process)   {peak_rss_mb():8.0f} MB (before the run: {rss_before:.0f} MB;"
            " target < 500 MB)"
        )
        print(f"  contact rows kept    {kept:8,}")
        print(
            f"  100,000 contacts     {wall * 100_000 / max(1, run.contacts_total):8.0f} s"
            " (extrapolated, linear: the run goes a chunk of 1,000 contacts at a time, each"
            " written and dropped, so its memory does not grow with the audience)"
        )
        print(
            f"  load average         {load_before[0]:.1f} before, {load_after[0]:.1f} after"
            f" ({os.cpu_count()} cores)"
        )
        enrolled = result["enrolled"]["draft"]
        ends = {e["bucket"]: e["draft"] for e in result["ends"]}
        print(f"  enrolled {enrolled:,}; ends {ends}")
        if args.dump:
            await dump(resources, args.dump)


def cli() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--contacts", type=int, default=10_000)
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--days", type=int, default=30)
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="run the last what-if again over the data already seeded (to compare code)",
    )
    parser.add_argument("--dump", metavar="PATH", help="write the result and a contacts digest")
    settings = load_settings()
    check_database(settings)
    command.upgrade(alembic_config(settings), "head")
    asyncio.run(main(parser.parse_args()))


if __name__ == "__main__":
    cli()
