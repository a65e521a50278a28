"""Demo content for the channels: a shared layout and real templates for the published demo
journeys, consent for three of the four demo customers, their messages in the dev
outbox (some opened and clicked, one refused for want of consent) and a letter as PDF.

Everything is keyed or checked first, so loading twice changes nothing.
"""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from typing import Final

import msgspec
from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import InstrumentedAttribute

from app.channels import consent, services
from app.channels.models import ChannelMessage, MessageTemplate
from app.contacts.models import Contact
from app.engine.channels import MESSAGE_KINDS
from app.lib.unit_of_work import UnitOfWork
from app.resources import Resources
from app.runs import outbox
from app.runs.models import OutboxMessage
from app.settings import Settings
from app.worker.assembly import effect_handlers

_LAYOUT: Final = """<!doctype html>
<html><body style="margin:0;background:#f4f5f7;font-family:Arial,sans-serif;color:#1f2933">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0"><tr><td align="center">
<table role="presentation" width="560" cellpadding="24" cellspacing="0"
  style="background:#ffffff;margin:24px 0;border-radius:8px">
<tr><td style="font-size:20px;font-weight:bold;color:#2f6fed">Waymark Co.</td></tr>
<tr><td style="font-size:15px;line-height:1.5">{% block content %}{% endblock %}</td></tr>
<tr><td style="font-size:12px;color:#6b7280">Waymark Co. · 1 High Street, Bristol</td></tr>
</table></td></tr></table></body></html>"""

_LETTER_LAYOUT: Final = """<html><head><style>
@page { size: A4; margin: 2.5cm 2cm }
body { font-family: 'DejaVu Sans', sans-serif; font-size: 11pt; line-height: 1.45 }
.from { text-align: right; color: #2f6fed; font-weight: bold }
.to { margin: 1.5cm 0 1cm }
</style></head><body>
<p class="from">Waymark Co.<br>1 High Street, Bristol</p>
<p class="to">{{ contact.name }}</p>
<p>{{ now | date("%d %B %Y") }}</p>
{% block content %}{% endblock %}
<p>Yours sincerely,<br><br>The Waymark Co. team</p>
</body></html>"""


def _email(body: str) -> str:
    return '{% extends "waymark_layout" %}{% block content %}' + body + "{% endblock %}"


# name -> (kind, label, subject, HTML, text)
_TEMPLATES: Final[dict[str, tuple[str, str, str | None, str, str]]] = {
    "waymark_layout": ("layout", "Waymark Co. email layout", None, _LAYOUT, ""),
    "letter_layout": ("layout", "Waymark Co. letter layout", None, _LETTER_LAYOUT, ""),
    "payment_reminder": (
        "email",
        "Payment reminder",
        "A reminder about invoice {{ event.invoice }}",
        _email(
            "<p>Hello {{ contact.first_name }},</p>"
            "<p>We have not yet received {{ event.amount | money }} for invoice "
            "<strong>{{ event.invoice }}</strong>.</p>"
            '<p><a href="https://pay.example.com/{{ event.invoice }}">Pay it now</a></p>'
            "<p>If you have already paid, thank you, and please ignore this email.</p>"
        ),
        "Hello {{ contact.first_name }},\n\nWe have not yet received {{ event.amount | money }} "
        "for invoice {{ event.invoice }}.\nPay it at https://pay.example.com/{{ event.invoice }}",
    ),
    "payment_reminder_sms": (
        "sms",
        "Payment reminder (SMS)",
        None,
        "",
        "Hi {{ contact.first_name }}, invoice {{ event.invoice }} for "
        "{{ event.amount | money }} is overdue. Pay: https://pay.example.com/{{ event.invoice }}",
    ),
    "appointment_confirmation": (
        "email",
        "Appointment confirmation",
        "Your appointment on {{ event.appointment_at | date('%A %d %B') }}",
        _email(
            "<p>Hello {{ contact.first_name }},</p>"
            "<p>Your appointment <strong>{{ event.id }}</strong> is booked for "
            "{{ event.appointment_at | date('%A %d %B at %H:%M') }}.</p>"
            '<p><a href="https://book.example.com/{{ event.id }}">Change or cancel it</a></p>'
        ),
        "",
    ),
    "appointment_confirmation_sms": (
        "sms",
        "Appointment confirmation (SMS)",
        None,
        "",
        "Booked: {{ event.appointment_at | date('%a %d %b %H:%M') }} ({{ event.id }}). "
        "Reply C to cancel.",
    ),
    "appointment_reminder_sms": (
        "sms",
        "Appointment reminder (SMS)",
        None,
        "",
        "Reminder: your appointment is tomorrow at {{ event.appointment_at | date('%H:%M') }}.",
    ),
    "order_on_its_way": (
        "email",
        "Order on its way",
        "Order {{ event.order_number }} is on its way",
        _email(
            "<p>Hello {{ contact.first_name }},</p><p>Good news: order "
            "<strong>{{ event.order_number }}</strong> has left our warehouse.</p>"
            '<p><a href="https://shop.example.com/orders/{{ event.order_number }}">Track it</a></p>'
        ),
        "",
    ),
    "return_rejected": (
        "letter",
        "Return rejected (letter)",
        None,
        '{% extends "letter_layout" %}{% block content %}'
        "<p>Dear {{ contact.name }},</p>"
        "<p>Thank you for returning the goods from order {{ event.order_id }}. Our inspection "
        "found {{ event.reason }}, so we cannot accept the return under the warranty.</p>"
        "<p>We will send the item back to you at no cost within five working days.</p>"
        "{% endblock %}",
        "",
    ),
}

