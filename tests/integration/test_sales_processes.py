"""Automatic processes (S11, issue 20): every rule, one test each, on a clock the test
moves. Cards are processed through the API by the people named; runs are the worker's
sales passes (app.sales.runs.work_once) on the test's clock."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import pytest
from sqlalchemy import func, select, update

from app.auth.models import User
from app.resources import Resources
from app.sales import runs
from app.sales.models import CardOutcome, ProcessMove, ProcessRun
from app.settings import Settings
from app.worker.context import context_of
from tests.fixtures import SignedIn
from tests.support.accounts import Account, Browser, MutableClock, create_user
from tests.support.sales import (
    SALES,
    add_contact,
    card_row,
    new_card,
    new_process,
    new_project,
    process_card,
    run_processes,
)
from tests.support.worker import worker_ctx

pytestmark = pytest.mark.usefixtures("standard_roles")
SignIn = Callable[..., Awaitable[SignedIn]]


@dataclass
class World:
    """A manager; Sofia, who works A and B; Bea, who works C (the destination)."""

    manager: Browser
    manager_account: Account
    sofia: Account
    sofia_browser: Browser
    bea: Account
    bea_browser: Browser
    a: dict[str, Any]
    b: dict[str, Any]
    c: dict[str, Any]


@pytest.fixture
async def world(signed_in: SignIn) -> World:
    boss, manager = await signed_in("super_user")
    sofia, sofia_browser = await signed_in("sales", name="Sofia Seller")
    bea, bea_browser = await signed_in("sales", name="Bea Booker")
    a = await new_project(manager, "Calls North", members=[sofia.id])
    b = await new_project(manager, "Calls South", members=[sofia.id])
    c = await new_project(manager, "Booked meetings", members=[bea.id], buckets=["Inbox"])
    return World(manager, boss, sofia, sofia_browser, bea, bea_browser, a, b, c)


async def _sign_in_again(world: World) -> None:
    """Sign in again after the clock moved past the sessions' idle time (they end on the same
    clock)."""
    await world.manager.sign_in(world.manager_account.email)
    await world.sofia_browser.sign_in(world.sofia.email)


async def _card(
    resources: Resources, world: World, project: dict[str, Any], name: str, **kw: Any
) -> dict[str, Any]:
    return await new_card(world.manager, project, await add_contact(resources, name, **kw))


async def _processed(
    resources: Resources,
    world: World,
    project: dict[str, Any],
    name: str,
    outcome: str = "Booking",
    *,
    by: Browser | None = None,
    booking: tuple[uuid.UUID, str] | None = None,
    tags: tuple[str, ...] = (),
) -> dict[str, Any]:
    card = await _card(resources, world, project, name, tags=tags)
    await process_card(by or world.sofia_browser, card, project, outcome, booking=booking)
    return card


async def _due(resources: Resources, clock: MutableClock) -> int:
    """Move the clock to the processes' next run (5 minutes on) and run them."""
    clock.advance(minutes=5)
    return await run_processes(resources, clock)


async def _moves(resources: Resources, process_id: str | None = None) -> list[ProcessMove]:
    async with resources.sessions() as db:
        query = select(ProcessMove).order_by(ProcessMove.id)
        if process_id:
            query = query.where(ProcessMove.process_id == uuid.UUID(process_id))
        return list(await db.scalars(query))


async def test_only_processed_cards_move(
    resources: Resources, clock: MutableClock, world: World
) -> None:
    await new_process(world.manager, name="Bookings", sources=[world.a], destination=world.c)
    clock.advance(seconds=1)
    processed = await _processed(resources, world, world.a, "Ada")
    untouched = await _card(resources, world, world.a, "Grace")

    await _due(resources, clock)

    assert (await card_row(resources, processed["id"])).project_id == uuid.UUID(world.c["id"])
    assert (await card_row(resources, untouched["id"])).project_id == uuid.UUID(world.a["id"])


