"""Fault tests: real worker processes killed with -9, Redis emptied, events delivered
twice, two workers racing for one contact. Each run must end in exactly the rows a clean
run of the same feed leaves in a second database: the same enrollments and states, the
same steps in the same order (none twice), the same timers, the same outbox keys.

The workers' clock stands still (`WAYMARK_TEST_CLOCK`): phase one handles the events at
T1; phase two restarts the workers at T2, a day on, when every wait of phase one is due.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import msgspec
import pytest
from litestar.testing import AsyncTestClient
from litestar.types import ASGIApp
from sqlalchemy import select
from sqlalchemy.engine import make_url

from app.effects.handlers import Recorder
from app.eventlog.models import Event
from app.lib.clock import FrozenClock
from app.resources import Resources, open_resources
from app.runs.models import JourneyStep
from app.runs.services import handle_event
from app.runs.sweeper import drain_events, drain_timers
from app.settings import Settings
from app.worker.runner import run_burst
from tests.support.accounts import create_api_key, create_user
from tests.support.faults import (
    T1,
    T2,
    FeedEvent,
    Snapshot,
    WorkerProcess,
    clean_run,
    dispatch_all,
    duplicates,
    feed_events,
    journey_id,
    mixed_feed,
    one_contact_feed,
    prepare,
    progress,
    settled,
    snapshot,
    unique_constraints,
    wait_for,
)
from tests.support.scratch import scratch_database

MIXED = mixed_feed(contacts=200, events=2400)


@pytest.fixture(scope="session")
def reference_settings(settings: Settings, migrated: None) -> Iterator[Settings]:
    """A second database, migrated, for the clean runs."""
    name = f"{make_url(settings.database_url).database}_reference"
    with scratch_database(settings, name, migrate=True) as scratch:
        yield scratch


@pytest.fixture(scope="session")
async def reference(reference_settings: Settings) -> AsyncIterator[Resources]:
    async with open_resources(reference_settings) as opened:
        yield opened


@pytest.fixture(scope="session")
async def mixed_expected(reference: Resources) -> Snapshot:
    return await clean_run(reference, MIXED)


def assert_same(actual: Snapshot, expected: Snapshot) -> None:
    assert actual.unprocessed == expected.unprocessed == 0
    assert actual.enrollments.keys() == expected.enrollments.keys()
    wrong = [k for k, v in expected.enrollments.items() if actual.enrollments[k] != v]
    assert not wrong, f"{len(wrong)} enrollments differ, e.g. {wrong[:3]}"
    wrong = [k for k, v in expected.steps.items() if actual.steps.get(k) != v]
    assert not wrong, f"{len(wrong)} step logs differ, e.g. {wrong[:3]}"
    assert actual.steps.keys() == expected.steps.keys()
    assert actual.timers == expected.timers
    assert actual.outbox == expected.outbox


async def assert_nothing_twice(resources: Resources) -> None:
    assert await duplicates(resources) == {"steps": 0, "outbox keys": 0}
    constraints = await unique_constraints(resources)
    assert "uq_journey_steps_enrollment_id_cause_seq" in constraints
    assert "uq_outbox_key" in constraints


def a_real_run(expected: Snapshot) -> None:
    """The feed is not trivial: it leaves every kind of outcome behind."""
    reasons = {
        msgspec.json.decode(value[3]).get("ended_reason") for value in expected.enrollments.values()
    }
    assert reasons == {None, "end", "goal:Converted", "goal_event:order.cancelled"}
    assert len(expected.enrollments) > 800
    assert len(expected.outbox) > 1000
    assert expected.timers  # waits of phase two's own (2 h after T2) are still pending


@pytest.fixture
def workers(settings: Settings, tmp_path: Path) -> Iterator[list[WorkerProcess]]:
    started = [WorkerProcess(settings, tmp_path, name) for name in ("a", "b")]
    yield started
    for worker in started:
        worker.stop()


async def handled(resources: Resources, at_least: int) -> bool:
    return (await progress(resources, T1))[0] >= at_least


async def test_a_worker_killed_mid_run_ends_exactly_like_a_clean_run(
    resources: Resources, mixed_expected: Snapshot, workers: list[WorkerProcess]
) -> None:
    a_real_run(mixed_expected)
    a, b = workers
    logs = [w.log for w in workers]
    await prepare(resources, MIXED)
    first = len(MIXED) * 2 // 3
    for start in range(0, first, 500):
        await feed_events(resources, MIXED[start : min(start + 500, first)], start)
    a.start(T1)
    b.start(T1)

    await wait_for(lambda: handled(resources, 700), seconds=120, what="a third", logs=logs)
    a.kill()
    at_kill = (await progress(resources, T1))[0]
    assert at_kill < first, "the kill must land mid-run"
    await feed_events(resources, MIXED[first:], first)  # more arrive while it is down
    a.start(T1)
    await wait_for(lambda: settled(resources, T1), seconds=120, what="phase one", logs=logs)

    # Phase two: a day later every wait is due. Kill both, start both, kill one mid-way.
    a.kill()
    b.kill()
    due = (await progress(resources, T2))[2]
    assert due > 200
    # Small batches, so the kill surely lands while timers are still due.
    a.start(T2, batch=10)
    b.start(T2, batch=10)

    async def some_fired() -> bool:
        return (await progress(resources, T2))[2] <= due * 3 // 4

    await wait_for(some_fired, seconds=120, what="a quarter of the timers", logs=logs)
    b.kill()
    assert (await progress(resources, T2))[2] > 0, "the kill must land mid-way"
    b.start(T2, batch=10)
    await wait_for(lambda: settled(resources, T2), seconds=120, what="phase two", logs=logs)

    assert_same(await snapshot(resources), mixed_expected)
    await assert_nothing_twice(resources)


async def test_redis_emptied_mid_run_loses_nothing(
    resources: Resources, mixed_expected: Snapshot, workers: list[WorkerProcess]
) -> None:
    a, b = workers
    logs = [w.log for w in workers]
    await prepare(resources, MIXED)
    a.start(T1)
    b.start(T1)
    for start in range(0, len(MIXED), 300):
        await feed_events(resources, MIXED[start : start + 300], start)
        if start % 900 == 0:
            # Every ring, queued job and cron mark is gone (this test's Redis database;
            # FLUSHALL would also empty other databases of a shared server).
            await resources.redis.flushdb()
    await wait_for(lambda: settled(resources, T1), seconds=120, what="phase one", logs=logs)
    a.kill()
    b.kill()
    a.start(T2)
    b.start(T2)
    await resources.redis.flushdb()
    await wait_for(lambda: settled(resources, T2), seconds=120, what="phase two", logs=logs)
    await resources.redis.flushdb()

    assert_same(await snapshot(resources), mixed_expected)
    await assert_nothing_twice(resources)


async def test_events_delivered_many_times_are_handled_once(
    resources: Resources, settings: Settings, reference: Resources
) -> None:
    feed = mixed_feed(contacts=40, events=600, seed=3)
    expected = await clean_run(reference, feed)
    await prepare(resources, feed)
    for start in range(0, len(feed), 100):
        await feed_events(resources, feed[start : start + 100], start)
        for _ in range(5):
            await resources.queue.process_event(start)  # the same ring, again and again
    async with resources.sessions() as db:
        event_ids = list(await db.scalars(select(Event.id).order_by(Event.id)))

    # At most eight at once: each holds a pooled connection while it waits for the lock.
    gate = asyncio.Semaphore(8)

    async def deliver(event_id: int) -> None:
        async with gate, resources.unit_of_work(now=T1, origin="journey") as unit:
            await handle_event(unit, event_id)

    # Every event handed to five handlers at once, while three burst workers drain.
    clock = FrozenClock(T1)
    await asyncio.gather(
        *(run_burst(settings, clock=clock, channels=Recorder()) for _ in range(3)),
        *(deliver(event_id) for event_id in event_ids[::7] for _ in range(5)),
    )
    await asyncio.gather(
        *(drain_events(resources.sessions, clock, resources.bell) for _ in range(3))
    )
    await dispatch_all(resources, T1)
    later = FrozenClock(T2)
    await asyncio.gather(
        *(drain_timers(resources.sessions, later, resources.bell) for _ in range(3))
    )
    await dispatch_all(resources, T2)
    # And once more, for everything: nothing moves.
    for event_id in event_ids[:50]:
        await deliver(event_id)

    assert_same(await snapshot(resources), expected)
    await assert_nothing_twice(resources)


async def test_two_workers_racing_on_one_contact_keep_its_order(
    resources: Resources, reference: Resources, workers: list[WorkerProcess]
) -> None:
    feed: list[FeedEvent] = one_contact_feed(400)
    expected = await clean_run(reference, feed)
    a, b = workers
    logs = [w.log for w in workers]
    await prepare(resources, feed)
    a.start(T1, batch=7)
    b.start(T1, batch=7)
    for start in range(0, len(feed), 40):
        await feed_events(resources, feed[start : start + 40], start)
        await asyncio.sleep(0.05)
    await wait_for(lambda: settled(resources, T1), seconds=120, what="the contact", logs=logs)
    a.kill()
    b.kill()
    a.start(T2, batch=7)
    b.start(T2, batch=7)
    await wait_for(lambda: settled(resources, T2), seconds=120, what="phase two", logs=logs)

    actual = await snapshot(resources)
    assert_same(actual, expected)
    await assert_nothing_twice(resources)
    # In the order the events came: each tick's step was written after the one before's.
    async with resources.sessions() as db:
        causes = await db.scalars(
            select(JourneyStep.cause)
            .where(JourneyStep.journey_id == journey_id("ticks"), JourneyStep.node_id == "tick")
            .order_by(JourneyStep.id)
        )
        order = [int(cause.removeprefix("event:")) for cause in causes]
    assert len(order) == sum(1 for event in feed if event.name == "tick")
    assert order == sorted(order)


async def test_the_same_idempotency_key_posted_twice_runs_once(
    resources: Resources, settings: Settings, client: AsyncTestClient[ASGIApp]
) -> None:
    await prepare(resources, [FeedEvent("k-1", "tick", {})])
    owner = await create_user(resources, role="super_user")
    headers = {"Authorization": f"Bearer {await create_api_key(resources, created_by=owner.id)}"}
    body = {
        "name": "tick",
        "contact": {"external_id": "k-1"},
        "properties": {"n": 1},
        "idempotency_key": "tick-once",
    }
    first = await client.post("/api/v1/events", json=body, headers=headers)
    again = await client.post("/api/v1/events", json=body, headers=headers)
    assert (first.status_code, again.status_code) == (202, 202)
    assert again.json() == {"id": first.json()["id"], "duplicate": True}
    await run_burst(settings, clock=FrozenClock(T1))
    await resources.queue.process_event(first.json()["id"])
    await run_burst(settings, clock=FrozenClock(T1))

    state = await snapshot(resources)
    assert len(state.enrollments) == 1
    # The journey moved once: tick, mail, end. Its contact has no address, so the mail
    # then failed for good and left one `not_sent` note on the mail step (not a second run).
    steps = [
        (step[2], msgspec.json.decode(step[5]).get("note"))
        for s in state.steps.values()
        for step in s
    ]
    assert steps == [("tick", None), ("mail", None), ("end", None), ("mail", "not_sent")]
    [(_, kind, payload, _)] = state.outbox.values()
    assert (kind, msgspec.json.decode(payload)["subject"]) == ("send_email", "tick {{ event.n }}")
    await assert_nothing_twice(resources)
