"""API keys: shown once, stored hashed, scoped, revocable; public keys only track."""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from litestar.testing import AsyncTestClient
from litestar.types import ASGIApp
from sqlalchemy import func, select

from app.auth.models import ApiKey, AuditEntry
from app.auth.permissions import Permission
from app.resources import Resources
from tests.fixtures import SignedIn
from tests.support.accounts import Browser, MutableClock, create_role

pytestmark = pytest.mark.usefixtures("standard_roles")

SignIn = Callable[..., Awaitable[SignedIn]]
EVENT = {"name": "order.placed", "contact": {"email": "buyer@example.test"}}


async def create_key(
    admin: Browser, kind: str = "server", scopes: list[str] | None = None, **more: Any
) -> dict[str, Any]:
    response = await admin.post(
        "/api/v1/admin/api-keys",
        json={"name": f"{kind} key", "kind": kind, "scopes": scopes or [], **more},
    )
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


def bearer(key: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {key}"}


async def test_a_key_is_shown_once_and_stored_only_as_a_hash(
    resources: Resources, super_user: SignedIn
) -> None:
    account, admin = super_user
    created = await create_key(admin, scopes=["events:write"])
    key = created["key"]
    assert key.startswith("wm_sk_")
    assert len(key) > 40
    api_key = created["api_key"]
    assert key.startswith(api_key["prefix"])
    assert api_key["created_by"] == account.email
    assert api_key["scopes"] == ["events:write"]
    assert api_key["revoked_at"] is None

    listed = await admin.get("/api/v1/admin/api-keys")
    assert listed.status_code == 200
    assert key not in listed.text
    assert [k["id"] for k in listed.json()] == [api_key["id"]]
    async with resources.sessions() as db:
        stored = await db.scalar(select(ApiKey))
        assert stored is not None
        assert stored.secret_hash == hashlib.sha256(key.encode()).hexdigest()
        entry = await db.scalar(select(AuditEntry).order_by(AuditEntry.id.desc()))
        assert entry is not None
        assert entry.action == "api_key.created"
        assert key not in str(entry.changes)


async def test_a_server_key_sends_events_until_revoked(
    client: AsyncTestClient[ASGIApp], super_user: SignedIn
) -> None:
    _, admin = super_user
    created = await create_key(admin, scopes=["events:write"])
    sent = await client.post("/api/v1/events", json=EVENT, headers=bearer(created["key"]))
    assert sent.status_code == 202
    listed = (await admin.get("/api/v1/admin/api-keys")).json()
    assert listed[0]["last_used_at"] is not None

    revoked = await admin.post(f"/api/v1/admin/api-keys/{created['api_key']['id']}/revoke")
    assert revoked.status_code == 200
    assert revoked.json()["revoked_at"] is not None
    refused = await client.post("/api/v1/events", json=EVENT, headers=bearer(created["key"]))
    assert refused.status_code == 401
    assert "revoked" in refused.json()["detail"]


async def test_a_key_can_only_do_what_its_scopes_allow(
    client: AsyncTestClient[ASGIApp], super_user: SignedIn
) -> None:
    _, admin = super_user
    reader = await create_key(admin, scopes=["contacts:read"])
    response = await client.post("/api/v1/events", json=EVENT, headers=bearer(reader["key"]))
    assert response.status_code == 403
    assert "events:write" in response.json()["detail"]
    admin_call = await client.get("/api/v1/admin/users", headers=bearer(reader["key"]))
    assert admin_call.status_code == 403
    me = await client.get("/api/v1/auth/me", headers=bearer(reader["key"]))
    assert me.status_code == 403


async def test_a_public_key_only_tracks(
    client: AsyncTestClient[ASGIApp], super_user: SignedIn
) -> None:
    _, admin = super_user
    public = await create_key(admin, kind="public_write", allowed_origins=["https://Shop.Example/"])
    key = public["key"]
    assert key.startswith("wm_pk_")
    assert public["api_key"]["scopes"] == ["events:write"]
    assert public["api_key"]["allowed_origins"] == ["https://shop.example"]
    tracked = await client.post(
        "/api/v1/track",
        json={"name": "page.viewed", "contact": {"anonymous_id": "v-1"}},
        headers={**bearer(key), "Origin": "https://shop.example"},
    )
    assert tracked.status_code == 202
    for method, url in (
        ("POST", "/api/v1/events"),
        ("GET", "/api/v1/admin/users"),
        ("GET", "/api/v1/admin/api-keys"),
        ("GET", "/api/v1/auth/me"),
    ):
        response = await client.request(method, url, json=EVENT, headers=bearer(key))
        assert response.status_code == 403, (method, url)
        assert "only send tracking events" in response.json()["detail"]


async def test_every_public_key_reports_the_one_scope_it_has(
    resources: Resources, super_user: SignedIn, clock: MutableClock
) -> None:
    """The demo's key (and keys made before keys stored it) has no stored scopes; what a
    public key may do is fixed, so it is always reported as `events:write`."""
    account, admin = super_user
    async with resources.sessions.begin() as db:
        db.add(
            ApiKey(
                name="Demo website (track.js)",
                kind="public_write",
                prefix="wm_pk_demo-web",
                secret_hash=hashlib.sha256(b"wm_pk_demo").hexdigest(),
                scopes=[],
                created_by=account.id,
                created_at=clock.now(),
            )
        )
    [demo] = (await admin.get("/api/v1/admin/api-keys")).json()
    assert demo["kind"] == "public_write"
    assert demo["scopes"] == ["events:write"]


async def test_a_server_key_is_refused_by_track(
    client: AsyncTestClient[ASGIApp], super_user: SignedIn
) -> None:
    _, admin = super_user
    server = await create_key(admin, scopes=["events:write"])
    response = await client.post(
        "/api/v1/track",
        json=EVENT,
        headers={**bearer(server["key"]), "Origin": "https://shop.example"},
    )
    assert response.status_code == 403


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"kind": "server", "scopes": []}, "at least one scope"),
        ({"kind": "server", "scopes": ["accounts:manage"]}, "stay with people"),
        ({"kind": "server", "scopes": ["keys:manage"]}, "stay with people"),
        ({"kind": "server", "scopes": ["portal:self"]}, "stay with people"),
        ({"kind": "public_write", "scopes": ["contacts:read"]}, "only send tracking"),
        ({"kind": "server", "scopes": ["wizardry"]}, "scopes"),
        ({"kind": "root", "scopes": ["events:write"]}, "kind"),
        (
            {
                "kind": "server",
                "scopes": ["events:write"],
                "allowed_origins": ["https://a.example"],
            },
            "takes no websites",
        ),
        ({"kind": "public_write", "allowed_origins": ["https://a.example/page"]}, "more than"),
        ({"kind": "public_write", "allowed_origins": ["shop.example"]}, "https://"),
        ({"kind": "public_write", "allowed_origins": ["https://*.example"]}, "subdomains"),
    ],
)
async def test_bad_key_requests_are_refused_and_change_nothing(
    resources: Resources, super_user: SignedIn, body: dict[str, Any], message: str
) -> None:
    _, admin = super_user
    response = await admin.post("/api/v1/admin/api-keys", json={"name": "k", **body})
    assert response.status_code == 400, response.text
    assert message in response.json()["detail"]
    async with resources.sessions() as db:
        assert await db.scalar(select(func.count()).select_from(ApiKey)) == 0


