"""Demo jobs: S1's orders waiting in queues, some claimed, one moved on, and a history.

Everything runs through the real code (the outbox makes S1's jobs, the services claim
and complete them, the completion event moves the journey on); the history's jobs are
made the same way at earlier times, so reports and trends have numbers and some jobs are
overrunning. Keys make it idempotent: loading twice changes nothing.
"""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from typing import Final

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.auth.models import User
from app.contacts.models import Contact
from app.demo.work import demo_unit, handle_contact
from app.effects.handlers import Recorder
from app.jobs import services
from app.jobs.access import viewer_for
from app.jobs.creation import create_from_effect
from app.jobs.models import OPEN_STATUSES, Job
from app.jobs.schemas import CompleteRequest
from app.lib.problems import DomainError
from app.resources import Resources
from app.runs.outbox import dispatch_batch
from app.worker.assembly import effect_handlers

# (job type, the demo user who works it); the history cycles through them.
_HISTORY_WORK: Final = (
    ("confirm_order", "administration@waymark.local", "confirmed"),
    ("manufacture", "production@waymark.local", "made"),
    ("validate_product", "customer-support@waymark.local", "valid"),
    ("send_replacement", "warehouse@waymark.local", "sent"),
    ("confirm_order", "administration-2@waymark.local", "confirmed"),
    ("call_lead", "sales@waymark.local", "qualified"),
)
# What the history's people wrote in each job's form (the demo job types' forms).
_HISTORY_FORMS: Final[dict[str, dict[str, object]]] = {
    "validate_product": {"finding": "Hinge cracked on arrival, as the customer said."},
    "send_replacement": {"carrier": "DPD", "tracking_number": "DPD-15500042"},
    "call_lead": {"budget": 4000, "notes": "Wants a quote for 200 units by Friday."},
}
HISTORY_JOBS: Final = 30


async def _user(db: AsyncSession, email: str) -> uuid.UUID | None:
    return await db.scalar(select(User.id).where(User.email == email))


async def _make_s1_jobs(resources: Resources, now: datetime) -> int:
    """Create the jobs S1's demo orders asked for (only create-job rows this load queued:
    messages stay queued for the worker, as the demo shows them)."""
    async with demo_unit(resources, now, origin="journey") as unit:
        done = await dispatch_batch(
            unit, effect_handlers(channels=Recorder()), kinds=("create_job",), made_at=now
        )
    return done.sent


async def _work_s1(resources: Resources, now: datetime) -> None:
    """Alex confirms the first order (S1 moves on to Manufacture), claims the second."""
    async with resources.sessions() as db:
        alex = await _user(db, "administration@waymark.local")
        pat = await _user(db, "production@waymark.local")
        confirms = list(
            await db.scalars(
                select(Job.id)
                .where(Job.type_name == "confirm_order", Job.enrollment_id.is_not(None))
                .order_by(Job.created_at, Job.id)
            )
        )
    if alex is None or pat is None or not confirms:
        return
    confirmed = None
    async with demo_unit(resources, now, origin="staff") as unit:
        viewer = await viewer_for(unit.session, alex)
        first = await unit.session.get(Job, confirms[0])
        if first is not None and first.status in OPEN_STATUSES:
            job = await services.claim(unit, viewer, first.id)
            done = CompleteRequest(version=job.version, outcome="confirmed", data={})
            confirmed = await services.complete(unit, viewer, job.id, done)
    if confirmed is not None and confirmed.contact_id is not None:
        # The journey that made the job moves on (S1's next step makes its job).
        await handle_contact(resources, confirmed.contact_id, now)
        await _make_s1_jobs(resources, now)
    async with resources.sessions() as db:
        manufacture = list(
            await db.scalars(
                select(Job.id).where(Job.type_name == "manufacture", Job.enrollment_id.is_not(None))
            )
        )
    for ids, who in ((confirms[1:2], alex), (manufacture[:1], pat)):
        async with demo_unit(resources, now, origin="staff") as unit:
            viewer = await viewer_for(unit.session, who)
            for one in ids:
                try:
                    async with unit.session.begin_nested():
                        await services.claim(unit, viewer, one)
                except DomainError:
                    pass  # already someone's: a second load


async def _history(resources: Resources, now: datetime) -> int:
    """Jobs of the past two weeks, claimed and mostly completed at their own times."""
    created = 0
    async with resources.sessions() as db:
        contacts = list(await db.scalars(select(Contact.id).order_by(Contact.created_at).limit(4)))
        people = {email: await _user(db, email) for _, email, _ in _HISTORY_WORK}
    if not contacts:
        return 0
    for index in range(HISTORY_JOBS):
        type_name, email, outcome = _HISTORY_WORK[index % len(_HISTORY_WORK)]
        worker = people.get(email)
        if worker is None:
            continue
        made_at = now - timedelta(days=14) + timedelta(hours=11 * index)
        order = {"order_id": f"ORD-{1900 + index}", "order_number": f"ORD-{1900 + index}"}
        # A past fortnight replayed: each step of a job at its own time.
        async with demo_unit(resources, made_at, origin="staff") as unit:
            job = await create_from_effect(
                unit,
                key=f"demo:history:{index}",
                payload={"job_type": type_name, "title": None},
                enrollment_id=None,
                journey_id=None,
                contact_id=contacts[index % len(contacts)],
                object_data=order,
                event_data=order,
                variables={},
            )
            if job is None:
                continue  # made by an earlier load
            created += 1
            viewer = await viewer_for(unit.session, worker)
            # Every fifth job nobody has picked up yet; the rest are claimed 10-100 min in.
            if index % 5 == 4:
                continue
            unit.now = made_at + timedelta(minutes=10 + (index * 17) % 90)
            job = await services.claim(unit, viewer, job.id)
            # Three in four are done, 1-9 hours after they were made; the rest still open.
            if index % 4 != 3:
                unit.now = made_at + timedelta(hours=1 + index % 9)
                await services.complete(
                    unit,
                    viewer,
                    job.id,
                    CompleteRequest(
                        version=job.version,
                        outcome=outcome,
                        data=dict(_HISTORY_FORMS.get(type_name, {})),
                    ),
                )
    return created


async def seed_jobs(resources: Resources, now: datetime) -> int:
    """Demo jobs; returns how many were created."""
    made = await _make_s1_jobs(resources, now)
    await _work_s1(resources, now)
    return made + await _history(resources, now)
