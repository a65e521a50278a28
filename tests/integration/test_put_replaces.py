"""A PUT replaces what it names, so it must be sent whole: a left-out field is a 400 that
names it and changes nothing, never a silent reset to a default. Partial changes are
PATCHes (a scoring rule: only the fields sent change)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import pytest

from app.resources import Resources
from tests.fixtures import SignedIn
from tests.support.accounts import Browser
from tests.support.jobs import catalog

pytestmark = pytest.mark.usefixtures("standard_roles")
SignIn = Callable[..., Awaitable[SignedIn]]

TEMPLATE = {
    "name": "welcome",
    "label": "Welcome",
    "channel": "email",
    "subject": "Hello",
    "body_html": "<p>Hi {{ contact.first_name }}</p>",
    "body_text": "Hi {{ contact.first_name }}",
}
JOB_TYPE = {
    "name": "check_stock",
    "label": "Check stock",
    "queue": "warehouse",
    "guidance": "Count the shelf.",
    "form_schema": {"type": "object", "properties": {"count": {"type": "integer"}}},
    "ui_schema": {"count": {"ui:autofocus": True}},
    "outcomes": ["in_stock", "out_of_stock"],
    "default_due_minutes": 60,
    "priority": "high",
}


def without(body: dict[str, Any], field: str) -> dict[str, Any]:
    return {k: v for k, v in body.items() if k != field}


async def _refused_whole(browser: Browser, url: str, body: dict[str, Any], field: str) -> None:
    before = (await browser.get(url)).json()
    response = await browser.put(url, json=without(body, field))
    assert response.status_code == 400, response.text
    assert [e["field"] for e in response.json()["errors"]] == [field]
    assert f"`{field}`" in response.json()["detail"]
    assert (await browser.get(url)).json() == before


@pytest.mark.parametrize("field", ["subject", "body_html", "body_text"])
async def test_a_template_put_without_a_text_keeps_the_text(signed_in: SignIn, field: str) -> None:
    _, marketer = await signed_in("marketer")
    created = (await marketer.post("/api/v1/templates", json=TEMPLATE)).json()
    url = f"/api/v1/templates/{created['id']}"
    await _refused_whole(marketer, url, {**TEMPLATE, "label": "Changed"}, field)
    # Sent whole, it saves.
    whole = await marketer.put(url, json={**TEMPLATE, "label": "Changed"})
    assert whole.status_code == 200, whole.text
    assert (whole.json()["label"], whole.json()[field]) == ("Changed", TEMPLATE[field])


@pytest.mark.parametrize(
    "field", ["guidance", "form_schema", "ui_schema", "default_due_minutes", "priority"]
)
async def test_a_job_type_put_without_a_field_keeps_it(
    resources: Resources, signed_in: SignIn, field: str
) -> None:
    await catalog(resources)
    _, admin = await signed_in("super_user")
    assert (await admin.post("/api/v1/job-types", json=JOB_TYPE)).status_code == 201
    url = "/api/v1/job-types/check_stock"
    await _refused_whole(admin, url, {**without(JOB_TYPE, "name"), "version": 1}, field)


async def test_a_role_put_without_its_queue_keeps_the_queue(signed_in: SignIn) -> None:
    _, admin = await signed_in("super_user")
    role = {
        "name": "returns",
        "label": "Returns desk",
        "permissions": ["jobs:work"],
        "queue": "returns",
        "dashboard": "/dashboards/returns",
    }
    assert (await admin.post("/api/v1/admin/roles", json=role)).status_code == 201
    whole = await admin.put("/api/v1/admin/roles/returns", json=without(role, "name"))
    assert whole.status_code == 200, whole.text
    left_out = await admin.put(
        "/api/v1/admin/roles/returns", json=without(without(role, "name"), "queue")
    )
    assert left_out.status_code == 400
    assert left_out.json()["errors"][0]["field"] == "queue"
    roles = {r["name"]: r for r in (await admin.get("/api/v1/admin/roles")).json()}
    assert roles["returns"]["queue"] == "returns"


async def test_a_roles_put_without_secondary_roles_keeps_them(signed_in: SignIn) -> None:
    _, admin = await signed_in("super_user")
    target, _ = await signed_in("sales", secondary=["warehouse"])
    url = f"/api/v1/admin/users/{target.id}"
    before = (await admin.get(url)).json()
    response = await admin.put(f"{url}/roles", json={"primary_role": "finance"})
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "secondary_roles"
    assert (await admin.get(url)).json() == before
    assert before["secondary_roles"] == ["warehouse"]


async def test_a_saved_filter_put_without_sharing_keeps_it_shared(signed_in: SignIn) -> None:
    _, supervisor = await signed_in("supervisor")
    body = {"name": "Urgent", "filters": {"priority": ["urgent"]}, "queue": None, "shared": True}
    created = await supervisor.post("/api/v1/jobs/filters", json=body)
    assert created.status_code == 201, created.text
    url = f"/api/v1/jobs/filters/{created.json()['id']}"
    response = await supervisor.put(url, json=without({**body, "name": "Renamed"}, "shared"))
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "shared"
    listed = (await supervisor.get("/api/v1/jobs/filters")).json()
    assert [(f["name"], f["shared"]) for f in listed] == [("Urgent", True)]


async def test_a_scoring_rule_is_changed_by_patch_and_keeps_what_was_not_sent(
    signed_in: SignIn,
) -> None:
    _, marketer = await signed_in("marketer")
    rule = {"name": "Clicks", "event_name": "email.clicked", "points": 5}
    created = (await marketer.post("/api/v1/scoring/rules", json=rule)).json()
    url = f"/api/v1/scoring/rules/{created['id']}"
    assert (await marketer.put(url, json={"points": 7})).status_code == 405
    changed = await marketer.request("PATCH", url, json={"points": 7})
    assert changed.status_code == 200, changed.text
    assert (changed.json()["name"], changed.json()["points"]) == ("Clicks", 7)
