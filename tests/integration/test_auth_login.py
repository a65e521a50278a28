"""Password sign-in for staff and customers: cookies, refusals, throttling."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import msgspec
import pytest
from litestar.testing import AsyncTestClient
from litestar.types import ASGIApp

from app.main import create_asgi_app
from app.resources import Resources
from app.settings import Settings
from tests.fixtures import SignedIn
from tests.support.accounts import PASSWORD, Browser, MutableClock, create_user

pytestmark = pytest.mark.usefixtures("standard_roles")

WRONG = "Email or password is wrong."


async def test_config_says_password_on_and_sso_off_by_default(
    client: AsyncTestClient[ASGIApp],
) -> None:
    response = await client.get("/api/v1/auth/config")
    assert response.status_code == 200
    assert response.json() == {
        "password": True,
        "sso": {"enabled": False, "label": "Single sign-on"},
    }


async def test_staff_sign_in_sets_a_safe_session_cookie_and_returns_me(
    resources: Resources, client: AsyncTestClient[ASGIApp]
) -> None:
    account = await create_user(
        resources, role="supervisor", name="Sam", secondary=["warehouse", "production"]
    )
    response = await client.post(
        "/api/v1/auth/login", json={"email": account.email.upper(), "password": PASSWORD}
    )
    assert response.status_code == 200
    cookie = response.headers["set-cookie"]
    assert cookie.startswith("waymark_session=")
    assert "HttpOnly" in cookie
    assert "SameSite=lax" in cookie or "SameSite=Lax" in cookie
    assert "Path=/" in cookie
    assert "Secure" not in cookie  # plain HTTP and WAYMARK_COOKIE_SECURE unset
    me = response.json()
    assert me["email"] == account.email
    assert me["name"] == "Sam"
    assert me["kind"] == "staff"
    assert me["primary_role"] == me["active_role"] == "supervisor"
    assert [r["name"] for r in me["roles"]] == ["supervisor", "production", "warehouse"]
    assert me["roles"][0]["dashboard"] == "/dashboards/supervisor"
    assert "jobs:supervise" in me["permissions"]
    assert len(me["csrf_token"]) >= 32


@pytest.mark.parametrize(
    ("cookie_secure", "base_url", "secure"),
    [(True, "http://testserver.local", True), (None, "https://testserver.local", True)],
)
async def test_the_cookie_is_secure_when_set_or_over_https(
    settings: Settings,
    resources: Resources,
    clock: MutableClock,
    cookie_secure: bool | None,
    base_url: str,
    secure: bool,
) -> None:
    account = await create_user(resources, role="marketer")
    app = create_asgi_app(msgspec.structs.replace(settings, cookie_secure=cookie_secure))
    async with AsyncTestClient(app=app, base_url=base_url) as client:
        response = await client.post(
            "/api/v1/auth/login", json={"email": account.email, "password": PASSWORD}
        )
    assert response.status_code == 200
    assert ("Secure" in response.headers["set-cookie"]) is secure


async def test_a_wrong_password_and_an_unknown_email_get_the_same_answer(
    resources: Resources, client: AsyncTestClient[ASGIApp]
) -> None:
    account = await create_user(resources, role="marketer")
    wrong = await client.post(
        "/api/v1/auth/login", json={"email": account.email, "password": "Not-the-password-1"}
    )
    unknown = await client.post(
        "/api/v1/auth/login", json={"email": "nobody@example.test", "password": PASSWORD}
    )
    for response in (wrong, unknown):
        assert response.status_code == 401
        assert response.headers["content-type"].startswith("application/problem+json")
        assert response.json()["detail"] == WRONG
        assert "set-cookie" not in response.headers


async def test_an_invited_user_without_a_password_cannot_sign_in(
    resources: Resources, client: AsyncTestClient[ASGIApp]
) -> None:
    account = await create_user(resources, role="marketer", password=None)
    response = await client.post(
        "/api/v1/auth/login", json={"email": account.email, "password": ""}
    )
    assert response.status_code == 401


async def test_a_deactivated_account_is_refused_with_403(
    resources: Resources, client: AsyncTestClient[ASGIApp]
) -> None:
    account = await create_user(resources, role="marketer", active=False)
    response = await client.post(
        "/api/v1/auth/login", json={"email": account.email, "password": PASSWORD}
    )
    assert response.status_code == 403
    assert "deactivated" in response.json()["detail"]


async def test_customers_are_sent_to_the_portal_and_staff_away_from_it(
    resources: Resources, client: AsyncTestClient[ASGIApp]
) -> None:
    customer = await create_user(resources, role="customer")
    staff = await create_user(resources, role="sales")
    refused = await client.post(
        "/api/v1/auth/login", json={"email": customer.email, "password": PASSWORD}
    )
    assert refused.status_code == 403
    assert "/portal/login" in refused.json()["detail"]
    refused = await client.post(
        "/api/v1/portal/auth/login", json={"email": staff.email, "password": PASSWORD}
    )
    assert refused.status_code == 403
    assert "/login" in refused.json()["detail"]


async def test_customers_sign_in_to_the_portal(
    resources: Resources, client: AsyncTestClient[ASGIApp]
) -> None:
    customer = await create_user(resources, role="customer")
    response = await client.post(
        "/api/v1/portal/auth/login", json={"email": customer.email, "password": PASSWORD}
    )
    assert response.status_code == 200
    me = response.json()
    assert me["kind"] == "customer"
    assert me["permissions"] == ["portal:self"]
    assert me["roles"][0]["dashboard"] == "/portal"
    mine = await client.get("/api/v1/portal/me")
    assert mine.status_code == 200
    assert mine.json()["id"] == str(customer.contact_id)


async def test_a_new_sign_in_replaces_the_session_id(
    resources: Resources, browser: Callable[[], Browser]
) -> None:
    account = await create_user(resources, role="marketer")
    person = browser()
    await person.sign_in(account.email)
    first = person.session_id
    await person.sign_in(account.email)
    second = person.session_id
    assert first
    assert second
    assert first != second
    # The id the browser came with is dead, not merely replaced.
    stale = browser()
    stale.cookies.set("waymark_session", first)
    assert (await stale.get("/api/v1/auth/me")).status_code == 401
    assert (await person.get("/api/v1/auth/me")).status_code == 200


async def test_signing_in_is_exempt_from_csrf_but_stays_signed_in_after(
    signed_in: Callable[..., Awaitable[SignedIn]],
) -> None:
    _, person = await signed_in("marketer")
    me = await person.get("/api/v1/auth/me")
    assert me.status_code == 200
