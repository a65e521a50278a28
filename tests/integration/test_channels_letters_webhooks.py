"""Letters become PDFs stored with the contact; webhooks reach only addresses they may."""

from __future__ import annotations

import hashlib
import io
import json
from pathlib import Path

import msgspec
import pytest
from pypdf import PdfReader
from sqlalchemy import select, update

from app.channels.models import Letter
from app.channels.webhook import WebhookRefusedError, allowed_networks, resolve
from app.eventlog.models import Event
from app.jobs.models import Job, JobFile
from app.main import create_asgi_app
from app.resources import Resources
from app.runs.models import Enrollment, OutboxMessage
from app.settings import Settings
from tests.fixtures import make_client
from tests.support.accounts import Browser, MutableClock, create_user
from tests.support.channels import (
    HttpServer,
    add_contact,
    add_template,
    dispatch,
    messages,
)
from tests.support.runs import chain, handle, node, outbox, publish, send, steps

pytestmark = pytest.mark.usefixtures("standard_roles")

LETTER = """<h1>Return refused</h1>
<p>Dear {{ contact.name }},</p>
<p>We could not accept the return of order {{ event.order_id }} on
{{ event.received_at | date("%d %B %Y") }}.</p>"""


async def _letter_journey(resources: Resources, clock: MutableClock) -> None:
    await add_template(resources, "return_rejected", "letter", body_html=LETTER)
    await publish(
        resources,
        "Returns",
        chain(
            node("trigger.event", "refused", event_name="return.refused"),
            node("action.create_letter", "letter", template="return_rejected", print_queue="print"),
            node("flow.end", "end"),
        ),
    )
    await add_contact(resources, "c-1", name="Alan Turing")
    event = await send(
        resources, clock, "return.refused", "c-1", order_id="R-5", received_at="2026-03-01"
    )
    await handle(resources, clock, event)


async def _answers(resources: Resources) -> list[int]:
    """The unhandled `webhook.answered` events: the answers the dispatcher recorded."""
    async with resources.sessions() as db:
        rows = await db.scalars(
            select(Event.id)
            .where(Event.name == "webhook.answered", Event.processed_at.is_(None))
            .order_by(Event.id)
        )
        return list(rows)


async def test_a_letter_is_a_pdf_stored_with_the_contact_and_reads_back(
    resources: Resources, clock: MutableClock, letter_settings: Settings, tmp_path: Path
) -> None:
    await _letter_journey(resources, clock)

    done = await dispatch(resources, letter_settings, clock.now())

    assert done.sent == 1, (await outbox(resources))[0].last_error
    async with resources.sessions() as db:
        [letter] = list(await db.scalars(select(Letter)))
    assert letter.print_queue == "print"  # the print request is recorded
    pdf = (tmp_path / "letters" / letter.path).read_bytes()
    assert letter.size == len(pdf)
    assert pdf.startswith(b"%PDF")
    text = PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    assert "Dear Alan Turing" in text
    assert "order R-5" in text
    assert "01 March 2026" in text
    [logged] = await messages(resources)
    assert logged.channel == "letter"
    assert logged.provider == "pdf"


async def test_staff_who_may_see_contacts_download_the_letter_others_may_not(
    resources: Resources, clock: MutableClock, letter_settings: Settings
) -> None:
    await _letter_journey(resources, clock)
    await dispatch(resources, letter_settings, clock.now())
    async with resources.sessions() as db:
        [letter] = list(await db.scalars(select(Letter)))
    pdf = (Path(letter_settings.data_dir) / "letters" / letter.path).read_bytes()
    support = await create_user(resources, role="customer_support")
    customer = await create_user(resources, role="customer")
    async with make_client(create_asgi_app(letter_settings, clock=clock)) as client:
        staff = Browser(client)
        await staff.sign_in(support.email)
        answer = await staff.get(f"/api/v1/letters/{letter.id}/pdf")
        listed = await staff.get(f"/api/v1/letters?contact_id={letter.contact_id}")
        portal = Browser(client)
        await portal.sign_in(customer.email, portal=True)
        refused = await portal.get(f"/api/v1/letters/{letter.id}/pdf")

    assert answer.status_code == 200
    assert answer.headers["content-type"] == "application/pdf"
    assert answer.content == pdf
    assert [item["id"] for item in listed.json()] == [letter.id]
    assert refused.status_code == 403


