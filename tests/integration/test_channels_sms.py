"""SMS end to end against a local HTTP gateway (Twilio-style form post), and inbound texts
through the signed webhook: S7, the course by SMS, runs on them."""

from __future__ import annotations

import base64
import json
from collections.abc import AsyncIterator, Iterator
from datetime import datetime, time, timedelta
from urllib.parse import parse_qs
from zoneinfo import ZoneInfo

import msgspec
import pytest
from litestar.testing import AsyncTestClient
from litestar.types import ASGIApp
from sqlalchemy import select

from app.channels.sms import SIGNATURE_HEADER, inbound_signature
from app.demo.journeys import seed_catalog
from app.eventlog.models import Event
from app.jobs.models import Job
from app.main import create_asgi_app
from app.resources import Resources
from app.settings import Settings
from tests.fixtures import make_client
from tests.support.accounts import MutableClock
from tests.support.channels import (
    HttpServer,
    add_contact,
    add_template,
    dispatch,
    http_server,
    messages,
    settle,
)
from tests.support.consent import opt_in
from tests.support.runs import (
    enrollments,
    fire_timers,
    handle,
    outbox,
    publish_template,
    send,
    steps,
)

pytestmark = pytest.mark.usefixtures("standard_roles")
SECRET = "inbound-test-secret"
PHONE = "+447700900001"


@pytest.fixture
def gateway() -> Iterator[HttpServer]:
    yield from http_server()


@pytest.fixture
def sms_settings(settings: Settings, gateway: HttpServer) -> Settings:
    return msgspec.structs.replace(
        settings,
        sms_provider="http",
        sms_gateway_url=f"{gateway.url}/2010-04-01/Accounts/AC123/Messages.json",
        sms_gateway_username="AC123",
        sms_gateway_password="token-1",
        sms_from="+447700900999",
        sms_inbound_secret=SECRET,
    )


@pytest.fixture
async def sms_client(
    sms_settings: Settings, resources: Resources, clock: MutableClock
) -> AsyncIterator[AsyncTestClient[ASGIApp]]:
    async with make_client(create_asgi_app(sms_settings, clock=clock)) as opened:
        yield opened


async def _text_in(client: AsyncTestClient[ASGIApp], text: str, *, secret: str = SECRET) -> object:
    body = json.dumps({"from": PHONE, "to": "+447700900999", "text": text}).encode()
    return await client.post(
        "/api/v1/channels/sms/inbound",
        content=body,
        headers={
            "Content-Type": "application/json",
            SIGNATURE_HEADER: inbound_signature(secret, body),
        },
    )


def _form(gateway: HttpServer) -> list[dict[str, str]]:
    return [{k: v[0] for k, v in parse_qs(r.body.decode()).items()} for r in gateway.requests]


async def test_s7_course_by_sms_runs_on_a_real_gateway(
    resources: Resources,
    clock: MutableClock,
    gateway: HttpServer,
    sms_settings: Settings,
    sms_client: AsyncTestClient[ASGIApp],
) -> None:
    for name, text in {
        "course_slides": "Hi {{ contact.first_name }}, the slides: https://x.example/s",
        "course_lesson_2": "Lesson 2 is ready",
        "course_lesson_3": "Lesson 3 is ready",
        "course_feedback": "How was the course? Reply 1-5",
    }.items():
        await add_template(resources, name, "sms", body_text=text)
    await publish_template(resources, "course-by-sms")
    contact_id = await add_contact(resources, "c-7", name="Grace Hopper", phone=PHONE)
    await opt_in(resources, contact_id, "sms")

    answer = await _text_in(sms_client, "slides please")
    assert answer.status_code == 202, answer.text  # type: ignore[attr-defined]
    event_id = answer.json()["event_id"]  # type: ignore[attr-defined]
    await handle(resources, clock, event_id)
    await dispatch(resources, sms_settings, clock.now())
    for days in (1, 3, 7):
        clock.advance(days=days)
        await fire_timers(resources, clock)
        await dispatch(resources, sms_settings, clock.now())

    sent = _form(gateway)
    assert [m["Body"] for m in sent] == [
        "Hi Grace, the slides: https://x.example/s",
        "Lesson 2 is ready",
        "Lesson 3 is ready",
        "How was the course? Reply 1-5",
    ]
    assert {(m["To"], m["From"]) for m in sent} == {(PHONE, "+447700900999")}
    auth = gateway.requests[0].headers["Authorization"]
    assert base64.b64decode(auth.removeprefix("Basic ")).decode() == "AC123:token-1"
    assert gateway.requests[0].path == "/2010-04-01/Accounts/AC123/Messages.json"
    [enrollment] = await enrollments(resources)
    assert enrollment.status == "completed"
    assert ("sms-feedback", "next") in await steps(resources, enrollment.id)
    assert {m.status for m in await outbox(resources)} == {"sent"}
    assert all(m.sent_at for m in await messages(resources))


