"""Templates API (CRUD, preview with clear errors), the message log and per-step counts."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import pytest

from app.resources import Resources
from app.settings import Settings
from tests.fixtures import SignedIn
from tests.support.accounts import MutableClock
from tests.support.channels import add_contact, add_template, dispatch
from tests.support.consent import opt_in
from tests.support.runs import chain, handle, node, publish, send

SignIn = Callable[..., Awaitable[SignedIn]]

EMAIL = {
    "name": "welcome",
    "label": "Welcome",
    "channel": "email",
    "subject": "Hello {{ contact.first_name }}",
    "body_html": "<p>Hi {{ contact.first_name }}, {{ event.total | money('EUR') }}</p>",
    "body_text": "Hi {{ contact.first_name }}",
}


async def test_a_marketer_creates_edits_lists_and_deletes_a_template(signed_in: SignIn) -> None:
    _, marketer = await signed_in("marketer")

    created = await marketer.post("/api/v1/templates", json=EMAIL)
    assert created.status_code == 201, created.text
    template_id = created.json()["id"]
    changed = await marketer.put(
        f"/api/v1/templates/{template_id}", json={**EMAIL, "subject": "Welcome aboard"}
    )
    assert changed.status_code == 200
    assert changed.json()["subject"] == "Welcome aboard"
    listed = await marketer.get("/api/v1/templates?channel=email")
    assert [t["name"] for t in listed.json()] == ["welcome"]
    catalog = await marketer.get("/api/v1/journeys/catalog")
    assert [t["name"] for t in catalog.json()["email_templates"]] == ["welcome"]
    removed = await marketer.request("DELETE", f"/api/v1/templates/{template_id}")
    assert removed.status_code == 204
    assert (await marketer.get("/api/v1/templates")).json() == []


async def test_a_stale_template_save_is_refused_and_loses_nothing(signed_in: SignIn) -> None:
    _, marketer = await signed_in("marketer")
    created = (await marketer.post("/api/v1/templates", json=EMAIL)).json()
    loaded_at = created["updated_at"]
    url = f"/api/v1/templates/{created['id']}"

    first = await marketer.put(
        url, json={**EMAIL, "subject": "First editor", "expected_updated_at": loaded_at}
    )
    assert first.status_code == 200, first.text
    assert first.json()["updated_at"] != loaded_at

    second = await marketer.put(
        url, json={**EMAIL, "subject": "Second editor", "expected_updated_at": loaded_at}
    )
    assert second.status_code == 409, second.text
    assert second.json()["errors"][0]["field"] == "expected_updated_at"
    assert "Someone else saved this template" in second.json()["detail"]
    assert (await marketer.get(url)).json()["subject"] == "First editor"

    # With the version it now has, the second editor's save goes through.
    again = await marketer.put(
        url,
        json={
            **EMAIL,
            "subject": "Second editor",
            "expected_updated_at": first.json()["updated_at"],
        },
    )
    assert again.status_code == 200, again.text
    assert again.json()["subject"] == "Second editor"


async def test_bad_templates_are_refused_with_the_field_and_line(signed_in: SignIn) -> None:
    _, marketer = await signed_in("marketer")
    broken = await marketer.post(
        "/api/v1/templates",
        json={**EMAIL, "body_html": "<p>\n{% if contact.name %}never closed</p>"},
    )
    assert broken.status_code == 400
    [error] = broken.json()["errors"]
    assert error["field"] == "body_html"
    assert error["message"].startswith("line 2:")
    no_subject = await marketer.post("/api/v1/templates", json={**EMAIL, "subject": " "})
    assert no_subject.json()["errors"][0] == {
        "field": "subject",
        "message": "an email needs a subject",
    }
    first = await marketer.post("/api/v1/templates", json=EMAIL)
    assert first.status_code == 201
    duplicate = await marketer.post("/api/v1/templates", json=EMAIL)
    assert duplicate.status_code == 409
    bad_name = await marketer.post("/api/v1/templates", json={**EMAIL, "name": "Bad Name"})
    assert bad_name.status_code == 400
    assert "name" in bad_name.text
    assert len((await marketer.get("/api/v1/templates")).json()) == 1


async def test_preview_renders_against_a_chosen_contact(
    resources: Resources, signed_in: SignIn
) -> None:
    _, marketer = await signed_in("marketer")
    contact_id = await add_contact(resources, "c-1", name="Ada Lovelace", email="ada@example.com")
    await add_template(
        resources, "base", "layout", body_html="<main>{% block content %}{% endblock %}</main>"
    )

    answer = await marketer.post(
        "/api/v1/templates/preview",
        json={
            "channel": "email",
            "subject": EMAIL["subject"],
            "body_html": '{% extends "base" %}{% block content %}'
            + EMAIL["body_html"]
            + "{% endblock %}",
            "body_text": EMAIL["body_text"],
            "contact_id": str(contact_id),
            "event": {"total": 1234.5},
        },
    )

    assert answer.status_code == 200, answer.text
    preview = answer.json()
    assert preview["ok"] is True
    assert preview["subject"] == "Hello Ada"
    assert preview["html"] == "<main><p>Hi Ada, €1,234.50</p></main>"
    assert "contact.first_name" in preview["variables"]
    assert "event.total" in preview["variables"]


async def test_preview_names_the_missing_variable_and_line(signed_in: SignIn) -> None:
    _, marketer = await signed_in("marketer")
    created = await marketer.post(
        "/api/v1/templates",
        json={**EMAIL, "body_text": "Hi {{ contact.first_name }}\nYour code: {{ event.coupon }}"},
    )
    answer = await marketer.post(f"/api/v1/templates/{created.json()['id']}/preview", json={})
    preview = answer.json()
    assert preview["ok"] is False
    assert preview["error"]["part"] in ("html", "text")
    failing = await marketer.post(
        "/api/v1/templates/preview",
        json={"channel": "sms", "body_text": "Hi\n{{ event.coupon }}", "event": {}},
    )
    assert failing.json()["error"] == {
        "part": "text",
        "message": "missing variable “coupon” ('dict object' has no attribute 'coupon')",
        "line": 2,
    }


async def test_preview_of_an_unknown_contact_is_a_field_error(signed_in: SignIn) -> None:
    _, marketer = await signed_in("marketer")
    answer = await marketer.post(
        "/api/v1/templates/preview",
        json={
            "channel": "sms",
            "body_text": "x",
            "contact_id": "00000000-0000-0000-0000-000000000001",
        },
    )
    assert answer.status_code == 400
    assert answer.json()["errors"][0]["field"] == "contact_id"


@pytest.fixture
async def sent_and_failed(
    resources: Resources, clock: MutableClock, settings: Settings, standard_roles: None
) -> Any:
    await add_template(
        resources, "welcome", "email", subject="Hi", body_text="Hi {{ contact.name }}"
    )
    journey_id = await publish(
        resources,
        "Welcome",
        chain(
            node("trigger.event", "placed", event_name="order.placed"),
            node("action.send_email", "mail", template="welcome"),
            node("flow.end", "end"),
        ),
    )
    ada = await add_contact(resources, "c-1", name="Ada", email="ada@example.com")
    await opt_in(resources, ada, "email")
    await opt_in(resources, await add_contact(resources, "c-2", name="Bob"), "email")  # no address
    for contact in ("c-1", "c-2"):
        await handle(resources, clock, await send(resources, clock, "order.placed", contact))
    await dispatch(resources, settings, clock.now())
    return journey_id


async def test_the_message_log_lists_statuses_and_reasons_with_filters(
    signed_in: SignIn, sent_and_failed: Any
) -> None:
    _, support = await signed_in("customer_support")

    everything = (await support.get("/api/v1/messages")).json()
    failed = (await support.get("/api/v1/messages?status=failed")).json()
    by_journey = await support.get(f"/api/v1/messages?journey_id={sent_and_failed}&channel=email")

    assert everything["total"] == 2
    assert {m["status"] for m in everything["items"]} == {"sent", "failed"}
    [failure] = failed["items"]
    assert failure["contact_name"] == "Bob"
    assert failure["error"] == "the contact has no email address"
    assert failure["attempts"] == 1
    assert by_journey.json()["total"] == 2
    [sent] = [m for m in everything["items"] if m["status"] == "sent"]
    detail = (await support.get(f"/api/v1/messages/{sent['outbox_id']}")).json()
    assert detail["recipient"] == "ada@example.com"
    assert "Hi Ada" in detail["body_text"]
    assert "Message-ID" in detail["raw"]


async def test_customers_cannot_read_the_message_log(
    signed_in: SignIn, sent_and_failed: Any
) -> None:
    _, customer = await signed_in("customer")
    assert (await customer.get("/api/v1/messages")).status_code == 403


async def test_step_counts_add_sent_and_failed_messages(
    signed_in: SignIn, sent_and_failed: Any
) -> None:
    _, marketer = await signed_in("marketer")
    stats = (await marketer.get(f"/api/v1/journeys/{sent_and_failed}/stats")).json()
    mail = stats["nodes"]["mail"]
    assert (mail["sent"], mail["failed"], mail["opened"], mail["clicked"]) == (1, 1, 0, 0)
    assert stats["nodes"]["placed"]["sent"] == 0