async def test_a_key_manager_cannot_grant_more_than_they_hold(
    resources: Resources, signed_in: SignIn
) -> None:
    await create_role(resources, "key_keeper", [Permission.KEYS_MANAGE, Permission.EVENTS_WRITE])
    _, keeper = await signed_in("key_keeper")
    allowed = await keeper.post(
        "/api/v1/admin/api-keys", json={"name": "k", "kind": "server", "scopes": ["events:write"]}
    )
    assert allowed.status_code == 201
    beyond = await keeper.post(
        "/api/v1/admin/api-keys", json={"name": "k", "kind": "server", "scopes": ["contacts:read"]}
    )
    assert beyond.status_code == 400
    assert "you lack contacts:read" in beyond.json()["detail"]
    # keys:manage alone does not open the user admin.
    assert (await keeper.get("/api/v1/admin/users")).status_code == 403


async def test_revoking_is_audited_once(resources: Resources, super_user: SignedIn) -> None:
    _, admin = super_user
    created = await create_key(admin, scopes=["events:write"])
    url = f"/api/v1/admin/api-keys/{created['api_key']['id']}/revoke"
    first = await admin.post(url)
    again = await admin.post(url)
    assert first.json()["revoked_at"] == again.json()["revoked_at"]
    async with resources.sessions() as db:
        actions = list(
            await db.scalars(select(AuditEntry.action).where(AuditEntry.target_type == "api_key"))
        )
    assert actions == ["api_key.created", "api_key.revoked"]
    missing = await admin.post("/api/v1/admin/api-keys/00000000-0000-0000-0000-000000000000/revoke")
    assert missing.status_code == 404


@pytest.mark.parametrize(
    "authorization",
    ["Bearer wm_sk_not-a-real-key", "Bearer something-else", "Basic dXNlcjpwYXNz", "Bearer "],
)
async def test_unknown_or_malformed_credentials_are_401(
    client: AsyncTestClient[ASGIApp], authorization: str
) -> None:
    response = await client.post(
        "/api/v1/events", json=EVENT, headers={"Authorization": authorization}
    )
    assert response.status_code == 401