# Customers who agreed to email and SMS (cust-1003, Alan, did not: his reminders fail).
_CONSENTING: Final = ("cust-1001", "cust-1002", "cust-1004")
# (customer, template) of emails the demo opens, and clicks as well.
# Grace (cust-1002) unsubscribed from email in the CRM demo, so her reminder is refused;
# the opened and clicked ones are messages that were sent.
_OPENED: Final = (("cust-1001", "appointment_confirmation"), ("cust-1003", "payment_reminder"))
_CLICKED: Final = (("cust-1003", "payment_reminder"),)
_LETTER_TO: Final = "cust-1003"


async def seed_templates(db: AsyncSession) -> int:
    """The layouts and the demo journeys' real templates (before the catalog's plain ones)."""
    created = 0
    for name, (kind, label, subject, html, text) in _TEMPLATES.items():
        created += bool(
            await db.scalar(
                insert(MessageTemplate)
                .values(
                    name=name,
                    label=label,
                    channel=kind,
                    subject=subject,
                    body_html=html,
                    body_text=text,
                )
                .on_conflict_do_nothing(index_elements=[MessageTemplate.name])
                .returning(MessageTemplate.id)
            )
        )
    return created


async def _contact(db: AsyncSession, external_id: str) -> uuid.UUID | None:
    return await db.scalar(select(Contact.id).where(Contact.external_id == external_id))


async def seed_consent(unit: UnitOfWork) -> None:
    """The consenting customers opted in a month ago (the unit's clock says when)."""
    for external_id in _CONSENTING:
        contact_id = await _contact(unit.session, external_id)
        if contact_id is None:
            continue
        for channel in ("email", "sms"):
            await consent.opt_in(unit, contact_id, channel, source="demo")


async def send_and_track(resources: Resources, settings: Settings, now: datetime) -> None:
    """Queue the demo letter, send the channel messages this load queued to the dev outbox,
    then open and click a few (their events are rung for the worker).

    Only this load's own messages (stamped with its `now`): mail that real journeys
    queued is left to the sender and the providers the settings name."""
    sessions = resources.sessions
    async with sessions.begin() as db:
        contact_id = await _contact(db, _LETTER_TO)
        if contact_id is not None:
            await db.execute(
                insert(OutboxMessage)
                .values(
                    key=f"demo:letter:return_rejected:{_LETTER_TO}",
                    kind="create_letter",
                    payload={
                        "template": "return_rejected",
                        "contact_id": str(contact_id),
                        "node_id": None,
                        "event": {"order_id": "ORD-2002", "reason": "water damage"},
                        # S2's letter waits in the Print queue as a job with its PDF.
                        "print_queue": "print",
                    },
                    next_attempt_at=now,
                    created_at=now,
                )
                .on_conflict_do_nothing(index_elements=["key"])
            )
    # The demo never delivers for real: whatever the settings say, its own messages go to
    # the outboxes.
    local = msgspec.structs.replace(settings, email_provider="outbox", sms_provider="outbox")
    providers = effect_handlers(local)
    while True:
        async with resources.unit_of_work(origin="journey", now=now) as unit:
            done = await outbox.dispatch_batch(
                unit, providers, kinds=tuple(MESSAGE_KINDS), made_at=now
            )
        if done.total < outbox.BATCH:
            break
    async with resources.unit_of_work(origin="email", now=now + timedelta(minutes=20)) as unit:
        db = unit.session
        for external_id, template in _OPENED:
            key = await _message_key(db, external_id, template)
            if key is not None and not await _already(db, key, ChannelMessage.opened_at):
                await services.record_open(unit, key)
        unit.now = now + timedelta(minutes=25)
        for external_id, template in _CLICKED:
            key = await _message_key(db, external_id, template)
            if key is not None and not await _already(db, key, ChannelMessage.clicked_at):
                await services.record_click(unit, key, "https://pay.example.com/INV-301")


async def _message_key(db: AsyncSession, external_id: str, template: str) -> str | None:
    return await db.scalar(
        select(ChannelMessage.key)
        .join(Contact, Contact.id == ChannelMessage.contact_id)
        .where(
            Contact.external_id == external_id,
            ChannelMessage.template == template,
            ChannelMessage.sent_at.is_not(None),
        )
        .limit(1)
    )


async def _already(
    db: AsyncSession, key: str, column: InstrumentedAttribute[datetime | None]
) -> bool:
    found = await db.scalar(select(column).where(ChannelMessage.key == key))
    return found is not None
