"""Who is where, alive in the demo: a journey that takes contacts by hand ("Manual
enrolment" trigger), published, with 20 demo contacts enrolled through the real path
(`app.runs.enrol`) and waiting at its "Wait 2 days" step, so the canvas numbers, "who is
at this step" and each contact's path have something to show. Idempotent: a second load
finds the journey and its contacts and changes nothing.
"""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from typing import Any, Final

import msgspec
from sqlalchemy import func, select

from app.auth.models import User
from app.contacts.models import Contact
from app.demo.graph import node
from app.demo.work import demo_unit
from app.engine.definition import JourneyDefinition
from app.journeys.models import Journey, JourneyVersion
from app.journeys.services import stored
from app.resources import Resources
from app.runs import enrol
from app.runs.models import Enrollment

JOURNEY_ID: Final = uuid.UUID("3b0c7a0e-5f55-4a39-9d4e-2d1f0c9b7a20")
JOURNEY_NAME: Final = "Hand-picked follow-up"
WAITING_STEP: Final = "wait-2-days"
# The demo contacts waiting there (external id `wait-01` …).
FIRST_NAMES: Final = (
    "Ada Byron", "Ben Okafor", "Chloé Martin", "Dev Patel", "Eva Novak",
    "Farid Haddad", "Gwen Rhys", "Hiro Tanaka", "Ines Duarte", "Jonas Berg",
    "Kemi Adeyemi", "Lena Fischer", "Marco Rossi", "Nia Evans", "Omar Aziz",
    "Priya Nair", "Quinn Walsh", "Rosa Lima", "Sam Carter", "Tomas Varga",
)  # fmt: skip


def definition() -> dict[str, Any]:
    """Start by hand → wait 2 days → wait for a reply (5 days) → done (as stored)."""
    nodes = [
        node("trigger.manual", "start", "Enrolled by hand", 0),
        node(
            "flow.wait_duration",
            WAITING_STEP,
            "Wait 2 days",
            160,
            duration={"amount": 2, "unit": "days"},
        ),
        node(
            "flow.wait_for_event",
            "wait-reply",
            "Wait for a reply",
            320,
            event_name="reply.received",
            timeout={"amount": 5, "unit": "days"},
        ),
        node("flow.end", "done", "Done", 480),
    ]
    edges = [
        {"id": f"{a}--{h}", "source": a, "source_handle": h, "target": b}
        for a, h, b in (
            ("start", "next", WAITING_STEP),
            (WAITING_STEP, "next", "wait-reply"),
            ("wait-reply", "received", "done"),
            ("wait-reply", "timeout", "done"),
        )
    ]
    graph = {"nodes": nodes, "edges": edges, "settings": {"reentry": {"rule": "always"}}}
    return stored(msgspec.convert(graph, JourneyDefinition))


async def seed_whereabouts(resources: Resources, now: datetime) -> int:
    """The journey and its 20 waiting contacts; returns how many contacts it enrolled."""
    async with demo_unit(resources, now) as unit:
        db = unit.session
        if await db.get(Journey, JOURNEY_ID) is None:
            marketer = await db.scalar(
                select(User.id).where(User.email == "marketer@waymark.local")
            )
            when = now - timedelta(days=1)
            body = definition()
            db.add(
                Journey(
                    id=JOURNEY_ID,
                    name=JOURNEY_NAME,
                    description="Contacts picked by hand (from their page, a segment or the"
                    " API) get a follow-up: wait two days, then wait for their reply.",
                    status="active" if marketer else "draft",
                    definition=body,
                    draft_revision=1,
                    published_version=1 if marketer else None,
                    published_revision=1 if marketer else None,
                    created_at=when,
                    created_by=marketer,
                    updated_at=when,
                    updated_by=marketer,
                )
            )
            await db.flush()
            if marketer:
                db.add(
                    JourneyVersion(
                        journey_id=JOURNEY_ID,
                        version=1,
                        definition=body,
                        published_at=when,
                        published_by=marketer,
                        note="Contacts enrolled by hand.",
                    )
                )
        enrolled = await db.scalar(
            select(func.count()).select_from(Enrollment).where(Enrollment.journey_id == JOURNEY_ID)
        )
        journey = await db.get(Journey, JOURNEY_ID)
        if enrolled or journey is None or journey.status != "active":
            return 0
        for index, name in enumerate(FIRST_NAMES, start=1):
            external_id = f"wait-{index:02d}"
            if await db.scalar(select(Contact.id).where(Contact.external_id == external_id)):
                continue
            first = name.split()[0].lower().replace("é", "e")
            db.add(
                Contact(
                    external_id=external_id,
                    name=name,
                    email=f"{first}.{index:02d}@example.com",
                    created_at=now,
                    updated_at=now,
                )
            )
    count = 0
    for index in range(1, len(FIRST_NAMES) + 1):
        async with demo_unit(resources, now) as unit:
            contact_id = await unit.session.scalar(
                select(Contact.id).where(Contact.external_id == f"wait-{index:02d}")
            )
            if contact_id is None:
                continue
            answer = await enrol.enrol_contact(
                unit, None, JOURNEY_ID, enrol.EnrolContact(contact_id=contact_id), "staff"
            )
            count += answer.outcome == "enrolled"
    return count
