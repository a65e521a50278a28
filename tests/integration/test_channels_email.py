"""Email end to end: a journey step → outbox → a real SMTP server (aiosmtpd on loopback),
then the tracking pixel, click redirect and unsubscribe link in that very email."""

from __future__ import annotations

import re
import uuid
from email.message import EmailMessage

import pytest
from litestar.testing import AsyncTestClient
from litestar.types import ASGIApp
from sqlalchemy import event, select

from app.channels.email import message_id
from app.contacts.consent import may_contact
from app.eventlog.models import Event
from app.resources import Resources
from app.settings import Settings
from tests.support.accounts import MutableClock
from tests.support.channels import (
    SmtpServer,
    add_contact,
    add_template,
    dispatch,
    messages,
)
from tests.support.consent import opt_in
from tests.support.runs import chain, handle, node, outbox, publish, send

LAYOUT = """<html><body><div class="brand">Waymark Shop</div>
{% block content %}{% endblock %}</body></html>"""
WELCOME_HTML = """{% extends "shop_layout" %}{% block content %}
<p>Hello {{ contact.first_name }}, your order {{ event.order_id }} came to
{{ event.total | money }}.</p>
<p><a href="https://shop.example/orders/{{ event.order_id }}?a=1&amp;b=2">See it</a></p>
{% endblock %}"""


pytestmark = pytest.mark.usefixtures("standard_roles")


async def _welcome_journey(resources: Resources, **step: str) -> uuid.UUID:
    await add_template(resources, "shop_layout", "layout", body_html=LAYOUT)
    await add_template(
        resources,
        "welcome",
        "email",
        subject="Welcome, {{ contact.first_name }}",
        body_html=WELCOME_HTML,
        body_text="Hello {{ contact.first_name }}, order {{ event.order_id }}.",
    )
    return await publish(
        resources,
        "Welcome",
        chain(
            node("trigger.event", "placed", event_name="order.placed"),
            node("action.send_email", "send-welcome", template="welcome", **step),
            node("flow.end", "end"),
        ),
    )


async def _order(resources: Resources, clock: MutableClock, *, consent: bool = True) -> None:
    contact_id = await add_contact(resources, "c-1", name="Ada Lovelace", email="ada@example.com")
    if consent:
        await opt_in(resources, contact_id, "email")
    await handle(
        resources,
        clock,
        await send(resources, clock, "order.placed", "c-1", order_id="A-17", total=42.5),
    )


