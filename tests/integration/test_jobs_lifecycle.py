"""Jobs end to end: a journey makes a job once, people claim and complete it, the journey
moves on along the outcome's exit exactly once; races, stale edits, forms and access."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

import pytest
from sqlalchemy import Select, func, select, update

from app.auth.permissions import Permission
from app.auth.principal import UserPrincipal
from app.eventlog.models import Event
from app.jobs import services
from app.jobs.access import viewer_of
from app.jobs.models import Job, JobEvent, JobType
from app.lib.problems import ConflictError
from app.resources import Resources
from app.runs.models import OutboxMessage
from app.runs.services import handle_event
from tests.fixtures import SignedIn
from tests.support.accounts import MutableClock
from tests.support.jobs import JOBS, audit, dispatch, jobs_of_type, s1_order
from tests.support.runs import chain, handle, node, publish, send, steps

SignIn = Callable[..., Awaitable[SignedIn]]


async def test_a_create_job_effect_makes_its_job_once(
    resources: Resources, clock: MutableClock, standard_roles: None
) -> None:
    job = await s1_order(resources, clock)
    assert job.queue == "administration"
    assert job.title == "Confirm order A-cust-1"
    assert job.status == "new"
    assert job.assignee_id is None
    assert job.related == [{"type": "order", "id": "A-cust-1"}]
    assert job.due_at is not None
    assert job.due_at > job.created_at
    # The outbox row is marked sent; dispatching again (or a replayed row) makes nothing new.
    async with resources.sessions.begin() as db:
        await db.execute(
            update(OutboxMessage)
            .where(OutboxMessage.kind == "create_job")
            .values(status="pending", next_attempt_at=clock.now())
        )
    await dispatch(resources, clock)
    assert len(await jobs_of_type(resources, "confirm_order")) == 1
    assert [a for a, _ in await audit(resources, job.id)] == ["job.created"]


async def test_claim_complete_resumes_the_journey_on_the_outcome_exit_once(
    resources: Resources, clock: MutableClock, signed_in: SignIn
) -> None:
    job = await s1_order(resources, clock)
    _, pat = await signed_in("administration")
    claimed = await pat.post(f"{JOBS}/{job.id}/claim")
    assert claimed.status_code == 200, claimed.text
    body = claimed.json()
    assert body["status"] == "in_progress"
    assert body["outcomes"] == ["confirmed", "apply_discount", "cancel"]
    # Claiming one's own job again changes nothing.
    again = await pat.post(f"{JOBS}/{job.id}/claim")
    assert again.status_code == 200
    assert again.json()["version"] == body["version"]

    done = await pat.post(
        f"{JOBS}/{job.id}/complete",
        json={"version": body["version"], "outcome": "confirmed", "data": {}},
    )
    assert done.status_code == 200, done.text
    assert done.json()["status"] == "completed"
    assert done.json()["outcome"] == "confirmed"
    twice = await pat.post(
        f"{JOBS}/{job.id}/complete",
        json={"version": done.json()["version"], "outcome": "cancel", "data": {}},
    )
    assert twice.status_code == 409
    assert "already completed" in twice.json()["detail"]

    async with resources.sessions() as db:
        events = list(await db.scalars(select(JobEvent.action).where(JobEvent.job_id == job.id)))
        # One event per status change: the completion's carries the outcome and form.
        completed = list(await db.scalars(_status_event("completed")))
    assert events == ["job.created", "job.claimed", "job.completed"]
    assert len(completed) == 1
    # The worker handles the event (twice: a repeat delivery is a no-op).
    await handle(resources, clock, completed[0])
    await handle(resources, clock, completed[0])
    await dispatch(resources, clock)
    assert job.enrollment_id is not None
    path = await steps(resources, job.enrollment_id)
    assert path.count(("confirm-order", "confirmed")) == 1
    made = await jobs_of_type(resources, "manufacture")
    assert len(made) == 1
    assert made[0].queue == "production"


def _status_event(to: str) -> Select[int]:
    """The `job.status_changed` events that moved a job to `to`."""
    return select(Event.id).where(
        Event.name == "job.status_changed", Event.properties["to"].astext == to
    )


async def test_two_claims_at_once_exactly_one_wins(
    resources: Resources, clock: MutableClock, signed_in: SignIn
) -> None:
    job = await s1_order(resources, clock)
    first, _ = await signed_in("administration", name="Alex Kim")
    second, _ = await signed_in("administration", name="Jo Lee")

    async def claim(user_id: object) -> Job | ConflictError:
        async with resources.unit_of_work(now=clock.now()) as unit:
            principal = UserPrincipal(
                user_id=user_id,  # type: ignore[arg-type]
                contact_id=user_id,  # type: ignore[arg-type]
                email="x",
                kind="staff",
                active_role="administration",
                permissions=frozenset({Permission.JOBS_WORK}),
                session_id="s",
                csrf_token="c",
            )
            viewer = await viewer_of(unit.session, principal)
            try:
                return await services.claim(unit, viewer, job.id)
            except ConflictError as error:
                return error

    for _ in range(5):
        async with resources.sessions.begin() as db:
            await db.execute(
                update(Job).where(Job.id == job.id).values(assignee_id=None, status="new")
            )
        results = await asyncio.gather(claim(first.id), claim(second.id))
        winners = [r for r in results if isinstance(r, Job)]
        losers = [r for r in results if isinstance(r, ConflictError)]
        assert len(winners) == 1
        assert len(losers) == 1
        holder = winners[0].assignee_id
        assert losers[0].extensions["assignee"].id == holder
        assert "Already claimed by" in losers[0].detail


async def test_a_late_claim_over_http_names_the_holder(
    resources: Resources, clock: MutableClock, signed_in: SignIn
) -> None:
    job = await s1_order(resources, clock)
    _, alex = await signed_in("administration", name="Alex Kim")
    _, jo = await signed_in("administration", name="Jo Lee")
    assert (await alex.post(f"{JOBS}/{job.id}/claim")).status_code == 200
    late = await jo.post(f"{JOBS}/{job.id}/claim")
    assert late.status_code == 409
    assert late.json()["detail"] == "Already claimed by Alex Kim."
    assert late.json()["assignee"]["name"] == "Alex Kim"


async def test_stale_edits_and_form_errors_change_nothing(
    resources: Resources, clock: MutableClock, signed_in: SignIn
) -> None:
    job = await s1_order(resources, clock)
    async with resources.sessions.begin() as db:
        await db.execute(
            update(JobType)
            .where(JobType.name == "confirm_order")
            .values(
                form_schema={
                    "type": "object",
                    "required": ["checked_by"],
                    "properties": {
                        "checked_by": {"type": "string", "minLength": 2},
                        "discount": {"type": "number", "minimum": 0, "maximum": 50},
                        "items": {
                            "type": "array",
                            "items": {"type": "object", "properties": {"qty": {"type": "integer"}}},
                        },
                    },
                }
            )
        )
    _, pat = await signed_in("administration")
    version = (await pat.post(f"{JOBS}/{job.id}/claim")).json()["version"]
    saved = await pat.request(
        "PATCH", f"{JOBS}/{job.id}", json={"version": version, "priority": "high"}
    )
    assert saved.status_code == 200
    assert saved.json()["priority"] == "high"
    stale = await pat.request(
        "PATCH", f"{JOBS}/{job.id}", json={"version": version, "priority": "low"}
    )
    assert stale.status_code == 409
    assert stale.json()["current_version"] == version + 1
    assert stale.json()["job"]["priority"] == "high"

    bad = await pat.post(
        f"{JOBS}/{job.id}/complete",
        json={
            "version": version + 1,
            "outcome": "apply_discount",
            "data": {"discount": 80, "items": [{"qty": 1}, {"qty": "two"}]},
        },
    )
    assert bad.status_code == 422, bad.text
    fields = {e["field"] for e in bad.json()["errors"]}
    assert fields == {"data.checked_by", "data.discount", "data.items[1].qty"}
    unknown = await pat.post(
        f"{JOBS}/{job.id}/complete",
        json={"version": version + 1, "outcome": "shrug", "data": {"checked_by": "Pat"}},
    )
    assert unknown.status_code == 422
    assert unknown.json()["errors"][0]["field"] == "outcome"
    after = (await pat.get(f"{JOBS}/{job.id}")).json()
    assert after["status"] == "in_progress"
    assert after["version"] == version + 1
    good = await pat.post(
        f"{JOBS}/{job.id}/complete",
        json={
            "version": version + 1,
            "outcome": "apply_discount",
            "data": {"checked_by": "Pat", "discount": 10},
        },
    )
    assert good.status_code == 200, good.text
    assert good.json()["form_data"] == {"checked_by": "Pat", "discount": 10}


async def test_others_cannot_see_complete_or_assign(
    resources: Resources, clock: MutableClock, signed_in: SignIn
) -> None:
    job = await s1_order(resources, clock)
    _, warehouse = await signed_in("warehouse")
    _, admin = await signed_in("administration")
    colleague, _ = await signed_in("administration")
    worker, _ = await signed_in("production")
    _, boss = await signed_in("supervisor")
    # Another queue's job is not found (not forbidden): ids cannot be probed.
    for method, path in (
        ("GET", f"{JOBS}/{job.id}"),
        ("POST", f"{JOBS}/{job.id}/claim"),
        ("GET", f"{JOBS}/{job.id}/notes"),
    ):
        assert (await warehouse.request(method, path)).status_code == 404, path
    assert (await warehouse.get(JOBS)).json()["items"] == []
    assert (await warehouse.get(JOBS, params={"scope": "all"})).status_code == 403
    # Completing needs holding it; assigning needs jobs:supervise.
    unheld = await admin.post(
        f"{JOBS}/{job.id}/complete", json={"version": 1, "outcome": "confirmed"}
    )
    assert unheld.status_code == 409
    assert "Claim this job first" in unheld.json()["detail"]
    refused = await admin.post(f"{JOBS}/{job.id}/assign", json={"assignee_id": str(colleague.id)})
    assert refused.status_code == 403
    # The supervisor assigns within the queue, not to someone who cannot work it.
    wrong = await boss.post(f"{JOBS}/{job.id}/assign", json={"assignee_id": str(worker.id)})
    assert wrong.status_code == 422
    assert wrong.json()["errors"][0]["field"] == "assignee_id"
    given = await boss.post(f"{JOBS}/{job.id}/assign", json={"assignee_id": str(colleague.id)})
    assert given.status_code == 200, given.text
    assert given.json()["assignee"]["id"] == str(colleague.id)
    assert given.json()["status"] == "new"  # assignee is separate from status
    changes = (await audit(resources, job.id))[-1]
    assert changes == (
        "job.assigned",
        {"assignee_id": {"from": None, "to": str(colleague.id)}},
    )


async def test_the_audit_log_is_append_only(
    resources: Resources, clock: MutableClock, standard_roles: None
) -> None:
    job = await s1_order(resources, clock)
    with pytest.raises(Exception, match="append-only"):
        async with resources.sessions.begin() as db:
            await db.execute(update(JobEvent).where(JobEvent.job_id == job.id).values(action="x"))


async def test_a_journey_that_exits_cancels_its_open_jobs(
    resources: Resources, clock: MutableClock, signed_in: SignIn
) -> None:
    job = await s1_order(resources, clock)
    _, boss = await signed_in("supervisor")
    cancelled = await boss.post(
        f"{JOBS}/{job.id}/cancel", json={"version": job.version, "reason": "Duplicate order"}
    )
    assert cancelled.status_code == 200, cancelled.text
    async with resources.sessions() as db:
        event_id = await db.scalar(_status_event("cancelled"))
    assert event_id is not None
    await handle(resources, clock, event_id)
    assert job.enrollment_id is not None
    assert ("confirm-order", "cancelled") in await steps(resources, job.enrollment_id)

    # A journey reaching its goal while its job is open cancels the job (once).
    graph = chain(
        node("trigger.event", "placed", event_name="order.placed"),
        node(
            "action.create_job",
            "check",
            job_type="confirm_order",
            queue="administration",
            title="Check {{ event.order_number }}",
        ),
    )
    graph["settings"] = {"exit_criteria": {"goal_events": ["order.withdrawn"]}}
    await publish(resources, "Withdrawable", graph, clock.now())
    placed = await send(resources, clock, "order.placed", "cust-2", order_number="B-2")
    await handle(resources, clock, placed)
    await dispatch(resources, clock)
    async with resources.sessions() as db:
        second = (await db.scalars(select(Job).where(Job.title == "Check B-2"))).one()
    withdrawn = await send(resources, clock, "order.withdrawn", "cust-2")
    async with resources.unit_of_work(now=clock.now()) as unit:
        await handle_event(unit, withdrawn)
    assert len(unit.notices) == 1  # S1 (no goal events) keeps its own job open
    async with resources.sessions() as db:
        status, reason = (
            await db.execute(select(Job.status, Job.cancel_reason).where(Job.id == second.id))
        ).one()
        count = await db.scalar(
            select(func.count())
            .select_from(JobEvent)
            .where(JobEvent.job_id == second.id, JobEvent.action == "job.cancelled")
        )
    assert (status, reason) == ("cancelled", "The journey ended")
    assert count == 1


async def test_the_history_names_the_assignee_not_their_id(
    resources: Resources, clock: MutableClock, signed_in: SignIn
) -> None:
    job = await s1_order(resources, clock)
    colleague, _ = await signed_in("administration", name="Casey Colleague")
    _, boss = await signed_in("supervisor")
    given = await boss.post(f"{JOBS}/{job.id}/assign", json={"assignee_id": str(colleague.id)})
    assert given.status_code == 200, given.text
    taken = await boss.post(f"{JOBS}/{job.id}/assign", json={"assignee_id": None})
    assert taken.status_code == 200, taken.text

    history = (await boss.get(f"{JOBS}/{job.id}/history")).json()
    casey = {"id": str(colleague.id), "name": "Casey Colleague", "email": colleague.email}
    assert [(e["action"], e["changes"]) for e in history[-2:]] == [
        ("job.assigned", {"assignee_id": {"from": None, "to": casey}}),
        ("job.assigned", {"assignee_id": {"from": casey, "to": None}}),
    ]
    # The log itself keeps the id: names change, ids do not.
    assert (await audit(resources, job.id))[-1][1] == {
        "assignee_id": {"from": str(colleague.id), "to": None}
    }
