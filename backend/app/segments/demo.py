"""Demo segments: the ones the journey library names (so its templates validate clean)
and a few a marketer would make first. Created only when missing."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Final

from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

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
