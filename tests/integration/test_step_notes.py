"""What a step did not do is on record, through a real worker: a message never sent says
why on its step (timeline) and in the step's numbers; a trigger the re-entry rule refused
leaves a note on the contact's enrollment and is counted on the trigger."""

from __future__ import annotations

import socket
import uuid
from collections.abc import Awaitable, Callable
from typing import Any

import msgspec
import pytest
from sqlalchemy import select

from app.resources import Resources
from app.runs.models import JourneyStep
from app.runs.outbox import MAX_ATTEMPTS
from app.settings import Settings
from app.worker.runner import run_burst
from tests.fixtures import SignedIn
from tests.support.accounts import Browser, MutableClock
from tests.support.channels import add_contact, dispatch
from tests.support.consent import opt_in
from tests.support.runs import T0, chain, handle, node, publish, send


@pytest.fixture
def clock() -> MutableClock:
    return MutableClock(T0)


@pytest.fixture
async def marketer(signed_in: Callable[..., Awaitable[SignedIn]]) -> Browser:
    _, browser = await signed_in("marketer")
    return browser


async def _worker(
    resources: Resources, settings: Settings, clock: MutableClock, event: int
) -> None:
    """Ring the event and let a real (burst) worker handle it and send what it queued."""
    await resources.queue.process_event(event)
    await run_burst(settings, clock=clock)


async def _notes(resources: Resources) -> list[tuple[str, dict[str, Any]]]:
    async with resources.sessions() as db:
        rows = await db.execute(
            select(JourneyStep.node_id, JourneyStep.detail)
            .where(JourneyStep.detail.has_key("note"))
            .order_by(JourneyStep.id)
        )
        return [(node_id, detail) for node_id, detail in rows]


async def _timeline(browser: Browser, contact: uuid.UUID) -> list[dict[str, Any]]:
    response = await browser.get(f"/api/v1/contacts/{contact}/timeline")
    assert response.status_code == 200, response.text
    items: list[dict[str, Any]] = response.json()["items"]
    return items


async def _stats(browser: Browser, journey: uuid.UUID) -> dict[str, Any]:
    response = await browser.get(f"/api/v1/journeys/{journey}/stats")
    assert response.status_code == 200, response.text
    nodes: dict[str, Any] = response.json()["nodes"]
    return nodes


async def test_a_message_never_sent_says_why_on_its_step_and_in_its_numbers(
    resources: Resources, settings: Settings, clock: MutableClock, marketer: Browser
) -> None:
    journey = await publish(
        resources,
        "Thanks",
        chain(
            node("trigger.event", "placed", event_name="order.placed"),
            node("action.send_email", "mail", subject="Thanks", body="Thank you!"),
            node("action.send_sms", "text", text="Hi {{ nickname }}"),
            node("flow.end", "end"),
        ),
    )
    # No consent to email; no phone number for the text.
    silent = await add_contact(resources, "silent", name="Sam", email="sam@example.test")
    # Consent to both, but no email address; the text's template does not render.
    addressless = await add_contact(resources, "addressless", name="Ann", phone="+447700900001")
    await opt_in(resources, addressless, "email")
    await opt_in(resources, addressless, "sms")

    await _worker(
        resources, settings, clock, await send(resources, clock, "order.placed", "silent")
    )
    await _worker(
        resources, settings, clock, await send(resources, clock, "order.placed", "addressless")
    )

    notes = await _notes(resources)
    assert [(node_id, d["reason"]) for node_id, d in notes] == [
        ("mail", "no_consent"),
        ("text", "no_address"),
        ("mail", "no_address"),
        ("text", "template_failed"),
    ]
    assert all(d["note"] == "not_sent" and d["entered"] is False for _, d in notes)
    assert notes[0][1]["text"] == (
        "Not sent: no consent (no consent: the contact has not agreed to email)."
    )

    steps = [i for i in await _timeline(marketer, silent) if i["kind"] == "journey_step"]
    mail = [i["detail"] for i in steps if i["detail"]["node_id"] == "mail"]
    # The step moved on when it queued the email; the note says it was never sent.
    assert {(d["exit_taken"], d["note"], d["reason"]) for d in mail} == {
        ("next", None, None),
        (None, "not_sent", "no_consent"),
    }
    messages = [i for i in await _timeline(marketer, silent) if i["kind"] == "message"]
    assert {m["detail"]["status"] for m in messages} == {"failed"}
    assert any("not agreed to email" in (m["detail"]["error"] or "") for m in messages)

    numbers = await _stats(marketer, journey)
    assert numbers["mail"]["failed"] == 2
    assert numbers["mail"]["not_sent"] == {"no_consent": 1, "no_address": 1}
    assert numbers["text"]["not_sent"] == {"no_address": 1, "template_failed": 1}
    assert numbers["placed"]["not_sent"] == {}
    assert addressless != silent


