"""The enrollments API (docs/enrollments-api.md) over a real worker: who is where, since
when, what each waits for (timer, event, job), the path so far; filters, keyset pages,
the problems that name a bad filter, permissions and the OpenAPI."""

from __future__ import annotations

import csv
import io
import uuid
from collections.abc import Awaitable, Callable
from datetime import timedelta
from typing import Any

import msgspec
import pytest
from litestar.testing import AsyncTestClient
from litestar.types import ASGIApp
from sqlalchemy import select

from app.contacts.models import Contact
from app.demo.journeys import seed_catalog
from app.journeys.models import Journey, JourneyVersion
from app.resources import Resources
from app.runs import traces
from app.runs.models import JourneyStep
from app.settings import Settings
from tests.fixtures import SignedIn
from tests.support.accounts import MutableClock, create_user
from tests.support.runs import T0, node, publish, publish_template, send
from tests.support.worker import sweep, worker_ctx

URL = "/api/v1/enrollments"
SignIn = Callable[..., Awaitable[SignedIn]]


@pytest.fixture
def clock() -> MutableClock:
    return MutableClock(T0)


@pytest.fixture
async def collection(resources: Resources, standard_roles: None) -> uuid.UUID:
    async with resources.sessions.begin() as db:
        await seed_catalog(db)
    return await publish_template(resources, "payment-collection")


async def _contact(resources: Resources, external_id: str) -> str:
    async with resources.sessions() as db:
        found = await db.scalar(select(Contact.id).where(Contact.external_id == external_id))
    assert found is not None
    return str(found)


async def _list(browser: Any, **params: Any) -> dict[str, Any]:
    response = await browser.get(URL, params=params)
    assert response.status_code == 200, response.text
    page: dict[str, Any] = response.json()
    return page


def _path(item: dict[str, Any]) -> list[tuple[str, str | None]]:
    return [(step["step"]["node_id"], step["exit_taken"]) for step in item["path"]]


async def test_who_is_where_since_when_and_waiting_for_what(
    resources: Resources,
    settings: Settings,
    clock: MutableClock,
    collection: uuid.UUID,
    signed_in: SignIn,
) -> None:
    ctx = worker_ctx(resources, settings, clock)
    for name in ("c-1", "c-2", "c-3"):
        await send(resources, clock, "payment.missed", name)
    await sweep(ctx)
    _, marketer = await signed_in("marketer")

    page = await _list(marketer, journey_id=str(collection))
    assert len(page["items"]) == 3
    assert page["next_cursor"] is None
    first = page["items"][0]
    assert first["journey_name"] == "payment-collection"
    assert (first["version"], first["status"], first["ended_reason"]) == (1, "active", None)
    [position] = first["at"]
    assert position["step"] == {
        "node_id": "wait-3-days",
        "label": "Wait 3 days",
        "node_kind": "flow.wait_duration",
    }
    assert position["since"] == T0.isoformat().replace("+00:00", "Z")
    assert position["waiting_for"] == {
        "kind": "timer",
        "due_at": (T0 + timedelta(days=3)).isoformat().replace("+00:00", "Z"),
    }
    assert _path(first) == [
        ("payment-missed", "next"),
        ("email-reminder", "next"),
        ("wait-3-days", None),
    ]
    assert first["path"][0]["step"]["label"] == "Payment missed"
    assert first["path_total"] == 3

    # Three days on: everyone waits for the payment; c-3 pays (the journey's goal event).
    clock.advance(days=3, seconds=1)
    await sweep(ctx)
    _, marketer = await signed_in("marketer")  # (sessions end after days)
    waiting = await _list(marketer, journey_id=str(collection), node_id="wait-payment")
    assert len(waiting["items"]) == 3
    event_wait = waiting["items"][0]["at"][0]
    assert event_wait["since"] == clock.now().isoformat().replace("+00:00", "Z")
    assert event_wait["waiting_for"] == {
        "kind": "event",
        "event_name": "payment.received",
        "timeout_at": (clock.now() + timedelta(days=3)).isoformat().replace("+00:00", "Z"),
    }
    await send(resources, clock, "payment.received", "c-3")
    await sweep(ctx)

    # Another three days: the others time out into a call job, which the worker creates.
    clock.advance(days=3, seconds=1)
    await sweep(ctx)
    _, marketer = await signed_in("marketer")
    called = await _list(marketer, journey_id=str(collection), version=1, node_id="call-customer")
    assert {item["contact"]["id"] for item in called["items"]} == {
        await _contact(resources, "c-1"),
        await _contact(resources, "c-2"),
    }
    job_wait = called["items"][0]["at"][0]["waiting_for"]
    assert job_wait["kind"] == "job"
    assert (job_wait["job_status"], job_wait["job_type"]) == ("new", "call_customer")
    assert job_wait["job_id"] is not None

    done = await _list(marketer, journey_id=str(collection), status="completed")
    [paid] = done["items"]
    assert paid["contact"]["id"] == await _contact(resources, "c-3")
    assert (paid["ended_reason"], paid["at"]) == ("goal_event:payment.received", [])
    assert _path(paid)[-1] == ("wait-payment", None)
    live = await _list(marketer, status=["active", "paused"])
    assert len(live["items"]) == 2

    # Per contact, and one enrollment by id with its whole path.
    mine = await _list(marketer, contact_id=await _contact(resources, "c-3"))
    assert [item["id"] for item in mine["items"]] == [paid["id"]]
    one = await marketer.get(f"{URL}/{paid['id']}")
    assert one.status_code == 200, one.text
    assert one.json()["path"] == paid["path"]
    assert (await marketer.get(f"{URL}/{uuid.uuid4()}")).status_code == 404


