"""The job page's key facts: the contact and each related object of *that contact*, inline."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from sqlalchemy import update

from app.contacts import objects, profile
from app.contacts.schemas import ContactCreate, ObjectCreate
from app.jobs.models import Job
from app.resources import Resources
from tests.fixtures import SignedIn
from tests.support.accounts import MutableClock
from tests.support.jobs import JOBS, s1_order

SignIn = Callable[..., Awaitable[SignedIn]]


async def test_the_job_carries_its_contacts_and_objects_key_facts(
    resources: Resources, clock: MutableClock, signed_in: SignIn
) -> None:
    job = await s1_order(resources, clock)
    assert job.contact_id is not None
    async with resources.unit_of_work() as unit:
        await profile.add_tags(unit, job.contact_id, ["vip"])
        await profile.change_score(unit, job.contact_id, value=42)
        await objects.create_object(
            unit,
            job.contact_id,
            ObjectCreate(
                kind="order",
                external_ref="A-cust-1",
                status="placed",
                data={"total": 249.5, "currency": "GBP", "items": 2, "lines": [{"sku": "x"}]},
            ),
        )
        # Someone else's order: a job naming it (by id) must not show it.
        other = await profile.create_contact(
            unit, ContactCreate(name="Grace Hopper", email="grace@example.com")
        )
        theirs = await objects.create_object(
            unit,
            other.id,
            ObjectCreate(kind="order", external_ref="G-1", status="shipped", data={"total": 9}),
        )
    async with resources.sessions.begin() as db:
        await db.execute(
            update(Job)
            .where(Job.id == job.id)
            .values(
                related=[
                    {"type": "order", "id": "A-cust-1"},
                    {"type": "order", "id": str(theirs.id)},
                    {"type": "order", "id": "G-1"},
                    {"type": "return", "id": "R-404"},
                ]
            )
        )
    _, alex = await signed_in("administration")
    answer = await alex.get(f"{JOBS}/{job.id}")
    assert answer.status_code == 200, answer.text
    body = answer.json()
    facts = body["contact_facts"]
    assert facts["id"] == str(job.contact_id)
    assert facts["tags"] == ["vip"]
    assert facts["score"] == 42
    assert set(facts) == {"id", "name", "email", "phone", "tags", "score"}
    mine, by_id, by_ref, missing = body["related"]
    order = mine["object"]
    assert (mine["type"], mine["id"]) == ("order", "A-cust-1")
    assert order["kind"] == "order"
    assert order["status"] == "placed"
    assert order["reference"] == "A-cust-1"
    assert order["amount"] == 249.5
    assert order["currency"] == "GBP"
    # A few scalar data fields (not the amount, currency or lists).
    assert order["fields"] == {"items": 2}
    assert by_id == {"type": "order", "id": str(theirs.id), "object": None}
    assert by_ref == {"type": "order", "id": "G-1", "object": None}
    assert missing == {"type": "return", "id": "R-404", "object": None}
