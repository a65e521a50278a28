"""The contacts API (docs/contacts-api.md): list with search and filters, the contact
page's data, every change (an event each), objects, notes and the timeline."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import pytest

from app.resources import Resources
from app.worker.queue import event_job_id
from tests.fixtures import SignedIn
from tests.support.accounts import Browser

SignIn = Callable[..., Awaitable[SignedIn]]
URL = "/api/v1/contacts"


@pytest.fixture
async def support(signed_in: SignIn) -> SignedIn:
    return await signed_in("customer_support", name="Tom Baker")


async def _create(browser: Browser, **body: Any) -> dict[str, Any]:
    response = await browser.post(URL, json=body)
    assert response.status_code == 201, response.text
    created: dict[str, Any] = response.json()
    return created


async def test_search_filters_and_pages(support: SignedIn) -> None:
    _, browser = support
    ada = await _create(browser, name="Ada Lovelace", email="ada@example.com", tags=["vip"])
    await _create(browser, name="Grace Hopper", phone="+441632960002", external_id="cust-2")
    await _create(browser, name="Alan Turing", email="alan@example.com")
    await browser.post(f"{URL}/{ada['id']}/score", json={"value": 70})

    async def names(**params: Any) -> list[str]:
        response = await browser.get(URL, params=params)
        assert response.status_code == 200, response.text
        return sorted(item["name"] for item in response.json()["items"])

    assert await names(q="LOVE") == ["Ada Lovelace"]
    assert await names(q="960002") == ["Grace Hopper"]
    assert await names(q="cust-2") == ["Grace Hopper"]
    assert await names(q="example.com") == ["Ada Lovelace", "Alan Turing"]
    assert await names(tag="vip") == ["Ada Lovelace"]
    assert await names(score_min=50) == ["Ada Lovelace"]
    # Staff are contacts too: Tom, who is signed in, is one.
    assert await names(score_max=10) == ["Alan Turing", "Grace Hopper", "Tom Baker"]
    everyone = ["Ada Lovelace", "Alan Turing", "Grace Hopper", "Tom Baker"]
    assert await names(owner="none") == everyone
    assert await names(consent="letter:allowed") == everyone
    assert await names(consent="email:allowed") == []
    assert await names(consent="email:refused") == everyone
    paged = (await browser.get(URL, params={"page": 2, "page_size": 3})).json()
    assert paged["total"] == 4
    assert len(paged["items"]) == 1
    bad = await browser.get(URL, params={"owner": "someone"})
    assert bad.status_code == 400
    assert bad.json()["errors"][0]["field"] == "owner"
    unknown_segment = await browser.get(URL, params={"segment": "nope"})
    assert unknown_segment.status_code == 400
    assert unknown_segment.json()["errors"][0]["field"] == "segment"


async def test_update_gives_field_errors_with_paths_and_keeps_what_was_saved(
    support: SignedIn,
) -> None:
    _, browser = support
    ada = await _create(browser, name="Ada", email="ada@example.com")
    url = f"{URL}/{ada['id']}"
    bad_zone = await browser.request("PATCH", url, json={"timezone": "Mars/Olympus"})
    assert bad_zone.status_code == 400
    assert bad_zone.json()["errors"] == [
        {"field": "timezone", "message": bad_zone.json()["errors"][0]["message"]}
    ]
    assert "IANA" in bad_zone.json()["errors"][0]["message"]
    bad_email = await browser.request("PATCH", url, json={"email": "not-an-email"})
    assert bad_email.status_code == 400
    assert "email" in bad_email.json()["errors"][0]["field"]
    bad_attribute = await browser.request("PATCH", url, json={"attributes": {"1bad": 1}})
    assert bad_attribute.status_code == 400
    ok = await browser.request(
        "PATCH",
        url,
        json={
            "timezone": "Europe/London",
            "locale": "en-GB",
            "birthday": "1815-12-10",
            "attributes": {"region": "north"},
        },
    )
    assert ok.status_code == 200, ok.text
    body = ok.json()
    assert (body["timezone"], body["locale"], body["birthday"]) == (
        "Europe/London",
        "en-GB",
        "1815-12-10",
    )
    assert body["attributes"] == {"region": "north"}
    assert body["email"] == "ada@example.com"
    removed = await browser.request("PATCH", url, json={"attributes": {"region": None}})
    assert removed.json()["attributes"] == {}


async def test_tags_score_consent_owner_each_ring_an_event(
    support: SignedIn, signed_in: SignIn, resources: Resources
) -> None:
    _, browser = support
    owner, _ = await signed_in("sales", name="Sofia Rossi")
    ada = await _create(browser, name="Ada", email="ada@example.com")
    url = f"{URL}/{ada['id']}"
    tagged = await browser.post(f"{url}/tags", json={"tags": ["vip", "newsletter"]})
    assert tagged.json()["tags"] == ["vip", "newsletter"]
    untagged = await browser.post(f"{url}/tags/remove", json={"tags": ["newsletter"]})
    assert untagged.json()["tags"] == ["vip"]
    scored = await browser.post(f"{url}/score", json={"delta": 15})
    assert scored.json()["score"] == 15
    both = await browser.post(f"{url}/score", json={"delta": 1, "value": 3})
    assert both.status_code == 400
    consent = await browser.put(
        f"{url}/consent", json={"channel": "email", "status": "opted_in", "source": "phone call"}
    )
    email = next(c for c in consent.json()["consent"] if c["channel"] == "email")
    assert email == {"channel": "email", "status": "opted_in", "allowed": True}
    await browser.put(f"{url}/consent", json={"channel": "email", "status": "opted_out"})
    history = (await browser.get(f"{url}/consent/history")).json()
    assert [(h["status"], h["source"]) for h in history] == [
        ("opted_out", "staff"),
        ("opted_in", "phone call"),
    ]
    bad_channel = await browser.put(f"{url}/consent", json={"channel": "fax", "status": "opted_in"})
    assert bad_channel.status_code == 400
    owned = await browser.put(f"{url}/owner", json={"owner_id": str(owner.id)})
    assert owned.json()["owner"]["name"] == "Sofia Rossi"
    choices = (await browser.get(f"{URL}/owners")).json()
    assert str(owner.id) in {c["id"] for c in choices}

    timeline = (await browser.get(f"{url}/timeline", params={"limit": 100})).json()
    names = [item["title"] for item in timeline["items"] if item["kind"] == "event"]
    assert names[:5] == [
        "contact.owner_changed",
        "contact.opted_out",
        "contact.opted_in",
        "contact.score_changed",
        "contact.untagged",
    ]
    for item in timeline["items"]:
        assert await resources.redis.exists(f"arq:job:{event_job_id(int(item['id']))}")
    changed = timeline["items"][0]["detail"]["properties"]
    assert changed["origin"] == "staff"


async def test_objects_crud_and_notes(support: SignedIn) -> None:
    _, browser = support
    ada = await _create(browser, name="Ada")
    url = f"{URL}/{ada['id']}/objects"
    created = await browser.post(
        url,
        json={
            "kind": "appointment",
            "status": "booked",
            "external_ref": "APT-1",
            "starts_at": "2026-12-01T14:00:00Z",
            "data": {"place": "Leeds"},
        },
    )
    assert created.status_code == 201, created.text
    appointment = created.json()
    duplicate = await browser.post(
        url, json={"kind": "appointment", "status": "x", "external_ref": "APT-1"}
    )
    assert duplicate.status_code == 409
    assert duplicate.json()["errors"][0]["field"] == "external_ref"
    wrong_kind = await browser.post(url, json={"kind": "spaceship", "status": "x"})
    assert wrong_kind.status_code == 400
    updated = await browser.request(
        "PATCH", f"{url}/{appointment['id']}", json={"status": "done", "data": {"rating": 5}}
    )
    assert updated.json()["status"] == "done"
    assert updated.json()["data"] == {"place": "Leeds", "rating": 5}
    listed = (await browser.get(url, params={"kind": "appointment"})).json()
    assert [o["external_ref"] for o in listed] == ["APT-1"]
    assert (await browser.get(url, params={"kind": "order"})).json() == []
    deleted = await browser.request("DELETE", f"{url}/{appointment['id']}")
    assert deleted.status_code == 204
    assert (await browser.get(f"{url}/{appointment['id']}")).status_code == 404

    note = await browser.post(f"{URL}/{ada['id']}/notes", json={"body": "Prefers email."})
    assert note.status_code == 201
    assert note.json()["author"]["name"] == "Tom Baker"
    assert (await browser.post(f"{URL}/{ada['id']}/notes", json={"body": ""})).status_code == 400
    notes = (await browser.get(f"{URL}/{ada['id']}/notes")).json()
    assert [n["body"] for n in notes] == ["Prefers email."]
    events = [
        i["title"] for i in (await browser.get(f"{URL}/{ada['id']}/timeline")).json()["items"]
    ]
    assert events[:4] == [
        "contact.note_added",
        "object.deleted",
        "object.updated",
        "object.status_changed",
    ]


async def test_the_timeline_pages_without_losing_items_that_share_a_time(
    support: SignedIn,
) -> None:
    _, browser = support
    ada = await _create(browser, name="Ada", tags=[f"t{i}" for i in range(9)])
    url = f"{URL}/{ada['id']}/timeline"
    seen: list[str] = []
    cursor = None
    for _ in range(10):
        params: dict[str, Any] = {"limit": 3}
        if cursor:
            params["before"] = cursor
        page = (await browser.get(url, params=params)).json()
        seen.extend(item["id"] for item in page["items"])
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert len(seen) == 10  # contact.created and nine contact.tagged, all at one time
    assert len(set(seen)) == 10
    bad = await browser.get(url, params={"before": "yesterday"})
    assert bad.status_code == 400
    assert bad.json()["errors"][0]["field"] == "before"


async def test_reading_needs_contacts_read_and_changing_contacts_write(
    signed_in: SignIn, support: SignedIn
) -> None:
    _, tom = support
    ada = await _create(tom, name="Ada")
    _, wes = await signed_in("warehouse")
    assert (await wes.get(f"{URL}/{ada['id']}")).status_code == 200
    refused = await wes.post(f"{URL}/{ada['id']}/tags", json={"tags": ["x"]})
    assert refused.status_code == 403
    assert (await tom.get(f"{URL}/00000000-0000-0000-0000-000000000000")).status_code == 404
