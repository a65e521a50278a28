"""Test runs through the API (docs/test-runs.md): a journey tried for one contact on a
virtual clock, every step with what it saw and its effect's preview — and nothing sent
or stored: no outbox, message, letter, job, enrollment, step, timer, event, notification
or portal row appears, no webhook receiver is called, a real contact stays as it was."""

from __future__ import annotations

import base64
import io
import uuid
from collections.abc import Awaitable, Callable, Iterator
from typing import Any

import pytest
from pypdf import PdfReader
from sqlalchemy import func, select

from app.automation.models import Notification
from app.channels.models import ChannelMessage, Letter
from app.contacts.models import Contact
from app.demo.journeys import seed_catalog
from app.eventlog.models import Event
from app.jobs.models import Job
from app.lib.db import Base
from app.portal.models import PortalMessage
from app.resources import Resources
from app.runs.models import Enrollment, EnrollmentTimer, JourneyStep, OutboxMessage
from tests.fixtures import SignedIn
from tests.support.accounts import Browser
from tests.support.channels import HttpServer, http_server

SignIn = Callable[..., Awaitable[SignedIn]]
# Tables a live run writes to: a test run must leave every one as it was.
LIVE: tuple[type[Base], ...] = (
    OutboxMessage,
    ChannelMessage,
    Letter,
    Job,
    Enrollment,
    EnrollmentTimer,
    JourneyStep,
    Event,
    Notification,
    PortalMessage,
    Contact,
)
START = "2026-06-01T09:00:00+00:00"
ADA: dict[str, Any] = {
    "type": "made_up",
    "fields": {"name": "Ada Lovelace", "email": "ada@example.com", "phone": "+441632960001"},
    "consent": {"email": True, "sms": True, "letter": True},
    "timezone": "Europe/London",
    "objects": {"return": {"status": "requested"}},
}
RETURN = {
    "event_name": "return.requested",
    "properties": {"return_number": "R-17", "order_number": "ORD-7"},
    "at": START,
}


@pytest.fixture
async def marketer(resources: Resources, signed_in: SignIn) -> Browser:
    async with resources.sessions.begin() as db:
        await seed_catalog(db)
    _, browser = await signed_in("marketer", name="Priya Shah")
    return browser


@pytest.fixture
def receiver() -> Iterator[HttpServer]:
    yield from http_server()


async def _counts(resources: Resources) -> dict[str, int]:
    async with resources.sessions() as db:
        return {
            table.__tablename__: int(await db.scalar(select(func.count()).select_from(table)) or 0)
            for table in LIVE
        }


async def _journey(browser: Browser, slug: str = "return-and-replacement") -> str:
    response = await browser.post("/api/v1/journeys/from-template", json={"slug": slug})
    assert response.status_code == 201, response.text
    return str(response.json()["id"])


async def _run(browser: Browser, journey_id: str, status: int = 200, **body: Any) -> Any:
    response = await browser.post(f"/api/v1/journeys/{journey_id}/test-runs", json=body)
    assert response.status_code == status, response.text
    return response.json()


def _step(run: dict[str, Any], node_id: str) -> dict[str, Any]:
    found: list[dict[str, Any]] = [s for s in run["steps"] if s["node_id"] == node_id]
    assert found, f"{node_id} not in {[s['node_id'] for s in run['steps']]}"
    return found[0]


