"""The running path through a real burst worker: rings, lost rings, the outbox, stats, S9."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import select

from app.effects.handlers import Message, Recorder
from app.engine.effects import Effect
from app.eventlog.models import Event
from app.lib.unit_of_work import UnitOfWork
from app.resources import Resources
from app.runs import outbox as dispatcher
from app.settings import Settings
from app.worker.assembly import effect_handlers
from app.worker.runner import run_burst
from tests.fixtures import SignedIn
from tests.support.accounts import MutableClock
from tests.support.runs import (
    T0,
    chain,
    enrollments,
    fire_timers,
    handle,
    node,
    outbox,
    publish,
    publish_template,
    send,
    steps,
)
from tests.support.worker import sweep, worker_ctx


@pytest.fixture
def clock() -> MutableClock:
    return MutableClock(T0)


@pytest.fixture
async def collection(resources: Resources, standard_roles: None) -> Any:
    return await publish_template(resources, "payment-collection")


async def test_a_burst_worker_runs_a_rung_event_end_to_end_and_sends_the_email(
    resources: Resources, settings: Settings, clock: MutableClock, collection: None
) -> None:
    event_id = await send(resources, clock, "payment.missed", "c-1")
    await resources.queue.process_event(event_id)
    provider = Recorder()

    # The ring for the event; its commit rang the worker's own outbox drainer, which the
    # burst runs until nothing is left.
    assert await run_burst(settings, clock=clock, channels=provider) == 1

    [enrollment] = await enrollments(resources)
    [message] = await outbox(resources)
    assert provider.sent == [f"{enrollment.id}:email-reminder:1"]
    assert (message.status, message.sent_at, message.attempts) == ("sent", T0, 1)
    # Ringing again sends nothing twice.
    await resources.queue.process_event(event_id)
    await resources.queue.dispatch_outbox("again")
    await run_burst(settings, clock=clock, channels=provider)
    assert len(provider.sent) == 1


async def test_events_whose_ring_redis_lost_are_handled_by_the_sweep(
    resources: Resources, settings: Settings, clock: MutableClock, collection: None
) -> None:
    ids = [await send(resources, clock, "payment.missed", f"c-{n}") for n in range(3)]
    for event_id in ids:
        await resources.queue.process_event(event_id)
    await resources.redis.flushdb()  # the rings are gone; the events are in Postgres
    provider = Recorder()
    ctx = worker_ctx(resources, settings, clock, effect_handlers(channels=provider))

    await sweep(ctx)

    async with resources.sessions() as db:
        unprocessed = await db.scalars(select(Event.id).where(Event.processed_at.is_(None)))
        assert list(unprocessed) == []
    assert len(await enrollments(resources)) == 3
    assert len(provider.sent) == 3


async def test_the_sweep_fires_due_timers_and_sends_what_they_queue(
    resources: Resources, settings: Settings, clock: MutableClock, collection: None
) -> None:
    await handle(resources, clock, await send(resources, clock, "payment.missed", "c-1"))
    provider = Recorder()
    ctx = worker_ctx(resources, settings, clock, effect_handlers(channels=provider))

    clock.advance(days=3, minutes=1)
    await sweep(ctx)

    assert [m.kind for m in await outbox(resources)] == ["send_email", "send_sms"]
    assert {m.status for m in await outbox(resources)} == {"sent"}
    assert len(provider.sent) == 2


class FlakyProvider(Recorder):
    def __init__(self, failures: int) -> None:
        super().__init__()
        self.failures = failures

    async def execute(self, unit: UnitOfWork, message: Message[Effect], batch: None) -> None:
        if self.failures:
            self.failures -= 1
            raise ConnectionError("smtp down")
        await super().execute(unit, message, batch)


async def test_a_failed_send_is_retried_with_backoff_and_sent_once(
    resources: Resources, clock: MutableClock, collection: None
) -> None:
    await handle(resources, clock, await send(resources, clock, "payment.missed", "c-1"))
    provider = FlakyProvider(failures=2)

    async def dispatch() -> dispatcher.Dispatched:
        async with resources.unit_of_work(now=clock.now()) as unit:
            return await dispatcher.dispatch_batch(unit, effect_handlers(channels=provider))

    assert (await dispatch()).retried == 1
    [message] = await outbox(resources)
    assert (message.status, message.attempts) == ("pending", 1)
    assert message.next_attempt_at == T0 + timedelta(seconds=30)
    assert message.last_error == "ConnectionError: smtp down"
    assert (await dispatch()).total == 0  # not due yet
    clock.advance(seconds=30)
    assert (await dispatch()).retried == 1
    [message] = await outbox(resources)
    assert message.next_attempt_at == clock.now() + timedelta(seconds=60)
    clock.advance(seconds=60)
    assert (await dispatch()).sent == 1
    clock.advance(days=1)
    assert (await dispatch()).total == 0
    assert len(provider.sent) == 1
    [message] = await outbox(resources)
    assert (message.status, message.attempts, message.last_error) == ("sent", 3, None)


async def test_a_message_that_keeps_failing_is_marked_failed(
    resources: Resources, clock: MutableClock, collection: None
) -> None:
    await handle(resources, clock, await send(resources, clock, "payment.missed", "c-1"))
    provider = FlakyProvider(failures=100)
    for _ in range(dispatcher.MAX_ATTEMPTS):
        async with resources.unit_of_work(now=clock.now()) as unit:
            await dispatcher.dispatch_batch(unit, effect_handlers(channels=provider))
        clock.advance(days=1)
    [message] = await outbox(resources)
    assert (message.status, message.attempts) == ("failed", dispatcher.MAX_ATTEMPTS)


# Message counts (the channels' sent / opened / clicked / failed): none dispatched here.
NO_MESSAGES = {"sent": 0, "opened": 0, "clicked": 0, "failed": 0, "not_sent": {}, "refused": 0}


async def test_stats_count_entered_exits_and_waiting_now(
    resources: Resources,
    clock: MutableClock,
    signed_in: Any,
    collection: Any,
) -> None:
    for contact in ("c-1", "c-2", "c-3"):
        await handle(resources, clock, await send(resources, clock, "payment.missed", contact))
    await handle(resources, clock, await send(resources, clock, "payment.received", "c-3"))
    clock.advance(days=3, seconds=1)
    await fire_timers(resources, clock)
    marketer: SignedIn = await signed_in("marketer")

    stats = (await marketer[1].get(f"/api/v1/journeys/{collection}/stats")).json()["nodes"]

    assert stats["payment-missed"] == {
        "entered": 3,
        "waiting": 0,
        "exits": {"next": 3},
        **NO_MESSAGES,
    }
    assert stats["email-reminder"] == {
        "entered": 3,
        "waiting": 0,
        "exits": {"next": 3},
        **NO_MESSAGES,
    }
    assert stats["wait-3-days"] == {"entered": 3, "waiting": 0, "exits": {"next": 2}, **NO_MESSAGES}
    assert stats["opened"] == {
        "entered": 2,
        "waiting": 0,
        "exits": {"no": 2, "yes": 0},
        **NO_MESSAGES,
    }
    assert stats["wait-payment"]["entered"] == 2
    assert stats["wait-payment"]["waiting"] == 2
    assert stats["paid"] == {"entered": 0, "waiting": 0, "exits": {}, **NO_MESSAGES}


async def test_s9_appointment_runs_end_to_end_on_events_and_the_clock(
    resources: Resources, settings: Settings, clock: MutableClock, standard_roles: None
) -> None:
    await publish_template(resources, "appointment-reminders")
    appointment_at = datetime(2026, 3, 12, 15, 0, tzinfo=UTC)
    event_id = await send(
        resources,
        clock,
        "appointment.scheduled",
        "c-9",
        id="a1",
        appointment_at=appointment_at.isoformat(),
    )
    await resources.queue.process_event(event_id)
    provider = Recorder()
    ctx = worker_ctx(resources, settings, clock, effect_handlers(channels=provider))
    await run_burst(settings, clock=clock, channels=provider)
    assert [key.split(":", 1)[1] for key in provider.sent] == ["email-confirm:1", "sms-confirm:1"]

    clock.advance(days=9, hours=5, minutes=59)  # 11 March 14:59: not yet the day before
    await sweep(ctx)
    assert len(provider.sent) == 2
    clock.advance(minutes=1)
    await sweep(ctx)
    assert provider.sent[-1].endswith(":sms-reminder:1")
    clock.advance(days=1, hours=2)  # 12 March 17:00: two hours after
    await sweep(ctx)
    assert provider.sent[-1].endswith(":email-feedback:1")

    [enrollment] = await enrollments(resources)
    assert enrollment.status == "completed"
    assert (await steps(resources, enrollment.id))[-1] == ("end", None)
    assert [m.status for m in await outbox(resources)] == ["sent"] * 4


async def test_an_emitted_event_is_recorded_once_and_starts_another_journey(
    resources: Resources, settings: Settings, clock: MutableClock, standard_roles: None
) -> None:
    await publish(
        resources,
        "thank",
        chain(
            node("trigger.event", "placed", event_name="order.placed"),
            node("action.emit_event", "emit", event_name="order.thanked"),
            node("flow.end", "end"),
        ),
    )
    await publish(
        resources,
        "follow up",
        chain(
            node("trigger.event", "thanked", event_name="order.thanked"),
            node("action.send_email", "mail", template="welcome"),
            node("flow.end", "end"),
        ),
    )
    await resources.queue.process_event(await send(resources, clock, "order.placed", "c-1"))
    provider = Recorder()

    await run_burst(settings, clock=clock, channels=provider)
    await resources.queue.dispatch_outbox("again")  # a repeat dispatch emits nothing twice
    await run_burst(settings, clock=clock, channels=provider)

    async with resources.sessions() as db:
        names = list(await db.scalars(select(Event.name).order_by(Event.id)))
    assert names == ["order.placed", "order.thanked"]
    assert [e.status for e in await enrollments(resources)] == ["completed", "completed"]
    assert [key.split(":", 1)[1] for key in provider.sent] == ["mail:1"]
