"""A step's own texts end to end: what validates is what is sent (quoted arguments and
comparisons in an email written in the step), a letter written in a step is HTML,
sanitised, and printing fetches nothing; every library journey's and demo template's
texts validate and render as sending renders them."""

from __future__ import annotations

import io
import re
from collections.abc import Awaitable, Callable
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from app.channels.models import Letter, MessageTemplate
from app.channels.rendering import inline_source, layouts, load_source, render
from app.demo import channels as channels_demo
from app.demo.journeys import seed_catalog
from app.engine.actions import CreateLetter, SendEmail, SendSms
from app.engine.validation import validate
from app.journeys.catalog import engine_catalog
from app.journeys.library import list_templates, load_template
from app.resources import Resources
from app.settings import Settings
from app.templating.render import RenderContext, build_environment, render_part
from app.worker.runner import run_burst
from tests.fixtures import SignedIn
from tests.support.accounts import MutableClock
from tests.support.channels import HttpServer, SmtpServer, add_contact, add_template, dispatch
from tests.support.consent import opt_in
from tests.support.runs import chain, handle, node, outbox, publish, send

SignIn = Callable[..., Awaitable[SignedIn]]
pytestmark = pytest.mark.usefixtures("standard_roles")

SUBJECT = 'Hello {{ contact.nickname | default("friend") }}'
BODY = (
    'Dear {{ contact.first_name | default("customer") }},\n\n'
    "{% if event.total > 100 %}A big order: {{ event.total | money }}{% else %}Thanks"
    '{% endif %} & "quotes" <kept>\nSee you soon'
)


async def test_an_email_written_in_the_step_validates_publishes_and_is_sent_as_written(
    resources: Resources,
    clock: MutableClock,
    signed_in: SignIn,
    smtp: SmtpServer,
    smtp_settings: Settings,
) -> None:
    _, marketer = await signed_in("marketer")
    definition = chain(
        node("trigger.event", "placed", event_name="order.placed"),
        node("action.send_email", "thanks", subject=SUBJECT, body=BODY),
        node("flow.end", "end"),
    )
    created = await marketer.post(
        "/api/v1/journeys", json={"name": "Thanks", "definition": definition}
    )
    assert created.status_code == 201, created.text
    journey = created.json()
    checked = await marketer.post(
        f"/api/v1/journeys/{journey['id']}/validate", json={"definition": definition}
    )
    assert [p for p in checked.json()["problems"] if p.get("severity", "error") == "error"] == []
    published = await marketer.post(
        f"/api/v1/journeys/{journey['id']}/publish", json={"revision": journey["draft_revision"]}
    )
    assert published.status_code == 200, published.text
    contact_id = await add_contact(resources, "c-1", name="Ada Lovelace", email="ada@example.com")
    await opt_in(resources, contact_id, "email")
    event_id = await send(resources, clock, "order.placed", "c-1", total=142.5)

    # The real worker: it runs the journey, then sends its outbox to the SMTP server.
    await resources.queue.process_event(event_id)
    await run_burst(smtp_settings, clock=clock)

    [row] = await outbox(resources)
    assert (row.status, row.last_error) == ("sent", None)
    [(_, mail)] = smtp.mailbox.messages
    assert mail["Subject"] == "Hello friend"
    text = mail.get_body(("plain",))
    html = mail.get_body(("html",))
    assert isinstance(text, EmailMessage)
    assert isinstance(html, EmailMessage)
    assert (
        text.get_content()
        .replace("\r\n", "\n")
        .startswith('Dear Ada,\n\nA big order: £142.50 & "quotes" <kept>\nSee you soon')
    )
    assert (
        "<p>Dear Ada,</p><p>A big order: £142.50 &amp; &quot;quotes&quot; &lt;kept&gt;<br>"
        "See you soon</p>"
    ) in html.get_content()


def _fonts_of(page: Any) -> dict[str, str]:
    """Each run of text on the page with the name of the font it is set in."""
    runs: dict[str, str] = {}

    def visit(text: str, _cm: Any, _tm: Any, font: Any, _size: Any) -> None:
        if text.strip() and font is not None:
            runs[text.strip()] = str(font.get("/BaseFont", ""))

    page.extract_text(visitor_text=visit)
    return runs


def _links_of(page: Any) -> list[str]:
    links = []
    for annotation in page.get("/Annots") or []:
        action = annotation.get_object().get("/A")
        if action is not None and "/URI" in action:
            links.append(str(action["/URI"]))
    return links


async def _letter(
    resources: Resources, clock: MutableClock, settings: Settings, **step: str
) -> bytes:
    await publish(
        resources,
        "Letters",
        chain(
            node("trigger.event", "moved", event_name="address.changed"),
            node("action.create_letter", "letter", **step),
            node("flow.end", "end"),
        ),
    )
    await add_contact(resources, "c-9", name="Alan Turing")
    await handle(resources, clock, await send(resources, clock, "address.changed", "c-9"))
    done = await dispatch(resources, settings, clock.now())
    assert done.sent == 1, (await outbox(resources))[0].last_error
    async with resources.sessions() as db:
        [letter] = list(await db.scalars(select(Letter)))
    return (Path(settings.data_dir) / "letters" / letter.path).read_bytes()


