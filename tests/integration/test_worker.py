"""A real arq worker, in burst mode, against the test Redis and Postgres."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from app.contacts.schemas import ContactRef
from app.eventlog.models import Event
from app.events.schemas import EventEnvelope
from app.events.services import record_event
from app.lib.clock import SystemClock
from app.lib.unit_of_work import UnitOfWork
from app.resources import Resources
from app.settings import Settings, SettingsError, load_settings
from app.worker.runner import clock_for, run_burst


async def _committed_event(resources: Resources, key: str) -> int:
    """Committed without its bell: the test rings for it itself."""
    async with resources.sessions.begin() as session:
        recorded = await record_event(
            UnitOfWork(session, resources.clock.now()),
            EventEnvelope(
                name="payment.missed", contact=ContactRef(external_id="c-7"), idempotency_key=key
            ),
        )
    return recorded.id


async def test_a_rung_event_is_processed_by_a_real_worker(
    resources: Resources, settings: Settings
) -> None:
    event_id = await _committed_event(resources, "w-1")

    assert await resources.queue.process_event(event_id)
    # Ringing twice queues one job: the job id is derived from the event id.
    assert not await resources.queue.process_event(event_id)
    assert await resources.queue.queued_count() == 1

    assert await run_burst(settings) == 1

    async with resources.sessions() as session:
        processed_at = await session.scalar(select(Event.processed_at).where(Event.id == event_id))
    assert processed_at is not None
    assert await resources.queue.queued_count() == 0


async def test_a_second_delivery_changes_nothing(resources: Resources, settings: Settings) -> None:
    event_id = await _committed_event(resources, "w-2")
    await resources.queue.process_event(event_id)
    await run_burst(settings)
    async with resources.sessions() as session:
        first = await session.scalar(select(Event.processed_at).where(Event.id == event_id))

    # keep_result=0 frees the job id once run, so a sweeper could ring again.
    assert await resources.queue.process_event(event_id)
    assert await run_burst(settings) == 1
    async with resources.sessions() as session:
        again = await session.scalar(select(Event.processed_at).where(Event.id == event_id))
    assert again == first


def test_a_standing_clock_is_for_tests_only() -> None:
    at = "2026-06-01T09:00:00+00:00"
    settings = load_settings({"WAYMARK_ENV": "test", "WAYMARK_TEST_CLOCK": at})
    assert clock_for(settings).now() == datetime(2026, 6, 1, 9, tzinfo=UTC)
    assert isinstance(clock_for(load_settings({"WAYMARK_ENV": "test"})), SystemClock)
    with pytest.raises(SettingsError, match="WAYMARK_TEST_CLOCK: only allowed when"):
        load_settings({"WAYMARK_ENV": "production", "WAYMARK_TEST_CLOCK": at})
    with pytest.raises(SettingsError, match="WAYMARK_TEST_CLOCK: give a time zone"):
        load_settings({"WAYMARK_ENV": "test", "WAYMARK_TEST_CLOCK": "2026-06-01T09:00:00"})
