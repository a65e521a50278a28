"""Demo data for intake: the website key works, and events from several sources show."""

from __future__ import annotations

from litestar.testing import AsyncTestClient
from litestar.types import ASGIApp
from sqlalchemy import select, update

from app.auth.models import ApiKey
from app.auth.tokens import hash_token
from app.contacts.models import Contact
from app.demo.events import DEMO_IDENTITY_SECRET, DEMO_PUBLIC_KEY, DEMO_SHOP
from app.demo.loader import load_demo_data
from app.eventlog.models import Event
from app.events.proof import user_hash
from app.resources import Resources
from app.settings import Settings


async def test_demo_events_come_from_several_sources_and_load_once(
    settings: Settings, resources: Resources, client: AsyncTestClient[ASGIApp]
) -> None:
    first = await load_demo_data(settings)
    second = await load_demo_data(settings)
    assert first.intake_events == 8  # 4 calls from the website visit, 4 from elsewhere
    assert second.intake_events == 0
    async with resources.sessions() as db:
        sources = set(await db.scalars(select(Event.source)))
        alan = await db.scalar(select(Contact).where(Contact.external_id == "cust-1003"))
        assert alan is not None
        alans = list(
            await db.scalars(
                select(Event.name).where(Event.contact_id == alan.id, Event.source != "api")
            )
        )
        visitors = await db.scalar(
            select(Contact.id).where(Contact.external_id == "anon:demo-visitor-alan")
        )
    assert {"api", "track", "portal", "email", "sms", "system"} <= sources
    assert visitors is None  # merged into Alan
    assert {"page.viewed", "contact.merged", "contact.identified", "cart.item_added"} <= set(alans)

    response = await client.post(
        "/api/v1/track",
        params={"key": DEMO_PUBLIC_KEY},
        json={"name": "page.viewed", "contact": {"anonymous_id": "demo-visitor-alan"}},
        headers={"Origin": DEMO_SHOP},
    )
    assert response.status_code == 202
    async with resources.sessions() as db:
        event = await db.get(Event, response.json()["id"])
    assert event is not None
    assert event.contact_id == alan.id


async def test_a_demo_key_seeded_before_websites_gets_its_shop_and_identity_secret(
    settings: Settings, resources: Resources, client: AsyncTestClient[ASGIApp]
) -> None:
    await load_demo_data(settings)
    demo_key = ApiKey.secret_hash == hash_token(DEMO_PUBLIC_KEY)
    async with resources.sessions.begin() as db:  # as migration 0020 leaves an old one
        await db.execute(
            update(ApiKey)
            .where(demo_key)
            .values(allowed_origins=[], identity_secret=None, identity_secret_set_at=None)
        )
    await load_demo_data(settings)
    async with resources.sessions() as db:
        key = await db.scalar(select(ApiKey).where(demo_key))
    assert key is not None
    assert key.allowed_origins == [DEMO_SHOP]
    assert key.identity_secret == DEMO_IDENTITY_SECRET
    proven = await client.post(
        "/api/v1/track",
        params={"key": DEMO_PUBLIC_KEY},
        json={
            "name": "page.viewed",
            "contact": {
                "external_id": "cust-1003",
                "user_hash": user_hash(DEMO_IDENTITY_SECRET, "cust-1003"),
            },
        },
        headers={"Origin": DEMO_SHOP},
    )
    assert proven.status_code == 202
    assert "warnings" not in proven.json()
