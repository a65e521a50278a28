"""Who is at this step, and changing it: remove, move, end a wait (under the row locks,
audited, refused with a 409 when the contact moved on), and manual enrolment of one
contact or a segment, with the re-entry rule applied (docs/enrollments-api.md)."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from sqlalchemy import select

from app.auth.models import AuditEntry
from app.auth.permissions import Permission
from app.contacts.models import Contact
from app.demo import whereabouts
from app.demo.loader import load_demo_data
from app.jobs.models import Job
from app.lib.problems import ConflictError
from app.reports import enrollments as enrollments_read
from app.resources import Resources
from app.runs import actions
from app.runs.models import Enrollment, EnrollmentTimer
from app.segments.models import Segment
from app.settings import Settings
from tests.fixtures import SignedIn
from tests.support.accounts import MutableClock, create_api_key
from tests.support.jobs import audit as job_audit
from tests.support.jobs import catalog, dispatch
from tests.support.runs import T0, chain, node, publish, send
from tests.support.worker import sweep, worker_ctx

SignIn = Callable[..., Awaitable[SignedIn]]
DAYS_3 = {"amount": 3, "unit": "days"}


@pytest.fixture
def clock() -> MutableClock:
    return MutableClock(T0)


def _graph(reentry: str = "never", allow_api: bool = True) -> dict[str, Any]:
    graph = chain(
        node("trigger.manual", "start", allow_api=allow_api),
        node("flow.wait_duration", "wait", duration=DAYS_3),
        node("flow.wait_for_event", "reply", event_name="replied", timeout=DAYS_3),
        node("flow.end", "done"),
    )
    graph["settings"] = {"reentry": {"rule": reentry}}
    return graph


@pytest.fixture
async def manual(resources: Resources, standard_roles: None) -> uuid.UUID:
    return await publish(resources, "Hand picked", _graph())


async def _contacts(resources: Resources, clock: MutableClock, *names: str) -> list[str]:
    ids = []
    for name in names:
        await send(resources, clock, "signed.up", name)
        async with resources.sessions() as db:
            found = await db.scalar(select(Contact.id).where(Contact.external_id == name))
        ids.append(str(found))
    return ids


async def _enrol(browser: Any, journey: uuid.UUID, contact: str, status: int = 200) -> Any:
    response = await browser.post(
        f"/api/v1/journeys/{journey}/enrollments", json={"contact_id": contact}
    )
    assert response.status_code == status, response.text
    return response.json()


async def _audit(resources: Resources, action: str) -> list[AuditEntry]:
    async with resources.sessions() as db:
        return list(await db.scalars(select(AuditEntry).where(AuditEntry.action == action)))


async def test_enrol_by_hand_then_refused_by_the_reentry_rule(
    resources: Resources, clock: MutableClock, manual: uuid.UUID, signed_in: SignIn
) -> None:
    [ada] = await _contacts(resources, clock, "ada")
    account, marketer = await signed_in("marketer")

    first = await _enrol(marketer, manual, ada)
    assert (first["outcome"], first["version"], first["refused"]) == ("enrolled", 1, None)
    item = (await marketer.get(f"/api/v1/enrollments/{first['enrollment_id']}")).json()
    assert [p["step"]["node_id"] for p in item["at"]] == ["wait"]
    assert item["path"][0]["step"]["label"] == "start"

    again = await _enrol(marketer, manual, ada)
    assert again["outcome"] == "refused"
    assert again["enrollment_id"] is None
    assert "re-entry rule" in again["refused"]
    assert "already in this journey" in again["refused"]

    waiting = (await marketer.get(f"/api/v1/enrollments/waiting?journey_id={manual}")).json()
    assert waiting[0]["steps"] == [{"node_id": "wait", "label": "wait", "waiting": 1}]
    entries = await _audit(resources, "journey.contact_enrolled")
    assert [e.changes["outcome"] for e in entries] == ["enrolled", "refused"]
    assert {e.actor_id for e in entries} == {account.id}


async def test_enrol_refuses_bad_input_naming_it(
    resources: Resources, clock: MutableClock, manual: uuid.UUID, signed_in: SignIn
) -> None:
    [ada] = await _contacts(resources, clock, "ada")
    _, marketer = await signed_in("marketer")
    url = f"/api/v1/journeys/{manual}/enrollments"

    missing = await marketer.post(url, json={})
    assert missing.status_code == 400
    assert "contact_id" in missing.text
    wrong_trigger = await marketer.post(url, json={"contact_id": ada, "trigger_node_id": "wait"})
    assert wrong_trigger.status_code == 400
    assert wrong_trigger.json()["errors"][0]["field"] == "trigger_node_id"
    nobody = await marketer.post(url, json={"contact_id": str(uuid.uuid4())})
    assert nobody.status_code == 404
    assert "contact_id" in nobody.json()["detail"]
    no_journey = await marketer.post(
        f"/api/v1/journeys/{uuid.uuid4()}/enrollments", json={"contact_id": ada}
    )
    assert no_journey.status_code == 404

    evented = await publish(
        resources,
        "Evented",
        chain(node("trigger.event", "go", event_name="go"), node("flow.end", "done")),
    )
    no_manual = await marketer.post(
        f"/api/v1/journeys/{evented}/enrollments", json={"contact_id": ada}
    )
    assert no_manual.status_code == 422
    assert "Manual enrolment" in no_manual.json()["detail"]

    paused = await marketer.post(f"/api/v1/journeys/{manual}/pause")
    assert paused.status_code == 200, paused.text
    not_live = await marketer.post(url, json={"contact_id": ada})
    assert not_live.status_code == 409
    assert "paused" in not_live.json()["detail"]

    _, support = await signed_in("customer_support")
    forbidden = await support.post(url, json={"contact_id": ada})
    assert forbidden.status_code == 403


async def test_an_api_key_enrols_only_where_the_trigger_allows_it(
    resources: Resources, clock: MutableClock, standard_roles: None, client: Any, signed_in: SignIn
) -> None:
    open_to_api = await publish(resources, "Open", _graph(allow_api=True))
    closed = await publish(resources, "Closed", _graph(allow_api=False))
    [ada] = await _contacts(resources, clock, "ada")
    account, _ = await signed_in("marketer")
    secret = await create_api_key(
        resources,
        created_by=account.id,
        scopes=(Permission.JOURNEYS_PUBLISH, Permission.CONTACTS_READ),
    )
    headers = {"Authorization": f"Bearer {secret}"}
    body = {"contact_id": ada}
    ok = await client.post(
        f"/api/v1/journeys/{open_to_api}/enrollments", json=body, headers=headers
    )
    assert ok.status_code == 200, ok.text
    assert ok.json()["outcome"] == "enrolled"
    refused = await client.post(
        f"/api/v1/journeys/{closed}/enrollments", json=body, headers=headers
    )
    assert refused.status_code == 422
    assert "through the API" in refused.json()["detail"]
    [entry] = await _audit(resources, "journey.contact_enrolled")
    assert entry.changes["via"] == "api"
    assert "api_key" in entry.changes


async def _enrolled(
    resources: Resources, clock: MutableClock, manual: uuid.UUID, browser: Any, *names: str
) -> list[str]:
    return [
        (await _enrol(browser, manual, contact))["enrollment_id"]
        for contact in await _contacts(resources, clock, *names)
    ]


async def test_end_a_wait_move_and_remove(
    resources: Resources, clock: MutableClock, manual: uuid.UUID, signed_in: SignIn
) -> None:
    _, marketer = await signed_in("marketer")
    ada, bob = await _enrolled(resources, clock, manual, marketer, "ada", "bob")
    base = "/api/v1/enrollments"

    ended = await marketer.post(f"{base}/{ada}/end-wait", json={"at_step": "wait"})
    assert ended.status_code == 200, ended.text
    [at] = ended.json()["at"]
    assert at["step"]["node_id"] == "reply"
    assert at["waiting_for"]["kind"] == "event"
    assert any("ended early by" in step["text"] for step in ended.json()["path"])

    # The same click again: the contact has moved on, and the answer says where to.
    stale = await marketer.post(f"{base}/{ada}/end-wait", json={"at_step": "wait"})
    assert stale.status_code == 409
    assert "“reply”" in stale.json()["detail"]
    assert stale.json()["at"] == ["reply"]

    moved = await marketer.post(f"{base}/{ada}/move", json={"at_step": "reply", "to_step": "wait"})
    assert moved.status_code == 200, moved.text
    assert [p["step"]["node_id"] for p in moved.json()["at"]] == ["wait"]
    async with resources.sessions() as db:
        wake = await db.scalar(
            select(EnrollmentTimer.wake_at).where(EnrollmentTimer.enrollment_id == uuid.UUID(ada))
        )
    assert wake is not None
    assert wake > clock.now()

    removed = await marketer.post(f"{base}/{bob}/remove", json={"at_step": "wait"})
    assert removed.status_code == 200, removed.text
    assert (removed.json()["status"], removed.json()["ended_reason"]) == ("exited", "removed")
    assert removed.json()["at"] == []
    async with resources.sessions() as db:
        row = await db.get(Enrollment, uuid.UUID(bob))
        left = await db.scalar(
            select(EnrollmentTimer.token_id).where(EnrollmentTimer.enrollment_id == uuid.UUID(bob))
        )
    assert row is not None
    assert row.ended_at is not None
    assert left is None
    gone = await marketer.post(f"{base}/{bob}/remove", json={"at_step": "wait"})
    assert gone.status_code == 409
    assert "exited" in gone.json()["detail"]

    actions_done = [
        (e.action, e.changes["step"])
        for name in ("enrollment.end_wait", "enrollment.move", "enrollment.remove")
        for e in await _audit(resources, name)
    ]
    assert actions_done == [
        ("enrollment.end_wait", {"from": "wait", "to": None}),
        ("enrollment.move", {"from": "reply", "to": "wait"}),
        ("enrollment.remove", {"from": "wait", "to": None}),
    ]
    waiting = (await marketer.get(f"{base}/waiting?journey_id={manual}")).json()
    assert waiting[0]["steps"] == [{"node_id": "wait", "label": "wait", "waiting": 1}]


async def test_moving_a_contact_off_its_job_step_cancels_the_job_nobody_waits_for(
    resources: Resources, clock: MutableClock, signed_in: SignIn
) -> None:
    _, marketer = await signed_in("marketer")
    await catalog(resources)
    job = {"job_type": "confirm_order", "queue": "administration", "title": "Call them"}
    journey = await publish(
        resources,
        "Call back",
        chain(
            node("trigger.manual", "start"),
            node("action.create_job", "call", **job),
            node("flow.wait_duration", "wait", duration=DAYS_3),
        ),
    )
    [ada] = await _enrolled(resources, clock, journey, marketer, "ada")
    await dispatch(resources, clock)
    async with resources.sessions() as db:
        [made] = list(await db.scalars(select(Job)))
    assert made.status == "new"

    moved = await marketer.post(
        f"/api/v1/enrollments/{ada}/move", json={"at_step": "call", "to_step": "wait"}
    )

    assert moved.status_code == 200, moved.text
    assert [p["step"]["node_id"] for p in moved.json()["at"]] == ["wait"]
    assert any("The job it waited for is cancelled" in p["text"] for p in moved.json()["path"])
    async with resources.sessions() as db:
        cancelled = await db.get(Job, made.id, populate_existing=True)
    assert cancelled is not None
    assert cancelled.status == "cancelled"
    assert "moved off the step" in (cancelled.cancel_reason or "")
    assert (await job_audit(resources, made.id))[-1][0] == "job.cancelled"


async def test_actions_refuse_what_cannot_mean_anything(
    resources: Resources, clock: MutableClock, manual: uuid.UUID, signed_in: SignIn
) -> None:
    _, marketer = await signed_in("marketer")
    [ada] = await _enrolled(resources, clock, manual, marketer, "ada")
    base = f"/api/v1/enrollments/{ada}"

    no_step = await marketer.post(f"{base}/move", json={"at_step": "wait", "to_step": "nowhere"})
    assert no_step.status_code == 400
    assert no_step.json()["errors"][0]["field"] == "to_step"
    trigger = await marketer.post(f"{base}/move", json={"at_step": "wait", "to_step": "start"})
    assert trigger.status_code == 422
    assert "trigger" in trigger.json()["detail"]
    missing = await marketer.post(f"{base}/move", json={"at_step": "wait"})
    assert missing.status_code == 400
    assert "to_step" in missing.text
    unknown = await marketer.post(f"{base}/remove", json={"at_step": "wait", "why": "x"})
    assert unknown.status_code == 400
    empty = await marketer.post(f"{base}/remove", json={"at_step": ""})
    assert empty.status_code == 400
    nobody = await marketer.post(
        f"/api/v1/enrollments/{uuid.uuid4()}/remove", json={"at_step": "wait"}
    )
    assert nobody.status_code == 404
    _, support = await signed_in("customer_support")
    forbidden = await support.post(f"{base}/remove", json={"at_step": "wait"})
    assert forbidden.status_code == 403
    moved = await marketer.post(f"{base}/move", json={"at_step": "wait", "to_step": "done"})
    assert moved.status_code == 200
    assert moved.json()["status"] == "completed"


async def test_two_people_act_on_one_contact_at_once_one_wins(
    resources: Resources, clock: MutableClock, manual: uuid.UUID, signed_in: SignIn
) -> None:
    """Both saw the contact at "wait"; the second takes the row locks after the first
    committed, finds it moved on, and is refused with nothing changed."""
    _, marketer = await signed_in("marketer")
    [ada] = await _enrolled(resources, clock, manual, marketer, "ada")

    async def end_wait() -> str:
        try:
            async with resources.unit_of_work(now=clock.now()) as unit:
                await actions.act(
                    unit, None, uuid.UUID(ada), actions.EndWaitRequest(at_step="wait")
                )
        except ConflictError:
            return "refused"
        return "done"

    outcomes = await asyncio.gather(end_wait(), end_wait(), end_wait())
    assert sorted(outcomes) == ["done", "refused", "refused"]
    item = (await marketer.get(f"/api/v1/enrollments/{ada}")).json()
    assert [p["step"]["node_id"] for p in item["at"]] == ["reply"]
    assert sum("ended early" in step["text"] for step in item["path"]) == 1


async def test_an_action_races_the_worker_firing_the_same_timer(
    resources: Resources,
    settings: Settings,
    clock: MutableClock,
    manual: uuid.UUID,
    signed_in: SignIn,
) -> None:
    """The timer comes due while a person removes the contact: whoever takes the contact's
    lock first wins, and the other finds nothing to do (no step written twice)."""
    _, marketer = await signed_in("marketer")
    ids = await _enrolled(resources, clock, manual, marketer, *(f"c-{i}" for i in range(6)))
    clock.advance(days=3, seconds=1)
    ctx = worker_ctx(resources, settings, clock)

    async def remove(eid: str) -> str:
        try:
            async with resources.unit_of_work(now=clock.now()) as unit:
                await actions.act(unit, None, uuid.UUID(eid), actions.RemoveRequest(at_step="wait"))
        except ConflictError:
            return "moved on"
        return "removed"

    results = await asyncio.gather(sweep(ctx), *(remove(eid) for eid in ids))
    async with resources.sessions() as db:
        rows = {str(r.id): r for r in await db.scalars(select(Enrollment))}
    for eid, result in zip(ids, results[1:], strict=True):
        state = rows[eid].state
        if result == "removed":
            assert rows[eid].status == "exited"
            assert state["ended_reason"] == "removed"
        else:
            assert rows[eid].status == "active"
            assert [t["node_id"] for t in state["tokens"]] == ["reply"]


async def test_enrol_a_segment_in_the_background(
    resources: Resources,
    settings: Settings,
    clock: MutableClock,
    manual: uuid.UUID,
    signed_in: SignIn,
) -> None:
    names = [f"seg-{i}" for i in range(5)]
    ids = await _contacts(resources, clock, *names)
    await _contacts(resources, clock, "outsider")
    account, marketer = await signed_in("marketer")
    await _enrol(marketer, manual, ids[0])  # already in: refused by the re-entry rule
    async with resources.sessions.begin() as db:
        db.add(
            Segment(
                name="picked",
                label="Picked",
                condition={
                    "type": "group",
                    "rules": [
                        {
                            "type": "contact_field",
                            "field": "external_id",
                            "operator": "contains",
                            "value": "seg-",
                        }
                    ],
                },
                created_at=clock.now(),
                updated_at=clock.now(),
            )
        )
    base = f"/api/v1/journeys/{manual}/enrollments"
    counted = await marketer.get(f"{base}/segment-count", params={"segment": "picked"})
    assert counted.status_code == 200, counted.text
    assert counted.json() == {"segment": "picked", "count": 5}
    no_segment = await marketer.get(f"{base}/segment-count", params={"segment": "nope"})
    assert no_segment.status_code == 400
    assert no_segment.json()["errors"][0]["field"] == "segment"

    stale = await marketer.post(f"{base}/segment", json={"segment": "picked", "expected_count": 4})
    assert stale.status_code == 409
    assert stale.json()["count"] == 5
    started = await marketer.post(
        f"{base}/segment", json={"segment": "picked", "expected_count": 5}
    )
    assert started.status_code == 202, started.text
    status = started.json()
    assert (status["requested"], status["handled"], status["done"]) == (5, 0, False)

    await sweep(worker_ctx(resources, settings, clock))
    after = await marketer.get(f"{base}/requests/{status['request_id']}")
    assert after.status_code == 200, after.text
    assert {
        k: after.json()[k] for k in ("requested", "handled", "enrolled", "refused", "done")
    } == {
        "requested": 5,
        "handled": 5,
        "enrolled": 4,
        "refused": 1,
        "done": True,
    }
    assert after.json()["segment"] == "picked"
    unknown = await marketer.get(f"{base}/requests/{uuid.uuid4()}")
    assert unknown.status_code == 404
    [entry] = await _audit(resources, "journey.segment_enrolled")
    assert entry.actor_id == account.id
    assert entry.changes["count"] == 5


async def test_step_numbers_of_one_version(
    resources: Resources, clock: MutableClock, manual: uuid.UUID, signed_in: SignIn
) -> None:
    _, marketer = await signed_in("marketer")
    await _enrolled(resources, clock, manual, marketer, "ada", "bob")
    url = f"/api/v1/journeys/{manual}/stats"
    every = (await marketer.get(url)).json()["nodes"]
    one = await marketer.get(url, params={"version": 1})
    assert one.status_code == 200, one.text
    assert one.json()["nodes"] == every
    assert one.json()["nodes"]["wait"]["waiting"] == 2
    assert one.json()["nodes"]["start"]["entered"] == 2
    missing = await marketer.get(url, params={"version": 9})
    assert missing.status_code == 404
    assert "version" in missing.json()["detail"]
    bad = await marketer.get(url, params={"version": 0})
    assert bad.status_code == 400


async def test_the_journeys_that_take_contacts_by_hand(
    resources: Resources, manual: uuid.UUID, signed_in: SignIn
) -> None:
    await publish(
        resources,
        "Evented",
        chain(node("trigger.event", "go", event_name="go"), node("flow.end", "done")),
    )
    _, marketer = await signed_in("marketer")
    listed = await marketer.get("/api/v1/journeys/enrolable")
    assert listed.status_code == 200, listed.text
    assert listed.json() == [
        {
            "id": str(manual),
            "name": "Hand picked",
            "version": 1,
            "triggers": [{"node_id": "start", "label": "start", "allow_api": True}],
        }
    ]


async def test_the_demo_has_20_contacts_waiting_at_a_step_of_a_journey_taken_by_hand(
    settings: Settings, resources: Resources
) -> None:
    first = await load_demo_data(settings)
    second = await load_demo_data(settings)
    assert (first.enrolled_by_hand, second.enrolled_by_hand) == (20, 0)
    async with resources.sessions() as db:
        counts = await enrollments_read.waiting_counts(db, whereabouts.JOURNEY_ID)
    assert counts[0].steps == [
        enrollments_read.StepCount(whereabouts.WAITING_STEP, "Wait 2 days", 20)
    ]