async def test_a_gateway_error_is_retried_then_sent(
    resources: Resources, clock: MutableClock, gateway: HttpServer, sms_settings: Settings
) -> None:
    await add_template(resources, "course_slides", "sms", body_text="Slides")
    for name in ("course_lesson_2", "course_lesson_3", "course_feedback"):
        await add_template(resources, name, "sms", body_text=name)
    await publish_template(resources, "course-by-sms")
    contact_id = await add_contact(resources, "c-8", phone=PHONE)
    await opt_in(resources, contact_id, "sms")
    async with resources.sessions.begin() as db:
        received = Event(
            contact_id=contact_id,
            name="sms.received",
            properties={"keyword": "SLIDES"},
            source="sms",
            occurred_at=clock.now(),
            received_at=clock.now(),
        )
        db.add(received)
        await db.flush()
    await handle(resources, clock, received.id)
    gateway.answers.append((503, {"message": "busy"}))

    first = await dispatch(resources, sms_settings, clock.now())
    clock.advance(minutes=1)
    second = await dispatch(resources, sms_settings, clock.now())

    assert (first.retried, second.sent) == (1, 1)
    [row] = [m for m in await outbox(resources) if m.kind == "send_sms"]
    assert row.attempts == 2
    assert row.status == "sent"
    assert len(gateway.requests) == 2


async def test_an_unsigned_or_wrongly_signed_inbound_text_is_refused(
    resources: Resources, sms_client: AsyncTestClient[ASGIApp]
) -> None:
    answer = await _text_in(sms_client, "SLIDES", secret="not-the-secret")
    assert answer.status_code == 403  # type: ignore[attr-defined]
    unsigned = await sms_client.post("/api/v1/channels/sms/inbound", json={"from": PHONE})
    assert unsigned.status_code == 403
    async with resources.sessions() as db:
        assert await db.scalar(select(Event.id)) is None


async def test_stop_opts_out_and_no_further_text_is_sent(
    resources: Resources,
    clock: MutableClock,
    gateway: HttpServer,
    sms_settings: Settings,
    sms_client: AsyncTestClient[ASGIApp],
) -> None:
    for name in ("course_slides", "course_lesson_2", "course_lesson_3", "course_feedback"):
        await add_template(resources, name, "sms", body_text=name)
    await publish_template(resources, "course-by-sms")
    contact_id = await add_contact(resources, "c-9", phone=PHONE)
    await opt_in(resources, contact_id, "sms")
    started = await _text_in(sms_client, "SLIDES")
    await handle(resources, clock, started.json()["event_id"])  # type: ignore[attr-defined]
    await dispatch(resources, sms_settings, clock.now())

    stop = await _text_in(sms_client, "STOP")
    assert stop.json()["opted_out"] is True  # type: ignore[attr-defined]
    assert stop.json()["keyword"] == "STOP"  # type: ignore[attr-defined]
    clock.advance(days=1, minutes=1)
    await fire_timers(resources, clock)
    await dispatch(resources, sms_settings, clock.now())

    assert [m["Body"] for m in _form(gateway)] == ["course_slides"]
    lesson = [m for m in await outbox(resources) if m.kind == "send_sms"][-1]
    assert lesson.status == "failed"
    assert lesson.last_error is not None
    assert "consent" in lesson.last_error


