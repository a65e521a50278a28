"""The segments API: live counts, previews of unsaved conditions with clear problems,
the journeys catalog listing segments, and journeys reading segment membership."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from sqlalchemy import select

from app.demo.journeys import seed_catalog
from app.demo.segments import seed_segments
from app.eventlog.models import Event
from app.resources import Resources
from tests.fixtures import SignedIn
from tests.support.accounts import MutableClock
from tests.support.runs import chain, enrollments, handle, node, publish, steps

SignIn = Callable[..., Awaitable[SignedIn]]
URL = "/api/v1/segments"
VIPS = {"type": "group", "rules": [{"type": "has_tag", "tag": "vip"}]}


@pytest.fixture
async def marketer(signed_in: SignIn) -> SignedIn:
    return await signed_in("marketer", name="Priya Shah")


@pytest.fixture
async def support(signed_in: SignIn) -> SignedIn:
    return await signed_in("customer_support", name="Tom Baker")


async def _contact(support: SignedIn, **body: Any) -> str:
    response = await support[1].post("/api/v1/contacts", json=body)
    assert response.status_code == 201, response.text
    return str(response.json()["id"])


async def test_preview_counts_and_changes_with_the_data(
    marketer: SignedIn, support: SignedIn
) -> None:
    _, browser = marketer
    ada = await _contact(support, name="Ada", tags=["vip"])
    await _contact(support, name="Grace")

    async def preview(condition: dict[str, Any]) -> dict[str, Any]:
        response = await browser.post(f"{URL}/preview", json={"condition": condition})
        assert response.status_code == 200, response.text
        result: dict[str, Any] = response.json()
        return result

    first = await preview(VIPS)
    assert first["count"] == 1
    assert [s["name"] for s in first["sample"]] == ["Ada"]
    await support[1].post(f"/api/v1/contacts/{ada}/tags/remove", json={"tags": ["vip"]})
    assert (await preview(VIPS))["count"] == 0
    everyone_but_vips = {**VIPS, "negate": True}
    # Ada, Grace and the two signed-in members of staff.
    assert (await preview(everyone_but_vips))["count"] == 4


async def test_conditions_a_segment_cannot_hold_are_400_with_paths(marketer: SignedIn) -> None:
    _, browser = marketer
    condition = {
        "type": "group",
        "rules": [
            {"type": "event_property", "property": "value", "operator": "gt", "value": 1},
            {"type": "contact_field", "field": "score", "operator": "gt", "value": "lots"},
            {"type": "group", "rules": []},
        ],
    }
    response = await browser.post(f"{URL}/preview", json={"condition": condition})
    assert response.status_code == 400
    fields = [e["field"] for e in response.json()["errors"]]
    assert fields == [
        "condition.rules[1].value",
        "condition.rules[2].rules",
        "condition.rules[0].property",
    ]
    malformed = await browser.post(
        f"{URL}/preview", json={"condition": {"type": "group", "rules": [{"type": "nope"}]}}
    )
    assert malformed.status_code == 400


async def test_save_list_update_delete(marketer: SignedIn, support: SignedIn) -> None:
    _, browser = marketer
    await _contact(support, name="Ada", tags=["vip"])
    created = await browser.post(URL, json={"name": "vips", "label": "VIPs", "condition": VIPS})
    assert created.status_code == 201, created.text
    segment = created.json()
    assert segment["count"] == 1
    again = await browser.post(URL, json={"name": "vips", "label": "Again", "condition": VIPS})
    assert again.status_code == 409
    assert again.json()["errors"][0]["field"] == "name"
    bad_name = await browser.post(URL, json={"name": "VIP list", "label": "x", "condition": VIPS})
    assert bad_name.status_code == 400
    listed = (await browser.get(URL)).json()
    assert [(s["name"], s["count"]) for s in listed] == [("vips", 1)]
    updated = await browser.request(
        "PATCH",
        f"{URL}/{segment['id']}",
        json={"label": "Very important", "condition": {**VIPS, "negate": True}},
    )
    assert updated.json()["label"] == "Very important"
    assert updated.json()["count"] == 2  # Priya and Tom
    loop = await browser.request(
        "PATCH",
        f"{URL}/{segment['id']}",
        json={"condition": {"type": "group", "rules": [{"type": "in_segment", "segment": "vips"}]}},
    )
    assert loop.status_code == 400
    assert "loop" in loop.json()["errors"][0]["message"]
    # The contacts list filters by it.
    contacts = (await support[1].get("/api/v1/contacts", params={"segment": "vips"})).json()
    assert contacts["total"] == 2
    assert (await browser.request("DELETE", f"{URL}/{segment['id']}")).status_code == 204
    assert (await browser.get(f"{URL}/{segment['id']}")).status_code == 404


async def test_saving_needs_segments_write(support: SignedIn) -> None:
    _, browser = support
    assert (await browser.get(URL)).status_code == 200
    refused = await browser.post(URL, json={"name": "x", "label": "x", "condition": VIPS})
    assert refused.status_code == 403


async def test_library_templates_validate_clean_once_their_segments_exist(
    marketer: SignedIn, resources: Resources, clock: MutableClock
) -> None:
    _, browser = marketer
    async with resources.sessions.begin() as db:
        await seed_catalog(db)
        await seed_segments(db, clock.now())
    catalog = (await browser.get("/api/v1/journeys/catalog")).json()
    assert {"customers", "no_activity_90_days", "newsletter_subscribers"} <= {
        s["name"] for s in catalog["segments"]
    }
    library = (await browser.get("/api/v1/journeys/library")).json()
    for template in library:
        response = await browser.post(
            "/api/v1/journeys/from-template", json={"slug": template["slug"]}
        )
        errors = [p for p in response.json()["problems"] if p.get("severity", "error") == "error"]
        assert errors == [], template["slug"]
    listed = {s["name"]: s for s in (await browser.get(URL)).json()}
    assert all(s["problems"] == [] for s in listed.values())


async def test_a_tag_added_on_the_contact_page_starts_a_journey_that_reads_the_segment(
    resources: Resources, clock: MutableClock, support: SignedIn, marketer: SignedIn
) -> None:
    """Contact state changes are events: `contact.tagged` triggers, `in_segment` decides."""
    created = await marketer[1].post(URL, json={"name": "vips", "label": "VIPs", "condition": VIPS})
    assert created.status_code == 201
    condition = {"type": "group", "rules": [{"type": "in_segment", "segment": "vips"}]}
    graph = chain(node("trigger.event", "tagged", event_name="contact.tagged"))
    graph["nodes"] += [
        node("flow.condition", "is-vip", condition=condition),
        node("flow.end", "vip"),
        node("flow.end", "other"),
    ]
    graph["edges"] = [
        {"id": "a", "source": "tagged", "source_handle": "next", "target": "is-vip"},
        {"id": "b", "source": "is-vip", "source_handle": "yes", "target": "vip"},
        {"id": "c", "source": "is-vip", "source_handle": "no", "target": "other"},
    ]
    graph["settings"] = {"reentry": {"rule": "always"}}
    await publish(resources, "VIP welcome", graph)
    ada = await _contact(support, name="Ada")
    handled: set[int] = set()

    async def tag_and_run(tag: str) -> None:
        await support[1].post(f"/api/v1/contacts/{ada}/tags", json={"tags": [tag]})
        async with resources.sessions() as db:
            ids = set(await db.scalars(select(Event.id).where(Event.name == "contact.tagged")))
        for event_id in sorted(ids - handled):
            await handle(resources, clock, event_id)
        handled.update(ids)

    # The worker reads the segment when it handles the event: not yet a VIP, then one.
    await tag_and_run("newsletter")
    await tag_and_run("vip")
    first, second = await enrollments(resources)
    assert await steps(resources, first.id) == [
        ("tagged", "next"),
        ("is-vip", "no"),
        ("other", None),
    ]
    assert await steps(resources, second.id) == [
        ("tagged", "next"),
        ("is-vip", "yes"),
        ("vip", None),
    ]