async def test_only_cards_processed_after_the_process_was_created_move(
    resources: Resources, clock: MutableClock, world: World
) -> None:
    before = await _processed(resources, world, world.a, "Early Ada")
    clock.advance(minutes=1)
    await new_process(world.manager, name="Bookings", sources=[world.a], destination=world.c)
    clock.advance(minutes=1)
    after = await _processed(resources, world, world.a, "Later Grace")

    await _due(resources, clock)

    assert (await card_row(resources, before["id"])).project_id == uuid.UUID(world.a["id"])
    assert (await card_row(resources, after["id"])).project_id == uuid.UUID(world.c["id"])


async def test_a_moved_card_arrives_unprocessed_with_its_outcome_and_its_statistics_stay(
    resources: Resources, clock: MutableClock, world: World
) -> None:
    await new_process(world.manager, name="Bookings", sources=[world.a], destination=world.c)
    clock.advance(seconds=1)
    card = await _processed(resources, world, world.a, "Ada")

    await _due(resources, clock)

    moved = await card_row(resources, card["id"])
    assert moved.project_id == uuid.UUID(world.c["id"])
    assert (moved.processed, moved.last_outcome) == (False, "Booking")
    # The outcome counts where it was set: project A's statistics keep it.
    async with resources.sessions() as db:
        by_project = dict(
            (
                await db.execute(
                    select(CardOutcome.project_id, func.count()).group_by(CardOutcome.project_id)
                )
            ).all()
        )
    assert by_project == {uuid.UUID(world.a["id"]): 1}
    shown = (await world.bea_browser.get(f"{SALES}/cards/{card['id']}")).json()
    assert shown["card"]["processed"] is False
    assert [(h["project"]["name"], h["outcome"]) for h in shown["history"]] == [
        ("Calls North", "Booking")
    ]


async def test_a_card_processed_in_the_destination_before_arrives_as_it_was_left_there(
    resources: Resources, clock: MutableClock, world: World
) -> None:
    # Bea called the contact in C first ("Call back"); a process sent it to A.
    back = await new_process(
        world.manager,
        name="Call backs to North",
        sources=[world.c],
        destination=world.a,
        outcomes=["Call back"],
    )
    clock.advance(seconds=1)
    card = await _processed(resources, world, world.c, "Ada", "Call back", by=world.bea_browser)
    await _due(resources, clock)
    assert (await card_row(resources, card["id"])).project_id == uuid.UUID(world.a["id"])
    # Sofia books a meeting in A; the booking process brings it back to C.
    await new_process(world.manager, name="Bookings", sources=[world.a], destination=world.c)
    clock.advance(seconds=1)
    await process_card(world.sofia_browser, card, world.a, "Booking")
    await _due(resources, clock)

    back_in_c = await card_row(resources, card["id"])
    assert back_in_c.project_id == uuid.UUID(world.c["id"])
    assert (back_in_c.processed, back_in_c.last_outcome) == (True, "Call back")
    # The call back was moved once already: it does not go round again.
    await _due(resources, clock)
    assert (await card_row(resources, card["id"])).project_id == uuid.UUID(world.c["id"])
    assert len(await _moves(resources, back["id"])) == 1


async def test_with_no_bucket_or_user_chosen_a_bucket_named_after_the_source_is_made(
    resources: Resources, clock: MutableClock, world: World
) -> None:
    await new_process(
        world.manager,
        name="Bookings",
        sources=[world.a, world.b],
        destination=world.c,
        placement="new_bucket",
    )
    clock.advance(seconds=1)
    north = await _processed(resources, world, world.a, "Ada")
    south = await _processed(resources, world, world.b, "Grace")

    await _due(resources, clock)

    c = (await world.manager.get(f"{SALES}/projects/{world.c['id']}")).json()
    buckets = {b["name"]: b["id"] for b in c["buckets"]}
    assert set(buckets) == {"Inbox", "Calls North", "Calls South"}
    assert (await card_row(resources, north["id"])).bucket_id == uuid.UUID(buckets["Calls North"])
    assert (await card_row(resources, south["id"])).bucket_id == uuid.UUID(buckets["Calls South"])


