"""Demo segments: the ones the journey library names (so its templates validate clean)
and a few a marketer would make first. Created only when missing."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Final

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from app.contacts import profile
from app.contacts.models import Contact
from app.demo.work import demo_unit, handle_contact
from app.eventlog.models import Event
from app.resources import Resources
from app.segments import membership
from app.segments.models import Segment

# name -> (label, description, condition as stored)
DEMO_SEGMENTS: Final[dict[str, tuple[str, str, dict[str, Any]]]] = {
    "customers": (
        "Customers",
        "Everyone who has placed an order or carries the `customer` tag.",
        {
            "type": "group",
            "op": "any",
            "rules": [
                {"type": "has_tag", "tag": "customer"},
                {
                    "type": "object_field",
                    "object_type": "order",
                    "field": "status",
                    "operator": "is_set",
                },
            ],
        },
    ),
    "no_activity_90_days": (
        "No activity for 90 days",
        "Nothing from the contact (website, portal, orders, email) in the last 90 days.",
        {
            "type": "group",
            "negate": True,
            "rules": [
                {
                    "type": "contact_field",
                    "field": "last_activity_at",
                    "operator": "within_last_days",
                    "value": 90,
                }
            ],
        },
    ),
    "newsletter_subscribers": (
        "Newsletter subscribers",
        "Tagged `newsletter` and still allowed to receive email.",
        {
            "type": "group",
            "rules": [
                {"type": "has_tag", "tag": "newsletter"},
                {
                    "type": "contact_field",
                    "field": "consent.email",
                    "operator": "equals",
                    "value": True,
                },
            ],
        },
    ),
    "vips": (
        "VIPs",
        "Everyone tagged `vip`. The VIP welcome journey starts when someone joins.",
        {"type": "group", "rules": [{"type": "has_tag", "tag": "vip"}]},
    ),
    "hot_leads": (
        "Hot leads",
        "A lead score of 50 or more and nobody looking after them yet.",
        {
            "type": "group",
            "rules": [
                {"type": "contact_field", "field": "score", "operator": "gte", "value": 50},
                {"type": "contact_field", "field": "owner_id", "operator": "is_not_set"},
            ],
        },
    ),
}


async def seed_segments(session: AsyncSession, now: datetime) -> int:
    created = 0
    for name, (label, description, condition) in DEMO_SEGMENTS.items():
        created += bool(
            await session.scalar(
                insert(Segment)
                .values(
                    name=name,
                    label=label,
                    description=description,
                    condition=condition,
                    created_at=now,
                    updated_at=now,
                )
                .on_conflict_do_nothing(index_elements=[Segment.name])
                .returning(Segment.id)
            )
        )
    return created


# The demo customer who joins the VIPs while the demo loads (the others were there first).
NEW_VIP: Final = "katherine@example.com"


async def welcome_a_new_vip(resources: Resources, now: datetime) -> int:
    """Show "entering a segment" alive: take stock of the watched segments, tag one
    customer `vip`, look again and run her `segment.entered` event through the journeys
    (the VIP welcome). Returns 1 when she entered, 0 once it has happened."""
    async with demo_unit(resources, now) as unit:
        await membership.refresh(unit)
        contact_id = await unit.session.scalar(select(Contact.id).where(Contact.email == NEW_VIP))
        if contact_id is None:
            return 0
        await profile.add_tags(unit, contact_id, ["vip"])
    # The same instant: what it queues is due when the demo's messages go out.
    async with demo_unit(resources, now, origin="system") as unit:
        await membership.refresh(unit)
    # Only hers: others who joined or left meanwhile are real customers, the worker's.
    async with resources.sessions() as session:
        entered = await session.scalar(
            select(Event.id).where(
                Event.contact_id == contact_id,
                Event.name == membership.ENTERED,
                Event.processed_at.is_(None),
            )
        )
    await handle_contact(resources, contact_id, now)
    return int(entered is not None)
