"""Demo journeys and the catalog content they use, so a new user sees a living journey list.

Job types and message templates cover every name `DEMO_CATALOG` lists; journeys come from
the library: four published (version 1, by the demo marketer), one draft, one archived.
Everything is created only when missing, so loading twice changes nothing.
"""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from typing import Any, Final

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from app.auth import audit
from app.auth.models import User
from app.channels.models import MessageTemplate
from app.demo.testcases import add_test_cases
from app.engine.exits import humanize
from app.jobs.models import JobType
from app.journeys.library import DEMO_CATALOG, list_templates, load_template
from app.journeys.models import Journey, JourneyVersion
from app.journeys.services import stored

MARKETER_EMAIL: Final = "marketer@waymark.local"
# Stable ids, so a second load finds the journeys the first one made.
_NAMESPACE: Final = uuid.UUID("6f1d8a52-3c1e-4f7b-9a34-0d5b6f2e8c11")

# name -> (label, queue, minutes until due, priority, guidance); outcomes come from DEMO_CATALOG.
_JOB_TYPES: Final[dict[str, tuple[str, str, int, str, str]]] = {
    "senior_approval": (
        "Approve a large order",
        "administration",
        240,
        "high",
        "Order {{ event.order_number }} is worth {{ event.total }}. Approve or reject it.",
    ),
    "confirm_order": (
        "Confirm an order",
        "administration",
        480,
        "normal",
        "Check stock and price for {{ event.order_number }}, then confirm it with the customer.",
    ),
    "manufacture": (
        "Make the order",
        "production",
        2880,
        "normal",
        "Make {{ event.order_number }}.",
    ),
    "despatch": ("Despatch the order", "fulfilment", 1440, "normal", "Pack and ship it."),
    "validate_product": (
        "Inspect a returned product",
        "customer_support",
        1440,
        "normal",
        "Is the returned item faulty as the customer says?",
    ),
    "send_replacement": ("Send a replacement", "warehouse", 1440, "normal", "Ship a new one."),
    "call_lead": ("Call a new lead", "sales", 240, "high", "Call {{ contact.name }} today."),
    "call_customer": (
        "Call about a missed payment",
        "collections",
        1440,
        "high",
        "{{ contact.name }} has not paid. Call and agree how they will.",
    ),
    "resend_order": ("Resend an order", "customer_support", 1440, "high", "Send it again."),
    "call_unhappy_customer": (
        "Call an unhappy customer",
        "customer_success",
        480,
        "high",
        "{{ contact.name }} gave a low score. Call, listen, and put it right.",
    ),
    "service_visit": ("Service visit", "customer_support", 10080, "normal", "Visit and service."),
    "print_letter": ("Print and post a letter", "print", 1440, "low", "Print, fold, post."),
}


def _text(title: str, *, long: bool = False) -> dict[str, Any]:
    return {"type": "string", "title": title, "maxLength": 2000 if long else 200}


# What a job that ships something asks for (S1's email reads it as job.form.<field>).
_SHIPMENT: Final[dict[str, Any]] = {
    "type": "object",
    "required": ["carrier", "tracking_number"],
    "properties": {
        "carrier": {
            "type": "string",
            "title": "Carrier",
            "enum": ["Royal Mail", "DPD", "DHL", "UPS"],
        },
        "tracking_number": {**_text("Tracking number"), "minLength": 4},
    },
}

# The forms staff fill in when they complete a demo job (JSON Schema; the SPA renders them
# with react-jsonschema-form). Journeys read the answers as `job.form.<field>`.
_FORMS: Final[dict[str, dict[str, Any]]] = {
    "confirm_order": {
        "type": "object",
        "properties": {
            "discount": {
                "type": "number",
                "title": "Discount agreed (£)",
                "minimum": 0,
                "description": "Only for “apply discount”.",
            },
            "note": _text("Note for the team", long=True),
        },
    },
    "senior_approval": {
        "type": "object",
        "required": ["reason"],
        "properties": {"reason": _text("Why", long=True)},
    },
    "despatch": _SHIPMENT,
    # The Return and replacement journey's guidance asks for the tracking number here.
    "send_replacement": _SHIPMENT,
    "validate_product": {
        "type": "object",
        "required": ["finding"],
        "properties": {"finding": _text("What you found", long=True)},
    },
    "call_customer": {
        "type": "object",
        "properties": {
            "promised_date": {"type": "string", "format": "date", "title": "Promised to pay on"},
            "notes": _text("Call notes", long=True),
        },
    },
    "call_lead": {
        "type": "object",
        "properties": {
            "budget": {"type": "number", "title": "Budget (£)", "minimum": 0},
            "notes": _text("Call notes", long=True),
        },
    },
    "call_unhappy_customer": {
        "type": "object",
        "required": ["what_happened"],
        "properties": {"what_happened": _text("What went wrong", long=True)},
    },
    "service_visit": {
        "type": "object",
        "properties": {"report": _text("Visit report", long=True)},
    },
}