async def test_a_journey_email_reaches_a_real_smtp_server_whole(
    resources: Resources, clock: MutableClock, smtp: SmtpServer, smtp_settings: Settings
) -> None:
    await _welcome_journey(resources)
    await _order(resources, clock)

    done = await dispatch(resources, smtp_settings, clock.now())

    assert done.sent == 1, (await outbox(resources))[0].last_error
    [(recipients, mail)] = smtp.mailbox.messages
    [row] = await outbox(resources)
    assert recipients == ["ada@example.com"]
    assert mail["Subject"] == "Welcome, Ada"
    assert mail["To"] == "Ada Lovelace <ada@example.com>"
    # The Message-ID derives from the outbox key: a retry sends the same id.
    assert mail["Message-ID"] == message_id(row.key, smtp_settings.email_from)
    assert mail["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    unsubscribe = re.fullmatch(r"<(http://testserver\.local/t/u/\S+)>", mail["List-Unsubscribe"])
    assert unsubscribe is not None
    text = mail.get_body(("plain",))
    html = mail.get_body(("html",))
    assert isinstance(text, EmailMessage)
    assert isinstance(html, EmailMessage)
    assert "Hello Ada, order A-17." in text.get_content()
    body = html.get_content()
    assert "Waymark Shop" in body  # the layout
    assert "£42.50" in body  # the money filter
    # Links go through the signed click redirect; the open pixel is in.
    assert "https://shop.example/orders" not in body
    assert re.search(r'href="http://testserver\.local/t/c/[^"]+"', body)
    assert re.search(r'<img src="http://testserver\.local/t/o/[^"]+\.gif"', body)
    [logged] = await messages(resources)
    assert logged.recipient == "ada@example.com"
    assert logged.raw is not None
    assert "Welcome, Ada" in logged.raw
    assert logged.sent_at is not None
    # What went over the wire is what the log keeps, byte for byte.
    [wire] = smtp.mailbox.received
    assert wire.decode("ascii").replace("\r\n", "\n").rstrip("\n") == logged.raw.rstrip("\n")


async def test_opening_clicking_and_unsubscribing_through_the_received_email(
    resources: Resources,
    clock: MutableClock,
    smtp: SmtpServer,
    smtp_settings: Settings,
    client: AsyncTestClient[ASGIApp],
) -> None:
    await _welcome_journey(resources)
    await _order(resources, clock)
    await dispatch(resources, smtp_settings, clock.now())
    [(_, mail)] = smtp.mailbox.messages
    html = mail.get_body(("html",))
    assert isinstance(html, EmailMessage)
    body = html.get_content()
    pixel = re.search(r'src="http://testserver\.local(/t/o/[^"]+)"', body)
    link = re.search(r'href="http://testserver\.local(/t/c/[^"]+)"', body)
    assert pixel is not None
    assert link is not None

    opened = await client.get(pixel.group(1))
    assert opened.status_code == 200
    assert opened.headers["content-type"] == "image/gif"
    await client.get(pixel.group(1))  # a second open counts, but is one event
    clicked = await client.get(link.group(1), follow_redirects=False)
    assert clicked.status_code == 302
    assert clicked.headers["location"] == "https://shop.example/orders/A-17?a=1&b=2"

    async with resources.sessions() as db:
        events = list(await db.execute(select(Event.name, Event.properties).order_by(Event.id)))
    tracked = [(name, props) for name, props in events if name.startswith("email.")]
    assert [name for name, _ in tracked] == ["email.opened", "email.clicked"]
    assert tracked[0][1]["template"] == "welcome"
    assert tracked[1][1]["url"] == "https://shop.example/orders/A-17?a=1&b=2"
    [logged] = await messages(resources)
    assert (logged.opens, logged.clicks) == (2, 1)

    unsubscribe = mail["List-Unsubscribe"].strip("<>").removeprefix("http://testserver.local")
    page = await client.get(unsubscribe)
    assert page.status_code == 200
    assert "<form" in page.text
    assert (await messages(resources))[0].unsubscribed_at is None  # a GET changes nothing
    done = await client.post(unsubscribe, data={"List-Unsubscribe": "One-Click"})
    assert done.status_code == 200
    assert (await messages(resources))[0].unsubscribed_at is not None
    async with resources.sessions() as db:
        contact_id = (await messages(resources))[0].contact_id
        assert contact_id is not None
        assert await may_contact(db, contact_id, "email") is False
        opted_out = await db.scalar(
            select(Event.properties).where(Event.name == "contact.opted_out")
        )
    assert opted_out is not None
    assert opted_out["channel"] == "email"


async def test_no_email_reaches_a_contact_without_consent(
    resources: Resources, clock: MutableClock, smtp: SmtpServer, smtp_settings: Settings
) -> None:
    await _welcome_journey(resources)
    await _order(resources, clock, consent=False)

    done = await dispatch(resources, smtp_settings, clock.now())

    assert done.failed == 1
    assert smtp.mailbox.messages == []
    [row] = await outbox(resources)
    assert row.last_error == "no consent: the contact has not agreed to email"


async def test_a_forged_or_altered_link_is_refused(
    resources: Resources,
    clock: MutableClock,
    smtp: SmtpServer,
    smtp_settings: Settings,
    client: AsyncTestClient[ASGIApp],
) -> None:
    await _welcome_journey(resources)
    await _order(resources, clock)
    await dispatch(resources, smtp_settings, clock.now())
    [(_, mail)] = smtp.mailbox.messages
    html = mail.get_body(("html",))
    assert isinstance(html, EmailMessage)
    link = re.search(r'href="http://testserver\.local/t/c/([^"]+)"', html.get_content())
    assert link is not None
    payload, _, signature = link.group(1).partition(".")
    forged = await client.get(f"/t/c/{payload}.{signature[::-1]}", follow_redirects=False)
    assert forged.status_code == 404
    assert (await messages(resources))[0].clicks == 0


async def test_a_template_that_does_not_render_never_sends(
    resources: Resources, clock: MutableClock, smtp: SmtpServer, smtp_settings: Settings
) -> None:
    await _welcome_journey(resources, subject="Hi {{ contact.nickname }}")
    await _order(resources, clock)

    done = await dispatch(resources, smtp_settings, clock.now())

    assert (done.sent, done.failed, done.retried) == (0, 1, 0)
    assert smtp.mailbox.messages == []
    [row] = await outbox(resources)
    assert row.status == "failed"
    assert row.last_error is not None
    assert "subject, line 1: missing variable “nickname”" in row.last_error
    [logged] = await messages(resources)
    assert logged.sent_at is None
    assert logged.error == row.last_error


async def test_the_dev_outbox_keeps_the_whole_message_and_sends_nothing(
    resources: Resources, clock: MutableClock, smtp: SmtpServer, settings: Settings
) -> None:
    await _welcome_journey(resources)
    await _order(resources, clock)
    assert settings.email_provider == "outbox"

    await dispatch(resources, settings, clock.now())

    assert smtp.mailbox.messages == []
    [logged] = await messages(resources)
    assert logged.provider == "outbox"
    assert logged.sent_at is not None
    assert logged.raw is not None
    assert "List-Unsubscribe-Post: List-Unsubscribe=One-Click" in logged.raw
    assert "Content-Type: multipart/alternative" in logged.raw


async def test_a_batch_of_emails_reads_and_logs_together(
    resources: Resources, clock: MutableClock, settings: Settings
) -> None:
    """The dispatcher loads a batch's rows together (not again, one query per message);
    each email's log row is written with its outcome, in the commit that records it sent
    (so a crash cannot lose it), with no savepoint per email."""
    await _welcome_journey(resources)
    for n in range(5):
        contact_id = await add_contact(resources, f"c-{n}", name=f"Ada {n}", email=f"a{n}@x.test")
        if n != 2:  # one in the middle without consent: refused, the rest still go
            await opt_in(resources, contact_id, "email")
        await handle(
            resources,
            clock,
            await send(resources, clock, "order.placed", f"c-{n}", order_id=f"A-{n}", total=1),
        )
    statements: list[str] = []

    def seen(conn: object, cursor: object, statement: str, *args: object) -> None:
        statements.append(" ".join(statement.split()))

    event.listen(resources.engine.sync_engine, "before_cursor_execute", seen)
    try:
        done = await dispatch(resources, settings, clock.now())
    finally:
        event.remove(resources.engine.sync_engine, "before_cursor_execute", seen)

    assert (done.sent, done.failed) == (4, 1)
    for table in ("enrollments", "contacts"):
        reads = [s for s in statements if s.startswith("SELECT") and f"FROM {table} WHERE" in s]
        assert len(reads) == 1, reads
    # One log row per message, refused or sent.
    assert len([s for s in statements if s.startswith("INSERT INTO channel_messages")]) == 5
    assert not [s for s in statements if s.startswith("SAVEPOINT")]
    logged = {m.recipient or "": m for m in await messages(resources)}
    assert sorted(logged) == [f"a{n}@x.test" for n in range(5)]
    refused = logged.pop("a2@x.test")
    assert refused.sent_at is None
    assert refused.error == "no consent: the contact has not agreed to email"
    assert all(m.sent_at == clock.now() and m.error is None and m.raw for m in logged.values())