async def test_pages_are_cut_by_keyset_without_loss_or_repeats(
    resources: Resources,
    settings: Settings,
    clock: MutableClock,
    collection: uuid.UUID,
    signed_in: SignIn,
) -> None:
    ctx = worker_ctx(resources, settings, clock)
    for n in range(5):
        await send(resources, clock, "payment.missed", f"c-{n}")
        if n == 2:
            clock.advance(seconds=1)  # some share an entry time, some do not
    await sweep(ctx)
    _, marketer = await signed_in("marketer")

    seen: list[str] = []
    after: str | None = None
    while True:
        params: dict[str, Any] = {"journey_id": str(collection), "limit": 2}
        if after:
            params["after"] = after
        page = await _list(marketer, **params)
        seen += [item["id"] for item in page["items"]]
        after = page["next_cursor"]
        if after is None:
            break
    assert len(seen) == len(set(seen)) == 5
    # Without filters: every enrollment, newest first.
    entered = [item["entered_at"] for item in (await _list(marketer))["items"]]
    assert entered == sorted(entered, reverse=True)


async def test_a_bad_filter_is_a_problem_naming_it(
    resources: Resources, collection: uuid.UUID, signed_in: SignIn
) -> None:
    _, marketer = await signed_in("marketer")

    async def problem(expected: int, **params: Any) -> dict[str, Any]:
        response = await marketer.get(URL, params=params)
        assert response.status_code == expected, response.text
        assert response.headers["content-type"].startswith("application/problem+json")
        body: dict[str, Any] = response.json()
        return body

    assert (await problem(400, version=1))["errors"][0]["field"] == "version"
    assert (await problem(400, node_id="wait-payment"))["errors"][0]["field"] == "node_id"
    nowhere = await problem(400, journey_id=str(collection), node_id="nowhere")
    assert nowhere["errors"][0]["field"] == "node_id"
    assert "nowhere" in nowhere["detail"]
    assert (await problem(400, after="yesterday"))["errors"][0]["field"] == "after"
    assert "status" in (await problem(400, status="sleeping"))["detail"]
    assert "limit" in (await problem(400, limit=0))["detail"]
    assert "journey_id" in (await problem(404, journey_id=str(uuid.uuid4())))["detail"]
    assert "version" in (await problem(404, journey_id=str(collection), version=9))["detail"]
    assert "contact_id" in (await problem(404, contact_id=str(uuid.uuid4())))["detail"]


async def test_enrollments_need_journeys_and_contacts_read(
    client: AsyncTestClient[ASGIApp], collection: uuid.UUID, signed_in: SignIn
) -> None:
    assert (await client.get(URL)).status_code == 401
    _, warehouse = await signed_in("warehouse")  # jobs and contacts, no journeys
    assert (await warehouse.get(URL)).status_code == 403
    assert (await warehouse.get(f"{URL}/{uuid.uuid4()}")).status_code == 403