async def test_a_trigger_refused_by_the_re_entry_rule_is_noted_and_counted(
    resources: Resources,
    settings: Settings,
    clock: MutableClock,
    signed_in: Callable[..., Awaitable[SignedIn]],
) -> None:
    graph = chain(
        node("trigger.event", "placed", event_name="order.placed"),
        node("flow.wait_duration", "wait", duration={"amount": 2, "unit": "days"}),
        node("flow.end", "end"),
    )
    journey = await publish(
        resources, "Once", {**graph, "settings": {"reentry": {"rule": "never"}}}
    )
    contact = await add_contact(resources, "c-1", name="Ada")

    await _worker(resources, settings, clock, await send(resources, clock, "order.placed", "c-1"))
    clock.advance(hours=5)
    await _worker(resources, settings, clock, await send(resources, clock, "order.placed", "c-1"))

    _, marketer = await signed_in("marketer")  # after the clock moved: a fresh session
    [(node_id, detail)] = await _notes(resources)
    assert node_id == "placed"
    assert (detail["note"], detail["reason"]) == ("trigger_refused", "reentry")
    assert detail["text"] == (
        "Trigger refused: re-entry rule (already in this journey since 2026-03-02 09:00 UTC;"
        " it is entered once)."
    )
    [refused] = [
        i
        for i in await _timeline(marketer, contact)
        if i["kind"] == "journey_step" and i["detail"]["note"] == "trigger_refused"
    ]
    assert refused["detail"]["text"] == detail["text"]
    numbers = await _stats(marketer, journey)
    assert (numbers["placed"]["entered"], numbers["placed"]["refused"]) == (1, 1)
    assert numbers["wait"]["waiting"] == 1


async def test_a_message_still_failing_after_every_try_is_noted_as_delivery_failed(
    resources: Resources,
    settings: Settings,
    clock: MutableClock,
    signed_in: Callable[..., Awaitable[SignedIn]],
) -> None:
    # An SMTP server that is not there: every try fails and is retried, until none is left.
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    down = msgspec.structs.replace(
        settings, email_provider="smtp", smtp_host="127.0.0.1", smtp_port=port
    )
    journey = await publish(
        resources,
        "Thanks",
        chain(
            node("trigger.event", "placed", event_name="order.placed"),
            node("action.send_email", "mail", subject="Thanks", body="Thank you!"),
            node("flow.end", "end"),
        ),
    )
    contact = await add_contact(resources, "c-1", name="Ada", email="ada@example.test")
    await opt_in(resources, contact, "email")
    await handle(resources, clock, await send(resources, clock, "order.placed", "c-1"))

    for attempt in range(1, MAX_ATTEMPTS + 1):
        done = await dispatch(resources, down, clock.now())
        assert (done.retried, done.failed) == ((1, 0) if attempt < MAX_ATTEMPTS else (0, 1))
        # Retries leave no note: only a message that will never be sent does.
        assert len(await _notes(resources)) == (1 if attempt == MAX_ATTEMPTS else 0)
        clock.advance(days=1)

    [(node_id, detail)] = await _notes(resources)
    assert (node_id, detail["note"], detail["reason"]) == ("mail", "not_sent", "delivery_failed")
    assert detail["text"].startswith("Not sent: delivery failed (SMTPConnectError")
    _, marketer = await signed_in("marketer")  # after the clock moved: a fresh session
    numbers = await _stats(marketer, journey)
    assert (numbers["mail"]["failed"], numbers["mail"]["not_sent"]) == (
        1,
        {"delivery_failed": 1},
    )
