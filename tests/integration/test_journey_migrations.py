"""Moving running contacts to a new version: the diff, the plan, its dry run, the refusals
naming the mapping at fault, and applying it (in a burst worker: the same drainers)."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from datetime import timedelta
from typing import Any

import msgspec
from sqlalchemy import func, select, text

from app.auth.models import AuditEntry
from app.demo import versions
from app.demo.loader import load_demo_data
from app.engine.definition import JourneyDefinition
from app.eventlog.models import Event
from app.jobs.models import Job
from app.journeys.models import Journey, JourneyVersion
from app.journeys.services import stored
from app.resources import Resources
from app.runs.models import Enrollment, EnrollmentTimer, JourneyStep
from app.settings import Settings
from app.worker.runner import run_burst
from tests.fixtures import SignedIn
from tests.support.accounts import MutableClock
from tests.support.jobs import audit, catalog
from tests.support.runs import chain, node, publish, send

SignIn = Callable[..., Awaitable[SignedIn]]
URL = "/api/v1/journeys"


def _graph(wait_id: str, days: int, label: str = "End") -> dict[str, Any]:
    nodes = [
        node("trigger.event", "joined", event_name="signed.up"),
        node("flow.wait_duration", wait_id, duration={"amount": days, "unit": "days"}),
        node(
            "flow.wait_for_event",
            "reply",
            event_name="replied",
            timeout={"amount": 1, "unit": "days"},
        ),
        {**node("flow.end", "end"), "label": label},
    ]
    edges = [
        {"id": "e1", "source": "joined", "source_handle": "next", "target": wait_id},
        {"id": "e2", "source": wait_id, "source_handle": "next", "target": "reply"},
        {"id": "e3", "source": "reply", "source_handle": "received", "target": "end"},
        {"id": "e4", "source": "reply", "source_handle": "timeout", "target": "end"},
    ]
    return {"nodes": nodes, "edges": edges}


async def _journey_with_waiters(
    browser: Any, resources: Resources, settings: Settings, clock: MutableClock, contacts: int
) -> str:
    """Version 1 with `contacts` waiting at `w-old`, then a draft that replaces `w-old`
    by `w-new` (and renames the end), published as version 2."""
    created = await browser.post(URL, json={"name": "Welcome", "definition": _graph("w-old", 3)})
    assert created.status_code == 201, created.text
    journey_id = created.json()["id"]
    published = await browser.post(f"{URL}/{journey_id}/publish", json={"revision": 1})
    assert published.status_code == 200, published.text
    for n in range(contacts):
        await send(resources, clock, "signed.up", f"c-{n}")
    await run_burst(settings, clock=clock)
    saved = await browser.put(
        f"{URL}/{journey_id}/draft",
        json={"revision": 1, "definition": _graph("w-new", 1, label="Done")},
    )
    assert saved.status_code == 200, saved.text
    return str(journey_id)


async def test_the_diff_names_steps_added_removed_and_changed_field_by_field(
    signed_in: SignIn, resources: Resources, settings: Settings, clock: MutableClock
) -> None:
    _, browser = await signed_in("marketer")
    journey_id = await _journey_with_waiters(browser, resources, settings, clock, 0)

    diff = await browser.get(f"{URL}/{journey_id}/diff")

    assert diff.status_code == 200, diff.text
    body = diff.json()
    assert [s["node_id"] for s in body["added"]] == ["w-new"]
    assert [s["node_id"] for s in body["removed"]] == ["w-old"]
    changed = {c["node_id"]: c["changes"] for c in body["changed"]}
    assert changed["end"] == [{"path": "label", "before": "End", "after": "Done"}]
    # The trigger now leads to another step: its exit is the field that changed.
    assert changed["joined"] == [{"path": "exits.next", "before": "w-old", "after": "w-new"}]
    assert body["settings"] == []
    between = await browser.get(f"{URL}/{journey_id}/diff?from_version=1&to_version=1")
    assert between.json() == {"added": [], "removed": [], "changed": [], "settings": []}
    missing = await browser.get(f"{URL}/{journey_id}/diff?from_version=9")
    assert missing.status_code == 404
    assert "no version 9" in missing.json()["detail"]


async def test_a_plan_is_proposed_dry_run_and_applied_moving_each_contact_once(
    signed_in: SignIn, resources: Resources, settings: Settings, clock: MutableClock
) -> None:
    _, browser = await signed_in("marketer")
    journey_id = await _journey_with_waiters(browser, resources, settings, clock, 3)
    async with resources.sessions() as db:
        due_before = set(await db.scalars(select(EnrollmentTimer.wake_at)))
    published = await browser.post(f"{URL}/{journey_id}/publish", json={"revision": 2})
    assert published.status_code == 200, published.text

    proposal = (await browser.get(f"{URL}/{journey_id}/migration-plan")).json()

    assert (proposal["to_version"], proposal["running"]) == (2, 3)
    steps = {s["node_id"]: s for s in proposal["steps"]}
    assert steps["w-old"]["waiting"] == 3
    assert steps["w-old"]["in_new_version"] is False
    # Removed: finish on version 1 unless told otherwise; kept steps map to themselves.
    assert steps["w-old"]["proposed"]["action"] == "finish"
    assert steps["w-old"]["keepable"] == ["w-new"]
    assert steps["reply"]["proposed"] == {
        "version": 1,
        "node_id": "reply",
        "action": "move",
        "target": "reply",
        "timers": "keep",
    }
    plan = {
        "to_version": 2,
        "mappings": [
            {"version": 1, "node_id": "w-old", "action": "move", "target": "w-new"},
            steps["reply"]["proposed"],
        ],
    }
    dry = await browser.post(f"{URL}/{journey_id}/migrations/dry-run", json=plan)
    assert dry.status_code == 200, dry.text
    assert {k: dry.json()[k] for k in ("move", "stay", "leave", "unmapped")} == {
        "move": 3,
        "stay": 0,
        "leave": 0,
        "unmapped": 0,
    }
    assert dry.json()["mappings"][0]["waiting"] == 3

    applied = await browser.post(f"{URL}/{journey_id}/migrations", json=plan)
    assert applied.status_code == 202, applied.text
    migration = applied.json()
    assert (migration["status"], migration["total"]) == ("queued", 0)
    again = await browser.post(f"{URL}/{journey_id}/migrations", json=plan)
    assert again.status_code == 409
    assert "still being applied" in again.json()["detail"]

    await run_burst(settings, clock=clock)

    done = (await browser.get(f"{URL}/{journey_id}/migrations/{migration['id']}")).json()
    assert {k: done[k] for k in ("status", "total", "moved", "stayed", "left", "pending")} == {
        "status": "done",
        "total": 3,
        "moved": 3,
        "stayed": 0,
        "left": 0,
        "pending": 0,
    }
    async with resources.sessions() as db:
        rows = list(await db.scalars(select(Enrollment)))
        assert {(r.version, r.state["tokens"][0]["node_id"]) for r in rows} == {(2, "w-new")}
        # Kept their due time: the same wake-ups, now on version 2.
        assert set(await db.scalars(select(EnrollmentTimer.wake_at))) == due_before
        moves = (
            await db.execute(
                text(
                    "SELECT count(*), count(DISTINCT enrollment_id) FROM journey_steps"
                    " WHERE cause = :c"
                ),
                {"c": f"migration:{migration['id']}"},
            )
        ).one()
        assert tuple(moves) == (3, 3)
        actions = set(
            await db.scalars(select(AuditEntry.action).where(AuditEntry.target_id == journey_id))
        )
    assert {"journey.migration_planned", "journey.migration_applied"} <= actions

    # Everyone is on version 2 now: a second plan covers nobody.
    second = await browser.post(f"{URL}/{journey_id}/migrations", json=plan)
    assert second.status_code == 202, second.text
    await run_burst(settings, clock=clock)
    listed = (await browser.get(f"{URL}/{journey_id}/migrations")).json()
    assert [(m["status"], m["total"]) for m in listed] == [("done", 0), ("done", 3)]

    # The moved contacts go on in version 2: its wait ends when the kept time comes.
    clock.advance(days=3, minutes=1)
    await run_burst(settings, clock=clock)
    async with resources.sessions() as db:
        at = set(
            await db.scalars(
                text("SELECT DISTINCT state->'tokens'->0->>'node_id' FROM enrollments")
            )
        )
    assert at == {"reply"}


async def test_restart_starts_the_new_step_afresh_and_leave_takes_contacts_out(
    signed_in: SignIn, resources: Resources, settings: Settings, clock: MutableClock
) -> None:
    _, browser = await signed_in("marketer")
    journey_id = await _journey_with_waiters(browser, resources, settings, clock, 2)
    await browser.post(f"{URL}/{journey_id}/publish", json={"revision": 2})
    restart = {
        "to_version": 2,
        "mappings": [
            {
                "version": 1,
                "node_id": "w-old",
                "action": "move",
                "target": "w-new",
                "timers": "restart",
            }
        ],
    }
    applied = await browser.post(f"{URL}/{journey_id}/migrations", json=restart)
    assert applied.status_code == 202, applied.text
    await run_burst(settings, clock=clock)
    async with resources.sessions() as db:
        wakes = set(await db.scalars(select(EnrollmentTimer.wake_at)))
    # w-new waits a day from now (w-old's three days from entry are forgotten).
    assert wakes == {clock.now() + timedelta(days=1)}


async def test_leave_ends_the_enrollments_and_unmapped_steps_stay(
    signed_in: SignIn, resources: Resources, settings: Settings, clock: MutableClock
) -> None:
    _, browser = await signed_in("marketer")
    journey_id = await _journey_with_waiters(browser, resources, settings, clock, 2)
    await browser.post(f"{URL}/{journey_id}/publish", json={"revision": 2})
    dry = await browser.post(
        f"{URL}/{journey_id}/migrations/dry-run", json={"to_version": 2, "mappings": []}
    )
    assert (dry.json()["stay"], dry.json()["unmapped"]) == (2, 2)
    leave = {"to_version": 2, "mappings": [{"version": 1, "node_id": "w-old", "action": "leave"}]}
    applied = await browser.post(f"{URL}/{journey_id}/migrations", json=leave)
    assert applied.status_code == 202, applied.text
    await run_burst(settings, clock=clock)
    async with resources.sessions() as db:
        rows = list(await db.scalars(select(Enrollment)))
        timers = list(await db.scalars(select(EnrollmentTimer.token_id)))
    assert {(r.version, r.status, r.state["ended_reason"]) for r in rows} == {
        (1, "exited", "migration")
    }
    assert timers == []


async def test_bad_plans_are_refused_whole_naming_the_mapping(
    signed_in: SignIn, resources: Resources, settings: Settings, clock: MutableClock
) -> None:
    _, browser = await signed_in("marketer")
    journey_id = await _journey_with_waiters(browser, resources, settings, clock, 1)
    await browser.post(f"{URL}/{journey_id}/publish", json={"revision": 2})
    post = f"{URL}/{journey_id}/migrations"

    def plan(*mappings: dict[str, Any], to: int = 2) -> dict[str, Any]:
        return {"to_version": to, "mappings": list(mappings)}

    cases = [
        (plan({"version": 1, "node_id": "nope", "action": "finish"}), "mappings[0].node_id"),
        (plan({"version": 1, "node_id": "w-old", "action": "move"}), "mappings[0].target"),
        (
            plan({"version": 1, "node_id": "w-old", "action": "move", "target": "gone"}),
            "mappings[0].target",
        ),
        (
            plan({"version": 1, "node_id": "w-old", "action": "move", "target": "joined"}),
            "mappings[0].target",
        ),
        # A timer's due time cannot be kept at a step waiting for an event.
        (
            plan({"version": 1, "node_id": "w-old", "action": "move", "target": "reply"}),
            "mappings[0].timers",
        ),
        (plan({"version": 2, "node_id": "w-new", "action": "finish"}), "mappings[0].version"),
        (
            plan(
                {"version": 1, "node_id": "w-old", "action": "finish"},
                {"version": 1, "node_id": "w-old", "action": "leave"},
            ),
            "mappings[1].node_id",
        ),
        (plan(to=7), "to_version"),
    ]
    for body, field in cases:
        for url in (post, f"{post}/dry-run"):
            refused = await browser.post(url, json=body)
            assert refused.status_code == 422, (body, refused.text)
            assert refused.json()["errors"][0]["field"] == field, refused.text
    bad_shape = await browser.post(post, json={"to_version": 2, "mappings": [{"version": 1}]})
    assert bad_shape.status_code == 400
    missing = await browser.post(f"{URL}/{uuid.uuid4()}/migrations", json=plan())
    assert missing.status_code == 404

    # Version 3 is published after the plan for version 2 was made: refused, nothing moved.
    saved = await browser.put(
        f"{URL}/{journey_id}/draft",
        json={"revision": 2, "definition": _graph("w-3", 1)},
    )
    assert saved.status_code == 200, saved.text
    await browser.post(f"{URL}/{journey_id}/publish", json={"revision": 3})
    stale = await browser.post(
        post, json=plan({"version": 1, "node_id": "w-old", "action": "move", "target": "w-new"})
    )
    assert stale.status_code == 409, stale.text
    assert stale.json()["errors"] == [
        {"field": "mappings[0].target", "message": "step “w-new” was removed in version 3"}
    ]
    async with resources.sessions() as db:
        assert set(await db.scalars(select(Enrollment.version))) == {1}
        assert await db.scalar(text("SELECT count(*) FROM journey_migrations")) == 0


async def test_a_plan_queued_before_a_newer_publish_is_refused_by_the_worker(
    signed_in: SignIn, resources: Resources, settings: Settings, clock: MutableClock
) -> None:
    _, browser = await signed_in("marketer")
    journey_id = await _journey_with_waiters(browser, resources, settings, clock, 2)
    await browser.post(f"{URL}/{journey_id}/publish", json={"revision": 2})
    plan = {
        "to_version": 2,
        "mappings": [{"version": 1, "node_id": "w-old", "action": "move", "target": "w-new"}],
    }
    applied = (await browser.post(f"{URL}/{journey_id}/migrations", json=plan)).json()
    await browser.put(
        f"{URL}/{journey_id}/draft", json={"revision": 2, "definition": _graph("w-3", 1)}
    )
    assert (
        await browser.post(f"{URL}/{journey_id}/publish", json={"revision": 3})
    ).status_code == 200

    await run_burst(settings, clock=clock)

    refused = (await browser.get(f"{URL}/{journey_id}/migrations/{applied['id']}")).json()
    assert (refused["status"], refused["moved"]) == ("refused", 0)
    assert "Version 3 was published" in refused["detail"]
    async with resources.sessions() as db:
        assert set(await db.scalars(select(Enrollment.version))) == {1}


async def test_the_demo_has_readers_waiting_on_an_older_version_to_move(
    settings: Settings, resources: Resources, signed_in: SignIn
) -> None:
    await load_demo_data(settings)
    again = await load_demo_data(settings)
    assert again.readers_waiting == 0
    _, browser = await signed_in("marketer")

    proposal = (await browser.get(f"{URL}/{versions.JOURNEY_ID}/migration-plan")).json()

    assert (proposal["to_version"], proposal["running"]) == (2, 20)
    waiting = {
        s["node_id"]: (s["label"], s["waiting"], s["in_new_version"]) for s in proposal["steps"]
    }
    assert waiting["wait-3d"] == ("Wait 3 days", 20, False)
    diff = (await browser.get(f"{URL}/{versions.JOURNEY_ID}/diff?from_version=1")).json()
    assert ([s["label"] for s in diff["removed"]], [s["label"] for s in diff["added"]]) == (
        ["Wait 3 days"],
        ["Wait 1 day"],
    )


async def test_a_contact_moved_off_its_job_step_has_that_job_cancelled_and_noted(
    signed_in: SignIn, resources: Resources, settings: Settings, clock: MutableClock
) -> None:
    """Version 2 drops the job step; the contacts waiting at it are moved to a wait. Their
    open job would stay in its queue forever with nobody waiting for its outcome: it is
    cancelled by the normal path (audited, the contact's `job.status_changed`), and the
    move's step row says so."""
    account, marketer = await signed_in("marketer")
    await catalog(resources)
    job = {
        "job_type": "confirm_order",
        "queue": "administration",
        "title": "Call {{ contact.name }}",
    }
    go = node("trigger.event", "go", event_name="signed.up")
    journey_id = await publish(
        resources, "Callbacks", chain(go, node("action.create_job", "call", **job)), clock.now()
    )
    await send(resources, clock, "signed.up", "c-1")
    await run_burst(settings, clock=clock)
    async with resources.sessions() as db:
        [open_job] = list(await db.scalars(select(Job)))
    assert open_job.status == "new"
    v2 = stored(
        msgspec.convert(
            chain(go, node("flow.wait_duration", "w", duration={"amount": 1, "unit": "days"})),
            JourneyDefinition,
        )
    )
    async with resources.sessions.begin() as db:
        db.add(
            JourneyVersion(
                journey_id=journey_id,
                version=2,
                definition=v2,
                published_at=clock.now(),
                published_by=account.id,
            )
        )
        journey = await db.get(Journey, journey_id)
        assert journey is not None
        journey.published_version = 2
    plan = {
        "to_version": 2,
        "mappings": [
            {"version": 1, "node_id": "call", "action": "move", "target": "w", "timers": "restart"}
        ],
    }

    applied = await marketer.post(f"{URL}/{journey_id}/migrations", json=plan)
    assert applied.status_code == 202, applied.text
    await run_burst(settings, clock=clock)

    async with resources.sessions() as db:
        job_now = await db.get(Job, open_job.id, populate_existing=True)
        assert job_now is not None
        assert job_now.status == "cancelled"
        assert "moved to version 2" in (job_now.cancel_reason or "")
        enrollment = (await db.scalars(select(Enrollment))).one()
        assert (enrollment.version, enrollment.state["tokens"][0]["node_id"]) == (2, "w")
        assert enrollment.state["tokens"][0]["status"] == "waiting_timer"
        note = await db.scalar(
            select(JourneyStep.detail["text"].astext).where(
                JourneyStep.cause == f"migration:{applied.json()['id']}"
            )
        )
        # Nobody else made a job meanwhile; the cancel told the contact's timeline.
        assert await db.scalar(select(func.count()).select_from(Job)) == 1
        status_events = list(
            await db.scalars(
                select(Event.properties["to"].astext).where(Event.name == "job.status_changed")
            )
        )
    assert "The job it waited for is cancelled" in (note or "")
    assert "cancelled" in status_events
    history = await audit(resources, open_job.id)
    assert history[-1][0] == "job.cancelled"
    assert history[-1][1]["status"] == {"from": "new", "to": "cancelled"}
    assert "moved to version 2" in history[-1][1]["cancel_reason"]["to"]
