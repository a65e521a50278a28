"""Segment-style identify / page / batch, and merging an anonymous visitor into a person."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from litestar.testing import AsyncTestClient
from litestar.types import ASGIApp
from sqlalchemy import (
    Column,
    ForeignKey,
    MetaData,
    String,
    Table,
    insert,
    select,
    text,
    update,
)
from sqlalchemy.dialects.postgresql import UUID

from app.auth.models import User
from app.contacts.aliases import AnonymousAlias
from app.contacts.identity import contact_foreign_keys, move_rows
from app.contacts.models import Contact
from app.eventlog.models import Event
from app.events.proof import user_hash
from app.models import metadata
from app.resources import Resources
from app.runs.models import Enrollment
from tests.support.accounts import (
    FROM_SHOP,
    IDENTITY_SECRET,
    MutableClock,
    create_api_key,
    create_user,
)
from tests.support.runs import T0, handle, publish_template

pytestmark = pytest.mark.usefixtures("standard_roles")


@pytest.fixture
def clock() -> MutableClock:
    return MutableClock(T0)


async def _key(resources: Resources, kind: str = "server") -> dict[str, str]:
    """Headers to send with: a server's, or those of a page on the key's website."""
    owner = await create_user(resources, role="super_user")
    secret = await create_api_key(resources, created_by=owner.id, kind=kind)
    page = FROM_SHOP if kind == "public_write" else {}
    return {"Authorization": f"Bearer {secret}", **page}


def _proven(user_id: str) -> str:
    """The user hash the shop's server puts in its page for a signed-in user."""
    return user_hash(IDENTITY_SECRET, user_id)


async def _contact(resources: Resources, **where: Any) -> Contact | None:
    async with resources.sessions() as db:
        return await db.scalar(select(Contact).filter_by(**where))


async def _events(resources: Resources, contact_id: uuid.UUID) -> list[str]:
    async with resources.sessions() as db:
        rows = await db.scalars(
            select(Event.name).where(Event.contact_id == contact_id).order_by(Event.id)
        )
        return list(rows)


async def test_identify_merges_the_visitor_into_the_known_customer_with_events_and_enrollments(
    resources: Resources, client: AsyncTestClient[ASGIApp], clock: MutableClock
) -> None:
    await publish_template(resources, "payment-collection")
    server, website = await _key(resources), await _key(resources, "public_write")
    # The customer is known from the shop's server.
    known = await client.post(
        "/api/v1/events",
        json={"name": "order.placed", "contact": {"external_id": "cust-7"}},
        headers=server,
    )
    assert known.status_code == 202
    # An anonymous visitor browses, and (say) a payment reminder journey starts for them.
    visit = await client.post(
        "/api/v1/track/batch",
        json={
            "batch": [
                {"type": "page", "anonymousId": "v-1", "properties": {"url": "/pricing"}},
                {"type": "track", "anonymousId": "v-1", "event": "payment.missed"},
            ]
        },
        headers=website,
    )
    assert visit.json()["accepted"] == 2
    visitor = await _contact(resources, external_id="anon:v-1")
    assert visitor is not None
    await handle(resources, clock, visit.json()["results"][1]["id"])
    async with resources.sessions() as db:
        assert await db.scalar(select(Enrollment.contact_id)) == visitor.id

    identified = await client.post(
        "/api/v1/identify",
        json={
            "userId": "cust-7",
            "anonymousId": "v-1",
            "traits": {"email": "Kim@Example.com", "firstName": "Kim", "lastName": "Lee"},
            "messageId": "m-1",
        },
        headers=server,
    )
    assert identified.status_code == 202
    body = identified.json()
    customer = await _contact(resources, external_id="cust-7")
    assert customer is not None
    assert body["contact_id"] == str(customer.id)
    assert body["merged"] == [str(visitor.id)]
    assert (customer.email, customer.name) == ("Kim@Example.com", "Kim Lee")
    # One contact is left; the visitor's events and enrollment moved to it.
    assert await _contact(resources, id=visitor.id) is None
    assert await _events(resources, customer.id) == [
        "order.placed",
        "page.viewed",
        "payment.missed",
        "contact.merged",
        "contact.identified",
    ]
    async with resources.sessions() as db:
        assert await db.scalar(select(Enrollment.contact_id)) == customer.id
        merged = await db.scalar(select(Event).where(Event.name == "contact.merged"))
        assert merged is not None
        assert merged.properties["merged_contact_id"] == str(visitor.id)
        assert merged.properties["moved"] == {"enrollments": 1, "events": 2}
    # The visitor's browser keeps its anonymous id: its next event lands on the customer.
    later = await client.post(
        "/api/v1/track",
        json={"name": "page.viewed", "contact": {"anonymous_id": "v-1"}},
        headers=website,
    )
    async with resources.sessions() as db:
        event = await db.get(Event, later.json()["id"])
        assert event is not None
        assert event.contact_id == customer.id
    # The same messageId again is a duplicate and changes nothing.
    again = await client.post(
        "/api/v1/identify",
        json={"userId": "cust-7", "traits": {"email": "other@example.com"}, "messageId": "m-1"},
        headers=server,
    )
    assert again.json()["duplicate"] is True
    assert again.json()["id"] == body["id"]
    refreshed = await _contact(resources, id=customer.id)
    assert refreshed is not None
    assert refreshed.email == "Kim@Example.com"


