"""Every route refuses who it should: a walk over Litestar's route table, and row-level checks.

The walk fails when a route is added without a decision: either it is in the reviewed
allow-lists below, or it carries a `requires(...)` guard and refuses both an anonymous
caller (401) and a signed-in user whose role lacks exactly that permission (403).
"""

from __future__ import annotations

import re
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path

import msgspec
import pytest
from litestar import Litestar
from litestar.handlers import HTTPRouteHandler
from litestar.routes import HTTPRoute
from litestar.testing import AsyncTestClient
from litestar.types import ASGIApp

from app.auth.guards import requires, requires_any
from app.auth.permissions import STAFF_PERMISSIONS, Permission
from app.main import create_app, create_asgi_app
from app.resources import Resources
from app.settings import Settings
from tests.fixtures import SignedIn, make_client
from tests.support.accounts import Browser, MutableClock, create_api_key, create_role, create_user

Route = tuple[str, str]  # (method, path as declared)

# Reviewed: reachable without signing in. Each entry says why.
PUBLIC: dict[Route, str] = {
    ("GET", "/health/live"): "liveness probe",
    ("GET", "/health/ready"): "readiness probe",
    ("GET", "/api/v1/auth/config"): "the sign-in page asks which methods exist",
    ("POST", "/api/v1/auth/login"): "staff sign-in (throttled)",
    ("POST", "/api/v1/portal/auth/login"): "customer sign-in (throttled)",
    ("GET", "/api/v1/portal/auth/config"): "the portal sign-in page asks which methods exist",
    ("POST", "/api/v1/portal/auth/link"): "asks for an emailed sign-in link (rate limited)",
    ("POST", "/api/v1/portal/auth/link/sign-in"): "an emailed link; the token is the secret",
    ("POST", "/api/v1/portal/auth/register"): "self-registration when on (rate limited)",
    ("GET", "/api/v1/auth/invites/{token:str}"): "an invite link; the token is the secret",
    ("POST", "/api/v1/auth/invites/{token:str}"): "accepting an invite; the token is the secret",
    ("GET", "/api/v1/auth/sso/login"): "starts single sign-on",
    ("GET", "/api/v1/auth/sso/callback"): "the identity provider sends the browser back",
    ("OPTIONS", "/api/v1/track"): "CORS preflight for the tracking snippet",
    ("GET", "/t/o/{token:str}"): "email open pixel; the signed token names the message",
    ("GET", "/t/c/{token:str}"): "email click redirect; the signed token names message and URL",
    ("GET", "/t/u/{token:str}"): "unsubscribe page from an email; signed token, changes nothing",
    ("POST", "/t/u/{token:str}"): "unsubscribe (RFC 8058 one-click); the signed token decides",
    ("POST", "/api/v1/channels/sms/inbound"): "the SMS gateway; an HMAC signature decides",
    ("OPTIONS", "/api/v1/track/batch"): "CORS preflight for the tracking snippet",
    ("GET", "/track.js"): "the tracking snippet websites embed (static JavaScript)",
    ("GET", "/"): "the SPA shell",
    ("GET", "/{path:path}"): "SPA routes and built assets",
}
PUBLIC_PREFIXES = ("/api/docs",)  # OpenAPI document and its viewers

# Reviewed: any signed-in person, whatever their role (their own session).
ANY_SIGNED_IN: dict[Route, str] = {
    ("GET", "/api/v1/auth/me"): "who am I",
    ("POST", "/api/v1/auth/logout"): "sign out",
    ("POST", "/api/v1/auth/role"): "switch among one's own roles",
    ("GET", "/api/v1/notifications"): "one's own notifications",
    ("POST", "/api/v1/notifications/read"): "one's own notifications",
    ("POST", "/api/v1/notifications/read-all"): "one's own notifications",
}

# Reviewed: only a public write key (no cookies read: open to every origin).
PUBLIC_KEY_ONLY: dict[Route, str] = {
    ("POST", "/api/v1/track"): "the website tracking snippet",
    ("POST", "/api/v1/track/batch"): "track.js: identify, track and page calls",
}


def _routes(app: Litestar) -> list[tuple[str, str, HTTPRouteHandler]]:
    found: list[tuple[str, str, HTTPRouteHandler]] = []
    for route in app.routes:
        if not isinstance(route, HTTPRoute):
            continue
        for handler in route.route_handlers:
            # Litestar answers OPTIONS itself for every path (an "Allow" list, no data).
            if handler.handler_name == "options_handler":
                continue
            found.extend((method, route.path, handler) for method in handler.http_methods)
    return sorted(found, key=lambda item: (item[1], item[0]))


def _required(handler: HTTPRouteHandler) -> frozenset[Permission]:
    needed: set[Permission] = set()
    for guard in handler.resolve_guards():
        inner = getattr(guard, "__wrapped__", guard)
        # A role lacking every permission of a `requires_any` is refused too.
        if isinstance(inner, requires | requires_any):
            needed |= inner.permissions
    return frozenset(needed)


def _concrete(path: str) -> str:
    def fill(match: re.Match[str]) -> str:
        kind = match.group(2)
        if kind == "int":
            return "1"
        return str(uuid.uuid4()) if kind == "uuid" else uuid.uuid4().hex

    return re.sub(r"\{(\w+):(\w+)\}", fill, path)


def _is_public(method: str, path: str) -> bool:
    return (method, path) in PUBLIC or path.startswith(PUBLIC_PREFIXES)


@pytest.fixture
def walked_settings(settings: Settings, tmp_path: Path) -> Settings:
    dist = tmp_path / "dist"
    dist.mkdir()
    (dist / "index.html").write_text("<!doctype html><title>Waymark</title>")
    return msgspec.structs.replace(settings, spa_dir=str(dist))


