"""Saved test cases the demo journeys carry (docs/test-runs.md): a marketer opening one
sees how a made-up customer goes through it, and what a change to the draft would alter.

`expected` is what the case gives on the library journey; the demo test checks every case
still ends so (`checkJourneyTestCases` answers "same").
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any, Final

from sqlalchemy.ext.asyncio import AsyncSession

from app.testruns.models import JourneyTestCase

_ADA: Final[dict[str, Any]] = {
    "type": "made_up",
    "fields": {"name": "Ada Lovelace", "email": "ada@example.com", "phone": "+441632960001"},
    "consent": {"email": True, "sms": True, "letter": True},
    "timezone": "Europe/London",
    "objects": {"return": {"status": "requested"}, "order": {"status": "delivered"}},
}
_RETURN: Final[dict[str, Any]] = {
    "event_name": "return.requested",
    # The rejection letter reads `event.order_id` (app/demo/channels.py): without it the
    # case's letter would not render.
    "properties": {
        "return_number": "R-1001",
        "order_id": "ORD-1001",
        "order_number": "ORD-1001",
        "reason": "Broken",
    },
}

# slug -> (name, request, expected)
CASES: Final[dict[str, list[tuple[str, dict[str, Any], dict[str, Any]]]]] = {
    "return-and-replacement": [
        (
            "A faulty return gets a replacement and the tracking email",
            {
                "contact": _ADA,
                "start": _RETURN,
                "choices": [
                    {"type": "job", "node_id": "validate-product", "outcome": "valid"},
                    {
                        "type": "job",
                        "node_id": "send-replacement",
                        "outcome": "sent",
                        "form": {"tracking_number": "TRK-1001"},
                    },
                ],
            },
            {
                "status": "completed",
                "ended_reason": "end",
                "path": [
                    "return-requested",
                    "validate-product",
                    "send-replacement",
                    "email-tracking",
                    "end-replaced",
                ],
                "messages": ["email-tracking:email"],
                "waiting_at": [],
            },
        ),
        (
            "A return that is not faulty gets the rejection letter",
            {
                "contact": _ADA,
                "start": _RETURN,
                "choices": [
                    {
                        "type": "job",
                        "node_id": "validate-product",
                        "outcome": "invalid",
                        "form": {"reason": "No fault found"},
                    }
                ],
            },
            {
                "status": "completed",
                "ended_reason": "end",
                "path": [
                    "return-requested",
                    "validate-product",
                    "rejection-letter",
                    "reject-return",
                    "end-rejected",
                ],
                "messages": ["rejection-letter:letter"],
                "waiting_at": [],
            },
        ),
    ],
}


def add_test_cases(
    db: AsyncSession, journey_id: uuid.UUID, slug: str, when: datetime, by: uuid.UUID | None
) -> None:
    """The saved cases of a demo journey just created (none for most)."""
    for name, request, expected in CASES.get(slug, []):
        db.add(
            JourneyTestCase(
                journey_id=journey_id,
                name=name,
                request=request,
                expected=expected,
                created_at=when,
                created_by=by,
            )
        )
