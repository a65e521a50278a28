"""Escalation (S3): a job nobody claims in time gets a higher priority and its queue's
supervisors are told, once; a job claimed in time is left alone."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from sqlalchemy import select

from app.automation.models import Notification
from app.jobs.escalation import escalate_due
from app.jobs.models import Job
from app.resources import Resources
from tests.fixtures import SignedIn
from tests.support.accounts import MutableClock, create_user
from tests.support.channels import add_contact
from tests.support.jobs import JOBS, audit, catalog, dispatch
from tests.support.runs import chain, handle, node, publish, send

SignIn = Callable[..., Awaitable[SignedIn]]


async def _escalate(resources: Resources, clock: MutableClock) -> int:
    async with resources.unit_of_work(now=clock.now(), origin="system") as unit:
        return await escalate_due(unit)


async def _job(resources: Resources, title: str) -> Job:
    async with resources.sessions() as db:
        job = await db.scalar(select(Job).where(Job.title == title))
    assert job is not None
    return job


async def test_an_unclaimed_job_escalates_once_and_a_claimed_one_never(
    resources: Resources, clock: MutableClock, signed_in: SignIn
) -> None:
    await catalog(resources)
    boss = await create_user(resources, role="supervisor", secondary=["sales"])
    _, seller = await signed_in("sales")
    escalation = {
        "if_unclaimed_after": {"amount": 24, "unit": "hours"},
        "raise_priority_to": "urgent",
        "notify_supervisors": True,
    }
    await publish(
        resources,
        "Hot leads",
        chain(
            node("trigger.event", "hot", event_name="lead.hot"),
            node(
                "action.create_job",
                "call",
                job_type="call_lead",
                queue="sales",
                title="Call {{ contact.name }}",
                escalation=escalation,
            ),
            node("flow.end", "end"),
        ),
        now=clock.now(),
    )
    for who in ("Quiet Lead", "Quick Lead"):
        external_id = who.lower().replace(" ", "-")
        await add_contact(resources, external_id, name=who)
        await handle(resources, clock, await send(resources, clock, "lead.hot", external_id))
    await dispatch(resources, clock)
    async with resources.sessions() as db:
        titles = sorted(await db.scalars(select(Job.title)))
    quiet_title, quick_title = "Call Quiet Lead", "Call Quick Lead"
    assert titles == [quick_title, quiet_title]

    # One is claimed within the day.
    quick = await _job(resources, quick_title)
    claimed = await seller.post(f"{JOBS}/{quick.id}/claim")
    assert claimed.status_code == 200, claimed.text

    clock.advance(hours=23, minutes=59)
    assert await _escalate(resources, clock) == 0
    clock.advance(minutes=2)
    assert await _escalate(resources, clock) == 1
    assert await _escalate(resources, clock) == 0  # once

    quiet = await _job(resources, quiet_title)
    assert quiet.priority == "urgent"
    assert quiet.escalated_at is not None
    assert ("job.escalated", {"priority": {"from": "normal", "to": "urgent"}}) in await audit(
        resources, quiet.id
    )
    quick = await _job(resources, quick_title)
    assert quick.priority == "normal"
    assert "job.escalated" not in [action for action, _ in await audit(resources, quick.id)]
    async with resources.sessions() as db:
        told = list(await db.execute(select(Notification.user_id, Notification.title)))
    assert told == [(boss.id, f"Nobody has claimed “{quiet_title}”")]