@pytest.fixture
async def walked_client(
    walked_settings: Settings, resources: Resources, clock: MutableClock
) -> AsyncIterator[AsyncTestClient[ASGIApp]]:
    async with make_client(create_asgi_app(walked_settings, clock=clock)) as client:
        yield client


async def test_every_route_is_reviewed_public_or_refuses_who_it_should(
    walked_settings: Settings,
    walked_client: AsyncTestClient[ASGIApp],
    resources: Resources,
) -> None:
    routes = _routes(create_app(walked_settings))
    declared = {(method, path) for method, path, _ in routes}
    stale = (set(PUBLIC) | set(ANY_SIGNED_IN) | set(PUBLIC_KEY_ONLY)) - declared
    assert not stale, f"allow-list entries for routes that no longer exist: {sorted(stale)}"

    # One signed-in browser per set of missing permissions, created as needed.
    browsers: dict[frozenset[Permission], Browser] = {}

    async def lacking(needed: frozenset[Permission]) -> Browser:
        if needed not in browsers:
            name = f"lacks_{len(browsers)}"
            # Every staff permission except the needed ones (portal:self is never held by
            # a staff role, so a portal route is refused too).
            await create_role(resources, name, STAFF_PERMISSIONS - needed)
            account = await create_user(resources, role=name)
            person = Browser(walked_client)
            await person.sign_in(account.email)
            browsers[needed] = person
        return browsers[needed]

    checked = 0
    failures: list[str] = []
    for method, path, handler in routes:
        if _is_public(method, path):
            continue
        url = _concrete(path)
        body: dict[str, object] | None = {} if method in {"POST", "PUT", "PATCH"} else None
        anonymous = await walked_client.request(method, url, json=body)
        if anonymous.status_code != 401:
            failures.append(f"{method} {path}: anonymous got {anonymous.status_code}, not 401")
        if (method, path) in ANY_SIGNED_IN or (method, path) in PUBLIC_KEY_ONLY:
            checked += 1
            continue
        needed = _required(handler)
        if not needed:
            failures.append(
                f"{method} {path}: no requires(...) guard and not in a reviewed allow-list"
            )
            continue
        person = await lacking(needed)
        refused = await person.request(method, url, json=body)
        if refused.status_code != 403 or "permission" not in refused.json().get("detail", ""):
            failures.append(
                f"{method} {path}: a role without {sorted(needed)} got "
                f"{refused.status_code} {refused.text[:120]}"
            )
        checked += 1
    assert not failures, "\n".join(failures)
    assert checked >= 20, f"only {checked} guarded routes walked: is the route table complete?"


async def test_any_signed_in_routes_refuse_api_keys_and_track_refuses_sessions(
    resources: Resources,
    walked_client: AsyncTestClient[ASGIApp],
) -> None:
    owner = await create_user(
        resources, role=await create_role(resources, "everything", STAFF_PERMISSIONS)
    )
    server_key = await create_api_key(
        resources,
        created_by=owner.id,
        scopes=STAFF_PERMISSIONS - {Permission.ACCOUNTS_MANAGE, Permission.KEYS_MANAGE},
    )
    for method, path in ANY_SIGNED_IN:
        response = await walked_client.request(
            method, path, json={}, headers={"Authorization": f"Bearer {server_key}"}
        )
        assert response.status_code == 403, (method, path)
    person = Browser(walked_client)
    await person.sign_in(owner.email)
    for method, path in PUBLIC_KEY_ONLY:
        assert (await person.request(method, path, json={})).status_code == 401
        response = await walked_client.request(
            method, path, json={}, headers={"Authorization": f"Bearer {server_key}"}
        )
        assert response.status_code == 403


SignIn = Callable[..., Awaitable[SignedIn]]


@pytest.mark.usefixtures("standard_roles")
async def test_a_customer_sees_only_their_own_contact(signed_in: SignIn) -> None:
    ada, ada_browser = await signed_in("customer", name="Ada")
    grace, grace_browser = await signed_in("customer", name="Grace")
    mine = (await ada_browser.get("/api/v1/portal/me")).json()
    assert mine["id"] == str(ada.contact_id)
    assert mine["name"] == "Ada"
    theirs = (await grace_browser.get("/api/v1/portal/me")).json()
    assert theirs["id"] == str(grace.contact_id)
    # There is no way to name another customer's records, and the admin API is closed.
    for url in (
        f"/api/v1/admin/users/{grace.id}",
        "/api/v1/admin/users",
        "/api/v1/admin/audit",
    ):
        assert (await ada_browser.get(url)).status_code == 403, url
    # ?id= or similar is not read.
    again = await ada_browser.get("/api/v1/portal/me", params={"contact_id": str(grace.contact_id)})
    assert again.json()["id"] == str(ada.contact_id)


@pytest.mark.usefixtures("standard_roles")
async def test_staff_cannot_use_the_portal_or_read_other_users(
    signed_in: SignIn, super_user: SignedIn
) -> None:
    admin_account, _ = super_user
    _, marketer = await signed_in("marketer")
    assert (await marketer.get(f"/api/v1/admin/users/{admin_account.id}")).status_code == 403
    assert (await marketer.get("/api/v1/portal/me")).status_code == 403
    _, supervisor = await signed_in("supervisor")
    assert (await supervisor.get(f"/api/v1/admin/users/{admin_account.id}")).status_code == 403


def test_every_api_route_has_an_operation_id(walked_settings: Settings) -> None:
    # The generated TypeScript client names its functions after these: keep them stable.
    missing = [
        f"{method} {path}"
        for method, path, handler in _routes(create_app(walked_settings))
        if path.startswith("/api/v1/") and not isinstance(handler.operation_id, str)
    ]
    assert not missing, missing