async def test_identify_promotes_a_lone_visitor_to_the_person(
    resources: Resources, client: AsyncTestClient[ASGIApp]
) -> None:
    website = await _key(resources, "public_write")
    await client.post(
        "/api/v1/track/batch",
        json={
            "batch": [
                {"type": "page", "anonymousId": "v-2"},
                {
                    "type": "identify",
                    "anonymousId": "v-2",
                    "userId": "u-2",
                    "userHash": _proven("u-2"),
                    "traits": {},
                },
                {
                    "type": "track",
                    "userId": "u-2",
                    "userHash": _proven("u-2"),
                    "event": "signed_up",
                },
            ]
        },
        headers=website,
    )
    person = await _contact(resources, external_id="u-2")
    assert person is not None
    assert await _contact(resources, external_id="anon:v-2") is None
    assert await _events(resources, person.id) == ["page.viewed", "contact.identified", "signed_up"]
    async with resources.sessions() as db:
        assert await db.get(AnonymousAlias, "v-2") is not None


async def test_identify_refuses_an_email_that_belongs_to_another_person(
    resources: Resources, client: AsyncTestClient[ASGIApp]
) -> None:
    server = await _key(resources)
    for user_id, email in (("a-1", "a@example.com"), ("b-1", "b@example.com")):
        await client.post(
            "/api/v1/identify", json={"userId": user_id, "traits": {"email": email}}, headers=server
        )
    clash = await client.post(
        "/api/v1/identify",
        json={"userId": "b-1", "traits": {"email": "A@example.com", "name": "Bea"}},
        headers=server,
    )
    assert clash.status_code == 409
    assert "belongs to another contact (external id a-1)" in clash.json()["detail"]
    b = await _contact(resources, external_id="b-1")
    assert b is not None
    assert (b.email, b.name) == ("b@example.com", "")


async def test_a_lead_known_by_email_is_merged_into_the_identified_person(
    resources: Resources, client: AsyncTestClient[ASGIApp]
) -> None:
    server = await _key(resources)
    await client.post(
        "/api/v1/events",
        json={"name": "lead.created", "contact": {"email": "lee@example.com", "phone": "+44 1"}},
        headers=server,
    )
    lead = await _contact(resources, email="lee@example.com")
    await client.post(
        "/api/v1/events",
        json={"name": "order.placed", "contact": {"external_id": "c-9"}},
        headers=server,
    )
    response = await client.post(
        "/api/v1/identify",
        json={"userId": "c-9", "traits": {"email": "lee@example.com"}},
        headers=server,
    )
    assert response.status_code == 202
    assert lead is not None
    assert response.json()["merged"] == [str(lead.id)]
    person = await _contact(resources, external_id="c-9")
    assert person is not None
    assert (person.email, person.phone) == ("lee@example.com", "+44 1")


async def test_a_website_cannot_pull_someone_else_in_by_email_or_overwrite_fields(
    resources: Resources, client: AsyncTestClient[ASGIApp]
) -> None:
    server, website = await _key(resources), await _key(resources, "public_write")
    await client.post(
        "/api/v1/identify",
        json={"userId": "victim", "traits": {"email": "victim@example.com", "name": "Vic"}},
        headers=server,
    )
    response = await client.post(
        "/api/v1/track/batch",
        json={
            "batch": [
                {"type": "identify", "anonymousId": "x", "traits": {"email": "victim@example.com"}},
                {"type": "identify", "userId": "victim", "traits": {"name": "Mallory"}},
            ]
        },
        headers=website,
    )
    # The second claims to be the victim without proof, and has no visitor to fall back on.
    assert [r["status"] for r in response.json()["results"]] == ["accepted", "rejected"]
    assert response.json()["results"][1]["errors"][0]["field"] == "batch[1].userHash"
    victim = await _contact(resources, external_id="victim")
    assert victim is not None
    assert victim.name == "Vic"
    visitor = await _contact(resources, external_id="anon:x")
    assert visitor is not None
    assert visitor.email is None


