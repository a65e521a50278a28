"""Portal demo data: Ada and Grace have orders, Ada a return in progress (S2 made its
job in the customer-support queue) and a letter among her documents, both have messages
(Ada's onboarding guide pinned), Alan, an affiliate, has referrals, and Katherine's
request to be erased waits in the data-protection queue.

Safe to load any number of times: each piece is created only when missing, through the
same services the portal uses, so the return is a real `return.requested` that the
return journey (S2) picks up, and the letter a PDF the letters channel rendered.
"""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from typing import Any, Final

import msgspec
from sqlalchemy import func, select
from sqlalchemy.dialects.postgresql import insert

from app.channels.models import MessageTemplate
from app.contacts import objects
from app.contacts.models import Contact, ContactObject
from app.contacts.profile import create_contact, update_contact
from app.contacts.schemas import ContactCreate, ContactUpdate, ObjectCreate, ObjectUpdate
from app.demo.work import demo_unit, handle_contact
from app.jobs.models import JobType
from app.portal import messages, rights
from app.portal.affiliates import REFERRED_BY
from app.portal.models import ErasureRequest, PortalStageWords
from app.portal.requests import request_return
from app.portal.schemas import ReturnRequest
from app.resources import Resources
from app.runs import outbox
from app.runs.models import OutboxMessage
from app.worker.assembly import effect_handlers

# email, order ref, status, total, items, days ago
_ORDERS: Final[tuple[tuple[str, str, str, float, list[dict[str, Any]], int], ...]] = (
    ("ada@example.com", "ORD-2000", "delivered", 120.0, [{"name": "Desk lamp", "qty": 1}], 20),
    (
        "ada@example.com",
        "ORD-2100",
        "despatched",
        89.5,
        [{"name": "Notebook set", "qty": 3}, {"name": "Fountain pen", "qty": 1}],
        4,
    ),
    ("grace@example.com", "ORD-2001", "delivered", 570.0, [{"name": "Office chair", "qty": 1}], 9),
    ("grace@example.com", "ORD-2101", "confirmed", 42.0, [{"name": "Cable kit", "qty": 2}], 1),
    ("katherine@example.com", "ORD-2003", "delivered", 35.0, [{"name": "Star map", "qty": 1}], 6),
)

_MESSAGES: Final[tuple[tuple[str, str, str, str | None, bool], ...]] = (
    (
        "ada@example.com",
        "Welcome, Ada!",
        "Your account is ready. Here you can follow your orders, returns and invoices.",
        None,
        False,
    ),
    (
        "ada@example.com",
        "Getting started",
        "Five short articles to get the most out of your first weeks.",
        "/portal/messages",
        True,
    ),
    (
        "grace@example.com",
        "Your order is confirmed",
        "We are preparing order ORD-2101 and will tell you when it is on its way.",
        "/portal/orders",
        False,
    ),
)

# A letter for Ada's documents page, written with the channels' letter layout.
_LETTER_TEMPLATE: Final = "account_welcome_letter"
_LETTER_HTML: Final = (
    '{% extends "letter_layout" %}{% block content %}'
    "<p>Dear {{ contact.name }},</p>"
    "<p>Your customer account is ready. Sign in to the customer portal to follow your "
    "orders and returns, read our messages and keep your details up to date.</p>"
    "<p>You can download everything we hold about you, or ask us to erase it, from the "
    "My data page.</p>"
    "{% endblock %}"
)
LETTER_TO: Final = "ada@example.com"
# Asked to be erased (no portal login: erasing her locks nobody out of the demo).
ERASURE_FROM: Final = "katherine@example.com"

AFFILIATE_EMAIL: Final = "alan@example.com"
# Referred by Alan: Katherine (a customer with an order) and a lead who has not bought yet.
_LEAD: Final = ("Lin Lee", "lin.lee@example.com")


async def _contact_id(resources: Resources, email: str) -> uuid.UUID | None:
    async with resources.sessions() as db:
        found: uuid.UUID | None = await db.scalar(
            select(Contact.id).where(func.lower(Contact.email) == email)
        )
        return found


async def _seed_orders(resources: Resources, now: datetime) -> dict[str, uuid.UUID]:
    orders: dict[str, uuid.UUID] = {}
    for email, ref, status, total, items, days in _ORDERS:
        contact_id = await _contact_id(resources, email)
        if contact_id is None:
            continue
        async with demo_unit(resources, now) as unit:
            existing = await unit.session.scalar(
                select(ContactObject).where(
                    ContactObject.kind == "order", ContactObject.external_ref == ref
                )
            )
            if existing is None:
                existing = await objects.create_object(
                    unit,
                    contact_id,
                    ObjectCreate(
                        kind="order",
                        status="placed",
                        external_ref=ref,
                        data={"total": total, "currency": "GBP", "items": items},
                    ),
                )
                existing.created_at = now - timedelta(days=days)
                await objects.update_object(
                    unit, contact_id, existing.id, ObjectUpdate(status=status)
                )
            orders[ref] = existing.id
    return orders


