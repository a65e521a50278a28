"""Events run journeys: S5 (collection) from the library, in Postgres, on a test clock."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest

from app.resources import Resources
from app.runs.models import JourneyStep, OutboxMessage
from tests.support.accounts import MutableClock
from tests.support.runs import (
    T0,
    count,
    enrollments,
    fire_timers,
    handle,
    outbox,
    publish_template,
    send,
    steps,
    timers,
)

DAY = timedelta(days=1)


@pytest.fixture
def clock() -> MutableClock:
    return MutableClock(T0)


@pytest.fixture
async def collection(resources: Resources, standard_roles: None) -> None:
    await publish_template(resources, "payment-collection")


async def test_an_event_starts_an_enrollment_logs_steps_and_queues_the_email(
    resources: Resources, clock: MutableClock, collection: None
) -> None:
    event_id = await send(resources, clock, "payment.missed", "c-1", amount=120)
    work = await handle(resources, clock, event_id)

    assert (work.events, work.effects, work.next_wake) == (1, 1, T0 + 3 * DAY)
    [enrollment] = await enrollments(resources)
    assert enrollment.status == "active"
    assert await steps(resources, enrollment.id) == [
        ("payment-missed", "next"),
        ("email-reminder", "next"),
        ("wait-3-days", None),
    ]
    [message] = await outbox(resources)
    assert (message.key, message.kind, message.status) == (
        f"{enrollment.id}:email-reminder:1",
        "send_email",
        "pending",
    )
    assert message.payload["template"] == "payment_reminder"
    assert await timers(resources) == [("t1", T0 + 3 * DAY)]


async def test_a_second_delivery_of_the_same_event_changes_nothing(
    resources: Resources, clock: MutableClock, collection: None
) -> None:
    event_id = await send(resources, clock, "payment.missed", "c-1")
    await handle(resources, clock, event_id)
    before = (await count(resources, JourneyStep), await count(resources, OutboxMessage))

    clock.advance(minutes=5)
    again = await handle(resources, clock, event_id)

    assert (again.events, again.effects) == (0, 0)
    assert (await count(resources, JourneyStep), await count(resources, OutboxMessage)) == before
    assert len(await enrollments(resources)) == 1


async def test_due_timers_move_the_journey_on_and_the_goal_event_ends_it(
    resources: Resources, clock: MutableClock, collection: None
) -> None:
    await handle(resources, clock, await send(resources, clock, "payment.missed", "c-1"))

    clock.advance(days=2)
    assert (await fire_timers(resources, clock)).timers == 0  # not due yet
    clock.advance(days=1, seconds=1)
    assert (await fire_timers(resources, clock)).timers == 1
    assert (await fire_timers(resources, clock)).timers == 0  # a timer fires once

    [enrollment] = await enrollments(resources)
    assert (await steps(resources, enrollment.id))[3:] == [
        ("wait-3-days", "next"),
        ("opened", "no"),
        ("sms-reminder", "next"),
        ("wait-payment", None),
    ]
    assert [m.kind for m in await outbox(resources)] == ["send_email", "send_sms"]
    assert await timers(resources) == [("t1", clock.now() + 3 * DAY)]

    clock.advance(hours=4)
    await handle(resources, clock, await send(resources, clock, "payment.received", "c-1"))
    [enrollment] = await enrollments(resources)
    assert (enrollment.status, enrollment.ended_at) == ("completed", clock.now())
    assert enrollment.state["ended_reason"] == "goal_event:payment.received"
    assert await timers(resources) == []


async def test_two_workers_racing_on_one_contact_take_turns_in_event_order(
    resources: Resources, clock: MutableClock, collection: None
) -> None:
    missed = await send(resources, clock, "payment.missed", "c-1")
    received = await send(resources, clock, "payment.received", "c-1")

    # The later event's worker handles the earlier event first, whichever locks first.
    results = await asyncio.gather(
        handle(resources, clock, received), handle(resources, clock, missed)
    )

    assert sum(work.events for work in results) == 2
    [enrollment] = await enrollments(resources)
    assert enrollment.status == "completed"
    assert [node for node, _ in await steps(resources, enrollment.id)] == [
        "payment-missed",
        "email-reminder",
        "wait-3-days",
        "wait-3-days",
    ]
    assert len(await outbox(resources)) == 1


async def test_many_contacts_race_without_losing_or_doubling_anything(
    resources: Resources, clock: MutableClock, collection: None
) -> None:
    ids = [await send(resources, clock, "payment.missed", f"c-{n % 5}") for n in range(20)]

    await asyncio.gather(*(handle(resources, clock, i) for i in reversed(ids)))
    await asyncio.gather(*(handle(resources, clock, i) for i in ids))  # all repeats

    # Re-entry is "always" in S5: one enrollment per missed payment, one email each.
    assert len(await enrollments(resources)) == 20
    keys = [m.key for m in await outbox(resources)]
    assert len(keys) == len(set(keys)) == 20
