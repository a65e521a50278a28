"""Every effect handler's preview says what it would do and does none of it: no message is
sent or logged, no job, letter, notification, portal message or event is written, no
webhook is called, and the contact is unchanged."""

from __future__ import annotations

import io
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
from pypdf import PdfReader
from sqlalchemy import func, select

from app.automation.models import Notification
from app.channels.models import ChannelMessage, Letter
from app.contacts.models import Contact
from app.effects.handlers import PreviewInput
from app.effects.previews import (
    ContactChangePreview,
    EmailPreview,
    EventPreview,
    JobPreview,
    LetterPreview,
    NotificationPreview,
    ObjectChangePreview,
    PortalMessagePreview,
    SmsPreview,
    WebhookPreview,
)
from app.engine import effects as fx
from app.engine.facts import Facts
from app.eventlog.models import Event
from app.jobs.models import Job
from app.lib.db import Base
from app.portal.models import PortalMessage
from app.resources import Resources
from app.runs.models import OutboxMessage
from app.settings import Settings
from app.worker.assembly import effect_handlers
from tests.support.channels import HttpServer, add_template, http_server
from tests.support.jobs import catalog

NOW = datetime(2026, 6, 1, 9, tzinfo=UTC)
ADA = Facts(
    contact={
        "name": "Ada Lovelace",
        "first_name": "Ada",
        "email": "ada@example.com",
        "phone": "+441632960001",
    },
    consent={"email": True, "sms": True, "letter": True},
    timezone="Europe/London",
    object={"order_id": "ORD-7"},
)
# Tables a real execution would write to.
WRITTEN: tuple[type[Base], ...] = (
    ChannelMessage,
    Letter,
    Job,
    Notification,
    PortalMessage,
    Event,
    OutboxMessage,
    Contact,
)

pytestmark = pytest.mark.usefixtures("standard_roles")


@pytest.fixture
def receiver() -> Iterator[HttpServer]:
    yield from http_server()


def _given(facts: Facts = ADA, **variables: Any) -> PreviewInput:
    return PreviewInput(
        facts=facts, event={"order_id": "ORD-7", "total": 42}, now=NOW, variables=variables
    )


async def _counts(resources: Resources) -> dict[str, int]:
    async with resources.sessions() as db:
        return {
            table.__tablename__: int(await db.scalar(select(func.count()).select_from(table)) or 0)
            for table in WRITTEN
        }


async def _preview(resources: Resources, settings: Settings, effect: fx.Effect, **kw: Any) -> Any:
    handlers = effect_handlers(settings, redis=resources.redis)
    async with resources.sessions() as db:
        return await handlers.preview(db, effect, _given(**kw))


async def test_message_previews_render_against_the_contact_given_and_send_nothing(
    resources: Resources, settings: Settings
) -> None:
    await add_template(
        resources,
        "welcome",
        "email",
        subject="Welcome, {{ contact.first_name }}",
        body_html="<p>Order {{ event.order_id }}: {{ event.total | money }}</p>",
        body_text="Order {{ event.order_id }}",
    )
    before = await _counts(resources)

    email = await _preview(
        resources, settings, fx.SendEmail(key="k1", node_id="mail", template="welcome")
    )
    sms = await _preview(
        resources, settings, fx.SendSms(key="k2", node_id="sms", text="Hi {{ contact.first_name }}")
    )
    letter = await _preview(
        resources,
        settings,
        fx.CreateLetter(key="k3", node_id="letter", body="Dear {{ contact.name }}"),
    )

    assert isinstance(email, EmailPreview)
    assert (email.to, email.subject, email.would_run) == ("ada@example.com", "Welcome, Ada", True)
    assert "ORD-7" in email.html
    assert "42" in email.html
    assert isinstance(sms, SmsPreview)
    assert (sms.to, sms.text) == ("+441632960001", "Hi Ada")
    assert isinstance(letter, LetterPreview)
    assert "Dear Ada Lovelace" in letter.html
    assert letter.pdf is not None
    assert "Dear Ada Lovelace" in PdfReader(_bytes_io(letter.pdf)).pages[0].extract_text()
    assert await _counts(resources) == before