async def seed_portal(resources: Resources, now: datetime) -> int:
    """Create what is missing; returns how many pieces were created."""
    created = 0
    orders = await _seed_orders(resources, now)
    ada = await _contact_id(resources, "ada@example.com")
    if ada is not None and "ORD-2000" in orders:
        async with demo_unit(resources, now) as unit:
            has_return = await unit.session.scalar(
                select(ContactObject.id).where(
                    ContactObject.contact_id == ada, ContactObject.kind == "return"
                )
            )
            if has_return is None:
                await request_return(
                    unit,
                    ada,
                    ReturnRequest(
                        order_id=orders["ORD-2000"], reason="The lamp flickers when switched on."
                    ),
                )
                created += 1
        # S2 takes it now (as the worker would): its "validate the product" job is queued,
        # and the jobs demo that follows creates it.
        await handle_contact(resources, ada, now)
    for email, title, body, link, pinned in _MESSAGES:
        contact_id = await _contact_id(resources, email)
        if contact_id is None:
            continue
        async with resources.sessions.begin() as db:
            delivered = await messages.deliver(
                db,
                contact_id=contact_id,
                title=title,
                body=body,
                link=link,
                pinned=pinned,
                now=now,
                source_key=f"demo:portal:{email}:{title}",
            )
            created += delivered is not None
    created += await _seed_referrals(resources)
    created += await _seed_letter(resources, now)
    created += await _seed_erasure_request(resources)
    created += await _seed_stage_words(resources, now)
    return created


# Staff's own words for a stage (the Customer wording page shows it as changed).
_STAGE_WORDS: tuple[tuple[str, str, str], ...] = (
    ("resend_order", "created", "We are sending your order again, at our cost"),
)


async def _seed_stage_words(resources: Resources, now: datetime) -> int:
    created = 0
    async with resources.sessions.begin() as db:
        for job_type, stage, words in _STAGE_WORDS:
            if await db.scalar(select(JobType.name).where(JobType.name == job_type)) is None:
                continue
            added = await db.scalar(
                insert(PortalStageWords)
                .values(job_type=job_type, stage=stage, words=words, updated_at=now)
                .on_conflict_do_nothing(index_elements=["job_type", "stage"])
                .returning(PortalStageWords.stage)
            )
            created += added is not None
    return created


async def _seed_letter(resources: Resources, now: datetime) -> int:
    """A letter to Ada, rendered to PDF by the letters channel (her documents page)."""
    contact_id = await _contact_id(resources, LETTER_TO)
    if contact_id is None:
        return 0
    key = f"demo:portal:letter:{LETTER_TO}"
    async with resources.sessions.begin() as db:
        await db.execute(
            insert(MessageTemplate)
            .values(
                name=_LETTER_TEMPLATE,
                label="Your customer account (letter)",
                channel="letter",
                body_html=_LETTER_HTML,
            )
            .on_conflict_do_nothing(index_elements=[MessageTemplate.name])
        )
        queued = await db.scalar(
            insert(OutboxMessage)
            .values(
                key=key,
                kind="create_letter",
                payload={
                    "template": _LETTER_TEMPLATE,
                    "contact_id": str(contact_id),
                    "node_id": None,
                    "print_queue": "print",
                },
                next_attempt_at=now,
                created_at=now,
            )
            .on_conflict_do_nothing(index_elements=["key"])
            .returning(OutboxMessage.id)
        )
    if queued is None:
        return 0
    # Only letters: the demo's emails and texts were sent by the channels demo already.
    local = msgspec.structs.replace(resources.settings, email_provider="outbox")
    async with demo_unit(resources, now, origin="journey") as unit:
        done = await outbox.dispatch_batch(
            unit, effect_handlers(local), kinds=("create_letter",), made_at=now
        )
    return done.sent


async def _seed_erasure_request(resources: Resources) -> int:
    """Katherine asked to be erased: the request and its job in the data-protection queue."""
    contact_id = await _contact_id(resources, ERASURE_FROM)
    if contact_id is None:
        return 0
    async with demo_unit(resources, resources.clock.now()) as unit:
        asked = await unit.session.scalar(
            select(ErasureRequest.id).where(ErasureRequest.contact_id == contact_id)
        )
        if asked is not None:
            return 0
        await rights.request_erasure(unit, contact_id)
    return 1


async def _seed_referrals(resources: Resources) -> int:
    affiliate = await _contact_id(resources, AFFILIATE_EMAIL)
    if affiliate is None:
        return 0
    created = 0
    referred = {REFERRED_BY: str(affiliate)}
    async with demo_unit(resources, resources.clock.now()) as unit:
        db = unit.session
        katherine = await db.scalar(
            select(Contact).where(func.lower(Contact.email) == "katherine@example.com")
        )
        if katherine is not None and REFERRED_BY not in katherine.attributes:
            # The demo events created her without a name; the affiliate sees it.
            name = katherine.name or "Katherine Johnson"
            await update_contact(unit, katherine.id, ContactUpdate(name=name, attributes=referred))
            created += 1
        name, email = _LEAD
        lead = await db.scalar(select(Contact.id).where(func.lower(Contact.email) == email))
        if lead is None:
            await create_contact(unit, ContactCreate(name=name, email=email, attributes=referred))
            created += 1
    return created
