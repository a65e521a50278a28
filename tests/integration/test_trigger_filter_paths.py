"""A trigger filter written `event.product.category` (as templates write it) or
`product.category` (relative to the event) means one thing: it validates, is saved in the
relative form and matches a real event in a real worker; a property no event has carried
is a warning."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from sqlalchemy import select

from app.contacts.models import Contact
from app.demo.journeys import seed_catalog
from app.resources import Resources
from app.runs.models import Enrollment
from app.settings import Settings
from app.worker.runner import run_burst
from tests.fixtures import SignedIn
from tests.support.accounts import Browser

SignIn = Callable[..., Awaitable[SignedIn]]
URL = "/api/v1/journeys"


@pytest.fixture
async def marketer(signed_in: SignIn, resources: Resources) -> Browser:
    async with resources.sessions.begin() as db:
        await seed_catalog(db)
    _, browser = await signed_in("marketer")
    return browser


def _definition(path: str) -> dict[str, Any]:
    rule = {"type": "event_property", "property": path, "operator": "equals", "value": "prints"}
    return {
        "nodes": [
            {
                "kind": "trigger.event",
                "id": "placed",
                "label": "Order placed",
                "position": {"x": 0, "y": 0},
                "config": {
                    "event_name": "order.placed",
                    "filter": {"type": "group", "rules": [rule]},
                },
            },
            {
                "kind": "flow.end",
                "id": "end",
                "label": "End",
                "position": {"x": 0, "y": 100},
                "config": {},
            },
        ],
        "edges": [{"id": "e1", "source": "placed", "source_handle": "next", "target": "end"}],
    }


async def _send(browser: Browser, contact: str, category: str) -> None:
    response = await browser.post(
        "/api/v1/events",
        json={
            "name": "order.placed",
            "contact": {"external_id": contact},
            "properties": {"product": {"category": category, "sku": "A3"}, "total": 45},
        },
    )
    assert response.status_code == 202, response.text


async def _enrolled(resources: Resources) -> set[str]:
    async with resources.sessions() as db:
        rows = await db.scalars(
            select(Contact.external_id).join(Enrollment, Enrollment.contact_id == Contact.id)
        )
        return {row for row in rows if row}


async def test_the_prefixed_filter_validates_saves_relative_and_matches_in_the_worker(
    marketer: Browser, resources: Resources, settings: Settings
) -> None:
    # An order.placed has been received before: its properties are known.
    await _send(marketer, "earlier", "mugs")
    await run_burst(settings)

    created = (await marketer.post(URL, json={"name": "Prints"})).json()
    checked = await marketer.post(
        f"{URL}/{created['id']}/validate",
        json={"definition": _definition("event.product.category")},
    )
    assert checked.status_code == 200, checked.text
    assert checked.json() == {"problems": []}

    typo = await marketer.post(
        f"{URL}/{created['id']}/validate",
        json={"definition": _definition("event.product.categroy")},
    )
    [warning] = typo.json()["problems"]
    assert warning["code"] == "unknown_event_property"
    assert warning["severity"] == "warning"
    assert warning["node_id"] == "placed"
    assert warning["field"] == "config.filter.rules[0].property"
    assert "product.categroy" in warning["message"]

    saved = await marketer.put(
        f"{URL}/{created['id']}/draft",
        json={"revision": 1, "definition": _definition("event.product.category")},
    )
    assert saved.status_code == 200, saved.text
    [placed, _] = saved.json()["definition"]["nodes"]
    assert placed["config"]["filter"]["rules"][0]["property"] == "product.category"
    published = await marketer.post(f"{URL}/{created['id']}/publish", json={"revision": 2})
    assert published.status_code == 200, published.text

    await _send(marketer, "buys-prints", "Prints")
    await _send(marketer, "buys-mugs", "mugs")
    await run_burst(settings)

    assert await _enrolled(resources) == {"buys-prints"}