async def test_return_and_replacement_runs_both_ways_and_stores_or_sends_nothing(
    resources: Resources, marketer: Browser, receiver: HttpServer
) -> None:
    journey_id = await _journey(marketer)
    before = await _counts(resources)

    held = await _run(marketer, journey_id, contact=ADA, start=RETURN)
    replaced = await _run(
        marketer,
        journey_id,
        contact=ADA,
        start=RETURN,
        choices=[
            {"type": "job", "node_id": "validate-product", "outcome": "valid"},
            {
                "type": "job",
                "node_id": "send-replacement",
                "outcome": "sent",
                "form": {"tracking_number": "TRK-1"},
            },
        ],
    )
    rejected = await _run(
        marketer,
        journey_id,
        contact=ADA,
        start=RETURN,
        choices=[
            {
                "type": "job",
                "node_id": "validate-product",
                "outcome": "invalid",
                "form": {"reason": "Scratched by the customer"},
            }
        ],
    )

    assert held["status"] == "active"
    assert held["waiting"] == [
        {
            "token_id": "t1",
            "node_id": "validate-product",
            "kind": "job",
            "until": None,
            "event_name": None,
            "outcomes": ["valid", "invalid", "cancelled"],
            # The job type's form, which the canvas fills in for the outcome's data.
            "form_schema": {
                "type": "object",
                "required": ["finding"],
                "properties": {
                    "finding": {"type": "string", "title": "What you found", "maxLength": 2000}
                },
            },
            "ui_schema": {},
        }
    ]
    job = _step(held, "validate-product")["preview"]
    assert (job["kind"], job["queue"], job["title"]) == (
        "job",
        "customer_support",
        "Check return R-17",
    )
    assert held["path"] == ["return-requested", "validate-product"]

    assert (replaced["status"], replaced["ended_reason"]) == ("completed", "end")
    assert replaced["path"][-2:] == ["email-tracking", "end-replaced"]
    mail = _step(replaced, "email-tracking")
    assert mail["preview"]["kind"] == "email"
    assert (mail["preview"]["to"], mail["preview"]["would_run"]) == ("ada@example.com", True)
    assert mail["preview"]["subject"]
    assert mail["variables"]["job"] == {"outcome": "sent", "form": {"tracking_number": "TRK-1"}}
    assert mail["round"] == 2

    assert rejected["path"][-3:] == ["rejection-letter", "reject-return", "end-rejected"]
    letter = _step(rejected, "rejection-letter")["preview"]
    assert letter["kind"] == "letter"
    pdf = PdfReader(io.BytesIO(base64.b64decode(letter["pdf"])))
    assert "Ada" in pdf.pages[0].extract_text()
    change = _step(rejected, "reject-return")["change"]
    assert change == {
        "target": "return",
        "before": {"status": "requested"},
        "after": {"status": "rejected"},
    }
    assert rejected["contact"]["objects"]["return"]["status"] == "rejected"

    assert await _counts(resources) == before
    assert receiver.requests == []


async def test_a_real_contact_is_read_and_left_as_it_was(
    resources: Resources, marketer: Browser
) -> None:
    journey_id = await _journey(marketer)
    async with resources.sessions.begin() as db:
        grace = Contact(email="grace@example.com", name="Grace Hopper", tags=["early"])
        db.add(grace)
    before = await _counts(resources)

    run = await _run(
        marketer,
        journey_id,
        contact={"type": "existing", "contact_id": str(grace.id)},
        start=RETURN,
        choices=[{"type": "job", "node_id": "validate-product", "outcome": "invalid"}],
    )

    letter = _step(run, "rejection-letter")
    assert letter["preview"]["kind"] == "letter"
    assert "Grace" in letter["preview"]["html"]
    assert run["contact"]["name"] == "Grace Hopper"
    assert await _counts(resources) == before
    async with resources.sessions() as db:
        stored = await db.get(Contact, grace.id)
        assert stored is not None
        assert (stored.name, stored.tags) == ("Grace Hopper", ["early"])


def _node(kind: str, node_id: str, config: dict[str, Any] | None = None) -> dict[str, Any]:
    return {
        "kind": kind,
        "id": node_id,
        "label": node_id.title(),
        "position": {"x": 0, "y": 0},
        "config": config or {},
    }


def _edges(*links: tuple[str, str, str]) -> list[dict[str, Any]]:
    return [
        {"id": f"e{i}", "source": source, "source_handle": handle, "target": target}
        for i, (source, handle, target) in enumerate(links)
    ]


