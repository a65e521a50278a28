"""A public write key cannot act as a customer: a page names a person only with the user
hash the site's server made, and journeys can tell website events from server events."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from litestar.testing import AsyncTestClient
from litestar.types import ASGIApp
from sqlalchemy import delete, select

from app.contacts.models import Contact
from app.eventlog.models import Event
from app.events.proof import user_hash
from app.resources import Resources
from app.runs.models import Enrollment
from tests.support.accounts import (
    FROM_SHOP,
    IDENTITY_SECRET,
    MutableClock,
    create_api_key,
    create_user,
)
from tests.support.jobs import catalog
from tests.support.runs import T0, chain, handle, node, publish, publish_template

pytestmark = pytest.mark.usefixtures("standard_roles")
CUSTOMER, EMAIL = "cust-7", "ada@example.com"


@pytest.fixture
def clock() -> MutableClock:
    return MutableClock(T0)


async def _headers(resources: Resources, kind: str, **key: Any) -> dict[str, str]:
    owner = await create_user(resources, role="super_user")
    secret = await create_api_key(resources, created_by=owner.id, kind=kind, **key)
    return {"Authorization": f"Bearer {secret}", **(FROM_SHOP if kind != "server" else {})}


async def _customer(resources: Resources, client: AsyncTestClient[ASGIApp]) -> uuid.UUID:
    """Ada, known from the shop's server."""
    server = await _headers(resources, "server")
    known = await client.post(
        "/api/v1/events",
        json={"name": "account.created", "contact": {"external_id": CUSTOMER, "email": EMAIL}},
        headers=server,
    )
    assert known.status_code == 202
    async with resources.sessions() as db:
        found = await db.scalar(select(Contact.id).where(Contact.external_id == CUSTOMER))
    assert found is not None
    return found


async def _contact_of(resources: Resources, event_id: int) -> str | None:
    async with resources.sessions() as db:
        row = await db.execute(
            select(Contact.external_id)
            .join(Event, Event.contact_id == Contact.id)
            .where(Event.id == event_id)
        )
        return row.scalar_one()


async def _journeys_of(resources: Resources, contact_id: uuid.UUID) -> list[uuid.UUID]:
    async with resources.sessions() as db:
        rows = await db.scalars(
            select(Enrollment.journey_id).where(Enrollment.contact_id == contact_id)
        )
        return list(rows)


async def _order_journey(resources: Resources, name: str = "orders", **trigger: Any) -> uuid.UUID:
    return await publish(
        resources,
        name,
        chain(
            node("trigger.event", "placed", event_name="order.placed", **trigger),
            node("flow.end", "end"),
        ),
    )


async def test_a_page_claiming_a_customer_without_proof_neither_touches_them_nor_starts_journeys(
    resources: Resources, client: AsyncTestClient[ASGIApp], clock: MutableClock
) -> None:
    ada = await _customer(resources, client)
    await _order_journey(resources)
    page = await _headers(resources, "public_write")
    claims = [
        ({"email": EMAIL, "anonymous_id": "v-1"}, "contact.email", "not used to find a contact"),
        ({"external_id": CUSTOMER, "anonymous_id": "v-1"}, "contact.external_id", "no user hash"),
        (
            {"external_id": CUSTOMER, "user_hash": "0" * 64, "anonymous_id": "v-1"},
            "contact.external_id",
            "does not match",
        ),
        (
            # Made with the wrong secret: a guess, or a hash of another site's.
            {
                "external_id": CUSTOMER,
                "user_hash": user_hash("another-secret", CUSTOMER),
                "anonymous_id": "v-1",
            },
            "contact.external_id",
            "does not match",
        ),
        ({"phone": "+44 7700 900123", "anonymous_id": "v-1"}, "contact.phone", "not used"),
    ]
    for contact, field, why in claims:
        answer = await client.post(
            "/api/v1/track",
            json={"name": "order.placed", "contact": contact, "properties": {"total": 1}},
            headers=page,
        )
        assert answer.status_code == 202, answer.text
        [warning] = answer.json()["warnings"]
        assert warning["field"] == field
        assert why in warning["message"]
        # Kept, but on the anonymous visitor.
        assert await _contact_of(resources, answer.json()["id"]) == "anon:v-1"
        await handle(resources, clock, answer.json()["id"])

    # No visitor to fall back on: refused, naming the proof it lacks.
    refused = await client.post(
        "/api/v1/track",
        json={"name": "order.placed", "contact": {"email": EMAIL}},
        headers=page,
    )
    assert refused.status_code == 400
    assert refused.json()["errors"][0]["field"] == "contact.user_hash"

    # track.js's calls: an unproven userId is dropped; identify merges nobody into Ada.
    calls = await client.post(
        "/api/v1/track/batch",
        json={
            "batch": [
                {"type": "identify", "userId": CUSTOMER, "anonymousId": "v-1", "traits": {}},
                {
                    "type": "track",
                    "userId": CUSTOMER,
                    "anonymousId": "v-1",
                    "event": "order.placed",
                },
                {"type": "track", "userId": CUSTOMER, "event": "order.placed"},
            ]
        },
        headers=page,
    )
    results = calls.json()["results"]
    assert [r["status"] for r in results] == ["accepted", "accepted", "rejected"]
    assert results[0]["warnings"][0]["field"] == "batch[0].userId"
    assert results[2]["errors"][0]["field"] == "batch[2].userHash"
    assert await _contact_of(resources, results[1]["id"]) == "anon:v-1"
    await handle(resources, clock, results[1]["id"])

    async with resources.sessions() as db:
        on_ada = list(await db.scalars(select(Event.name).where(Event.contact_id == ada)))
        visitor = await db.scalar(select(Contact.id).where(Contact.external_id == "anon:v-1"))
    assert on_ada == ["account.created"]
    assert await _journeys_of(resources, ada) == []
    assert visitor is not None  # not merged into Ada


