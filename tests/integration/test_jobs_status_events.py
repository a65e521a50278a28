"""Every job status change is a `job.status_changed` event of the job's contact, recorded
with its audit row; journeys start on it (job-status and event triggers) and wait for it."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from sqlalchemy import select

from app.eventlog.models import Event
from app.jobs.models import JobEvent
from app.resources import Resources
from app.runs.models import Enrollment
from app.runs.sweeper import drain_events
from tests.fixtures import SignedIn
from tests.support.accounts import MutableClock
from tests.support.jobs import JOBS, s1_order
from tests.support.runs import chain, node, publish

SignIn = Callable[..., Awaitable[SignedIn]]


async def _status_events(resources: Resources) -> list[Event]:
    async with resources.sessions() as db:
        return list(
            await db.scalars(
                select(Event).where(Event.name == "job.status_changed").order_by(Event.id)
            )
        )


async def _entered(resources: Resources, journey_id: object) -> list[Enrollment]:
    async with resources.sessions() as db:
        return list(await db.scalars(select(Enrollment).where(Enrollment.journey_id == journey_id)))


async def test_each_status_change_is_an_event_keyed_by_its_audit_row(
    resources: Resources, clock: MutableClock, signed_in: SignIn
) -> None:
    job = await s1_order(resources, clock)
    _, alex = await signed_in("administration")
    claimed = await alex.post(f"{JOBS}/{job.id}/claim")
    assert claimed.status_code == 200, claimed.text
    # A note and a refused second completion change no status: no event for them.
    assert (await alex.post(f"{JOBS}/{job.id}/notes", json={"body": "Rang them"})).is_success
    version = claimed.json()["version"]
    done = await alex.post(
        f"{JOBS}/{job.id}/complete", json={"version": version, "outcome": "confirmed"}
    )
    assert done.status_code == 200, done.text
    again = await alex.post(
        f"{JOBS}/{job.id}/complete", json={"version": version + 2, "outcome": "cancel"}
    )
    assert again.status_code == 409

    events = await _status_events(resources)
    assert [(e.properties["from"], e.properties["to"]) for e in events] == [
        (None, "new"),
        ("new", "in_progress"),
        ("in_progress", "completed"),
    ]
    assert {e.contact_id for e in events} == {job.contact_id}
    last = events[-1].properties
    assert last["job_type"] == "confirm_order"
    assert last["outcome"] == "confirmed"
    assert last["action"] == "job.completed"
    assert last["job_id"] == str(job.id)
    async with resources.sessions() as db:
        audit = list(
            await db.scalars(
                select(JobEvent)
                .where(JobEvent.job_id == job.id, JobEvent.changes.has_key("status"))
                .order_by(JobEvent.id)
            )
        )
    # One event per audit row that changed the status, at the same time, keyed by it.
    assert [f"job.status_changed:{row.id}" for row in audit] == [e.idempotency_key for e in events]
    assert [row.at for row in audit] == [e.occurred_at for e in events]


async def test_a_journey_starts_on_a_job_status_change(
    resources: Resources, clock: MutableClock, signed_in: SignIn
) -> None:
    job = await s1_order(resources, clock)
    on_confirmed = await publish(
        resources,
        "After a confirmed order",
        chain(
            node(
                "trigger.job_status",
                "confirmed",
                job_type="confirm_order",
                status="completed",
                outcome="confirmed",
            ),
            node("flow.end", "end"),
        ),
    )
    on_claim = await publish(
        resources,
        "When staff pick up an order",
        chain(
            node(
                "trigger.event",
                "picked-up",
                event_name="job.status_changed",
                filter={
                    "type": "group",
                    "rules": [
                        {
                            "type": "event_property",
                            "property": "to",
                            "operator": "equals",
                            "value": "in_progress",
                        }
                    ],
                },
            ),
            node("flow.end", "end"),
        ),
    )
    on_cancel = await publish(
        resources,
        "After a cancelled order",
        chain(
            node("trigger.job_status", "cancelled", job_type="confirm_order", status="cancelled"),
            node("flow.end", "end"),
        ),
    )
    await drain_events(resources.sessions, clock, resources.bell)
    # The job's creation (handled now) starts none of them.
    assert await _entered(resources, on_claim) == []

    _, alex = await signed_in("administration")
    claimed = await alex.post(f"{JOBS}/{job.id}/claim")
    assert claimed.status_code == 200, claimed.text
    await drain_events(resources.sessions, clock, resources.bell)
    assert [e.contact_id for e in await _entered(resources, on_claim)] == [job.contact_id]
    assert await _entered(resources, on_confirmed) == []

    done = await alex.post(
        f"{JOBS}/{job.id}/complete",
        json={"version": claimed.json()["version"], "outcome": "confirmed"},
    )
    assert done.status_code == 200, done.text
    await drain_events(resources.sessions, clock, resources.bell)
    await drain_events(
        resources.sessions, clock, resources.bell
    )  # a second drain finds nothing new
    entered = await _entered(resources, on_confirmed)
    assert [e.contact_id for e in entered] == [job.contact_id]
    assert entered[0].status == "completed"
    assert len(await _entered(resources, on_claim)) == 1
    assert await _entered(resources, on_cancel) == []


async def test_the_contacts_timeline_lists_their_jobs(
    resources: Resources, clock: MutableClock, signed_in: SignIn, super_user: SignedIn
) -> None:
    job = await s1_order(resources, clock)
    _, alex = await signed_in("administration")
    claimed = await alex.post(f"{JOBS}/{job.id}/claim")
    assert claimed.status_code == 200, claimed.text
    done = await alex.post(
        f"{JOBS}/{job.id}/complete",
        json={"version": claimed.json()["version"], "outcome": "confirmed"},
    )
    assert done.status_code == 200, done.text
    _, browser = super_user
    url = f"/api/v1/contacts/{job.contact_id}/timeline"
    items = (await browser.get(url, params={"kind": "job"})).json()["items"]
    assert [(i["detail"]["action"], i["detail"]["to"], i["detail"]["outcome"]) for i in items] == [
        ("job.completed", "completed", "confirmed"),
        ("job.claimed", "in_progress", None),
        ("job.created", "new", None),
    ]
    assert items[0]["title"] == "Job completed: Confirm order A-cust-1"
    assert {i["detail"]["job_id"] for i in items} == {str(job.id)}
    # Paged one at a time, the same three come back in order; the job's own events
    # (job.status_changed) are not repeated as event items.
    seen, before = [], None
    while True:
        params: dict[str, object] = {"limit": 1}
        if before:
            params["before"] = before
        page = (await browser.get(url, params=params)).json()
        seen += [(i["kind"], i["id"]) for i in page["items"] if i["kind"] == "job"]
        assert all(not i["title"].startswith("job.") for i in page["items"] if i["kind"] == "event")
        before = page["next_cursor"]
        if not before:
            break
    assert seen == [("job", i["id"]) for i in items]
