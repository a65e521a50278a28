"""A demo journey with two versions and people still on the older one, so the publish
dialog's migration plan has something to show: "Welcome tips" version 1 waits three days
("Wait 3 days") before its tips email; version 2 (published) waits one day instead
("Wait 1 day"), so its three-day step is gone. Twenty demo readers joined while version 1
was live and wait there (run through the real engine), and the draft is version 2.
Made once: a second load finds the journey and changes nothing.
"""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from typing import Final

import msgspec
from sqlalchemy import select, update

from app.auth import audit
from app.auth.models import User
from app.contacts.models import Contact
from app.contacts.schemas import ContactRef
from app.demo.graph import node
from app.demo.journeys import MARKETER_EMAIL
from app.demo.work import demo_unit, handle_events
from app.engine.definition import JourneyDefinition
from app.events.schemas import EventEnvelope
from app.events.services import record_event
from app.journeys.models import Journey, JourneyVersion
from app.journeys.services import stored
from app.resources import Resources

JOURNEY_ID: Final = uuid.UUID("3c0b9a2e-7d41-4f5e-8a6b-1e2f3a4b5c6d")
NAME: Final = "Welcome tips"
EVENT: Final = "newsletter.subscribed"
READERS: Final = (
    "Amara Okafor", "Ben Carter", "Chloe Martin", "Dev Patel", "Elena Rossi",
    "Finn O'Brien", "Grace Liu", "Hugo Lambert", "Isla Murray", "Jonas Weber",
    "Kira Novak", "Leo Santos", "Maya Cohen", "Nils Berg", "Olivia Brown",
    "Priya Nair", "Quinn Walsh", "Rosa Diaz", "Sam Taylor", "Tara Singh",
)  # fmt: skip


def _version(wait_id: str, wait_label: str, days: int) -> JourneyDefinition:
    graph = {
        "nodes": [
            node(
                "trigger.event", "subscribed", "Subscribed to the newsletter", 0, event_name=EVENT
            ),
            node(
                "flow.wait_duration",
                wait_id,
                wait_label,
                140,
                duration={"amount": days, "unit": "days"},
            ),
            node(
                "action.send_email",
                "tips",
                "Send our tips",
                280,
                subject="Three tips to get started, {{ contact.first_name }}",
                body="Hello {{ contact.first_name }}, here is how to get the most out of us.",
            ),
            node("flow.end", "end", "End", 420),
        ],
        "edges": [
            {"id": "e1", "source": "subscribed", "source_handle": "next", "target": wait_id},
            {"id": "e2", "source": wait_id, "source_handle": "next", "target": "tips"},
            {"id": "e3", "source": "tips", "source_handle": "next", "target": "end"},
        ],
    }
    return msgspec.convert(graph, JourneyDefinition)


V1: Final = _version("wait-3d", "Wait 3 days", 3)
V2: Final = _version("wait-1d", "Wait 1 day", 1)


def _reader(n: int, name: str) -> ContactRef:
    slug = name.lower().replace(" ", ".").replace("'", "")
    return ContactRef(external_id=f"reader-{n + 1:02d}", email=f"{slug}@example.com")


async def seed_versions(resources: Resources, now: datetime) -> int:
    """The journey on version 1, its readers' events run through it, then version 2
    published; returns how many readers wait on version 1 (0 when it was there already)."""
    joined = now - timedelta(hours=20)
    async with demo_unit(resources, joined) as unit:
        db = unit.session
        if await db.get(Journey, JOURNEY_ID) is not None:
            return 0
        marketer = await db.scalar(select(User.id).where(User.email == MARKETER_EMAIL))
        if marketer is None:
            return 0
        db.add(
            Journey(
                id=JOURNEY_ID,
                name=NAME,
                description="Tips for new subscribers. Version 2 waits one day instead of "
                "three; twenty readers still wait on version 1.",
                status="active",
                definition=stored(V1),
                published_version=1,
                published_revision=1,
                created_at=joined - timedelta(days=1),
                created_by=marketer,
                updated_at=joined - timedelta(days=1),
                updated_by=marketer,
            )
        )
        await db.flush()
        db.add(
            JourneyVersion(
                journey_id=JOURNEY_ID,
                version=1,
                definition=stored(V1),
                published_at=joined - timedelta(days=1),
                published_by=marketer,
                note="First version: tips three days after subscribing.",
            )
        )
        await audit.record(
            db,
            actor_id=None,
            action="journey.created",
            target_type="journey",
            target_id=JOURNEY_ID,
            changes=audit.created({"name": NAME, "status": "active"}),
            at=joined,
        )
        recorded = [
            await record_event(
                unit,
                EventEnvelope(
                    name=EVENT,
                    contact=_reader(n, name),
                    properties={"name": name, "list": "newsletter"},
                    occurred_at=joined,
                    idempotency_key=f"demo:{EVENT}:{n + 1}",
                ),
            )
            for n, name in enumerate(READERS)
        ]
    await handle_events(resources, [item.id for item in recorded], joined)
    async with demo_unit(resources, now) as unit:
        for n, name in enumerate(READERS):
            await unit.session.execute(
                update(Contact)
                .where(Contact.external_id == _reader(n, name).external_id, Contact.name == "")
                .values(name=name)
            )
    async with demo_unit(resources, now) as unit:
        journey = await unit.session.get(Journey, JOURNEY_ID, with_for_update=True)
        assert journey is not None
        unit.session.add(
            JourneyVersion(
                journey_id=JOURNEY_ID,
                version=2,
                definition=stored(V2),
                published_at=now - timedelta(hours=1),
                published_by=marketer,
                note="Tips after one day, not three.",
            )
        )
        journey.definition = stored(V2)
        journey.draft_revision = journey.published_revision = 2
        journey.published_version = 2
        journey.updated_at = now - timedelta(hours=1)
    return len(READERS)
