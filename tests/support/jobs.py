"""Helpers for the jobs tests: the S1 journey making real jobs through the outbox."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import select

from app.demo.journeys import seed_catalog
from app.effects.handlers import Recorder
from app.jobs.models import Job, JobEvent
from app.journeys.models import Journey
from app.resources import Resources
from app.runs.outbox import Dispatched, dispatch_batch
from app.worker.assembly import effect_handlers
from tests.support.accounts import MutableClock
from tests.support.runs import handle, publish_template, send

JOBS = "/api/v1/jobs"


async def catalog(resources: Resources) -> None:
    async with resources.sessions.begin() as db:
        await seed_catalog(db)


async def dispatch(resources: Resources, clock: MutableClock) -> Dispatched:
    async with resources.unit_of_work(now=clock.now()) as unit:
        return await dispatch_batch(unit, effect_handlers(channels=Recorder()))


async def s1_order(
    resources: Resources, clock: MutableClock, customer: str = "cust-1", value: int = 200
) -> Job:
    """Publish S1 (once), place an order and run it until its first job exists."""
    async with resources.sessions() as db:
        published = await db.scalar(select(Journey.id).limit(1)) is not None
    if not published:
        await catalog(resources)
        await publish_template(resources, "order-to-delivery", clock.now())
    event_id = await send(
        resources,
        clock,
        "order.placed",
        customer,
        order_id=f"A-{customer}",
        order_number=f"A-{customer}",
        value=value,
    )
    await handle(resources, clock, event_id)
    done = await dispatch(resources, clock)
    assert done.sent >= 1, done
    return await job_of(resources, customer_job=f"A-{customer}")


async def job_of(
    resources: Resources, *, customer_job: str, type_name: str = "confirm_order"
) -> Job:
    async with resources.sessions() as db:
        rows = list(
            await db.scalars(
                select(Job)
                .where(Job.type_name == type_name, Job.related.contains([{"id": customer_job}]))
                .order_by(Job.created_at)
            )
        )
    assert len(rows) == 1, f"{len(rows)} {type_name} jobs for {customer_job}"
    return rows[0]


async def jobs_of_type(resources: Resources, type_name: str) -> list[Job]:
    async with resources.sessions() as db:
        return list(await db.scalars(select(Job).where(Job.type_name == type_name)))


async def audit(resources: Resources, job_id: uuid.UUID) -> list[tuple[str, dict[str, Any]]]:
    async with resources.sessions() as db:
        rows = await db.scalars(
            select(JobEvent).where(JobEvent.job_id == job_id).order_by(JobEvent.id)
        )
        return [(r.action, r.changes) for r in rows]
