"""Timers in Postgres: claimed with SKIP LOCKED, fired once, taken again after a lost claim."""

from __future__ import annotations

import asyncio
from collections import Counter
from datetime import timedelta

import pytest
from sqlalchemy import update

from app.journeys.models import Journey
from app.resources import Resources
from app.runs.sweeper import CLAIM_LEASE, claim_due_timers
from tests.support.accounts import MutableClock
from tests.support.runs import (
    T0,
    enrollments,
    fire_timers,
    handle,
    outbox,
    publish_template,
    send,
    steps,
    timers,
)


@pytest.fixture
def clock() -> MutableClock:
    return MutableClock(T0)


@pytest.fixture
async def collection(resources: Resources, standard_roles: None) -> None:
    await publish_template(resources, "payment-collection")


async def test_sweepers_racing_fire_each_due_timer_exactly_once(
    resources: Resources, clock: MutableClock, collection: None
) -> None:
    for n in range(12):
        await handle(resources, clock, await send(resources, clock, "payment.missed", f"c-{n}"))
    clock.advance(days=3, seconds=1)

    results = await asyncio.gather(*(fire_timers(resources, clock) for _ in range(3)))

    assert sum(work.timers for work in results) == 12
    for enrollment in await enrollments(resources):
        path = await steps(resources, enrollment.id)
        assert Counter(path)[("wait-3-days", "next")] == 1
        assert path[-1] == ("wait-payment", None)
    keys = [m.key for m in await outbox(resources)]
    assert len(keys) == len(set(keys)) == 24
    # Each enrollment now waits for payment, with its own timeout three days on.
    pending = await timers(resources)
    assert len(pending) == 12
    assert {wake for _, wake in pending} == {clock.now() + timedelta(days=3)}


async def test_a_claim_whose_worker_died_is_taken_again_after_the_lease(
    resources: Resources, clock: MutableClock, collection: None
) -> None:
    await handle(resources, clock, await send(resources, clock, "payment.missed", "c-1"))
    clock.advance(days=3, seconds=1)
    async with resources.sessions.begin() as db:
        assert len(await claim_due_timers(db, clock.now())) == 1
    # The claiming worker died before firing it: others leave it alone for the lease…
    assert (await fire_timers(resources, clock)).timers == 0
    clock.advance(seconds=CLAIM_LEASE.total_seconds() + 1)
    # …then take it again.
    assert (await fire_timers(resources, clock)).timers == 1
    [enrollment] = await enrollments(resources)
    assert (await steps(resources, enrollment.id))[-1] == ("wait-payment", None)


async def _set_status(resources: Resources, status: str) -> None:
    async with resources.sessions.begin() as db:
        await db.execute(update(Journey).values(status=status))


async def test_a_paused_journey_holds_its_tokens_and_resuming_moves_them_on(
    resources: Resources, clock: MutableClock, collection: None
) -> None:
    await handle(resources, clock, await send(resources, clock, "payment.missed", "c-1"))
    await _set_status(resources, "paused")
    clock.advance(days=3, seconds=1)

    await fire_timers(resources, clock)

    [enrollment] = await enrollments(resources)
    assert enrollment.status == "paused"
    assert (await steps(resources, enrollment.id))[-1] == ("wait-3-days", None)
    assert [m.kind for m in await outbox(resources)] == ["send_email"]

    await _set_status(resources, "active")
    clock.advance(seconds=CLAIM_LEASE.total_seconds() + 1)
    await fire_timers(resources, clock)

    [enrollment] = await enrollments(resources)
    assert enrollment.status == "active"
    assert (await steps(resources, enrollment.id))[-3:] == [
        ("opened", "no"),
        ("sms-reminder", "next"),
        ("wait-payment", None),
    ]
    assert [m.kind for m in await outbox(resources)] == ["send_email", "send_sms"]


async def test_a_goal_event_still_ends_an_enrollment_of_a_paused_journey(
    resources: Resources, clock: MutableClock, collection: None
) -> None:
    await handle(resources, clock, await send(resources, clock, "payment.missed", "c-1"))
    await _set_status(resources, "paused")

    await handle(resources, clock, await send(resources, clock, "payment.received", "c-1"))

    [enrollment] = await enrollments(resources)
    assert enrollment.status == "completed"
    assert await timers(resources) == []