async def test_with_the_servers_user_hash_the_event_lands_on_the_customer_and_starts_the_journey(
    resources: Resources, client: AsyncTestClient[ASGIApp], clock: MutableClock
) -> None:
    ada = await _customer(resources, client)
    journey = await _order_journey(resources)
    page = await _headers(resources, "public_write")
    proven = user_hash(IDENTITY_SECRET, CUSTOMER)
    answer = await client.post(
        "/api/v1/track",
        json={
            "name": "order.placed",
            "contact": {
                "external_id": CUSTOMER,
                "user_hash": proven.upper(),
                "anonymous_id": "v-9",
            },
        },
        headers=page,
    )
    assert answer.status_code == 202
    assert "warnings" not in answer.json()
    assert await _contact_of(resources, answer.json()["id"]) == CUSTOMER
    await handle(resources, clock, answer.json()["id"])
    assert await _journeys_of(resources, ada) == [journey]

    # track.js: identify with the hash merges the visitor into Ada; later calls land on her.
    calls = await client.post(
        "/api/v1/track/batch",
        json={
            "batch": [
                {"type": "page", "anonymousId": "v-10"},
                {"type": "identify", "userId": CUSTOMER, "userHash": proven, "anonymousId": "v-10"},
                {"type": "track", "userId": CUSTOMER, "userHash": proven, "event": "cart.viewed"},
            ]
        },
        headers=page,
    )
    assert [r["status"] for r in calls.json()["results"]] == ["accepted"] * 3
    assert all("warnings" not in r for r in calls.json()["results"])
    async with resources.sessions() as db:
        names = list(await db.scalars(select(Event.name).where(Event.contact_id == ada)))
        visitor = await db.scalar(select(Contact.id).where(Contact.external_id == "anon:v-10"))
    assert {"page.viewed", "contact.merged", "contact.identified", "cart.viewed"} <= set(names)
    assert visitor is None


async def test_a_key_without_an_identity_secret_keeps_every_page_anonymous(
    resources: Resources, client: AsyncTestClient[ASGIApp]
) -> None:
    await _customer(resources, client)
    page = await _headers(resources, "public_write", identity_secret=None)
    answer = await client.post(
        "/api/v1/track",
        json={
            "name": "order.placed",
            "contact": {
                "external_id": CUSTOMER,
                "user_hash": user_hash(IDENTITY_SECRET, CUSTOMER),
                "anonymous_id": "v-2",
            },
        },
        headers=page,
    )
    assert answer.status_code == 202
    assert "no identity secret" in answer.json()["warnings"][0]["message"]
    assert await _contact_of(resources, answer.json()["id"]) == "anon:v-2"


async def test_a_website_trigger_ignores_server_events_and_a_server_trigger_website_ones(
    resources: Resources, client: AsyncTestClient[ASGIApp], clock: MutableClock
) -> None:
    ada = await _customer(resources, client)
    web = await _order_journey(resources, "web orders", sources=["track"])
    server_only = await _order_journey(resources, "server orders", sources=["api"])
    either = await _order_journey(resources, "all orders")

    server = await _headers(resources, "server")
    from_server = await client.post(
        "/api/v1/events",
        json={"name": "order.placed", "contact": {"external_id": CUSTOMER}},
        headers=server,
    )
    await handle(resources, clock, from_server.json()["id"])
    assert sorted(map(str, await _journeys_of(resources, ada))) == sorted(
        map(str, [server_only, either])
    )

    async with resources.sessions.begin() as db:  # so the next one may enter again
        await db.execute(delete(Enrollment))
    page = await _headers(resources, "public_write")
    from_page = await client.post(
        "/api/v1/track",
        json={
            "name": "order.placed",
            "contact": {"external_id": CUSTOMER, "user_hash": user_hash(IDENTITY_SECRET, CUSTOMER)},
        },
        headers=page,
    )
    await handle(resources, clock, from_page.json()["id"])
    assert sorted(map(str, await _journeys_of(resources, ada))) == sorted(map(str, [web, either]))


async def test_the_s1_library_journey_starts_for_the_servers_orders_and_not_a_pages(
    resources: Resources, client: AsyncTestClient[ASGIApp], clock: MutableClock
) -> None:
    ada = await _customer(resources, client)
    await catalog(resources)
    s1 = await publish_template(resources, "order-to-delivery", clock.now())
    order = {"order_id": "A-1", "order_number": "A-1", "total": 250}
    page = await _headers(resources, "public_write")
    from_page = await client.post(
        "/api/v1/track",
        json={
            "name": "order.placed",
            "contact": {"external_id": CUSTOMER, "user_hash": user_hash(IDENTITY_SECRET, CUSTOMER)},
            "properties": order,
        },
        headers=page,
    )
    await handle(resources, clock, from_page.json()["id"])
    assert await _journeys_of(resources, ada) == []

    from_server = await client.post(
        "/api/v1/events",
        json={"name": "order.placed", "contact": {"external_id": CUSTOMER}, "properties": order},
        headers=await _headers(resources, "server"),
    )
    await handle(resources, clock, from_server.json()["id"])
    assert await _journeys_of(resources, ada) == [s1]
