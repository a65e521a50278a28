"""Demo data for automation: scoring rules, a published birthday journey on a schedule in
each contact's time zone, demo customers with zones and birthdays, and its runs recorded.

Idempotent: rules and the journey have fixed ids, contact fields are only filled when
empty, and a schedule run is unique per due time. The birthday journey's steps (a tag, a
portal message, a notification for customer support) are sent by the worker's outbox.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime, timedelta
from typing import Any, Final

import msgspec
from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from app.auth.models import User
from app.automation import schedules
from app.automation.models import ScoreRule
from app.automation.schedule_times import latest_due
from app.contacts import profile
from app.contacts.models import Contact
from app.contacts.schemas import ContactCreate
from app.demo.graph import node
from app.demo.work import handle_events
from app.engine.definition import JourneyDefinition
from app.engine.timing import zone
from app.engine.triggers import DailySchedule
from app.eventlog.models import Event
from app.journeys.models import Journey, JourneyVersion
from app.journeys.services import stored
from app.lib.unit_of_work import UnitOfWork
from app.resources import Resources

_NAMESPACE: Final = uuid.UUID("a4c7e0b2-61d9-4c3f-8f5e-2b7d90c1e6a4")
BIRTHDAY_JOURNEY_ID: Final = uuid.uuid5(_NAMESPACE, "birthday-greetings")
_MARKETER: Final = "marketer@waymark.local"
_NINE: Final = DailySchedule(at="09:00")

# name, event, points, condition
_RULES: Final[tuple[tuple[str, str, int, dict[str, Any] | None], ...]] = (
    (
        "Viewed the pricing page",
        "page.viewed",
        5,
        {
            "type": "group",
            "rules": [
                {
                    "type": "event_property",
                    "property": "url",
                    "operator": "contains",
                    "value": "/pricing",
                }
            ],
        },
    ),
    ("Placed an order", "order.placed", 20, None),
    ("Clicked a link in an email", "email.clicked", 10, None),
    ("Unsubscribed from the newsletter", "newsletter.unsubscribed", -30, None),
)

# Demo customers of their own (external id, name, zone), born on the day their zone's
# latest 09:00 run greets; the CRM demo's customers keep their real birthdays.
_BIRTHDAY_CUSTOMERS: Final = (
    ("bday-london", "Olivia Bennett", "Europe/London"),
    ("bday-new-york", "Marcus Reed", "America/New_York"),
    ("bday-tokyo", "Haruki Sato", "Asia/Tokyo"),
)


def birthday_journey() -> JourneyDefinition:
    nodes = [
        node(
            "trigger.schedule",
            "birthday-9am",
            "Birthday today, 09:00 their time",
            0,
            repeat={"type": "daily", "at": "09:00"},
            date_match={"field": "contact.birthday", "every_year": True},
        ),
        node("action.update_contact", "tag", "Tag birthday", 140, add_tags=["birthday-greeted"]),
        node(
            "action.portal_message",
            "portal",
            "Birthday message in the portal",
            280,
            title="Happy birthday!",
            body="Here is 15% off your next order, with our best wishes.",
            pin=True,
        ),
        node(
            "action.notify_staff",
            "tell-support",
            "Tell customer support",
            420,
            queue="customer_support",
            message="A customer's birthday today\nSay happy birthday if they call.",
        ),
        node("flow.end", "end", "Done", 560),
    ]
    edges = [
        {"id": f"{a}--next", "source": a, "source_handle": "next", "target": b}
        for a, b in (("birthday-9am", "tag"), ("tag", "portal"), ("portal", "tell-support"))
    ] + [
        {
            "id": "tell-support--next",
            "source": "tell-support",
            "source_handle": "next",
            "target": "end",
        }
    ]
    settings = {"reentry": {"rule": "after_cooldown", "cooldown": {"amount": 300, "unit": "days"}}}
    return msgspec.convert(
        {"nodes": nodes, "edges": edges, "settings": settings}, JourneyDefinition
    )


async def seed_rules(session: AsyncSession, now: datetime) -> int:
    created = 0
    for name, event_name, points, condition in _RULES:
        inserted = await session.scalar(
            insert(ScoreRule)
            .values(
                id=uuid.uuid5(_NAMESPACE, f"rule:{name}"),
                name=name,
                event_name=event_name,
                points=points,
                condition=condition,
                created_at=now,
                updated_at=now,
            )
            .on_conflict_do_nothing(index_elements=["id"])
            .returning(ScoreRule.id)
        )
        created += inserted is not None
    return created


async def seed_birthday_journey(session: AsyncSession, now: datetime) -> bool:
    if await session.get(Journey, BIRTHDAY_JOURNEY_ID) is not None:
        return False
    marketer = await session.scalar(select(User.id).where(User.email == _MARKETER))
    if marketer is None:
        return False
    definition = stored(birthday_journey())
    # Published two days ago, so the worker's first tick has runs to record.
    when = now - timedelta(days=2)
    session.add(
        Journey(
            id=BIRTHDAY_JOURNEY_ID,
            name="Birthday greetings",
            description="At 09:00 on each customer's birthday, on their own clock: a tag, "
            "a portal message with a coupon, and a note for customer support.",
            status="active",
            definition=definition,
            draft_revision=1,
            published_version=1,
            published_revision=1,
            created_at=when,
            created_by=marketer,
            updated_at=when,
            updated_by=marketer,
        )
    )
    await session.flush()
    session.add(
        JourneyVersion(
            journey_id=BIRTHDAY_JOURNEY_ID,
            version=1,
            definition=definition,
            published_at=when,
            published_by=marketer,
            note="Demo: birthdays in each contact's time zone.",
        )
    )
    return True


def _birthday_for(timezone: str, now: datetime) -> date:
    """A birthday (in 1990) that the latest 09:00 run in `timezone` greets."""
    due = latest_due(_NINE, zone(timezone), now)
    local = due.astimezone(zone(timezone)).date()
    return local.replace(year=1990) if (local.month, local.day) != (2, 29) else date(1990, 2, 28)


async def seed_contacts(unit: UnitOfWork) -> int:
    """The birthday customers, each in their own zone; made once (staff edits are kept)."""
    session, now = unit.session, unit.now
    made = 0
    for external_id, name, timezone in _BIRTHDAY_CUSTOMERS:
        found = await session.scalar(select(Contact.id).where(Contact.external_id == external_id))
        if found is not None:
            continue
        data = ContactCreate(
            name=name,
            email=f"{external_id}@example.com",
            external_id=external_id,
            timezone=timezone,
            birthday=_birthday_for(timezone, now),
            tags=["customer"],
        )
        await profile.create_contact(unit, data)
        made += 1
    return made


async def seed_automation(unit: UnitOfWork) -> int:
    """Rules, the birthday journey and the customers' zones; returns how many were made."""
    made = await seed_rules(unit.session, unit.now)
    made += await seed_birthday_journey(unit.session, unit.now)
    made += await seed_contacts(unit)
    return made


async def run_demo_schedules(resources: Resources, now: datetime) -> int:
    """Tick the birthday schedule once (recording today's runs) and handle what it picked
    of the demo's birthday customers, as the worker would; returns how many contacts the
    runs picked. Other schedules, and other contacts' events, are the worker's."""
    ticked = await schedules.tick(
        resources.sessions, resources.bell, now, journeys={BIRTHDAY_JOURNEY_ID}
    )
    ours = [external_id for external_id, _, _ in _BIRTHDAY_CUSTOMERS]
    async with resources.sessions() as session:
        pending = list(
            await session.scalars(
                select(Event.id)
                .join(Contact, Contact.id == Event.contact_id)
                .where(
                    Event.name == "schedule.fired",
                    Event.processed_at.is_(None),
                    Event.properties["journey_id"].astext == str(BIRTHDAY_JOURNEY_ID),
                    Contact.external_id.in_(ours),
                )
                .order_by(Event.id)
            )
        )
    await handle_events(resources, pending, now)
    return ticked.enrolled
