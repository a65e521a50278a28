"""Demo data for intake: the website key works, and events from several sources show."""

from __future__ import annotations

from litestar.testing import AsyncTestClient
from litestar.types import ASGIApp
from sqlalchemy import select

from app.contacts.models import Contact
from app.demo.events import DEMO_PUBLIC_KEY, DEMO_SHOP
from app.demo.loader import load_demo_data
from app.eventlog.models import Event
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