def _choices_journey(receiver_url: str) -> dict[str, Any]:
    """signup → wait 2 days → random split: a → wait for order (1 day) → big order? →
    tag vip → webhook → end; timeout → SMS; b → end."""
    return {
        "nodes": [
            _node("trigger.event", "signup", {"event_name": "signed_up"}),
            _node("flow.wait_duration", "pause", {"duration": {"amount": 2, "unit": "days"}}),
            _node(
                "flow.random_split",
                "ab",
                {
                    "branches": [
                        {"id": "a", "label": "A", "weight": 1},
                        {"id": "b", "label": "B", "weight": 1},
                    ]
                },
            ),
            _node(
                "flow.wait_for_event",
                "await-order",
                {"event_name": "order.placed", "timeout": {"amount": 1, "unit": "days"}},
            ),
            _node(
                "flow.condition",
                "big",
                {
                    "condition": {
                        "op": "all",
                        "rules": [
                            {
                                "type": "event_property",
                                "property": "total",
                                "operator": "gt",
                                "value": 100,
                            },
                            {
                                "type": "contact_field",
                                "field": "region",
                                "operator": "equals",
                                "value": "north",
                            },
                        ],
                    }
                },
            ),
            _node("action.update_contact", "vip", {"add_tags": ["vip"], "score_change": 10}),
            _node(
                "action.webhook",
                "tell-crm",
                {"url": f"{receiver_url}/vip/{{{{event.order_id}}}}", "body": '{"vip": true}'},
            ),
            _node(
                "action.send_sms", "nudge", {"text": "Hi {{ contact.first_name }}, still there?"}
            ),
            _node("flow.end", "done"),
            _node("flow.end", "other"),
        ],
        "edges": _edges(
            ("signup", "next", "pause"),
            ("pause", "next", "ab"),
            ("ab", "a", "await-order"),
            ("ab", "b", "other"),
            ("await-order", "received", "big"),
            ("await-order", "timeout", "nudge"),
            ("big", "yes", "vip"),
            ("big", "no", "done"),
            ("vip", "next", "tell-crm"),
            ("tell-crm", "next", "done"),
            ("nudge", "next", "done"),
        ),
    }


async def test_each_choice_moves_the_run_as_the_worker_would(
    resources: Resources, marketer: Browser, receiver: HttpServer
) -> None:
    journey_id = await _journey(marketer)
    definition = _choices_journey(receiver.url)
    base: dict[str, Any] = {
        "definition": definition,
        "contact": {**ADA, "attributes": {"region": "north"}},
        "start": {"properties": {"plan": "pro"}, "at": START},
    }
    before = await _counts(resources)

    waiting = await _run(marketer, journey_id, **base)
    skipped = await _run(marketer, journey_id, **base, choices=[{"type": "fast_forward"}])
    forced_b = await _run(
        marketer,
        journey_id,
        **base,
        choices=[{"type": "fast_forward"}],
        forced_branches={"ab": "b"},
    )
    arrives = {
        "type": "event",
        "node_id": "await-order",
        "properties": {"total": 250, "order_id": "ORD-9"},
    }
    bought = await _run(
        marketer,
        journey_id,
        **base,
        forced_branches={"ab": "a"},
        choices=[{"type": "fast_forward"}, arrives],
    )
    answered = await _run(
        marketer,
        journey_id,
        **base,
        forced_branches={"ab": "a"},
        choices=[
            {"type": "fast_forward"},
            arrives,
            {"type": "webhook", "node_id": "tell-crm", "ok": True, "saved": {"crm_id": "C-1"}},
        ],
    )
    timed_out = await _run(
        marketer,
        journey_id,
        **base,
        forced_branches={"ab": "a"},
        choices=[{"type": "fast_forward"}, {"type": "time_out", "node_id": "await-order"}],
    )

    assert waiting["waiting"][0]["kind"] == "timer"
    assert waiting["waiting"][0]["until"].startswith("2026-06-03T09:00:00")
    assert skipped["clock"].startswith("2026-06-03T09:00:00")
    assert _step(forced_b, "ab")["exit_taken"] == "b"
    assert forced_b["status"] == "completed"

    big = _step(bought, "big")
    assert big["exit_taken"] == "yes"
    assert big["event"] == {"total": 250, "order_id": "ORD-9"}
    assert [(c["subject"], c["actual"], c["holds"]) for c in big["checks"]] == [
        (None, None, True),
        ("event.total", 250, True),
        ("contact.region", "north", True),
    ]
    vip = _step(bought, "vip")
    assert vip["change"]["after"] == {"tags": ["vip"], "score": 10}
    hook = _step(bought, "tell-crm")["preview"]
    assert (hook["kind"], hook["url"], hook["body"]) == (
        "webhook",
        f"{receiver.url}/vip/ORD-9",
        '{"vip": true}',
    )
    assert bought["waiting"][0]["kind"] == "webhook"
    assert "vip" in bought["contact"]["tags"]

    assert answered["status"] == "completed"
    assert _step(answered, "tell-crm")["round"] == 2
    assert answered["steps"][-1]["variables"]["crm_id"] == "C-1"

    left = [s for s in timed_out["steps"] if s["node_id"] == "await-order" and s["exit_taken"]]
    assert [(s["round"], s["exit_taken"]) for s in left] == [(2, "timeout")]
    assert timed_out["clock"].startswith("2026-06-04T09:00:00")
    sms = _step(timed_out, "nudge")
    assert (sms["exit_taken"], sms["preview"]["text"]) == ("next", "Hi Ada, still there?")

    assert await _counts(resources) == before
    assert receiver.requests == []