async def test_twilio_form_posts_are_understood(
    resources: Resources, sms_client: AsyncTestClient[ASGIApp]
) -> None:
    body = b"From=%2B447700900001&To=%2B447700900999&Body=Slides%20please"
    answer = await sms_client.post(
        "/api/v1/channels/sms/inbound",
        content=body,
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            SIGNATURE_HEADER: inbound_signature(SECRET, body),
        },
    )
    assert answer.status_code == 202, answer.text
    assert answer.json()["keyword"] == "SLIDES"
    async with resources.sessions() as db:
        [(name, props)] = list(await db.execute(select(Event.name, Event.properties)))
    assert name == "sms.received"
    assert props["text"] == "Slides please"
    assert props["from"] == PHONE


async def _text_from(client: AsyncTestClient[ASGIApp], phone: str, text: str) -> int:
    body = json.dumps({"from": phone, "to": "+447700900999", "text": text}).encode()
    answer = await client.post(
        "/api/v1/channels/sms/inbound",
        content=body,
        headers={
            "Content-Type": "application/json",
            SIGNATURE_HEADER: inbound_signature(SECRET, body),
        },
    )
    assert answer.status_code == 202, answer.text
    return int(answer.json()["event_id"])


async def test_s6_delivery_check_asks_on_the_day_and_acts_on_yes_no_or_silence(
    resources: Resources,
    clock: MutableClock,
    gateway: HttpServer,
    sms_settings: Settings,
    sms_client: AsyncTestClient[ASGIApp],
) -> None:
    async with resources.sessions.begin() as db:
        await seed_catalog(db)  # the library's templates and job types, as the demo has them
    await publish_template(resources, "delivery-check", clock.now())
    phones = {"yes": "+447700900101", "no": "+447700900102", "silent": "+447700900103"}
    delivery_day = (clock.now() + timedelta(days=3)).date()
    six_pm = datetime.combine(delivery_day, time(18, 0), ZoneInfo("Europe/London"))
    for who, phone in phones.items():
        contact_id = await add_contact(
            resources, who, name=f"{who.title()} Example", phone=phone, timezone="Europe/London"
        )
        await opt_in(resources, contact_id, "sms")
        order = await send(
            resources,
            clock,
            "order.placed",
            who,
            number=f"A-{who}",
            delivery_date=delivery_day.isoformat(),
        )
        await handle(resources, clock, order)

    def texts_to(phone: str) -> list[str]:
        return [m["Body"] for m in _form(gateway) if m["To"] == phone]

    # The question goes out at 18:00 on the delivery day in the contact's zone, not before.
    clock.advance(seconds=(six_pm - clock.now()).total_seconds() - 60)
    await fire_timers(resources, clock)
    await settle(resources, sms_settings, clock)
    assert _form(gateway) == []
    clock.advance(minutes=1)
    await fire_timers(resources, clock)
    await settle(resources, sms_settings, clock)
    question = "Hello Yes,\n\nDelivery check.\n\nWaymark Co."
    assert texts_to(phones["yes"]) == [question]

    # Replies come back through the signed inbound webhook: a reply to our question.
    clock.advance(hours=1)
    await _text_from(sms_client, phones["yes"], "Yes thanks")
    await _text_from(sms_client, phones["no"], "no it did not")
    await settle(resources, sms_settings, clock)
    assert texts_to(phones["yes"])[1:] == ["Hello Yes,\n\nDelivery thanks.\n\nWaymark Co."]
    assert texts_to(phones["no"])[1:] == ["Hello No,\n\nDelivery apology.\n\nWaymark Co."]
    assert texts_to(phones["silent"])[1:] == []

    # No answer in 2 days: the apology and a job, as for a NO.
    clock.advance(days=2)
    await fire_timers(resources, clock)
    await settle(resources, sms_settings, clock)
    assert texts_to(phones["silent"])[1:] == ["Hello Silent,\n\nDelivery apology.\n\nWaymark Co."]
    async with resources.sessions() as db:
        jobs = list(await db.scalars(select(Job).order_by(Job.title)))
    assert [(j.type_name, j.queue, j.title) for j in jobs] == [
        ("resend_order", "customer_support", "Resend order A-no to No Example"),
        ("resend_order", "customer_support", "Resend order A-silent to Silent Example"),
    ]
    async with resources.sessions() as db:
        replied = list(await db.scalars(select(Event).where(Event.name == "sms.replied")))
    assert sorted(str(e.properties["keyword"]) for e in replied) == ["NO", "YES"]
    assert {e.properties["template"] for e in replied} == {"delivery_check"}