async def test_the_openapi_documents_every_answer_of_the_enrollments_api(
    client: AsyncTestClient[ASGIApp],
) -> None:
    paths = (await client.get("/api/docs/openapi.json")).json()["paths"]
    listing, one = paths[URL]["get"], paths[URL + "/{enrollment_id}"]["get"]
    export, waiting = paths[URL + "/export.csv"]["get"], paths[URL + "/waiting"]["get"]
    assert listing["operationId"] == "listEnrollments"
    assert one["operationId"] == "getEnrollment"
    assert export["operationId"] == "exportEnrollments"
    assert waiting["operationId"] == "countEnrollmentsWaiting"
    for operation in (listing, export, waiting):
        assert {"200", "400", "401", "403", "404"} <= set(operation["responses"])
    assert {"200", "401", "403", "404"} <= set(one["responses"])


def edge(source: str, handle: str, target: str) -> dict[str, str]:
    return {"id": f"{source}-{handle}", "source": source, "source_handle": handle, "target": target}


def _step(item: dict[str, Any], node_id: str, exit_taken: str | None) -> dict[str, Any]:
    return next(
        step
        for step in item["path"]
        if (step["step"]["node_id"], step["exit_taken"]) == (node_id, exit_taken)
    )


async def test_each_step_shows_what_it_saw_and_why_it_left(
    resources: Resources,
    settings: Settings,
    clock: MutableClock,
    collection: uuid.UUID,
    signed_in: SignIn,
) -> None:
    ctx = worker_ctx(resources, settings, clock)
    await send(resources, clock, "payment.missed", "c-1", amount=120)
    await sweep(ctx)
    clock.advance(days=3, seconds=1)
    await sweep(ctx)
    await send(resources, clock, "payment.received", "c-1")
    await sweep(ctx)
    _, marketer = await signed_in("marketer")

    [item] = (await _list(marketer, journey_id=str(collection)))["items"]
    mail = _step(item, "email-reminder", "next")
    assert mail["why"] == {"kind": "effect", "effect": "send_email", "key": mail["why"]["key"]}
    assert mail["sending"]["status"] == "sent"
    assert _step(item, "wait-3-days", None)["why"] == {
        "kind": "timer",
        "due_at": (T0 + timedelta(days=3)).isoformat().replace("+00:00", "Z"),
    }
    assert _step(item, "wait-3-days", "next")["why"]["kind"] == "timer"
    opened = _step(item, "opened", "no")["why"]
    assert opened["kind"] == "condition"
    group, rule = opened["checks"]
    assert (group["rule"], group["holds"]) == ("group", False)
    assert (rule["rule"], rule["subject"], rule["actual"], rule["holds"]) == (
        "opened_email",
        "emails opened (payment_reminder)",
        0,
        False,
    )
    sms = _step(item, "sms-reminder", "next")
    assert (sms["why"]["effect"], sms["sending"]["status"]) == ("send_sms", "sent")
    # c-1 paid: the journey's goal event ended it (no exit); the wait's own trace said
    # what it waited for.
    assert _step(item, "wait-payment", None)["why"]["event_name"] == "payment.received"
    assert item["ended_reason"] == "goal_event:payment.received"
    # The contact's timeline shows the same trace.
    contact = item["contact"]["id"]
    timeline = (await marketer.get(f"/api/v1/contacts/{contact}/timeline")).json()["items"]
    whys = [i["detail"].get("why") for i in timeline if i["kind"] == "journey_step"]
    assert opened in whys


async def test_an_awaited_event_names_itself_and_a_huge_value_is_stored_bounded(
    resources: Resources,
    settings: Settings,
    clock: MutableClock,
    standard_roles: None,
    signed_in: SignIn,
) -> None:
    rule = {"type": "event_property", "property": "note", "operator": "equals", "value": "vip"}
    journey = await publish(
        resources,
        "Notes",
        {
            "nodes": [
                node("trigger.event", "start", event_name="note.added"),
                node(
                    "flow.wait_for_event",
                    "reply",
                    event_name="note.replied",
                    timeout={"amount": 1, "unit": "days"},
                ),
                node("flow.condition", "vip", condition={"type": "group", "rules": [rule]}),
                node("flow.end", "end"),
            ],
            "edges": [
                edge("start", "next", "reply"),
                edge("reply", "received", "vip"),
                edge("reply", "timeout", "end"),
                edge("vip", "yes", "end"),
                edge("vip", "no", "end"),
            ],
        },
    )
    ctx = worker_ctx(resources, settings, clock)
    await send(resources, clock, "note.added", "c-1")
    await sweep(ctx)
    replied = await send(resources, clock, "note.replied", "c-1", note="n" * 60_000)
    await sweep(ctx)
    _, marketer = await signed_in("marketer")

    [item] = (await _list(marketer, journey_id=str(journey)))["items"]
    assert _step(item, "reply", "received")["why"]["event_id"] == replied
    why = _step(item, "vip", "no")["why"]
    assert why["clipped"] is True
    assert why["checks"][1]["actual"] == "n" * traces.MAX_TEXT + "…"
    async with resources.sessions() as db:
        details = list(await db.scalars(select(JourneyStep.detail)))
    assert max(len(msgspec.json.encode(d.get("why"))) for d in details) <= traces.MAX_TRACE_BYTES