async def test_a_booking_with_a_user_of_the_destination_goes_straight_to_that_user(
    resources: Resources, clock: MutableClock, world: World
) -> None:
    await new_process(
        world.manager,
        name="Bookings",
        sources=[world.a],
        destination=world.c,
        placement="bucket",
        bucket="Inbox",
    )
    clock.advance(seconds=1)
    meeting = (clock.now().replace(microsecond=0)).isoformat()
    with_bea = await _processed(resources, world, world.a, "Ada", booking=(world.bea.id, meeting))
    # Sofia is no user of C: her booking goes where the process says.
    with_sofia = await _processed(
        resources, world, world.a, "Grace", booking=(world.sofia.id, meeting)
    )

    await _due(resources, clock)

    to_bea = await card_row(resources, with_bea["id"])
    assert (to_bea.holder_id, to_bea.bucket_id) == (world.bea.id, None)
    to_inbox = await card_row(resources, with_sofia["id"])
    assert (to_inbox.holder_id, str(to_inbox.bucket_id)) == (None, world.c["buckets"][0]["id"])
    # Bea sees it among her cards in C.
    mine = (
        await world.bea_browser.get(
            f"{SALES}/projects/{world.c['id']}/cards", params={"holder": "me"}
        )
    ).json()
    assert [card["id"] for card in mine["items"]] == [with_bea["id"]]


async def test_active_user_missing_from_the_destination_hands_the_card_to_an_active_user_there(
    resources: Resources, clock: MutableClock, world: World, signed_in: SignIn
) -> None:
    dana, dana_browser = await signed_in("sales", name="Dana Both")
    carl = await create_user(resources, role="sales", name="Carl Gone")
    for project, members in (
        (world.a, [world.sofia.id, dana.id]),
        (world.c, [world.bea.id, dana.id, carl.id]),
    ):
        response = await world.manager.put(
            f"{SALES}/projects/{project['id']}/members",
            json={"user_ids": [str(m) for m in members]},
        )
        assert response.status_code == 200, response.text
    async with resources.sessions.begin() as db:
        await db.execute(update(User).where(User.id == carl.id).values(is_active=False))
    await new_process(
        world.manager,
        name="Call backs",
        sources=[world.a],
        destination=world.c,
        placement="active_user",
        outcomes=["Call back"],
    )
    clock.advance(seconds=1)
    by_dana = await _processed(resources, world, world.a, "Ada", "Call back", by=dana_browser)
    clock.advance(seconds=1)
    by_sofia = await _processed(resources, world, world.a, "Grace", "Call back")

    await _due(resources, clock)

    # Dana works C: hers stays hers. Sofia does not: an active user of C gets it, the one
    # holding the fewest cards (Bea; Carl is deactivated).
    assert (await card_row(resources, by_dana["id"])).holder_id == dana.id
    assert (await card_row(resources, by_sofia["id"])).holder_id == world.bea.id


async def test_same_user_missing_from_the_destination_sends_the_card_to_a_bucket(
    resources: Resources, clock: MutableClock, world: World, signed_in: SignIn
) -> None:
    dana, dana_browser = await signed_in("sales", name="Dana Both")
    for project, members in (
        (world.a, [world.sofia.id, dana.id]),
        (world.c, [world.bea.id, dana.id]),
    ):
        await world.manager.put(
            f"{SALES}/projects/{project['id']}/members",
            json={"user_ids": [str(m) for m in members]},
        )
    await new_process(
        world.manager,
        name="Call backs",
        sources=[world.a],
        destination=world.c,
        placement="same_user",
        bucket="Inbox",
        outcomes=["Call back"],
    )
    clock.advance(seconds=1)
    by_dana = await _processed(resources, world, world.a, "Ada", "Call back", by=dana_browser)
    by_sofia = await _processed(resources, world, world.a, "Grace", "Call back")

    await _due(resources, clock)

    assert (await card_row(resources, by_dana["id"])).holder_id == dana.id
    to_bucket = await card_row(resources, by_sofia["id"])
    assert (to_bucket.holder_id, str(to_bucket.bucket_id)) == (None, world.c["buckets"][0]["id"])