async def test_problems_found_while_running_are_on_their_step(
    marketer: Browser, receiver: HttpServer
) -> None:
    journey_id = await _journey(marketer)
    definition = _choices_journey(receiver.url)
    nobody: dict[str, Any] = {"type": "made_up", "fields": {"name": "Bob"}}

    run = await _run(
        marketer,
        journey_id,
        definition=definition,
        contact=nobody,
        start={"event_name": "order.placed", "at": START},
        forced_branches={"ab": "a"},
        choices=[
            {"type": "fast_forward"},
            {"type": "event", "node_id": "await-order", "properties": {"total": 5}},
        ],
    )

    unreached = await _run(
        marketer,
        journey_id,
        definition=definition,
        contact=nobody,
        start={"at": START},
        forced_branches={"ab": "a"},
        choices=[{"type": "fast_forward"}, {"type": "time_out", "node_id": "await-order"}],
    )

    codes = {step["node_id"]: [p["code"] for p in step["problems"]] for step in run["steps"]}
    assert codes["signup"] == ["trigger_mismatch"]
    # No `region` on Bob: said on the condition that read it.
    assert codes["big"] == ["missing_value"]
    assert "contact.region" in _step(run, "big")["problems"][0]["message"]
    assert _step(unreached, "signup")["problems"] == []
    nudge = _step(unreached, "nudge")
    assert nudge["problems"] == [
        {"code": "would_not_run", "message": "the contact has no phone number"}
    ]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"choices": [{"type": "fast_forward"}]}, "choices[0]"),
        (
            {
                "choices": [
                    {"type": "job", "node_id": "validate-product", "outcome": "invalid"},
                    {"type": "fast_forward"},
                ]
            },
            "choices[1]",
        ),
        (
            {"choices": [{"type": "job", "node_id": "validate-product", "outcome": "lost"}]},
            "choices[0].outcome",
        ),
        ({"choices": [{"type": "time_out", "node_id": "nowhere"}]}, "choices[0].node_id"),
        (
            {"choices": [{"type": "event", "node_id": "validate-product"}]},
            "choices[0].node_id",
        ),
        ({"choices": [{"type": "event"}]}, "choices[0].name"),
        ({"start": {"trigger_node_id": "validate-product"}}, "start.trigger_node_id"),
        ({"forced_branches": {"validate-product": "a"}}, "forced_branches.validate-product"),
        ({"definition": {"nodes": "many"}}, "definition.nodes"),
        ({"definition": {"nodes": [], "edges": []}, "version": 1}, "definition"),
    ],
)
async def test_a_choice_the_run_cannot_take_is_refused_naming_it(
    marketer: Browser, body: dict[str, Any], field: str
) -> None:
    journey_id = await _journey(marketer)
    if body.get("version") == 1:
        journey = (await marketer.get(f"/api/v1/journeys/{journey_id}")).json()
        response = await marketer.post(
            f"/api/v1/journeys/{journey_id}/publish", json={"revision": journey["draft_revision"]}
        )
        assert response.status_code == 200, response.text

    problem = await _run(marketer, journey_id, 422, contact=ADA, **{"start": RETURN, **body})

    assert [error["field"] for error in problem["errors"]] == [field]
    assert field in problem["detail"]