async def test_a_letter_written_in_the_step_prints_its_html_sanitised(
    resources: Resources, clock: MutableClock, letter_settings: Settings, receiver: HttpServer
) -> None:
    body = (
        "<p><strong>Hello</strong> {{ contact.name }}</p>"
        '<script>document.write("EVIL SCRIPT")</script>'
        f'<img src="{receiver.url}/pixel.png" alt="">'
        '<p><a href="javascript:alert(1)">Click me</a> '
        '<a href="https://shop.example/account">Your account</a></p>'
    )

    pdf = await _letter(resources, clock, letter_settings, body=body)

    page = PdfReader(io.BytesIO(pdf)).pages[0]
    text = page.extract_text()
    assert "Hello Alan Turing" in text
    assert "Click me" in text
    assert "EVIL" not in text
    assert "<" not in text  # printed as HTML, not as escaped markup
    fonts = _fonts_of(page)
    assert "Bold" in fonts["Hello"]
    assert "Bold" not in fonts["Alan Turing"]
    assert _links_of(page) == ["https://shop.example/account"]  # no javascript: link
    assert receiver.requests == []  # the image was never fetched


async def test_printing_a_saved_letter_template_fetches_nothing(
    resources: Resources, clock: MutableClock, letter_settings: Settings, receiver: HttpServer
) -> None:
    # Saved templates are written by staff and kept as they are: the printer still
    # fetches nothing from anywhere (a server, or a file on this machine).
    await add_template(
        resources,
        "moved",
        "letter",
        body_html=(
            f'<html><head><link rel="stylesheet" href="{receiver.url}/style.css"></head>'
            f'<body><p>Dear {{{{ contact.name }}}}</p><img src="{receiver.url}/logo.png">'
            '<img src="file:///etc/hostname"></body></html>'
        ),
    )

    pdf = await _letter(resources, clock, letter_settings, template="moved")

    assert "Dear Alan Turing" in PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    assert receiver.requests == []


# ---- the library and the demo -----------------------------------------------------------

SAMPLE = RenderContext(
    contact={
        "name": "Ada Lovelace",
        "first_name": "Ada",
        "last_name": "Lovelace",
        "email": "ada@example.com",
        "phone": "+447700900123",
        "lead_score": 55,
    },
    event={
        "order_id": "A-17",
        "order_number": "1017",
        "total": 142.5,
        "amount": "89.00",
        "invoice": "INV-7",
        "appointment_at": "2026-03-09T10:30:00+00:00",
        "id": "APT-3",
        "return_number": "R-5",
        "reason": "water damage",
        "score": 4,
    },
    object={"number": "1017"},
    journey={},
    timezone="Europe/London",
    extra={"unsubscribe_url": "https://example.com/unsubscribe"},
)
_INLINE = {SendEmail: "email", SendSms: "sms", CreateLetter: "letter"}


@pytest.fixture
async def demo_templates(resources: Resources) -> None:
    async with resources.sessions.begin() as db:
        await channels_demo.seed_templates(db)
        await seed_catalog(db)


@pytest.mark.usefixtures("demo_templates")
async def test_every_demo_template_is_saved_and_renders_as_it_is_sent(
    resources: Resources, signed_in: SignIn
) -> None:
    _, marketer = await signed_in("marketer")
    async with resources.sessions() as db:
        rows = list(await db.scalars(select(MessageTemplate).order_by(MessageTemplate.name)))
        layout_sources = await layouts(db)
        sources = {
            row.name: await load_source(db, row.channel, row.name)
            for row in rows
            if row.channel in ("email", "sms", "letter")
        }
    assert len(sources) >= 20
    for row in rows:
        # Saved again through the API: the save-time check passes.
        again = {
            "name": row.name,
            "label": row.label,
            "channel": row.channel,
            "subject": row.subject,
            "body_html": row.body_html,
            "body_text": row.body_text,
        }
        saved = await marketer.put(f"/api/v1/templates/{row.id}", json=again)
        assert saved.status_code == 200, (row.name, saved.text)
    for name, source in sources.items():
        rendered = render(source, SAMPLE, layout_sources)  # as the senders render it
        shown = rendered.html or rendered.text
        assert shown.strip(), name
        assert not re.search(r"\{\{|\{%", shown), name


@pytest.mark.usefixtures("demo_templates")
async def test_every_library_journey_validates_and_its_texts_render_as_they_are_sent(
    resources: Resources,
) -> None:
    async with resources.sessions() as db:
        catalog = await engine_catalog(db)
        layout_sources = await layouts(db)
    envs = build_environment(layout_sources, SAMPLE.timezone)
    rendered = 0
    for info in list_templates():
        definition = load_template(info.slug)
        problems = validate(definition, catalog)
        assert [p for p in problems if p.code.startswith("template")] == [], info.slug
        for step in definition.nodes:
            channel = _INLINE.get(type(step))
            template = getattr(step.config, "template", None)
            if channel is not None and template is None:
                # As the sender does: the step's texts, as written, through `render`.
                config = step.config
                text = getattr(config, "text", None) or getattr(config, "body", None)
                source = inline_source(channel, getattr(config, "subject", None), text)
                message = render(source, SAMPLE, layout_sources)
                shown = [message.subject or "", message.html, message.text]
                rendered += 1
            else:
                shown = [
                    render_part(envs, "text", text, SAMPLE.variables()) for _, text in step.texts()
                ]
                rendered += len(shown)
            for text in shown:
                assert not re.search(r"\{\{|\{%", text), (info.slug, step.id, text)
    assert rendered >= 20