async def test_deleting_a_process_keeps_it_inactive_and_it_no_longer_runs(
    resources: Resources, clock: MutableClock, world: World
) -> None:
    kept = await new_process(world.manager, name="Kept", sources=[world.a], destination=world.c)
    gone = await new_process(
        world.manager, name="Deleted", sources=[world.b], destination=world.c, priority=1
    )
    deleted = await world.manager.request("DELETE", f"{SALES}/processes/{gone['id']}")
    assert deleted.status_code == 204, deleted.text
    clock.advance(seconds=1)
    card = await _processed(resources, world, world.b, "Ada")

    await _due(resources, clock)

    assert (await card_row(resources, card["id"])).project_id == uuid.UUID(world.b["id"])
    listed = (await world.manager.get(f"{SALES}/processes")).json()
    assert [(p["name"], p["active"]) for p in listed] == [("Kept", True), ("Deleted", False)]
    assert listed[1]["deactivated_at"] is not None
    assert listed[1]["next_run_at"] is None
    assert kept["active"] is True


async def test_reactivating_scans_the_cards_processed_in_the_last_30_days(
    resources: Resources, clock: MutableClock, world: World
) -> None:
    process = await new_process(
        world.manager, name="Bookings", sources=[world.a], destination=world.c
    )
    await world.manager.request("DELETE", f"{SALES}/processes/{process['id']}")
    clock.advance(hours=1)
    await _sign_in_again(world)
    early = await _processed(resources, world, world.a, "Early Grace")
    clock.advance(days=40)
    await _sign_in_again(world)
    late = await _processed(resources, world, world.a, "Late Alan")
    clock.advance(days=5)
    await _sign_in_again(world)

    activated = await world.manager.post(f"{SALES}/processes/{process['id']}/activate")
    assert activated.status_code == 200, activated.text
    assert activated.json()["active"] is True
    # Due at once: it does not wait for its next slot.
    await run_processes(resources, clock)

    assert (await card_row(resources, late["id"])).project_id == uuid.UUID(world.c["id"])
    # Processed 45 days ago: past the 30 days a reactivation looks back.
    assert (await card_row(resources, early["id"])).project_id == uuid.UUID(world.a["id"])


async def test_reactivating_never_scans_before_the_process_was_first_created(
    resources: Resources, clock: MutableClock, world: World
) -> None:
    before_it = await _processed(resources, world, world.a, "Before Ada")
    clock.advance(hours=1)
    await _sign_in_again(world)
    process = await new_process(
        world.manager, name="Bookings", sources=[world.a], destination=world.c
    )
    await world.manager.request("DELETE", f"{SALES}/processes/{process['id']}")
    clock.advance(hours=1)
    await _sign_in_again(world)
    after_it = await _processed(resources, world, world.a, "After Grace")
    clock.advance(hours=1)
    await _sign_in_again(world)

    activated = (await world.manager.post(f"{SALES}/processes/{process['id']}/activate")).json()
    await run_processes(resources, clock)

    # 30 days back would reach "Before Ada" (3 hours ago); the process's creation stops it.
    assert activated["scan_from"] == activated["created_at"] == process["created_at"]
    assert (await card_row(resources, before_it["id"])).project_id == uuid.UUID(world.a["id"])
    assert (await card_row(resources, after_it["id"])).project_id == uuid.UUID(world.c["id"])


async def test_each_card_moves_once_however_many_workers_run_at_once(
    resources: Resources, clock: MutableClock, world: World
) -> None:
    process = await new_process(
        world.manager, name="Bookings", sources=[world.a], destination=world.c
    )
    clock.advance(seconds=1)
    cards = [await _processed(resources, world, world.a, f"Lead {n}") for n in range(12)]
    clock.advance(minutes=5)

    # Two workers at once, each a few cards a transaction.
    await asyncio.gather(
        run_processes(resources, clock, batch=3), run_processes(resources, clock, batch=3)
    )

    moves = await _moves(resources, process["id"])
    assert sorted(str(m.card_id) for m in moves) == sorted(c["id"] for c in cards)
    async with resources.sessions() as db:
        [(status, moved)] = (await db.execute(select(ProcessRun.status, ProcessRun.moved))).all()
    assert (status, moved) == ("done", 12)
    # The next run finds nothing left to move.
    await _due(resources, clock)
    assert len(await _moves(resources, process["id"])) == 12


