"""The fault tests' harness: a repeatable run of events, real worker processes, snapshots.

Everything that could differ between two runs is fixed: contact and journey ids derive
from their names, events get ids in feed order (tables restart their identities), and
the workers' clock stands still (`WAYMARK_TEST_CLOCK`). So a run interrupted by faults
must end in exactly the rows of a clean run of the same feed in another database.
"""

from __future__ import annotations

import asyncio
import os
import random
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import msgspec
from sqlalchemy import func, insert, select, text

from app.auth.models import User
from app.contacts.models import Contact
from app.demo.accounts import seed_roles
from app.effects.handlers import Recorder
from app.engine.definition import JourneyDefinition
from app.eventlog.models import Event
from app.journeys.models import Journey, JourneyVersion
from app.journeys.services import stored
from app.lib.clock import FrozenClock
from app.models import metadata
from app.resources import Resources
from app.runs.models import Enrollment, EnrollmentTimer, JourneyStep, OutboxMessage
from app.runs.outbox import dispatch_batch
from app.runs.sweeper import drain_events, drain_timers
from app.settings import Settings
from app.worker.assembly import effect_handlers

REPO = Path(__file__).resolve().parents[2]
NAMESPACE = uuid.UUID("5d2f8a53-8c4e-4b57-9a4e-1f3f9b9c0e11")
# Phase one (events) runs at T1; phase two at T2, when every wait of phase one is due.
T1 = datetime(2026, 6, 1, 9, 0, tzinfo=UTC)
T2 = T1 + timedelta(days=1)
RECEIVED = T1 - timedelta(hours=1)


def _node(kind: str, node_id: str, **config: Any) -> dict[str, Any]:
    return {
        "kind": kind,
        "id": node_id,
        "label": node_id,
        "position": {"x": 0, "y": 0},
        "config": config,
    }


def _edges(*links: tuple[str, str, str]) -> list[dict[str, Any]]:
    return [
        {"id": f"{a}-{h}-{b}", "source": a, "source_handle": h, "target": b} for a, h, b in links
    ]


def _hour(amount: int = 1) -> dict[str, Any]:
    return {"amount": amount, "unit": "hours"}


def _prop(name: str, operator: str, value: Any) -> dict[str, Any]:
    return {
        "type": "group",
        "rules": [
            {"type": "event_property", "property": name, "operator": operator, "value": value}
        ],
    }


# Orders: condition, parallel split, wait for event with timeout, join, random split,
# a wait, a goal, and a goal event that ends it from any step. Anyone may re-enter.
ORDERS: dict[str, Any] = {
    "nodes": [
        _node("trigger.event", "placed", event_name="order.placed"),
        _node("flow.condition", "big", condition=_prop("value", "gt", 50)),
        _node(
            "flow.parallel_split",
            "split",
            branches=[{"id": "mail", "label": "Mail"}, {"id": "pay", "label": "Pay"}],
        ),
        _node("action.send_email", "confirm", template="welcome"),
        _node("flow.wait_for_event", "wait-paid", event_name="order.paid", timeout=_hour()),
        _node("action.send_sms", "paid-sms", text="Thanks"),
        # No webhook steps here: a webhook waits for its answer, which the dispatcher
        # records as an event when the call ends, so its place among the contact's other
        # events depends on timing and no run could equal a clean one step for step.
        # (tests/integration/test_channels_letters_webhooks.py covers the answers.)
        _node("action.send_sms", "unpaid-hook", text="Still unpaid"),
        _node("flow.join", "join"),
        _node(
            "flow.random_split",
            "ab",
            branches=[
                {"id": "a", "label": "A", "weight": 50},
                {"id": "b", "label": "B", "weight": 50},
            ],
        ),
        _node("flow.wait_duration", "wait-2h", duration=_hour(2)),
        _node("action.send_email", "follow-up", template="welcome"),
        _node("flow.goal", "converted", goal="Converted"),
        _node("action.send_sms", "small-sms", text="Small order"),
        _node("flow.end", "end"),
    ],
    "edges": _edges(
        ("placed", "next", "big"),
        ("big", "yes", "split"),
        ("big", "no", "small-sms"),
        ("small-sms", "next", "end"),
        ("split", "mail", "confirm"),
        ("split", "pay", "wait-paid"),
        ("confirm", "next", "join"),
        ("wait-paid", "received", "paid-sms"),
        ("wait-paid", "timeout", "unpaid-hook"),
        ("paid-sms", "next", "join"),
        ("unpaid-hook", "next", "join"),
        ("join", "next", "ab"),
        ("ab", "a", "wait-2h"),
        ("ab", "b", "converted"),
        ("wait-2h", "next", "follow-up"),
        ("follow-up", "next", "end"),
    ),
    "settings": {
        "reentry": {"rule": "always"},
        "exit_criteria": {"goal_events": ["order.cancelled"]},
    },
}

