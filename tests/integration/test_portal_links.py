"""Links a journey puts in front of a customer (portal messages and home-page highlights)
are only http(s), mailto or portal pages: refused when the journey is published, left out
when delivered or shown."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from sqlalchemy import insert, select

from app.portal import messages
from app.portal.models import PortalMessage
from app.resources import Resources
from tests.fixtures import SignedIn
from tests.support.accounts import MutableClock

SignIn = Callable[..., Awaitable[SignedIn]]
URL = "/api/v1/journeys"
SCRIPT = "javascript:fetch('/api/v1/portal/export').then(r=>r.text()).then(alert)"


def _journey(link: str) -> dict[str, Any]:
    def node(kind: str, node_id: str, config: dict[str, Any]) -> dict[str, Any]:
        position = {"x": 0, "y": 0}
        return {
            "kind": kind,
            "id": node_id,
            "label": node_id,
            "position": position,
            "config": config,
        }

    message = {"title": "Hello", "body": "Read this", "link": link, "pin": True}
    return {
        "nodes": [
            node("trigger.manual", "start", {}),
            node("action.portal_message", "note", message),
            node("flow.end", "end", {}),
        ],
        "edges": [
            {"id": "e1", "source": "start", "source_handle": "next", "target": "note"},
            {"id": "e2", "source": "note", "source_handle": "next", "target": "end"},
        ],
    }


async def test_a_journey_with_a_script_link_is_refused_at_publish(
    resources: Resources, signed_in: SignIn, standard_roles: None
) -> None:
    _, browser = await signed_in("marketer")
    created = (await browser.post(URL, json={"name": "Links"})).json()
    saved = await browser.put(
        f"{URL}/{created['id']}/draft",
        json={"revision": created["draft_revision"], "definition": _journey(SCRIPT)},
    )
    assert saved.status_code == 200, saved.text
    [problem] = saved.json()["problems"]
    assert (problem["code"], problem["node_id"], problem["field"]) == (
        "invalid_config",
        "note",
        "config.link",
    )
    assert problem.get("severity", "error") == "error"
    assert "javascript:" in problem["message"]
    published = await browser.post(
        f"{URL}/{created['id']}/publish", json={"revision": saved.json()["draft_revision"]}
    )
    assert published.status_code in (400, 422), published.text
    assert "link" in published.text
    fixed = await browser.put(
        f"{URL}/{created['id']}/draft",
        json={
            "revision": saved.json()["draft_revision"],
            "definition": _journey("https://shop.example/help"),
        },
    )
    assert fixed.json()["problems"] == []


async def test_a_script_link_is_never_delivered_nor_shown(
    resources: Resources, clock: MutableClock, signed_in: SignIn
) -> None:
    account, browser = await signed_in("customer", name="Ada Lovelace")
    async with resources.sessions.begin() as db:
        delivered = await messages.deliver(
            db,
            contact_id=account.contact_id,
            title="Delivered",
            body="From a draft under test",
            link=SCRIPT,
            pinned=True,
            now=clock.now(),
        )
        # A row written before links were checked.
        await db.execute(
            insert(PortalMessage).values(
                contact_id=account.contact_id,
                title="Stored",
                body="Old",
                link=" JavaScript:alert(1)",
                pinned=True,
                created_at=clock.now(),
            )
        )
        stored = await db.scalar(select(PortalMessage.link).where(PortalMessage.id == delivered))
    assert stored is None  # the message arrives, without its link
    listed = (await browser.get("/api/v1/portal/messages")).json()
    assert sorted(m["title"] for m in listed) == ["Delivered", "Stored"]
    assert [m["link"] for m in listed] == [None, None]
    home = (await browser.get("/api/v1/portal/home")).json()
    assert [h["link"] for h in home["highlights"]] == [None, None]