async def test_bad_input_is_a_clear_4xx(
    resources: Resources, marketer: Browser, signed_in: SignIn
) -> None:
    journey_id = await _journey(marketer)
    missing = str(uuid.uuid4())

    shapeless = await _run(marketer, journey_id, 400, contact={"type": "imaginary"})
    no_journey = await _run(marketer, missing, 404, contact=ADA)
    no_version = await _run(marketer, journey_id, 404, contact=ADA, version=9)
    no_contact = await _run(
        marketer, journey_id, 404, contact={"type": "existing", "contact_id": missing}
    )
    _, warehouse = await signed_in("warehouse")
    refused = await _run(warehouse, journey_id, 403, contact=ADA)

    assert "contact" in shapeless["detail"]
    assert "no journey" in no_journey["detail"]
    assert "version 9" in no_version["detail"]
    assert "contact.contact_id" in no_contact["detail"]
    assert refused["status"] == 403


async def test_the_operation_is_documented_with_every_status(marketer: Browser) -> None:
    response = await marketer.get("/api/docs/openapi.json")
    assert response.status_code == 200
    operation = response.json()["paths"]["/api/v1/journeys/{journey_id}/test-runs"]["post"]
    assert operation["operationId"] == "runJourneyTest"
    assert {"200", "400", "403", "404", "422", "503"} <= set(operation["responses"])


async def test_a_saved_case_is_marked_when_a_change_makes_it_end_otherwise(
    resources: Resources, marketer: Browser, signed_in: SignIn
) -> None:
    journey_id = await _journey(marketer)
    url = f"/api/v1/journeys/{journey_id}/test-cases"
    replaced = {
        "contact": ADA,
        "start": RETURN,
        "choices": [
            {"type": "job", "node_id": "validate-product", "outcome": "valid"},
            {"type": "job", "node_id": "send-replacement", "outcome": "sent"},
        ],
    }
    before = await _counts(resources)

    saved = await marketer.post(url, json={"name": "A valid return", "run": replaced})
    assert saved.status_code == 201, saved.text
    case = saved.json()
    draft = (await marketer.get(f"/api/v1/journeys/{journey_id}")).json()["definition"]

    def rewired(source: str, handle: str, target: str) -> dict[str, Any]:
        edges = [
            {**edge, "target": target}
            if (edge["source"], edge["source_handle"]) == (source, handle)
            else edge
            for edge in draft["edges"]
        ]
        return {**draft, "edges": edges}

    # Ends elsewhere after the same email; and a path on which the second job never comes.
    swapped = rewired("email-tracking", "next", "end-rejected")
    gone = rewired("validate-product", "valid", "rejection-letter")
    same = (await marketer.post(f"{url}/check", json={})).json()
    changed = (await marketer.post(f"{url}/check", json={"definition": swapped})).json()
    failing = (await marketer.post(f"{url}/check", json={"definition": gone})).json()
    listed = (await marketer.get(url)).json()

    assert case["expected"]["path"][-1] == "end-replaced"
    assert case["expected"]["messages"] == ["email-tracking:email"]
    assert [c["outcome"] for c in case["request"]["choices"]] == ["valid", "sent"]
    assert [c["id"] for c in listed] == [case["id"]]
    assert [(c["name"], c["verdict"]) for c in same] == [("A valid return", "same")]
    assert changed[0]["verdict"] == "changed"
    assert changed[0]["actual"]["path"][-1] == "end-rejected"
    assert changed[0]["actual"]["messages"] == ["email-tracking:email"]
    assert failing[0]["verdict"] == "fails"
    assert failing[0]["problem"] == "choices[1]: the run has already ended (end)."
    assert await _counts(resources) == before

    _, warehouse = await signed_in("warehouse")
    refused = await warehouse.post(url, json={"name": "x", "run": replaced})
    assert refused.status_code == 403
    assert (await marketer.request("DELETE", f"{url}/{case['id']}")).status_code == 204
    assert (await marketer.get(url)).json() == []
    missing = await marketer.request("DELETE", f"{url}/{case['id']}")
    assert missing.status_code == 404
    assert "no test case" in missing.json()["detail"]