# Bodies that say more than the template's name (S1's email carries the tracking number
# the despatch form captured; sent outside S1 it just says the order is on its way).
_BODIES: Final[dict[str, str]] = {
    "order_on_its_way": (
        "Hello {{ contact.first_name }},\n\nYour order is on its way"
        "{% if journey.job is defined and journey.job.form.tracking_number is defined %}"
        " with {{ journey.job.form.carrier }}: tracking number "
        "{{ journey.job.form.tracking_number }}{% endif %}.\n\nWaymark Co."
    ),
}

# SMS bodies and email subjects the demo shows; other templates get a plain default.
_SUBJECTS: Final[dict[str, str]] = {
    "order_on_its_way": "Your order is on its way",
    "payment_reminder": "A reminder about your payment",
    "welcome": "Welcome to Waymark Co.",
    "appointment_confirmation": "Your appointment is booked",
    "birthday_coupon": "Happy birthday, {{ contact.first_name }}!",
    "vip_welcome": "Welcome to the VIP club, {{ contact.first_name }}",
}


async def seed_catalog(db: AsyncSession) -> int:
    """Job types and message templates DEMO_CATALOG names; returns how many were created."""
    created = 0
    for name, outcomes in DEMO_CATALOG.job_types.items():
        label, queue, due, priority, guidance = _JOB_TYPES[name]
        created += bool(
            await db.scalar(
                insert(JobType)
                .values(
                    name=name,
                    label=label,
                    queue=queue,
                    outcomes=list(outcomes),
                    guidance=guidance,
                    default_due_minutes=due,
                    priority=priority,
                    form_schema=_FORMS.get(name, {}),
                )
                .on_conflict_do_nothing(index_elements=[JobType.name])
                .returning(JobType.id)
            )
        )
    for channel, names in (
        ("email", DEMO_CATALOG.email_templates),
        ("sms", DEMO_CATALOG.sms_templates),
        ("letter", DEMO_CATALOG.letter_templates),
    ):
        for name in sorted(names):
            label = humanize(name)
            text = _BODIES.get(
                name, f"Hello {{{{ contact.first_name }}}},\n\n{label}.\n\nWaymark Co."
            )
            created += bool(
                await db.scalar(
                    insert(MessageTemplate)
                    .values(
                        name=name,
                        label=label,
                        channel=channel,
                        subject=_SUBJECTS.get(name, label) if channel == "email" else None,
                        body_text=text,
                        body_html=text.replace("\n\n", "</p><p>").join(("<p>", "</p>"))
                        if channel != "sms"
                        else "",
                    )
                    .on_conflict_do_nothing(index_elements=[MessageTemplate.name])
                    .returning(MessageTemplate.id)
                )
            )
    return created


# slug -> status it is shown in
_DEMO_JOURNEYS: Final[dict[str, str]] = {
    "order-to-delivery": "active",  # S1
    "payment-collection": "active",  # S5
    "appointment-reminders": "active",  # S9
    "return-and-replacement": "active",  # S2: the portal's returns become support's jobs
    "birthdays-and-renewals": "draft",  # S13
    "course-by-sms": "archived",  # S7: an old campaign, kept for reference
    "vip-welcome": "active",  # S12: starts when a contact joins the VIP segment
}


async def seed_journeys(db: AsyncSession, now: datetime) -> int:
    """The demo journeys (needs the demo users and catalog); returns how many were created."""
    marketer = await db.scalar(select(User.id).where(User.email == MARKETER_EMAIL))
    infos = {info.slug: info for info in list_templates()}
    created = 0
    for age, (slug, status) in enumerate(_DEMO_JOURNEYS.items()):
        journey_id = uuid.uuid5(_NAMESPACE, slug)
        if await db.get(Journey, journey_id) is not None:
            continue
        definition = stored(load_template(slug))
        when = now - timedelta(days=len(_DEMO_JOURNEYS) - age)
        published = status in ("active", "archived") and marketer is not None
        db.add(
            Journey(
                id=journey_id,
                name=infos[slug].name,
                description=infos[slug].description,
                status=status if published or status != "active" else "draft",
                definition=definition,
                draft_revision=1,
                published_version=1 if published else None,
                published_revision=1 if published else None,
                created_at=when,
                created_by=marketer,
                updated_at=when,
                updated_by=marketer,
            )
        )
        await db.flush()
        if published and marketer is not None:
            db.add(
                JourneyVersion(
                    journey_id=journey_id,
                    version=1,
                    definition=definition,
                    published_at=when,
                    published_by=marketer,
                    note="First version, from the journey library.",
                )
            )
        add_test_cases(db, journey_id, slug, when, marketer)
        await audit.record(
            db,
            actor_id=None,
            action="journey.created",
            target_type="journey",
            target_id=journey_id,
            changes=audit.created({"name": infos[slug].name, "status": status, "template": slug}),
            at=now,
        )
        created += 1
    return created