async def _publish_v2(resources: Resources, journey_id: uuid.UUID, label: str) -> None:
    """Version 2: version 1 with the wait step relabelled."""
    author = await create_user(resources, role="marketer")
    async with resources.sessions.begin() as db:
        v1 = await db.get(JourneyVersion, (journey_id, 1))
        assert v1 is not None
        definition = dict(v1.definition)
        definition["nodes"] = [
            {**n, "label": label} if n["id"] == "wait-3-days" else n for n in definition["nodes"]
        ]
        db.add(
            JourneyVersion(
                journey_id=journey_id,
                version=2,
                definition=definition,
                published_at=T0,
                published_by=author.id,
            )
        )
        journey = await db.get(Journey, journey_id)
        assert journey is not None
        journey.published_version = 2


async def test_who_is_at_a_step_per_version_searchable_and_as_csv(
    resources: Resources,
    settings: Settings,
    clock: MutableClock,
    collection: uuid.UUID,
    signed_in: SignIn,
) -> None:
    ctx = worker_ctx(resources, settings, clock)
    for name in ("c-1", "c-2"):
        await send(resources, clock, "payment.missed", name)
    await sweep(ctx)
    await _publish_v2(resources, collection, "Wait three days")
    await send(resources, clock, "payment.missed", "c-3")
    await sweep(ctx)
    _, marketer = await signed_in("marketer")

    counts = (await marketer.get(f"{URL}/waiting", params={"journey_id": str(collection)})).json()
    assert counts == [
        {
            "version": None,
            "total": 3,
            "steps": [{"node_id": "wait-3-days", "label": "Wait three days", "waiting": 3}],
        },
        {
            "version": 1,
            "total": 2,
            "steps": [{"node_id": "wait-3-days", "label": "Wait 3 days", "waiting": 2}],
        },
        {
            "version": 2,
            "total": 1,
            "steps": [{"node_id": "wait-3-days", "label": "Wait three days", "waiting": 1}],
        },
    ]
    at_v2 = await _list(marketer, journey_id=str(collection), version=2, node_id="wait-3-days")
    [newcomer] = at_v2["items"]
    assert newcomer["contact"]["id"] == await _contact(resources, "c-3")
    assert newcomer["at"][0]["step"]["label"] == "Wait three days"

    found = await _list(marketer, journey_id=str(collection), node_id="wait-3-days", q="C-2")
    assert [i["contact"]["id"] for i in found["items"]] == [await _contact(resources, "c-2")]

    export = await marketer.get(
        f"{URL}/export.csv", params={"journey_id": str(collection), "node_id": "wait-3-days"}
    )
    assert export.status_code == 200, export.text
    assert export.headers["content-type"].startswith("text/csv")
    assert 'filename="enrollments-wait-3-days.csv"' in export.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(export.text)))
    assert len(rows) == 3
    assert {row["version"] for row in rows} == {"1", "2"}
    assert {row["waiting_for"] for row in rows} == {"timer"}
    assert {row["due_at"] for row in rows} == {(T0 + timedelta(days=3)).isoformat()}
    bad = await marketer.get(f"{URL}/export.csv", params={"node_id": "wait-3-days"})
    assert bad.status_code == 400
    assert bad.json()["errors"][0]["field"] == "node_id"
    assert (await marketer.get(f"{URL}/waiting")).status_code == 400
    missing = await marketer.get(f"{URL}/waiting", params={"journey_id": str(uuid.uuid4())})
    assert missing.status_code == 404