# Signup: once per contact; waits for a visit, then a condition on what was visited.
SIGNUP: dict[str, Any] = {
    "nodes": [
        _node("trigger.event", "signed", event_name="signed.up"),
        _node("action.send_email", "welcome", template="welcome"),
        _node("flow.wait_for_event", "wait-visit", event_name="visit", timeout=_hour(3)),
        _node("flow.condition", "pricing", condition=_prop("page", "equals", "pricing")),
        _node("action.send_email", "hot-lead", subject="Pricing, {{ contact.name }}", body="See"),
        _node("action.send_sms", "nudge", text="Come back"),
        _node("flow.end", "end"),
    ],
    "edges": _edges(
        ("signed", "next", "welcome"),
        ("welcome", "next", "wait-visit"),
        ("wait-visit", "received", "pricing"),
        ("wait-visit", "timeout", "nudge"),
        ("pricing", "yes", "hot-lead"),
        ("pricing", "no", "end"),
        ("hot-lead", "next", "end"),
        ("nudge", "next", "end"),
    ),
}

# Ticks: every tick starts an enrollment that sends one email carrying the tick's number.
TICKS: dict[str, Any] = {
    "nodes": [
        _node("trigger.event", "tick", event_name="tick"),
        _node("action.send_email", "mail", subject="tick {{ event.n }}"),
        _node("flow.end", "end"),
    ],
    "edges": _edges(("tick", "next", "mail"), ("mail", "next", "end")),
    "settings": {"reentry": {"rule": "always"}},
}

JOURNEYS: dict[str, dict[str, Any]] = {"orders": ORDERS, "signup": SIGNUP, "ticks": TICKS}


def journey_id(name: str) -> uuid.UUID:
    return uuid.uuid5(NAMESPACE, f"journey:{name}")


def contact_id(external_id: str) -> uuid.UUID:
    return uuid.uuid5(NAMESPACE, f"contact:{external_id}")


@dataclass(frozen=True, slots=True)
class FeedEvent:
    contact: str
    name: str
    properties: dict[str, Any]


def mixed_feed(*, contacts: int, events: int, seed: int = 7) -> list[FeedEvent]:
    """Events across many contacts, each contact's own story in order."""
    rng = random.Random(seed)
    feed = []
    for n in range(events):
        contact = f"f-{rng.randrange(contacts)}"
        roll = rng.random()
        if roll < 0.35:
            event = FeedEvent(contact, "order.placed", {"value": rng.randrange(100), "n": n})
        elif roll < 0.55:
            event = FeedEvent(contact, "order.paid", {"n": n})
        elif roll < 0.60:
            event = FeedEvent(contact, "order.cancelled", {"n": n})
        elif roll < 0.75:
            event = FeedEvent(contact, "signed.up", {"n": n})
        elif roll < 0.90:
            event = FeedEvent(contact, "visit", {"page": rng.choice(["pricing", "blog"]), "n": n})
        else:
            event = FeedEvent(contact, "tick", {"n": n})
        feed.append(event)
    return feed


def one_contact_feed(events: int) -> list[FeedEvent]:
    """Many events for one contact: ticks, with orders and payments among them."""
    rng = random.Random(11)
    feed = []
    for n in range(events):
        roll = rng.random()
        if roll < 0.1:
            feed.append(FeedEvent("solo", "order.placed", {"value": 80, "n": n}))
        elif roll < 0.2:
            feed.append(FeedEvent("solo", "order.paid", {"n": n}))
        else:
            feed.append(FeedEvent("solo", "tick", {"n": n}))
    return feed


# ---- setting a database up -------------------------------------------------------------


async def reset(resources: Resources) -> None:
    async with resources.engine.begin() as connection:
        tables = ", ".join(table.name for table in metadata.sorted_tables)
        await connection.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))


