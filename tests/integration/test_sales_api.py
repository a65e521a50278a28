"""The sales API: projects and their lists, cards and outcomes, CSV import, who may see
what; and bad input, each a clear 4xx naming the field or row, with nothing half-applied."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import pytest
from sqlalchemy import func, select

from app.resources import Resources
from app.sales.models import Card, Process
from tests.fixtures import SignedIn
from tests.support.accounts import MutableClock
from tests.support.sales import (
    SALES,
    add_contact,
    new_card,
    new_project,
    outcome_id,
    process_body,
    process_card,
)

pytestmark = pytest.mark.usefixtures("standard_roles")
SignIn = Callable[..., Awaitable[SignedIn]]


def _fields(response: object) -> list[str]:
    return [e["field"] for e in response.json()["errors"]]  # type: ignore[attr-defined]


async def _count(resources: Resources, model: type[Card] | type[Process]) -> int:
    async with resources.sessions() as db:
        return int(await db.scalar(select(func.count()).select_from(model)) or 0)


async def test_a_project_is_made_with_its_lists_and_members_see_only_their_projects(
    resources: Resources, signed_in: SignIn
) -> None:
    _, manager = await signed_in("super_user")
    sofia, sofia_browser = await signed_in("sales", name="Sofia Seller")
    _, outsider = await signed_in("sales")
    project = await new_project(
        manager, "Calls North", members=[sofia.id], buckets=["Hot"], stages=["Lead", "Won"]
    )
    assert [o["name"] for o in project["outcomes"]] == ["Booking", "Call back", "No"]
    assert [s["name"] for s in project["stages"]] == ["Lead", "Won"]
    assert [m["name"] for m in project["members"]] == ["Sofia Seller"]

    mine = (await sofia_browser.get(f"{SALES}/projects")).json()
    assert [p["name"] for p in mine] == ["Calls North"]
    assert (await outsider.get(f"{SALES}/projects")).json() == []
    hidden = await outsider.get(f"{SALES}/projects/{project['id']}")
    assert hidden.status_code == 404
    # Managing is sales:manage's.
    refused = await sofia_browser.post(f"{SALES}/projects", json={"name": "x", "outcomes": []})
    assert refused.status_code == 403


async def test_a_member_processes_a_card_with_a_booking_and_sees_its_history(
    resources: Resources, clock: MutableClock, signed_in: SignIn
) -> None:
    _, manager = await signed_in("super_user")
    sofia, sofia_browser = await signed_in("sales", name="Sofia Seller")
    bea, _ = await signed_in("sales", name="Bea Booker")
    project = await new_project(manager, "Calls North", members=[sofia.id], buckets=["Hot"])
    card = await new_card(sofia_browser, project, await add_contact(resources, "Ada"))
    meeting = clock.now().replace(microsecond=0).isoformat()

    processed = await process_card(
        sofia_browser, card, project, "Booking", booking=(bea.id, meeting)
    )

    assert processed["processed"] is True
    assert processed["last_outcome"] == "Booking"
    assert processed["booking_user_id"] == str(bea.id)
    detail = (await sofia_browser.get(f"{SALES}/cards/{card['id']}")).json()
    [entry] = detail["history"]
    assert (entry["outcome"], entry["user"]["name"], entry["booking_user"]["name"]) == (
        "Booking",
        "Sofia Seller",
        "Bea Booker",
    )
    moved = await sofia_browser.request(
        "PATCH", f"{SALES}/cards/{card['id']}", json={"holder_id": str(sofia.id)}
    )
    assert moved.status_code == 200, moved.text
    mine = (
        await sofia_browser.get(f"{SALES}/projects/{project['id']}/cards", params={"holder": "me"})
    ).json()
    assert [c["id"] for c in mine["items"]] == [card["id"]]


async def test_an_empty_outcome_list_is_refused(signed_in: SignIn) -> None:
    _, manager = await signed_in("super_user")
    created = await manager.post(f"{SALES}/projects", json={"name": "Calls", "outcomes": []})
    assert created.status_code == 400
    assert _fields(created) == ["outcomes"]
    assert (await manager.get(f"{SALES}/projects")).json() == []

    project = await new_project(manager, "Calls")
    emptied = await manager.put(f"{SALES}/projects/{project['id']}/outcomes", json={"outcomes": []})
    assert emptied.status_code == 400
    assert _fields(emptied) == ["outcomes"]
    twice = await manager.put(
        f"{SALES}/projects/{project['id']}/outcomes",
        json={"outcomes": [{"name": "Booking"}, {"name": "booking"}]},
    )
    assert _fields(twice) == ["outcomes[1].name"]
    kept = (await manager.get(f"{SALES}/projects/{project['id']}")).json()
    assert [o["name"] for o in kept["outcomes"]] == ["Booking", "Call back", "No"]


async def test_an_outcome_not_on_the_cards_project_list_or_a_booking_on_a_plain_one_is_refused(
    resources: Resources, clock: MutableClock, signed_in: SignIn
) -> None:
    _, manager = await signed_in("super_user")
    a = await new_project(manager, "A")
    b = await new_project(manager, "B")
    card = await new_card(manager, a, await add_contact(resources, "Ada"))
    url = f"{SALES}/cards/{card['id']}/outcome"

    foreign = await manager.post(url, json={"outcome_id": outcome_id(b, "Booking")})
    assert foreign.status_code == 400
    assert _fields(foreign) == ["outcome_id"]
    assert "“Booking”, “Call back”, “No”" in foreign.json()["detail"]
    plain = await manager.post(
        url,
        json={
            "outcome_id": outcome_id(a, "No"),
            "booking": {"user_id": str(card["id"]), "at": clock.now().isoformat()},
        },
    )
    assert plain.status_code == 400
    assert _fields(plain) == ["booking"]
    nobody = await manager.post(
        url,
        json={
            "outcome_id": outcome_id(a, "Booking"),
            "booking": {"user_id": str(card["id"]), "at": clock.now().isoformat()},
        },
    )
    assert _fields(nobody) == ["booking.user_id"]
    assert (await manager.get(f"{SALES}/cards/{card['id']}")).json()["card"]["processed"] is False


async def test_a_process_whose_destination_is_one_of_its_sources_is_refused(
    resources: Resources, signed_in: SignIn
) -> None:
    _, manager = await signed_in("super_user")
    a = await new_project(manager, "A")
    b = await new_project(manager, "B")

    refused = await manager.post(
        f"{SALES}/processes", json=process_body("Loop", [a, b], destination=b)
    )

    assert refused.status_code == 400, refused.text
    assert _fields(refused) == ["destination_id"]
    assert "“B” is both a source and the destination" in refused.json()["detail"]
    assert await _count(resources, Process) == 0


async def test_a_process_with_an_unknown_outcome_or_a_missing_bucket_is_refused(
    resources: Resources, signed_in: SignIn
) -> None:
    _, manager = await signed_in("super_user")
    a = await new_project(manager, "A")
    c = await new_project(manager, "C", buckets=["Inbox"])

    unknown = await manager.post(
        f"{SALES}/processes",
        json=process_body("X", [a], c, outcomes=["Booking", "Sold"]),
    )
    assert unknown.status_code == 400
    assert _fields(unknown) == ["criteria.outcomes[1]"]
    none = await manager.post(f"{SALES}/processes", json=process_body("X", [a], c, outcomes=[]))
    assert _fields(none) == ["criteria.outcomes"]
    no_bucket = await manager.post(
        f"{SALES}/processes", json=process_body("X", [a], c, placement="bucket")
    )
    assert _fields(no_bucket) == ["bucket_id"]
    daily = await manager.post(f"{SALES}/processes", json=process_body("X", [a], c, frequency="1d"))
    assert _fields(daily) == ["daily_at"]
    assert await _count(resources, Process) == 0


async def test_a_csv_import_makes_cards_and_refuses_a_file_with_bad_rows_whole(
    resources: Resources, signed_in: SignIn
) -> None:
    _, manager = await signed_in("super_user")
    sofia, _ = await signed_in("sales", email="sofia@example.test")
    project = await new_project(manager, "Calls", members=[sofia.id], buckets=["Hot"])
    url = f"{SALES}/projects/{project['id']}/cards/import"
    bad = (
        "email,name,bucket,holder\n"
        "ada@example.test,Ada,Hot,\n"
        "not-an-email,Grace,,\n"
        "alan@example.test,Alan,Cold,\n"
        ",Nobody,,\n"
    )

    refused = await manager.post(url, json={"csv": bad})

    assert refused.status_code == 422, refused.text
    assert _fields(refused) == ["rows[3].email", "rows[4].bucket", "rows[5]"]
    assert "nothing was imported" in refused.json()["detail"]
    assert await _count(resources, Card) == 0

    good = (
        "Email,Name,Bucket,Holder\n"
        "ada@example.test,Ada,Hot,\n"
        "grace@example.test,Grace,,sofia@example.test\n"
    )
    report = await manager.post(url, json={"csv": good})
    assert report.status_code == 200, report.text
    assert report.json() == {"rows": 2, "created": 2, "already_there": 0, "contacts_created": 2}
    again = (await manager.post(url, json={"csv": good})).json()
    assert (again["created"], again["already_there"]) == (0, 2)
    listed = (await manager.get(f"{SALES}/projects/{project['id']}/cards")).json()
    assert sorted(c["contact"]["name"] for c in listed["items"]) == ["Ada", "Grace"]


async def test_a_card_is_placed_only_within_its_project(
    resources: Resources, signed_in: SignIn
) -> None:
    _, manager = await signed_in("super_user")
    a = await new_project(manager, "A", buckets=["Hot"])
    b = await new_project(manager, "B", buckets=["Cold"])
    contact = await add_contact(resources, "Ada")
    wrong = await manager.post(
        f"{SALES}/projects/{a['id']}/cards",
        json={"contact_id": str(contact), "bucket_id": b["buckets"][0]["id"]},
    )
    assert wrong.status_code == 400
    assert _fields(wrong) == ["bucket_id"]
    await new_card(manager, a, contact, bucket_id=a["buckets"][0]["id"])
    twice = await manager.post(
        f"{SALES}/projects/{a['id']}/cards", json={"contact_id": str(contact)}
    )
    assert twice.status_code == 409
