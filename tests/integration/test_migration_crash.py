"""A migration applied by real worker processes survives `kill -9`: the killed worker's
batch rolls back, the plan goes on from the last commit when a worker runs again, and
every contact is moved exactly once — while the same workers keep handling the
contacts' events."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import insert, text

from app.eventlog.models import Event
from app.resources import Resources
from app.settings import Settings
from tests.support.faults import WorkerProcess, wait_for
from tests.support.migrations import outcome, queue_migration, seed

NOW = datetime(2026, 6, 1, 9, 0, tzinfo=UTC)
WAKE = NOW + timedelta(days=2)
CONTACTS = 3000


@pytest.fixture
def workers(settings: Settings, tmp_path: Path) -> Iterator[list[WorkerProcess]]:
    started = [WorkerProcess(settings, tmp_path, name) for name in ("a", "b")]
    yield started
    for worker in started:
        worker.stop()


async def _moved(resources: Resources) -> int:
    async with resources.engine.connect() as db:
        return int(
            await db.scalar(text("SELECT coalesce(max(moved), 0) FROM journey_migrations")) or 0
        )


async def _events_for_waiters(resources: Resources, count: int) -> None:
    """Events of the waiting contacts, arriving while they are moved."""
    async with resources.sessions.begin() as db:
        contacts = list(
            await db.scalars(
                text("SELECT contact_id FROM enrollments ORDER BY id LIMIT :n"), {"n": count}
            )
        )
        await db.execute(
            insert(Event),
            [
                {
                    "contact_id": contact,
                    "name": "page.viewed",
                    "properties": {},
                    "source": "api",
                    "occurred_at": NOW,
                    "received_at": NOW,
                }
                for contact in contacts
            ],
        )
    await resources.queue.process_event(0)


async def test_a_worker_killed_mid_migration_moves_each_contact_exactly_once(
    resources: Resources, workers: list[WorkerProcess]
) -> None:
    a, b = workers
    logs = [w.log for w in workers]
    user_id = await seed(resources, CONTACTS, WAKE, NOW)
    migration_id = await queue_migration(resources, user_id, NOW)
    # Small batches, so the kill lands while most contacts are still to move.
    a.start(NOW, batch=20)
    b.start(NOW, batch=20)

    async def some_moved() -> bool:
        return await _moved(resources) >= 300

    await wait_for(some_moved, seconds=120, what="a tenth moved", logs=logs)
    await _events_for_waiters(resources, 500)
    a.kill()
    b.kill()
    at_kill = await _moved(resources)
    assert at_kill < CONTACTS, "the kill must land mid-migration"
    a.start(NOW, batch=20)

    async def done() -> bool:
        return (await outcome(resources, migration_id, WAKE)).status == "done"

    await wait_for(done, seconds=180, what="the migration", logs=logs)
    b.start(NOW, batch=20)

    async def events_handled() -> bool:
        async with resources.engine.connect() as db:
            return not await db.scalar(
                text("SELECT count(*) FROM events WHERE processed_at IS NULL")
            )

    await wait_for(events_handled, seconds=60, what="the events", logs=logs)
    result = await outcome(resources, migration_id, WAKE)
    assert result.moved == CONTACTS
    assert (result.on_v1, result.on_v2_at_new) == (0, CONTACTS)
    assert (result.moved_twice, result.not_moved) == (0, 0)
    assert result.timers_kept == CONTACTS
    async with resources.engine.connect() as db:
        grouped = await db.execute(
            text("SELECT outcome, count(*) FROM journey_migration_items GROUP BY outcome")
        )
        items = {str(outcome): int(n) for outcome, n in grouped}
        steps = await db.scalar(
            text("SELECT count(*) FROM journey_steps WHERE cause = :c"),
            {"c": f"migration:{migration_id}"},
        )
    assert items == {"moved": CONTACTS}
    assert steps == CONTACTS