async def test_a_public_keys_websites_and_identity_secret_are_set_shown_once_and_audited(
    resources: Resources, client: AsyncTestClient[ASGIApp], super_user: SignedIn
) -> None:
    _, admin = super_user
    created = await create_key(admin, kind="public_write", allowed_origins=["https://shop.example"])
    secret = created["identity_secret"]
    assert secret.startswith("wm_is_")
    key_id = created["api_key"]["id"]
    assert created["api_key"]["identity_secret_set_at"] is not None
    listed = await admin.get("/api/v1/admin/api-keys")
    assert secret not in listed.text
    assert listed.json()[0]["allowed_origins"] == ["https://shop.example"]

    async def track(origin: str, user_hash: str) -> Any:
        return await client.post(
            "/api/v1/track",
            json={
                "name": "page.viewed",
                "contact": {"external_id": "cust-1", "user_hash": user_hash, "anonymous_id": "v"},
            },
            headers={**bearer(created["key"]), "Origin": origin},
        )

    old_hash = hmac.new(secret.encode(), b"cust-1", hashlib.sha256).hexdigest()
    assert "warnings" not in (await track("https://shop.example", old_hash)).json()
    assert (await track("https://www.shop.example", old_hash)).status_code == 403

    url = f"/api/v1/admin/api-keys/{key_id}"
    bad = await admin.put(
        f"{url}/allowed-origins",
        json={"allowed_origins": ["https://shop.example", "javascript:alert(1)"]},
    )
    assert bad.status_code == 400
    assert bad.json()["errors"][0]["field"] == "allowed_origins[1]"
    changed = await admin.put(
        f"{url}/allowed-origins",
        json={"allowed_origins": ["https://shop.example", "HTTPS://*.Shop.Example:443"]},
    )
    assert changed.status_code == 200, changed.text
    assert changed.json()["allowed_origins"] == ["https://shop.example", "https://*.shop.example"]
    assert (await track("https://www.shop.example", old_hash)).status_code == 202

    rotated = await admin.post(f"{url}/identity-secret")
    assert rotated.status_code == 200
    new_secret = rotated.json()["identity_secret"]
    assert new_secret != secret
    # Hashes made with the old secret stop working at once; the new one's work.
    stale = await track("https://shop.example", old_hash)
    assert "does not match" in stale.json()["warnings"][0]["message"]
    new_hash = hmac.new(new_secret.encode(), b"cust-1", hashlib.sha256).hexdigest()
    assert "warnings" not in (await track("https://shop.example", new_hash)).json()
    assert new_secret not in (await admin.get("/api/v1/admin/api-keys")).text

    async with resources.sessions() as db:
        entries = list(
            await db.scalars(
                select(AuditEntry)
                .where(AuditEntry.target_type == "api_key")
                .order_by(AuditEntry.id)
            )
        )
    assert [e.action for e in entries] == [
        "api_key.created",
        "api_key.origins_changed",
        "api_key.identity_secret_rotated",
    ]
    assert entries[1].changes["allowed_origins"]["to"][1] == "https://*.shop.example"
    assert secret not in str([e.changes for e in entries])
    assert new_secret not in str([e.changes for e in entries])


async def test_websites_and_identity_secrets_are_for_live_public_keys_only(
    super_user: SignedIn,
) -> None:
    _, admin = super_user
    server = await create_key(admin, scopes=["events:write"])
    assert "identity_secret" not in server or server["identity_secret"] is None
    url = f"/api/v1/admin/api-keys/{server['api_key']['id']}"
    assert (await admin.post(f"{url}/identity-secret")).status_code == 409
    origins = await admin.put(f"{url}/allowed-origins", json={"allowed_origins": []})
    assert origins.status_code == 409
    public = await create_key(admin, kind="public_write")
    assert public["api_key"]["allowed_origins"] == []
    url = f"/api/v1/admin/api-keys/{public['api_key']['id']}"
    await admin.post(f"{url}/revoke")
    assert (await admin.post(f"{url}/identity-secret")).status_code == 409
    missing = "/api/v1/admin/api-keys/00000000-0000-0000-0000-000000000000/identity-secret"
    assert (await admin.post(missing)).status_code == 404


async def test_the_openapi_documents_what_a_public_keys_changes_answer(
    client: AsyncTestClient[ASGIApp],
) -> None:
    document = (await client.get("/api/docs/openapi.json")).json()
    keys = "/api/v1/admin/api-keys/{key_id}"
    for path, method, errors in (
        (f"{keys}/allowed-origins", "put", {"400", "404", "409"}),
        (f"{keys}/identity-secret", "post", {"404", "409"}),
    ):
        responses = document["paths"][path][method]["responses"]
        assert errors <= set(responses), (path, sorted(responses))
        for status in errors:
            assert list(responses[status]["content"]) == ["application/problem+json"]