async def test_a_print_queue_makes_a_print_job_with_the_pdf_attached_once(
    resources: Resources, clock: MutableClock, letter_settings: Settings
) -> None:
    await _letter_journey(resources, clock)
    first = await dispatch(resources, letter_settings, clock.now())
    assert first.sent == 1, (await outbox(resources))[0].last_error
    # A retried letter (the same outbox key) makes no second job and no second file.
    async with resources.sessions.begin() as db:
        await db.execute(
            update(OutboxMessage)
            .where(OutboxMessage.kind == "create_letter")
            .values(status="pending", next_attempt_at=clock.now())
        )
    again = await dispatch(resources, letter_settings, clock.now())
    assert again.sent == 1
    async with resources.sessions() as db:
        [letter] = list(await db.scalars(select(Letter)))
        [job] = list(await db.scalars(select(Job)))
        [attached] = list(await db.scalars(select(JobFile)))
        journey_id = await db.scalar(select(Enrollment.journey_id))
    assert job.queue == "print"
    assert job.type_name == "print_letter"  # made for the queue: there was no print type
    assert job.status == "new"
    assert job.title == "Print and post the “Return rejected” letter to Alan Turing"
    assert job.contact_id == letter.contact_id
    assert job.related == [{"type": "letter", "id": str(letter.id)}]
    assert job.enrollment_id is None  # the journey ending does not cancel the print run
    assert job.journey_id == journey_id
    assert attached.job_id == job.id
    assert attached.content_type == "application/pdf"
    printer = await create_user(resources, role="print")
    async with make_client(create_asgi_app(letter_settings, clock=clock)) as client:
        staff = Browser(client)
        await staff.sign_in(printer.email)
        queue = (await staff.get("/api/v1/jobs", params={"queue": "print"})).json()["items"]
        listed = (await staff.get(f"/api/v1/jobs/{job.id}/files")).json()
        download = await staff.get(f"/api/v1/jobs/{job.id}/files/{attached.id}")
    assert [item["id"] for item in queue] == [str(job.id)]
    assert [item["filename"] for item in listed] == [f"letter-{letter.id}.pdf"]
    assert download.status_code == 200
    text = PdfReader(io.BytesIO(download.content)).pages[0].extract_text()
    assert "Dear Alan Turing" in text
    assert "order R-5" in text
    assert hashlib.sha256(download.content).hexdigest() == attached.sha256


# ---- webhooks ----------------------------------------------------------------------------


async def _webhook_journey(resources: Resources, clock: MutableClock, url: str) -> None:
    graph = chain(
        node("trigger.event", "opened", event_name="ticket.opened"),
        node(
            "action.webhook",
            "hook",
            url=url,
            method="POST",
            headers={"X-Customer": "{{ contact.external_id }}"},
            body='{"subject": {{ event.subject | tojson }}}',
            save_response={"ticket_id": "/data/id", "queue_name": "/data/queue"},
        ),
        node("flow.end", "end"),
    )
    # When the call fails for good, the contact is flagged for a person to follow up.
    graph["nodes"].append(node("action.update_contact", "flag", add_tags=["ticket-not-opened"]))
    graph["edges"].append(
        {"id": "hook--failed", "source": "hook", "source_handle": "failed", "target": "flag"}
    )
    await publish(resources, "Tickets", graph)
    await add_contact(resources, "c-42", name="Kay")
    await handle(
        resources,
        clock,
        await send(resources, clock, "ticket.opened", "c-42", subject='Broken "hinge"'),
    )


async def _the_enrollment(resources: Resources) -> Enrollment:
    async with resources.sessions() as db:
        [enrollment] = list(await db.scalars(select(Enrollment)))
    return enrollment


