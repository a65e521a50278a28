"""Portal test setup: a customer's appointment and a staff job linked to it."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import insert

from app.jobs.creation import create_from_effect
from app.jobs.models import JobType
from app.resources import Resources
from tests.support.accounts import Browser, MutableClock


async def add_job_type(resources: Resources, name: str, *, label: str, outcomes: list[str]) -> None:
    """A job type of the supervisor's queue, as staff would make one."""
    async with resources.sessions.begin() as db:
        await db.execute(
            insert(JobType).values(name=name, label=label, queue="supervisor", outcomes=outcomes)
        )


async def book_appointment(customer: Browser, clock: MutableClock) -> dict[str, Any]:
    """The customer books a fitting (in 2030) in the portal; its record."""
    booked = await customer.post(
        "/api/v1/portal/appointments",
        json={"starts_at": clock.now().replace(year=2030).isoformat(), "topic": "Fitting"},
    )
    assert booked.status_code == 201, booked.text
    record: dict[str, Any] = booked.json()["record"]
    return record


async def measure_site_job(
    resources: Resources,
    clock: MutableClock,
    contact_id: uuid.UUID,
    appointment: dict[str, Any],
    *,
    outcomes: list[str],
) -> uuid.UUID:
    """A "Measure the site" job, a type the code has no customer words for, linked to the
    customer's appointment (a record from book_appointment) by its reference, as a
    journey's data would carry it. Its title is staff's own: the customer never reads it."""
    await add_job_type(resources, "measure_site", label="Measure the site", outcomes=outcomes)
    async with resources.unit_of_work(now=clock.now()) as unit:
        job = await create_from_effect(
            unit,
            key="test:measure",
            payload={
                "job_type": "measure_site",
                "title": "Measure for Ada (grumpy)",
                "link_objects": ["appointment"],
            },
            enrollment_id=None,
            journey_id=None,
            contact_id=contact_id,
            object_data={"appointment_number": appointment["reference"]},
            event_data={},
            variables={},
        )
    assert job is not None
    return job.id