async def prepare(resources: Resources, feed: Sequence[FeedEvent]) -> None:
    """Roles, an author, the three journeys and the feed's contacts, with fixed ids."""
    async with resources.sessions.begin() as db:
        await seed_roles(db, T1)
        author = Contact(id=uuid.uuid5(NAMESPACE, "author"), email="author@example.test")
        db.add(author)
        await db.flush()
        user = User(contact_id=author.id, email=author.email, primary_role="marketer")
        db.add(user)
        await db.flush()
        for order, (name, graph) in enumerate(JOURNEYS.items()):
            definition = stored(msgspec.convert(graph, JourneyDefinition))
            at = T1 - timedelta(days=1, minutes=-order)
            db.add(
                Journey(
                    id=journey_id(name),
                    name=name,
                    status="active",
                    definition=definition,
                    published_version=1,
                    published_revision=1,
                    created_at=at,
                    updated_at=at,
                )
            )
            await db.flush()
            db.add(
                JourneyVersion(
                    journey_id=journey_id(name),
                    version=1,
                    definition=definition,
                    published_at=at,
                    published_by=user.id,
                )
            )
        externals = sorted({event.contact for event in feed})
        await db.execute(
            insert(Contact),
            [{"id": contact_id(x), "external_id": x, "name": f"Contact {x}"} for x in externals],
        )


async def feed_events(resources: Resources, events: Sequence[FeedEvent], offset: int) -> None:
    """Commit events (ids follow the feed: `offset` is the first one's index), then ring."""
    async with resources.sessions.begin() as db:
        await db.execute(
            insert(Event),
            [
                {
                    "contact_id": contact_id(event.contact),
                    "name": event.name,
                    "properties": event.properties,
                    "source": "api",
                    "idempotency_key": f"feed-{offset + n}",
                    "occurred_at": RECEIVED,
                    "received_at": RECEIVED,
                }
                for n, event in enumerate(events)
            ],
        )
    await resources.queue.process_event(0)


# ---- the clean run ---------------------------------------------------------------------


async def clean_run(resources: Resources, feed: Sequence[FeedEvent]) -> Snapshot:
    """The reference: the whole feed, then phase two, in this process with no faults."""
    await reset(resources)
    await prepare(resources, feed)
    for start in range(0, len(feed), 500):
        await feed_events(resources, feed[start : start + 500], start)
    await settle(resources, T1)
    await drain_timers(resources.sessions, FrozenClock(T2), resources.bell)
    await settle(resources, T2)
    return await snapshot(resources)


async def settle(resources: Resources, now: datetime) -> None:
    """Handle events and send the outbox until neither has anything left: sending can
    record events (a webhook's answer, a job's status), which move enrollments on."""
    while True:
        handled = (await drain_events(resources.sessions, FrozenClock(now), resources.bell)).events
        if not await dispatch_all(resources, now) and not handled:
            return


async def dispatch_all(resources: Resources, now: datetime) -> int:
    """Send everything due; how many rows were sent, retried or failed."""
    provider = Recorder()
    total = 0
    while True:
        async with resources.unit_of_work(now=now) as unit:
            done = (await dispatch_batch(unit, effect_handlers(channels=provider))).total
        if not done:
            return total
        total += done


# ---- what a run left -------------------------------------------------------------------


class Snapshot(msgspec.Struct, frozen=True):
    enrollments: dict[str, tuple[Any, ...]]
    # Per enrollment, its steps in the order they were written.
    steps: dict[str, list[tuple[Any, ...]]]
    timers: list[tuple[str, str, str]]
    outbox: dict[str, tuple[Any, ...]]
    unprocessed: int


async def snapshot(resources: Resources) -> Snapshot:
    async with resources.sessions() as db:
        enrollments = {
            str(row.id): (
                str(row.journey_id),
                str(row.contact_id),
                row.status,
                msgspec.json.encode(row.state, order="sorted"),
                row.entered_at.isoformat(),
                row.ended_at.isoformat() if row.ended_at else None,
            )
            for row in await db.scalars(select(Enrollment))
        }
        steps: dict[str, list[tuple[Any, ...]]] = {}
        for step in await db.scalars(select(JourneyStep).order_by(JourneyStep.id)):
            steps.setdefault(str(step.enrollment_id), []).append(
                (
                    step.cause,
                    step.seq,
                    step.node_id,
                    step.exit_taken,
                    step.at.isoformat(),
                    msgspec.json.encode(step.detail, order="sorted"),
                )
            )
        timers = sorted(
            (str(t.enrollment_id), t.token_id, t.wake_at.isoformat())
            for t in await db.scalars(select(EnrollmentTimer))
        )
        outbox = {
            m.key: (
                str(m.enrollment_id),
                m.kind,
                msgspec.json.encode(m.payload, order="sorted"),
                m.status,
            )
            for m in await db.scalars(select(OutboxMessage))
        }
        unprocessed = await db.scalar(
            select(func.count()).select_from(Event).where(Event.processed_at.is_(None))
        )
    return Snapshot(enrollments, steps, timers, outbox, int(unprocessed or 0))