async def test_a_webhook_to_loopback_is_refused_unless_allow_listed(
    resources: Resources, clock: MutableClock, settings: Settings, receiver: HttpServer
) -> None:
    await _webhook_journey(resources, clock, f"{receiver.url}/hooks/tickets")

    done = await dispatch(resources, settings, clock.now())

    assert done.failed == 1
    assert receiver.requests == []
    [row] = await outbox(resources)
    assert row.status == "failed"
    assert row.last_error is not None
    assert "127.0.0.1" in row.last_error
    assert "WAYMARK_WEBHOOK_ALLOW_NETWORKS" in row.last_error
    # The step was waiting for its call: the refusal is its answer, the "failed" exit.
    [answer] = await _answers(resources)
    await handle(resources, clock, answer)
    enrollment = await _the_enrollment(resources)
    assert ("hook", "failed") in await steps(resources, enrollment.id)
    assert "127.0.0.1" in enrollment.state["variables"]["webhook"]["error"]
    assert [row.kind for row in await outbox(resources)] == ["webhook", "update_contact"]


async def test_an_allow_listed_webhook_reaches_the_server_and_saves_answer_fields(
    resources: Resources, clock: MutableClock, settings: Settings, receiver: HttpServer
) -> None:
    await _webhook_journey(resources, clock, f"{receiver.url}/hooks/tickets?src=wm")
    receiver.answers.append((201, {"data": {"id": "T-9", "queue": "support"}}))
    allowed = msgspec.structs.replace(settings, webhook_allow_networks="127.0.0.0/8")

    done = await dispatch(resources, allowed, clock.now())

    assert done.sent == 1, (await outbox(resources))[0].last_error
    [request] = receiver.requests
    assert (request.method, request.path) == ("POST", "/hooks/tickets?src=wm")
    assert request.headers["X-Customer"] == "c-42"
    assert json.loads(request.body) == {"subject": 'Broken "hinge"'}
    waiting = await _the_enrollment(resources)
    assert [t["status"] for t in waiting.state["tokens"]] == ["waiting_answer"]
    # The answer moves the step on, with the saved fields as journey variables.
    [answer] = await _answers(resources)
    await handle(resources, clock, answer)
    enrollment = await _the_enrollment(resources)
    assert enrollment.state["variables"]["ticket_id"] == "T-9"
    assert enrollment.state["variables"]["queue_name"] == "support"
    assert ("hook", "next") in await steps(resources, enrollment.id)
    assert enrollment.status == "completed"
    [logged] = await messages(resources)
    assert logged.response is not None
    assert logged.response["status"] == 201


async def test_a_failing_webhook_is_retried_by_the_outbox(
    resources: Resources, clock: MutableClock, settings: Settings, receiver: HttpServer
) -> None:
    await _webhook_journey(resources, clock, f"{receiver.url}/hooks")
    receiver.answers.append((500, {"error": "boom"}))
    allowed = msgspec.structs.replace(settings, webhook_allow_networks="127.0.0.1/32")

    first = await dispatch(resources, allowed, clock.now())
    # A retry is not an answer: only the final success moves the step on.
    assert await _answers(resources) == []
    clock.advance(seconds=31)
    second = await dispatch(resources, allowed, clock.now())

    assert (first.retried, second.sent) == (1, 1)
    assert len(receiver.requests) == 2
    [answer] = await _answers(resources)
    await handle(resources, clock, answer)
    assert ("hook", "next") in await steps(resources, (await _the_enrollment(resources)).id)


@pytest.mark.parametrize(
    "host",
    ["127.0.0.1", "localhost", "10.1.2.3", "192.168.0.1", "169.254.169.254", "::1", "0.0.0.0"],
)
async def test_the_guard_refuses_private_addresses_after_resolving(host: str) -> None:
    with pytest.raises(WebhookRefusedError):
        await resolve(host, 80, [])


async def test_the_allow_list_opens_exactly_its_networks() -> None:
    allow = allowed_networks("10.0.0.0/8, 127.0.0.1/32")
    assert str(await resolve("10.9.9.9", 80, allow)) == "10.9.9.9"
    assert str(await resolve("127.0.0.1", 80, allow)) == "127.0.0.1"
    with pytest.raises(WebhookRefusedError):
        await resolve("127.0.0.2", 80, allow)
    with pytest.raises(WebhookRefusedError):
        await resolve("192.168.1.1", 80, allow)
