"""Cancelling a migration while it is applied: no further batch moves, the contacts
already moved stay moved, the rest stay on their version; audited, and in the OpenAPI."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from datetime import timedelta

import msgspec
from sqlalchemy import select, text

from app.auth.models import AuditEntry
from app.resources import Resources
from app.runs import migrations
from app.settings import Settings
from app.worker.runner import run_burst
from tests.fixtures import SignedIn
from tests.support.accounts import MutableClock
from tests.support.migrations import JOURNEY_ID, PLAN, seed

SignIn = Callable[..., Awaitable[SignedIn]]
URL = f"/api/v1/journeys/{JOURNEY_ID}/migrations"
CONTACTS = 30


async def _versions(resources: Resources) -> dict[int, int]:
    async with resources.sessions() as db:
        rows = await db.execute(
            text("SELECT version, count(*) FROM enrollments WHERE journey_id = :j GROUP BY 1"),
            {"j": JOURNEY_ID},
        )
        return {int(version): int(count) for version, count in rows.all()}


async def _one_step(resources: Resources, clock: MutableClock) -> int:
    """One step of the worker's migration drainer (a start, or a batch of 10)."""
    return await migrations.apply_once(resources.sessions, clock, resources.bell, batch=10)


async def test_a_cancelled_migration_moves_no_further_batch_and_keeps_those_moved(
    signed_in: SignIn, resources: Resources, settings: Settings, clock: MutableClock
) -> None:
    account, marketer = await signed_in("marketer")
    await seed(resources, CONTACTS, clock.now() + timedelta(days=2), clock.now())
    plan = msgspec.to_builtins(PLAN)
    applied = await marketer.post(URL, json=plan)
    assert applied.status_code == 202, applied.text
    migration_id = applied.json()["id"]
    assert await _one_step(resources, clock) == CONTACTS  # started: every waiter covered
    assert await _one_step(resources, clock) == 10  # the first batch moved

    cancelled = await marketer.post(f"{URL}/{migration_id}/cancel")

    assert cancelled.status_code == 200, cancelled.text
    body = cancelled.json()
    assert {k: body[k] for k in ("status", "total", "moved", "pending")} == {
        "status": "cancelled",
        "total": CONTACTS,
        "moved": 10,
        "pending": CONTACTS - 10,
    }
    assert body["finished_at"] is not None
    assert "10 moved to version 2 (they stay there); 20 not yet moved" in body["detail"]
    # The workers take no further batch of it: the rest stay on version 1.
    assert await _one_step(resources, clock) == 0
    await run_burst(settings, clock=clock)
    assert await _versions(resources) == {1: CONTACTS - 10, 2: 10}
    again = await marketer.post(f"{URL}/{migration_id}/cancel")
    assert again.status_code == 409, again.text
    assert again.json()["migration_status"] == "cancelled"
    async with resources.sessions() as db:
        entry = await db.scalar(
            select(AuditEntry).where(AuditEntry.action == "journey.migration_cancelled")
        )
        assert entry is not None
        assert entry.actor_id == account.id
        assert entry.changes["moved"] == {"from": None, "to": 10}
        assert entry.changes["not_moved"] == {"from": None, "to": CONTACTS - 10}
        # Each moved contact was moved once, by one step row of the migration.
        moves = await db.scalar(
            text("SELECT count(DISTINCT enrollment_id) FROM journey_steps WHERE cause = :c"),
            {"c": f"migration:{migration_id}"},
        )
    assert moves == 10

    # A new plan can be applied now; it moves the ones the cancelled one left.
    clock.advance(minutes=1)
    second = await marketer.post(URL, json=plan)
    assert second.status_code == 202, second.text
    await run_burst(settings, clock=clock)
    finished = (await marketer.get(f"{URL}/{second.json()['id']}")).json()
    assert (finished["status"], finished["total"], finished["moved"]) == ("done", 20, 20)
    assert await _versions(resources) == {2: CONTACTS}
    done = await marketer.post(f"{URL}/{second.json()['id']}/cancel")
    assert done.status_code == 409
    assert done.json()["migration_status"] == "done"
    listed = (await marketer.get(URL)).json()
    assert [m["status"] for m in listed] == ["done", "cancelled"]


async def test_a_queued_migration_cancelled_moves_nobody_and_unknown_ones_are_404(
    signed_in: SignIn, resources: Resources, settings: Settings, clock: MutableClock
) -> None:
    _, marketer = await signed_in("marketer")
    await seed(resources, 5, clock.now() + timedelta(days=2), clock.now())
    applied = await marketer.post(URL, json=msgspec.to_builtins(PLAN))
    migration_id = applied.json()["id"]
    _, reader = await signed_in("customer_support")
    forbidden = await reader.post(f"{URL}/{migration_id}/cancel")
    assert forbidden.status_code == 403

    cancelled = await marketer.post(f"{URL}/{migration_id}/cancel")

    assert cancelled.status_code == 200, cancelled.text
    assert cancelled.json()["status"] == "cancelled"
    assert "before a worker started it" in cancelled.json()["detail"]
    await run_burst(settings, clock=clock)
    assert await _versions(resources) == {1: 5}
    missing = await marketer.post(f"{URL}/{uuid.uuid4()}/cancel")
    assert missing.status_code == 404
    elsewhere = await marketer.post(
        f"/api/v1/journeys/{uuid.uuid4()}/migrations/{migration_id}/cancel"
    )
    assert elsewhere.status_code == 404


async def test_cancelling_is_in_the_openapi_with_every_answer(signed_in: SignIn) -> None:
    _, marketer = await signed_in("marketer")
    document = (await marketer.get("/api/docs/openapi.json")).json()
    operation = document["paths"]["/api/v1/journeys/{journey_id}/migrations/{migration_id}/cancel"][
        "post"
    ]
    assert operation["operationId"] == "cancelJourneyMigration"
    assert {"200", "400", "401", "403", "404", "409"} <= set(operation["responses"])
    status = document["components"]["schemas"]["Migration"]["properties"]["status"]
    assert "cancelled" in str(status)
