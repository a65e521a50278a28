"""A record's progress in the portal is the stages its jobs moved through, in the
customer's words: S2 makes the return's jobs, support works them through the jobs API,
and the customer reads where the return stands without a staff name, note, title or
form answer in sight."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from sqlalchemy import select

from app.contacts import objects
from app.contacts.schemas import ObjectCreate
from app.eventlog.models import Event
from app.jobs.models import Job
from app.resources import Resources
from tests.fixtures import SignedIn
from tests.support.accounts import Browser, MutableClock
from tests.support.jobs import catalog, dispatch
from tests.support.portal import book_appointment, measure_site_job
from tests.support.runs import handle, publish_template

SignIn = Callable[..., Awaitable[SignedIn]]
pytestmark = pytest.mark.usefixtures("standard_roles")


async def _order(resources: Resources, contact_id: uuid.UUID, ref: str) -> uuid.UUID:
    async with resources.unit_of_work(origin="demo") as unit:
        row = await objects.create_object(
            unit,
            contact_id,
            ObjectCreate(kind="order", status="delivered", external_ref=ref, data={"total": 30}),
        )
    return row.id


async def _latest_event(resources: Resources, contact_id: uuid.UUID, name: str) -> int:
    async with resources.sessions() as db:
        found = await db.scalar(
            select(Event.id)
            .where(Event.contact_id == contact_id, Event.name == name)
            .order_by(Event.id.desc())
            .limit(1)
        )
    assert found is not None, name
    return found


async def _jobs_of(resources: Resources, contact_id: uuid.UUID, type_name: str) -> list[Job]:
    async with resources.sessions() as db:
        return list(
            await db.scalars(
                select(Job).where(Job.contact_id == contact_id, Job.type_name == type_name)
            )
        )


async def _labels(browser: Browser, record_id: str) -> tuple[str, list[str], str]:
    response = await browser.get(f"/api/v1/portal/records/{record_id}")
    assert response.status_code == 200, response.text
    detail = response.json()
    return detail["record"]["status_label"], [s["label"] for s in detail["progress"]], response.text


async def _work(staff: Browser, job_id: uuid.UUID, outcome: str, data: dict[str, Any]) -> None:
    claimed = await staff.post(f"/api/v1/jobs/{job_id}/claim")
    assert claimed.status_code == 200, claimed.text
    note = await staff.post(
        f"/api/v1/jobs/{job_id}/notes", json={"body": "Internal: scuffed, probably dropped"}
    )
    assert note.status_code == 201, note.text
    done = await staff.post(
        f"/api/v1/jobs/{job_id}/complete",
        json={"version": claimed.json()["version"], "outcome": outcome, "data": data},
    )
    assert done.status_code == 200, done.text


async def test_a_returns_progress_is_its_jobs_stages_in_customer_words(
    resources: Resources, clock: MutableClock, signed_in: SignIn
) -> None:
    await catalog(resources)
    await publish_template(resources, "return-and-replacement", clock.now())
    account, ada = await signed_in("customer", name="Ada Lovelace")
    _, support = await signed_in("customer_support", name="Tom Baker")
    order_id = await _order(resources, account.contact_id, "ORD-77")

    requested = await ada.post(
        "/api/v1/portal/returns", json={"order_id": str(order_id), "reason": "It hums"}
    )
    assert requested.status_code == 201, requested.text
    return_id = requested.json()["record"]["id"]
    # S2 takes the request: its "validate the product" job is made, linked to the return.
    clock.advance(minutes=1)
    await handle(
        resources, clock, await _latest_event(resources, account.contact_id, "return.requested")
    )
    assert (await dispatch(resources, clock)).sent == 1
    [validate] = await _jobs_of(resources, account.contact_id, "validate_product")
    assert {"type": "return", "id": return_id} in validate.related

    status, labels, _ = await _labels(ada, return_id)
    assert labels == [
        "Return requested: we will check it shortly",
        "Return received — we are checking it",
    ]
    assert status == "Return received — we are checking it"

    # Support inspects it (claims, notes, completes as valid): the customer's words follow.
    clock.advance(minutes=5)
    await _work(support, validate.id, "valid", {"finding": "Internal: hum from a loose coil"})
    status, labels, text = await _labels(ada, return_id)
    assert labels[-2:] == [
        "We are inspecting your item",
        "Return accepted: a replacement is being prepared",
    ]
    assert status == "Return accepted: a replacement is being prepared"
    # Nothing internal: not who worked it, their note, the job's title or its type's label.
    for secret in ("Tom Baker", "scuffed", "loose coil", validate.title, "Inspect a returned"):
        assert secret not in text

    # S2 moves on: the warehouse's job shows as the next stage, in the list as well.
    clock.advance(minutes=1)
    await handle(
        resources, clock, await _latest_event(resources, account.contact_id, "job.status_changed")
    )
    assert (await dispatch(resources, clock)).sent == 1
    listed = (await ada.get("/api/v1/portal/returns")).json()
    assert [(r["id"], r["status_label"]) for r in listed] == [
        (return_id, "Your replacement is being prepared")
    ]
    # The return's jobs name the order too, but they are the return's story, not the order's.
    _, order_labels, _ = await _labels(ada, str(order_id))
    assert order_labels == ["Delivered"]


async def test_any_other_job_on_a_record_shows_plain_stages_and_hides_internal_ones(
    resources: Resources, clock: MutableClock, signed_in: SignIn
) -> None:
    account, ada = await signed_in("customer", name="Ada Lovelace")
    _, supervisor = await signed_in("supervisor", name="Sam Okafor")
    record = await book_appointment(ada, clock)
    job_id = await measure_site_job(resources, clock, account.contact_id, record, outcomes=["ok"])
    clock.advance(minutes=5)
    claimed = (await supervisor.post(f"/api/v1/jobs/{job_id}/claim")).json()
    held = await supervisor.request(
        "PATCH",
        f"/api/v1/jobs/{job_id}",
        json={"version": claimed["version"], "status": "on_hold"},
    )
    assert held.status_code == 200, held.text
    cancelled = await supervisor.post(
        f"/api/v1/jobs/{job_id}/cancel",
        json={"version": held.json()["version"], "reason": "Customer was rude on the phone"},
    )
    assert cancelled.status_code == 200, cancelled.text

    status, labels, text = await _labels(ada, record["id"])
    assert labels == [
        "Requested: we will confirm the time",
        "We have started on it",
        "Someone is working on it",
        "Waiting for something before we carry on",
    ]
    assert status == labels[-1]
    for secret in ("grumpy", "rude", "Sam Okafor", "Measure the site", "measure_site"):
        assert secret not in text
    # Another customer's records never pick up this job's stages.
    _, grace = await signed_in("customer", name="Grace Hopper")
    assert (await grace.get(f"/api/v1/portal/records/{record['id']}")).status_code == 404