async def test_a_run_that_dies_mid_way_resumes_where_it_was_and_moves_nothing_twice(
    resources: Resources, clock: MutableClock, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    await new_process(world.manager, name="Bookings", sources=[world.a], destination=world.c)
    clock.advance(seconds=1)
    cards = [await _processed(resources, world, world.a, f"Lead {n}") for n in range(7)]
    clock.advance(minutes=5)
    real = runs.carry_out
    calls = 0

    async def dies_in_second_batch(*args: Any) -> None:
        nonlocal calls
        calls += 1
        await real(*args)
        if calls == 2:
            raise ConnectionResetError("the worker died")

    monkeypatch.setattr(runs, "carry_out", dies_in_second_batch)
    with pytest.raises(ConnectionResetError):
        await run_processes(resources, clock, batch=3)

    # The first batch committed; the second left nothing behind.
    in_c = [
        c
        for c in cards
        if (await card_row(resources, c["id"])).project_id == uuid.UUID(world.c["id"])
    ]
    assert len(in_c) == 3
    assert len(await _moves(resources)) == 3
    monkeypatch.setattr(runs, "carry_out", real)
    await run_processes(resources, clock, batch=3)

    assert sorted(str(m.card_id) for m in await _moves(resources)) == sorted(c["id"] for c in cards)
    async with resources.sessions() as db:
        [(status, moved)] = (await db.execute(select(ProcessRun.status, ProcessRun.moved))).all()
    assert (status, moved) == ("done", 7)


async def test_a_run_writes_what_it_moved_and_why_to_the_audit_log(
    resources: Resources, clock: MutableClock, world: World
) -> None:
    process = await new_process(
        world.manager, name="Bookings", sources=[world.a, world.b], destination=world.c
    )
    clock.advance(seconds=1)
    contact = await add_contact(resources, "Ada Twice")
    in_a = await new_card(world.manager, world.a, contact)
    in_b = await new_card(world.manager, world.b, contact)
    await process_card(world.sofia_browser, in_a, world.a, "Booking")
    clock.advance(seconds=1)
    await process_card(world.sofia_browser, in_b, world.b, "Booking")

    await _due(resources, clock)

    log = (await world.manager.get(f"{SALES}/processes/{process['id']}/moves")).json()
    assert [(m["action"], m["from_project"]["name"], m["reason"]) for m in log] == [
        ("skipped", "Calls South", "already_in_destination"),
        ("moved", "Calls North", "new_bucket"),
    ]
    moved = log[1]
    assert moved["to_project"]["name"] == "Booked meetings"
    assert moved["to_bucket"]["name"] == "Calls North"
    assert moved["outcome"] == "Booking"
    assert "named after the source project" in moved["detail"]
    assert "already has a card in the destination" in log[0]["detail"]
    runs_listed = (await world.manager.get(f"{SALES}/processes/{process['id']}/runs")).json()
    assert [(r["kind"], r["status"], r["moved"], r["skipped"]) for r in runs_listed] == [
        ("schedule", "done", 1, 1)
    ]


async def test_processes_run_in_priority_order_one_first(
    resources: Resources, clock: MutableClock, world: World
) -> None:
    second = await new_project(world.manager, "Second choice")
    await new_process(
        world.manager, name="Later", sources=[world.a], destination=second, priority=2
    )
    await new_process(world.manager, name="First", sources=[world.a], destination=world.c)
    clock.advance(seconds=1)
    card = await _processed(resources, world, world.a, "Ada")

    await _due(resources, clock)

    assert (await card_row(resources, card["id"])).project_id == uuid.UUID(world.c["id"])
    listed = (await world.manager.get(f"{SALES}/processes")).json()
    assert [(p["name"], p["priority"], p["moved_total"]) for p in listed] == [
        ("First", 1, 1),
        ("Later", 2, 0),
    ]


async def test_the_worker_runs_a_process_on_its_frequency(
    resources: Resources, settings: Settings, clock: MutableClock, world: World
) -> None:
    clock.advance(minutes=15 - clock.now().minute % 15)
    clock.advance(seconds=-clock.now().second, microseconds=-clock.now().microsecond)
    clock.advance(minutes=1)  # 1 minute past a quarter hour
    process = await new_process(
        world.manager, name="Bookings", sources=[world.a], destination=world.c, frequency="15m"
    )
    card = await _processed(resources, world, world.a, "Ada")
    loops = context_of(worker_ctx(resources, settings, clock)).loops

    clock.advance(minutes=13)  # not yet due
    await loops.until_idle()
    assert (await card_row(resources, card["id"])).project_id == uuid.UUID(world.a["id"])
    clock.advance(minutes=1)  # the quarter hour
    await loops.until_idle()

    assert (await card_row(resources, card["id"])).project_id == uuid.UUID(world.c["id"])
    shown = (await world.manager.get(f"{SALES}/processes/{process['id']}")).json()
    assert shown["last_run"]["moved"] == 1
    assert shown["next_run_at"] > shown["last_run"]["due_at"]


async def test_criteria_pick_cards_by_outcome_and_by_condition(
    resources: Resources, clock: MutableClock, world: World
) -> None:
    vip = {
        "type": "group",
        "op": "all",
        "rules": [{"type": "has_tag", "tag": "vip"}],
    }
    await new_process(
        world.manager, name="VIP bookings", sources=[world.a], destination=world.c, condition=vip
    )
    clock.advance(seconds=1)
    picked = await _processed(resources, world, world.a, "Ada", tags=("vip",))
    not_vip = await _processed(resources, world, world.a, "Grace")
    other_outcome = await _processed(resources, world, world.a, "Alan", "Call back", tags=("vip",))

    await _due(resources, clock)

    assert (await card_row(resources, picked["id"])).project_id == uuid.UUID(world.c["id"])
    for stays in (not_vip, other_outcome):
        assert (await card_row(resources, stays["id"])).project_id == uuid.UUID(world.a["id"])


async def test_a_dry_run_shows_what_would_move_and_where_and_writes_nothing(
    resources: Resources, clock: MutableClock, world: World
) -> None:
    process = await new_process(
        world.manager, name="Bookings", sources=[world.a], destination=world.c
    )
    clock.advance(seconds=1)
    meeting = clock.now().replace(microsecond=0).isoformat()
    await _processed(resources, world, world.a, "Ada", booking=(world.bea.id, meeting))
    clock.advance(seconds=1)
    await _processed(resources, world, world.a, "Grace")

    preview = await world.manager.post(f"{SALES}/processes/{process['id']}/preview")

    assert preview.status_code == 200, preview.text
    body = preview.json()
    assert body["total"] == 2
    assert [
        (i["contact"]["name"], i["to_kind"], i["to_name"], i["reason"]) for i in body["items"]
    ] == [
        ("Ada", "user", "Bea Booker", "booked_resource"),
        ("Grace", "new_bucket", "Calls North", "new_bucket"),
    ]
    assert await _moves(resources) == []
    c = (await world.manager.get(f"{SALES}/projects/{world.c['id']}")).json()
    assert [b["name"] for b in c["buckets"]] == ["Inbox"]


async def test_run_now_is_taken_by_the_worker_and_an_inactive_process_is_refused(
    resources: Resources, clock: MutableClock, world: World
) -> None:
    process = await new_process(
        world.manager, name="Bookings", sources=[world.a], destination=world.c
    )
    clock.advance(seconds=1)
    card = await _processed(resources, world, world.a, "Ada")

    asked = await world.manager.post(f"{SALES}/processes/{process['id']}/runs")
    assert asked.status_code == 202, asked.text
    assert (asked.json()["kind"], asked.json()["status"]) == ("manual", "running")
    again = await world.manager.post(f"{SALES}/processes/{process['id']}/runs")
    assert again.status_code == 409, again.text
    await run_processes(resources, clock)  # no clock move: it is due now

    assert (await card_row(resources, card["id"])).project_id == uuid.UUID(world.c["id"])
    listed = (await world.manager.get(f"{SALES}/processes/{process['id']}/runs")).json()
    assert [(r["kind"], r["status"], r["moved"]) for r in listed] == [("manual", "done", 1)]
    await world.manager.request("DELETE", f"{SALES}/processes/{process['id']}")
    refused = await world.manager.post(f"{SALES}/processes/{process['id']}/runs")
    assert refused.status_code == 409
    assert "inactive" in refused.json()["detail"]
