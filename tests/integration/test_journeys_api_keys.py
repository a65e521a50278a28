"""Journeys kept as code: a server API key with journeys scopes creates, saves, validates
and publishes a journey (docs/journeys-api.md, "Journeys as code"), on behalf of the
person who made the key, and the audit log names the key."""

from __future__ import annotations

from typing import Any

import pytest
from litestar.testing import AsyncTestClient
from litestar.types import ASGIApp
from sqlalchemy import select

from app.auth.models import AuditEntry
from app.demo.journeys import seed_catalog
from app.resources import Resources
from tests.fixtures import SignedIn
from tests.support.accounts import Browser

URL = "/api/v1/journeys"


def _definition(template: str = "welcome") -> dict[str, Any]:
    def node(kind: str, node_id: str, config: dict[str, Any]) -> dict[str, Any]:
        position = {"x": 0, "y": 0}
        return {"kind": kind, "id": node_id, "label": node_id, "position": position, **config}

    return {
        "nodes": [
            node("trigger.manual", "start", {"config": {}}),
            node("action.send_email", "mail", {"config": {"template": template}}),
            node("flow.end", "end", {"config": {}}),
        ],
        "edges": [
            {"id": "e1", "source": "start", "source_handle": "next", "target": "mail"},
            {"id": "e2", "source": "mail", "source_handle": "next", "target": "end"},
        ],
    }


async def _key(admin: Browser, scopes: list[str]) -> dict[str, Any]:
    response = await admin.post(
        "/api/v1/admin/api-keys", json={"name": "CI", "kind": "server", "scopes": scopes}
    )
    assert response.status_code == 201, response.text
    created: dict[str, Any] = response.json()
    return created


@pytest.fixture
async def catalog(resources: Resources, standard_roles: None) -> None:
    async with resources.sessions.begin() as db:
        await seed_catalog(db)


async def test_a_server_key_keeps_a_journey_as_code_and_publishes_it(
    client: AsyncTestClient[ASGIApp], super_user: SignedIn, resources: Resources, catalog: None
) -> None:
    account, admin = super_user
    created_key = await _key(admin, ["journeys:read", "journeys:write", "journeys:publish"])
    auth = {"Authorization": f"Bearer {created_key['key']}"}
    prefix = created_key["api_key"]["prefix"]

    made = await client.post(URL, json={"name": "Welcome (from CI)"}, headers=auth)
    assert made.status_code == 201, made.text
    journey = made.json()
    assert journey["updated_by"]["id"] == str(account.id)

    checked = await client.post(
        f"{URL}/{journey['id']}/validate",
        json={"definition": _definition("no-such-template")},
        headers=auth,
    )
    assert checked.status_code == 200, checked.text
    assert [p["code"] for p in checked.json()["problems"]] == ["unknown_email_template"]

    saved = await client.put(
        f"{URL}/{journey['id']}/draft",
        json={"revision": journey["draft_revision"], "definition": _definition()},
        headers=auth,
    )
    assert saved.status_code == 200, saved.text
    assert saved.json()["problems"] == []

    published = await client.post(
        f"{URL}/{journey['id']}/publish", json={"revision": 2, "note": "CI run 7"}, headers=auth
    )
    assert published.status_code == 200, published.text
    assert published.json()["published_by"]["id"] == str(account.id)
    listed = await client.get(URL, headers=auth)
    assert [j["status"] for j in listed.json()["items"]] == ["active"]

    async with resources.sessions() as db:
        entries = list(
            await db.scalars(
                select(AuditEntry)
                .where(AuditEntry.target_type == "journey", AuditEntry.target_id == journey["id"])
                .order_by(AuditEntry.id)
            )
        )
    assert [e.action for e in entries] == [
        "journey.created",
        "journey.draft_saved",
        "journey.published",
    ]
    assert {e.actor_id for e in entries} == {account.id}
    assert all(e.changes["api_key"] == {"from": None, "to": prefix} for e in entries)


async def test_a_key_does_only_what_its_journeys_scopes_allow(
    client: AsyncTestClient[ASGIApp], super_user: SignedIn, catalog: None
) -> None:
    _, admin = super_user
    reader = {"Authorization": f"Bearer {(await _key(admin, ['journeys:read']))['key']}"}
    assert (await client.get(URL, headers=reader)).status_code == 200
    refused = await client.post(URL, json={"name": "Nope"}, headers=reader)
    assert refused.status_code == 403
    assert "journeys:write" in refused.json()["detail"]

    writer = {"Authorization": f"Bearer {(await _key(admin, ['journeys:write']))['key']}"}
    journey = (await client.post(URL, json={"name": "Draft"}, headers=writer)).json()
    not_published = await client.post(
        f"{URL}/{journey['id']}/publish", json={"revision": 1}, headers=writer
    )
    assert not_published.status_code == 403
    assert "journeys:publish" in not_published.json()["detail"]
