"""Timers in Postgres: fired once under the contact's lock, taken again after a dead worker."""

from __future__ import annotations

import asyncio
from collections import Counter
from datetime import timedelta

import pytest
from sqlalchemy import update

from app.journeys.models import Journey
from app.resources import Resources
from app.runs.sweeper import claim_timer_contacts
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


async def test_a_worker_that_dies_mid_batch_leaves_its_timers_due(
    resources: Resources, clock: MutableClock, collection: None
) -> None:
    await handle(resources, clock, await send(resources, clock, "payment.missed", "c-1"))
    clock.advance(days=3, seconds=1)
    async with resources.sessions() as db:
        assert len(await claim_timer_contacts(db, clock.now(), limit=10)) == 1
        # While this worker holds the contact, another finds nothing to take…
        assert (await fire_timers(resources, clock)).timers == 0
        await db.rollback()  # …and when it dies, its transaction takes nothing with it:
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

    assert (await fire_timers(resources, clock)).timers == 0  # held: nothing to fire
    await _set_status(resources, "active")
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