async def duplicates(resources: Resources) -> dict[str, int]:
    """Rows that would mean "done twice"; the unique constraints make each impossible."""
    async with resources.sessions() as db:
        steps = await db.scalar(
            text(
                "SELECT count(*) FROM (SELECT 1 FROM journey_steps "
                "GROUP BY enrollment_id, cause, seq HAVING count(*) > 1) d"
            )
        )
        keys = await db.scalar(
            text("SELECT count(*) FROM (SELECT 1 FROM outbox GROUP BY key HAVING count(*) > 1) d")
        )
    return {"steps": int(steps or 0), "outbox keys": int(keys or 0)}


async def unique_constraints(resources: Resources) -> set[str]:
    async with resources.sessions() as db:
        rows = await db.scalars(
            text(
                "SELECT conname FROM pg_constraint WHERE contype IN ('u', 'p') "
                "AND conrelid::regclass::text IN ('journey_steps', 'outbox', 'enrollments', "
                "'enrollment_timers')"
            )
        )
        return set(rows)


async def progress(resources: Resources, now: datetime) -> tuple[int, int, int, int]:
    """(events handled, events waiting, timers due, outbox rows to send)."""
    async with resources.sessions() as db:
        row = (
            await db.execute(
                text(
                    "SELECT (SELECT count(*) FROM events WHERE processed_at IS NOT NULL),"
                    " (SELECT count(*) FROM events WHERE processed_at IS NULL),"
                    " (SELECT count(*) FROM enrollment_timers WHERE wake_at <= :now),"
                    " (SELECT count(*) FROM outbox WHERE status = 'pending')"
                ),
                {"now": now},
            )
        ).one()
    return int(row[0]), int(row[1]), int(row[2]), int(row[3])


async def wait_for(
    check: Callable[[], Awaitable[bool]], *, seconds: float, what: str, logs: Sequence[Path] = ()
) -> None:
    deadline = time.monotonic() + seconds
    while not await check():
        if time.monotonic() > deadline:
            tails = "\n".join(f"--- {p}\n{p.read_text()[-3000:]}" for p in logs if p.exists())
            raise AssertionError(f"timed out waiting for {what}\n{tails}")
        await asyncio.sleep(0.05)


async def settled(resources: Resources, now: datetime) -> bool:
    _, waiting, due, pending = await progress(resources, now)
    return waiting == 0 and due == 0 and pending == 0


# ---- real worker processes -------------------------------------------------------------


class WorkerProcess:
    """`python -m app worker`, the real entry point, with a standing clock."""

    def __init__(self, settings: Settings, log_dir: Path, name: str) -> None:
        self.settings = settings
        self.log = log_dir / f"worker-{name}.log"
        self.proc: subprocess.Popen[bytes] | None = None

    def start(self, at: datetime, *, batch: int = 50, env: Mapping[str, str] | None = None) -> None:
        """Start it with its clock standing at `at`; `env` adds or overrides settings."""
        base = {
            **os.environ,
            "DATABASE_URL": self.settings.database_url,
            "REDIS_URL": self.settings.redis_url,
            "WAYMARK_ENV": "test",
            "WAYMARK_TEST_CLOCK": at.isoformat(),
            # Like the clean run (dispatch_all): record effects, reach no network.
            "WAYMARK_TEST_RECORDING_PROVIDER": "true",
            "WAYMARK_WORKER_BATCH_SIZE": str(batch),
            "WAYMARK_DB_POOL_SIZE": "4",
            "WAYMARK_LOG_FORMAT": "console",
            "WAYMARK_LOG_LEVEL": "WARNING",
        }
        with self.log.open("ab") as out:
            self.proc = subprocess.Popen(
                [sys.executable, "-m", "app", "worker"],
                cwd=REPO,
                env={**base, **(env or {})},
                stdout=out,
                stderr=subprocess.STDOUT,
            )

    def kill(self) -> None:
        """kill -9: no shutdown hook, no rollback but the server's."""
        if self.proc is not None:
            self.proc.send_signal(signal.SIGKILL)
            self.proc.wait(timeout=10)
            self.proc = None

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=10)
        self.proc = None

    @property
    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None
