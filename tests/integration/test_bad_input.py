"""Input no column can hold is a 400 problem that names the field, never a 500: NUL
characters anywhere, integers past a column's range in paths, queries and bodies, JSON
nested too deep, and a PUT that leaves a field out."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import httpx
import pytest
from litestar.testing import AsyncTestClient
from litestar.types import ASGIApp

from app.lib.input_guard import MAX_JSON_DEPTH
from app.resources import Resources
from tests.fixtures import SignedIn
from tests.support.accounts import SHOP, MutableClock, create_api_key, create_user
from tests.support.jobs import JOBS, s1_order

pytestmark = pytest.mark.usefixtures("standard_roles")
SignIn = Callable[..., Awaitable[SignedIn]]
HUGE = 1180591620717411303424  # 2**70


def named(response: httpx.Response, field: str) -> dict[str, Any]:
    """The answer is a 400 problem whose errors name `field`."""
    assert response.status_code == 400, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    problem: dict[str, Any] = response.json()
    assert field in [e["field"] for e in problem["errors"]], problem
    assert field in problem["detail"]
    return problem


async def _public_key(resources: Resources) -> str:
    owner = await create_user(resources, role="super_user")
    return await create_api_key(resources, created_by=owner.id, kind="public_write")


async def test_a_nul_in_a_tracked_event_is_refused_with_cors_headers(
    client: AsyncTestClient[ASGIApp], resources: Resources
) -> None:
    key = await _public_key(resources)
    response = await client.post(
        "/api/v1/track",
        json={"name": "page.viewed", "contact": {"anonymous_id": "a\u0000"}},
        headers={"Authorization": f"Bearer {key}", "Origin": SHOP},
    )
    problem = named(response, "contact.anonymous_id")
    assert "NUL" in problem["detail"]
    # The website's script can read why (the refusal carries /track's CORS headers).
    assert response.headers["access-control-allow-origin"] == SHOP


async def test_a_nul_in_a_key_or_deep_in_properties_is_named(
    client: AsyncTestClient[ASGIApp], resources: Resources
) -> None:
    key = await _public_key(resources)
    auth = {"Authorization": f"Bearer {key}", "Origin": SHOP}
    deep = {"name": "x", "contact": {"anonymous_id": "v"}, "properties": {"a": [{"b\u0000": 1}]}}
    named(await client.post("/api/v1/track", json=deep, headers=auth), "properties.a[0].b\\u0000")


async def test_json_nested_a_thousand_deep_is_refused(
    client: AsyncTestClient[ASGIApp], resources: Resources
) -> None:
    key = await _public_key(resources)
    body = '{"name":"x","contact":{"anonymous_id":"v"},"properties":{"a":' + "[" * 1000
    body += "]" * 1000 + "}}"
    response = await client.post(
        "/api/v1/track",
        content=body,
        headers={
            "Authorization": f"Bearer {key}",
            "Content-Type": "application/json",
            "Origin": SHOP,
        },
    )
    assert "levels deep" in named(response, "body")["detail"]


async def test_json_past_the_depth_limit_names_where(
    client: AsyncTestClient[ASGIApp], resources: Resources
) -> None:
    key = await _public_key(resources)
    nested: Any = "leaf"
    for _ in range(MAX_JSON_DEPTH + 5):
        nested = [nested]
    response = await client.post(
        "/api/v1/track",
        json={"name": "x", "contact": {"anonymous_id": "v"}, "properties": {"deep": nested}},
        headers={"Authorization": f"Bearer {key}", "Origin": SHOP},
    )
    assert response.status_code == 400
    field = response.json()["errors"][0]["field"]
    assert field.startswith("properties.deep[0][0]")
    # Just under the limit is fine.
    nested = "leaf"
    for _ in range(MAX_JSON_DEPTH - 3):
        nested = [nested]
    fine = await client.post(
        "/api/v1/track",
        json={"name": "x", "contact": {"anonymous_id": "v"}, "properties": {"deep": nested}},
        headers={"Authorization": f"Bearer {key}", "Origin": SHOP},
    )
    assert fine.status_code == 202, fine.text


async def test_a_nul_in_a_job_note_is_refused(
    resources: Resources, clock: MutableClock, signed_in: SignIn
) -> None:
    job = await s1_order(resources, clock)
    _, staff = await signed_in("administration")
    response = await staff.post(f"{JOBS}/{job.id}/notes", json={"body": "call\u0000back"})
    named(response, "body")
    notes = await staff.get(f"{JOBS}/{job.id}/notes")
    assert notes.status_code == 200
    assert notes.json() == []


async def test_a_nul_in_a_search_is_refused(signed_in: SignIn) -> None:
    _, staff = await signed_in("super_user")
    named(await staff.get("/api/v1/contacts", params={"q": "ada\u0000"}), "q")
    named(await staff.get("/api/v1/admin/users", params={"role": "x\u0000"}), "role")


async def test_a_nul_in_a_path_is_refused(signed_in: SignIn) -> None:
    _, staff = await signed_in("super_user")
    named(await staff.get("/api/v1/job-types/a%00b"), "name")


async def test_a_nul_in_a_form_is_refused(client: AsyncTestClient[ASGIApp]) -> None:
    response = await client.post(
        "/api/v1/channels/sms/inbound",
        content="From=%2B4477&Body=hi%00there&To=Waymark",
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    named(response, "Body")


@pytest.mark.parametrize(
    ("url", "field"),
    [
        (f"/api/v1/events/{HUGE}", "event_id"),
        (f"/api/v1/events?before={HUGE}", "before"),
        (f"/api/v1/notifications?before={HUGE}", "before"),
        (f"/api/v1/messages/{HUGE}", "outbox_id"),
        (f"/api/v1/letters/{HUGE}/pdf", "letter_id"),
        (f"/api/v1/contacts?score_min={2**31}", "score_min"),
        # A version is an integer column: past 2**31 - 1 is as bad as past 2**63.
        ("/api/v1/journeys/730a9196-451a-4fc8-92fe-5705d4473708/versions/3803024438", "version"),
    ],
)
async def test_numbers_past_their_column_are_refused(
    signed_in: SignIn, url: str, field: str
) -> None:
    _, staff = await signed_in("super_user")
    named(await staff.get(url), field)


async def test_an_enrollments_version_past_its_column_is_refused(signed_in: SignIn) -> None:
    _, admin = await signed_in("super_user")
    created = await admin.post("/api/v1/journeys", json={"name": "Versions"})
    assert created.status_code == 201, created.text
    query = {"journey_id": created.json()["id"], "version": str(2**40)}
    named(await admin.get("/api/v1/enrollments", params=query), "version")
    named(await admin.get("/api/v1/enrollments/export.csv", params=query), "version")


async def test_portal_ids_past_64_bits_are_refused(signed_in: SignIn) -> None:
    _, customer = await signed_in("customer")
    named(await customer.get(f"/api/v1/portal/documents/{HUGE}/pdf"), "document_id")
    named(await customer.post(f"/api/v1/portal/messages/{HUGE}/read"), "message_id")


async def test_an_integer_past_64_bits_in_a_body_is_refused(
    client: AsyncTestClient[ASGIApp], resources: Resources
) -> None:
    key = await _public_key(resources)
    response = await client.post(
        "/api/v1/track",
        json={"name": "x", "contact": {"anonymous_id": "v"}, "properties": {"n": HUGE}},
        headers={"Authorization": f"Bearer {key}", "Origin": SHOP},
    )
    named(response, "properties.n")


async def test_the_test_clock_refuses_offsets_it_cannot_hold(signed_in: SignIn) -> None:
    _, supervisor = await signed_in("super_user")
    response = await supervisor.post(
        "/api/v1/test/clock", json={"offset_seconds": -2.9420705982953064e16}
    )
    named(response, "offset_seconds")


# Past an integer column (2**31 - 1) but inside 64 bits: only the body's own bounds stop it.
PAST_INT = 2**40


async def test_a_journey_revision_past_its_column_is_refused(signed_in: SignIn) -> None:
    _, marketer = await signed_in("marketer")
    created = await marketer.post("/api/v1/journeys", json={"name": "Bounds"})
    assert created.status_code == 201, created.text
    journey = created.json()
    url = f"/api/v1/journeys/{journey['id']}"
    draft = {"revision": PAST_INT, "definition": journey["definition"], "name": "Bounds"}
    named(await marketer.put(f"{url}/draft", json=draft), "revision")
    named(await marketer.post(f"{url}/publish", json={"revision": PAST_INT}), "revision")


@pytest.mark.parametrize(
    ("action", "body"),
    [
        ("PATCH", {"priority": "high"}),
        ("assign", {"assignee_id": None}),
        ("unclaim", {}),
        ("complete", {"outcome": "done", "data": {}}),
        ("cancel", {"reason": "no"}),
    ],
)
async def test_a_job_version_past_its_column_is_refused(
    resources: Resources, clock: MutableClock, signed_in: SignIn, action: str, body: dict[str, Any]
) -> None:
    job = await s1_order(resources, clock)
    _, supervisor = await signed_in("super_user")
    sent = {**body, "version": PAST_INT}
    if action == "PATCH":
        response = await supervisor.request("PATCH", f"{JOBS}/{job.id}", json=sent)
    else:
        response = await supervisor.post(f"{JOBS}/{job.id}/{action}", json=sent)
    named(response, "version")


@pytest.mark.parametrize(
    "rule",
    [
        {"type": "opened_email", "within_days": PAST_INT},
        {"type": "clicked_link", "within_days": PAST_INT},
        {"type": "received_emails", "comparison": "at_least", "count": 1, "within_days": PAST_INT},
        {
            "type": "contact_field",
            "field": "created_at",
            "operator": "within_last_days",
            "value": PAST_INT,
        },
    ],
)
async def test_days_in_a_segment_past_a_hundred_years_are_refused(
    signed_in: SignIn, rule: dict[str, Any]
) -> None:
    _, marketer = await signed_in("marketer")
    condition = {"type": "group", "rules": [rule]}
    response = await marketer.post("/api/v1/segments/preview", json={"condition": condition})
    assert response.status_code == 400, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    [error] = response.json()["errors"]
    assert error["field"] in {"condition.rules[0].within_days", "condition.rules[0].value"}
    assert "36500" in error["message"]


async def test_a_test_run_of_a_version_past_its_column_is_refused(signed_in: SignIn) -> None:
    _, marketer = await signed_in("marketer")
    created = await marketer.post("/api/v1/journeys", json={"name": "Trial"})
    assert created.status_code == 201, created.text
    body = {"contact": {"type": "made_up"}, "version": PAST_INT}
    url = f"/api/v1/journeys/{created.json()['id']}/test-runs"
    named(await marketer.post(url, json=body), "version")
