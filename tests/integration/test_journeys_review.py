"""`GET /journeys/{id}/review`: what publishing the saved draft would do, from past data —
contacts a typical week (events of the last 28 days, re-entry and the filter taken into
account) and the contacts running now, by version."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from datetime import timedelta
from email.message import EmailMessage
from typing import Any

from app.contacts.schemas import ContactRef
from app.eventlog.models import Event
from app.events.schemas import EventEnvelope
from app.events.services import record_event
from app.resources import Resources
from app.runs.models import Enrollment
from app.settings import Settings
from app.worker.runner import run_burst
from tests.fixtures import SignedIn
from tests.support.accounts import MutableClock
from tests.support.channels import SmtpServer
from tests.support.runs import chain, node, send

SignIn = Callable[..., Awaitable[SignedIn]]
URL = "/api/v1/journeys"


def _cart(settings: dict[str, Any] | None = None, where: bool = False) -> dict[str, Any]:
    trigger: dict[str, Any] = {"event_name": "cart.abandoned"}
    if where:
        trigger["filter"] = {
            "type": "group",
            "rules": [
                {"type": "event_property", "property": "total", "operator": "gt", "value": 50}
            ],
        }
    return {
        "nodes": [
            {
                "kind": "trigger.event",
                "id": "start",
                "label": "Cart abandoned",
                "position": {"x": 0, "y": 0},
                "config": trigger,
            },
            {"kind": "flow.end", "id": "end", "label": "End", "position": {"x": 0, "y": 120}},
        ],
        "edges": [{"id": "e1", "source": "start", "source_handle": "next", "target": "end"}],
        **({"settings": settings} if settings else {}),
    }


async def _events(resources: Resources, clock: MutableClock) -> None:
    now = clock.now()
    happened = [
        ("ada", "cart.abandoned", now - timedelta(days=1)),
        ("ada", "cart.abandoned", now - timedelta(days=8)),
        ("ada", "cart.abandoned", now - timedelta(days=20)),
        ("bob", "cart.abandoned", now - timedelta(days=3)),
        ("bob", "cart.abandoned", now - timedelta(days=40)),  # before the 28 days
        ("bob", "order.placed", now - timedelta(days=2)),  # another event
    ]
    async with resources.unit_of_work(now=now) as unit:
        for who, name, at in happened:
            await record_event(
                unit,
                EventEnvelope(
                    name=name, contact=ContactRef(external_id=who), properties={}, occurred_at=at
                ),
            )


async def test_the_review_estimates_entries_a_week_and_counts_running_contacts(
    signed_in: SignIn, resources: Resources, clock: MutableClock
) -> None:
    _, browser = await signed_in("marketer")
    await _events(resources, clock)
    created = await browser.post(URL, json={"name": "Cart", "definition": _cart()})
    assert created.status_code == 201, created.text
    journey = created.json()

    first = await browser.get(f"{URL}/{journey['id']}/review")

    assert first.status_code == 200, first.text
    body = first.json()
    assert (body["revision"], body["history_days"], body["running"]) == (1, 28, [])
    [entry] = body["entries"]
    # 4 events to 2 contacts in 4 weeks; without re-entry each contact enters once.
    assert (entry["node_id"], entry["events_per_week"], entry["per_week"]) == ("start", 1.0, 0.5)
    assert entry["before_filter"] is False
    assert "4 times to 2 contacts" in entry["words"]

    # Re-entry allowed and a filter: every event counts, and the count is an upper bound.
    saved = await browser.put(
        f"{URL}/{journey['id']}/draft",
        json={
            "revision": 1,
            "definition": _cart({"reentry": {"rule": "always"}}, where=True),
        },
    )
    assert saved.status_code == 200, saved.text
    again = (await browser.get(f"{URL}/{journey['id']}/review")).json()
    [entry] = again["entries"]
    assert (again["revision"], entry["per_week"], entry["before_filter"]) == (2, 1.0, True)
    assert "before the trigger's filter" in entry["words"]

    published = await browser.post(f"{URL}/{journey['id']}/publish", json={"revision": 2})
    assert published.status_code == 200, published.text
    now = clock.now()
    async with resources.sessions.begin() as db:
        for who, status in (("cleo", "active"), ("dan", "paused"), ("eve", "completed")):
            db.add(
                Enrollment(
                    id=uuid.uuid4(),
                    journey_id=uuid.UUID(journey["id"]),
                    version=1,
                    contact_id=await _contact(resources, clock, who),
                    status=status,
                    state={},
                    entered_at=now,
                    updated_at=now,
                )
            )
    running = (await browser.get(f"{URL}/{journey['id']}/review")).json()["running"]
    # Completed runs are over: only active and paused ones are still in the journey.
    assert running == [{"version": 1, "contacts": 2}]


async def _contact(resources: Resources, clock: MutableClock, who: str) -> uuid.UUID:
    """A contact, made by an event of theirs."""
    async with resources.unit_of_work(now=clock.now()) as unit:
        recorded = await record_event(
            unit,
            EventEnvelope(
                name="page.viewed",
                contact=ContactRef(external_id=who),
                properties={},
                occurred_at=clock.now(),
            ),
        )
    async with resources.sessions() as db:
        event = await db.get(Event, recorded.id)
    assert event is not None
    assert event.contact_id is not None
    return event.contact_id


async def test_the_review_of_an_unknown_journey_is_404(signed_in: SignIn) -> None:
    _, browser = await signed_in("marketer")
    missing = await browser.get(f"{URL}/{uuid.uuid4()}/review")
    assert missing.status_code == 404


async def test_a_test_send_mails_the_step_to_the_one_asking_marked_as_a_test(
    signed_in: SignIn,
    resources: Resources,
    clock: MutableClock,
    smtp: SmtpServer,
    smtp_settings: Settings,
) -> None:
    account, browser = await signed_in("marketer", name="Priya Shah")
    definition = chain(
        node("trigger.event", "placed", event_name="order.placed"),
        node(
            "action.send_email",
            "thanks",
            subject="Thanks {{ contact.name }}",
            body="Your order of {{ event.total | money('EUR') }} is on its way.",
        ),
        node("flow.end", "end"),
    )
    created = await browser.post(URL, json={"name": "Thanks", "definition": definition})
    assert created.status_code == 201, created.text
    journey_id = created.json()["id"]
    await send(resources, clock, "order.placed", "c-1", total=42)

    queued = await browser.post(f"{URL}/{journey_id}/test-send", json={"node_id": "thanks"})

    assert queued.status_code == 202, queued.text
    body = queued.json()
    assert (body["to"], body["contact_name"]) == (account.email, "Priya Shah")
    # The real sender delivers it: to the one asking, whatever their consent, as a test,
    # rendered with their name and the latest order.placed event.
    await run_burst(smtp_settings, clock=clock)
    [(recipients, mail)] = smtp.mailbox.messages
    assert recipients == [account.email]
    assert mail["Subject"] == "[Test] Thanks Priya Shah"
    text = mail.get_body(("plain",))
    assert isinstance(text, EmailMessage)
    assert "Your order of €42.00 is on its way." in text.get_content()
    assert "unsubscribe" not in text.get_content().lower()


async def test_a_test_send_refuses_what_is_not_an_email(signed_in: SignIn) -> None:
    _, browser = await signed_in("marketer")
    created = await browser.post(URL, json={"name": "Cart", "definition": _cart()})
    journey_id = created.json()["id"]

    not_email = await browser.post(f"{URL}/{journey_id}/test-send", json={"node_id": "end"})
    missing = await browser.post(f"{URL}/{journey_id}/test-send", json={"node_id": "nope"})
    nobody = await browser.post(
        f"{URL}/{journey_id}/test-send", json={"node_id": "end", "contact_id": str(uuid.uuid4())}
    )

    assert not_email.status_code == 422
    assert "Only an email step" in not_email.json()["detail"]
    assert missing.status_code == 404
    assert "nope" in missing.json()["detail"]
    assert nobody.status_code == 422