async def test_two_logins_are_never_merged(
    resources: Resources, client: AsyncTestClient[ASGIApp]
) -> None:
    server = await _key(resources)
    one = await create_user(resources, role="marketer", email="one@example.com")
    two = await create_user(resources, role="marketer", email="two@example.com")
    async with resources.sessions.begin() as db:
        for user, external in ((one, "anon:shared"), (two, "u-two")):
            contact_id = await db.scalar(select(User.contact_id).where(User.id == user.id))
            await db.execute(
                update(Contact).where(Contact.id == contact_id).values(external_id=external)
            )
    response = await client.post(
        "/api/v1/identify", json={"userId": "u-two", "anonymousId": "shared"}, headers=server
    )
    assert response.status_code == 409
    assert "Both contacts have a login" in response.json()["detail"]
    assert await _contact(resources, external_id="anon:shared") is not None


async def test_page_records_page_viewed_with_its_fields(
    resources: Resources, client: AsyncTestClient[ASGIApp]
) -> None:
    response = await client.post(
        "/api/v1/page",
        json={
            "userId": "p-1",
            "name": "Pricing",
            "category": "Docs",
            "properties": {
                "url": "https://shop.example/pricing",
                "title": "Pricing",
                "referrer": "",
            },
        },
        headers=await _key(resources),
    )
    assert response.status_code == 202
    async with resources.sessions() as db:
        event = await db.get(Event, response.json()["id"])
    assert event is not None
    assert (event.name, event.source) == ("page.viewed", "api")
    assert event.properties == {
        "url": "https://shop.example/pricing",
        "title": "Pricing",
        "referrer": "",
        "name": "Pricing",
        "category": "Docs",
    }
    bad = await client.post("/api/v1/page", json={"properties": {}}, headers=await _key(resources))
    assert bad.status_code == 400
    assert "needs a userId or an anonymousId" in bad.json()["detail"]


def test_the_merge_walk_finds_every_table_that_points_at_a_contact() -> None:
    found = {(t.name, c.name) for t, c in contact_foreign_keys(metadata.sorted_tables)}
    assert {
        ("events", "contact_id"),
        ("enrollments", "contact_id"),
        ("users", "contact_id"),
        ("contact_anonymous_ids", "contact_id"),
    } <= found


async def test_a_table_added_later_is_moved_and_its_unique_rows_do_not_collide(
    resources: Resources,
) -> None:
    # A table another domain might add: tags with one row per (contact, tag).
    tags = Table(
        "test_contact_tags",
        MetaData(),
        Column("contact_id", UUID(as_uuid=True), ForeignKey(Contact.id), primary_key=True),
        Column("tag", String(40), primary_key=True),
    )
    async with resources.engine.begin() as connection:
        await connection.execute(text("DROP TABLE IF EXISTS test_contact_tags"))
        await connection.run_sync(lambda sync: tags.create(sync, checkfirst=False))
    try:
        async with resources.sessions.begin() as db:
            ids: dict[str, uuid.UUID] = {}
            for external in ("keep", "drop"):
                created = await db.scalar(
                    insert(Contact).values(external_id=external).returning(Contact.id)
                )
                assert created is not None
                ids[external] = created
            keep, drop = ids["keep"], ids["drop"]
            await db.execute(
                tags.insert().values(
                    [
                        {"contact_id": keep, "tag": "vip"},
                        {"contact_id": drop, "tag": "vip"},
                        {"contact_id": drop, "tag": "newsletter"},
                    ]
                )
            )
            moved = await move_rows(db, tags, tags.c.contact_id, keep, drop)
            rows = sorted((str(c), t) for c, t in await db.execute(select(tags)))
        assert moved == 1
        assert rows == sorted([(str(keep), "newsletter"), (str(keep), "vip")])
    finally:
        async with resources.engine.begin() as connection:
            await connection.execute(text("DROP TABLE test_contact_tags"))