async def test_a_preview_says_why_the_real_send_would_not_happen(
    resources: Resources, settings: Settings
) -> None:
    no_consent = Facts(contact={"email": "bob@example.com"}, consent={})
    no_address = Facts(contact={"name": "Bob"}, consent={"email": True, "sms": True})
    mail = fx.SendEmail(key="k", node_id="mail", subject="Hi", body="Hello")

    refused = await _preview(resources, settings, mail, facts=no_consent)
    unaddressed = await _preview(
        resources, settings, fx.SendSms(key="k", node_id="s", text="x"), facts=no_address
    )
    broken = await _preview(
        resources, settings, fx.SendEmail(key="k", node_id="mail", subject="Hi", body="{{ 1/0 }}")
    )
    missing = await _preview(
        resources, settings, fx.SendEmail(key="k", node_id="m", template="gone")
    )

    assert (refused.would_run, refused.reason) == (
        False,
        "no consent: the contact has not agreed to email",
    )
    assert refused.subject == "Hi"  # still rendered: the marketer sees what it would say
    assert (unaddressed.would_run, unaddressed.reason) == (False, "the contact has no phone number")
    assert not broken.would_run
    assert "did not render" in (broken.reason or "")
    assert not missing.would_run
    assert "gone" in (missing.reason or "")


async def test_a_webhook_preview_shows_the_request_and_calls_nothing(
    resources: Resources, settings: Settings, receiver: HttpServer
) -> None:
    hook = fx.Webhook(
        key="k",
        node_id="hook",
        url=f"{receiver.url}/orders/{{{{ event.order_id }}}}",
        headers={"X-Customer": "{{ contact.first_name }}"},
        body='{"total": {{ event.total }}}',
    )

    shown = await _preview(resources, settings, hook)

    assert isinstance(shown, WebhookPreview)
    assert shown.url == f"{receiver.url}/orders/ORD-7"
    assert shown.headers == {"X-Customer": "Ada"}
    assert shown.body == '{"total": 42}'
    assert receiver.requests == []


async def test_job_crm_and_event_previews_describe_the_change_and_write_nothing(
    resources: Resources, settings: Settings
) -> None:
    await catalog(resources)
    before = await _counts(resources)

    job = await _preview(
        resources,
        settings,
        fx.CreateJob(
            key="k",
            node_id="job",
            job_ref="k",
            job_type="confirm_order",
            queue="administration",
            title="Confirm {{ event.order_id }} for {{ contact.name }}",
        ),
    )
    change = await _preview(
        resources,
        settings,
        fx.UpdateContact(
            key="k",
            node_id="c",
            add_tags=["vip"],
            score_change=5,
            consent=[fx.ConsentSet(channel="sms", granted=False)],
        ),
    )
    moved = await _preview(
        resources,
        settings,
        fx.UpdateObject(
            key="k", node_id="o", object_type="order", set_fields={"status": "shipped"}
        ),
    )
    told = await _preview(
        resources,
        settings,
        fx.NotifyStaff(
            key="k",
            node_id="n",
            queue="administration",
            message="Call {{ contact.first_name }}\nAbout {{ event.order_id }}",
        ),
    )
    portal = await _preview(
        resources,
        settings,
        fx.PortalMessage(
            key="k",
            node_id="p",
            title="Hi {{ contact.first_name }}",
            body="Your order {{ event.order_id }}",
            link="/portal/orders",
        ),
    )
    emitted = await _preview(
        resources,
        settings,
        fx.EmitEvent(key="k", node_id="e", event_name="vip.joined", properties={"tier": "gold"}),
    )

    assert isinstance(job, JobPreview)
    assert (job.queue, job.title, job.would_run) == (
        "administration",
        "Confirm ORD-7 for Ada Lovelace",
        True,
    )
    assert job.outcomes
    assert isinstance(change, ContactChangePreview)
    assert (change.add_tags, change.score_change, change.consent) == (["vip"], 5, {"sms": False})
    assert isinstance(moved, ObjectChangePreview)
    assert (moved.object_type, moved.set_fields, moved.would_run) == (
        "order",
        {"status": "shipped"},
        True,
    )
    assert isinstance(told, NotificationPreview)
    assert (told.title, told.body) == ("Call Ada", "About ORD-7")
    assert isinstance(portal, PortalMessagePreview)
    assert (portal.title, portal.body, portal.link) == (
        "Hi Ada",
        "Your order ORD-7",
        "/portal/orders",
    )
    assert isinstance(emitted, EventPreview)
    assert (emitted.name, emitted.properties) == ("vip.joined", {"tier": "gold"})
    assert await _counts(resources) == before


async def test_a_job_preview_of_a_missing_type_says_so(
    resources: Resources, settings: Settings
) -> None:
    job = await _preview(
        resources,
        settings,
        fx.CreateJob(key="k", node_id="j", job_ref="k", job_type="nope", queue="x", title="t"),
    )
    assert (job.would_run, job.reason) == (False, "There is no job type “nope”.")


def _bytes_io(data: bytes) -> io.BytesIO:
    return io.BytesIO(data)
