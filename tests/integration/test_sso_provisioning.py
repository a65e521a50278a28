"""Single sign-on endpoints and the provisioning rule, against a real OIDC provider process.

Who gets in: a verified email matching an active staff user; an unknown email is refused or
becomes a user with the default role, as configured. The browser that started the sign-in
is the only one that can finish it.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from urllib.parse import parse_qs, urlsplit

import msgspec
import pytest
from litestar.testing import AsyncTestClient
from litestar.types import ASGIApp
from sqlalchemy import select

from app.auth.models import AuditEntry, User
from app.main import create_asgi_app
from app.resources import Resources
from app.settings import Settings
from tests.fixtures import make_client
from tests.support.accounts import Browser, MutableClock, create_user
from tests.support.oidc_provider import OidcProvider, running_oidc_provider

pytestmark = pytest.mark.usefixtures("standard_roles")

BASE_URL = "http://testserver.local"


@pytest.fixture(scope="module")
def provider() -> Iterator[OidcProvider]:
    with running_oidc_provider(redirect_uri=f"{BASE_URL}/api/v1/auth/sso/callback") as running:
        yield running


def _sso_settings(settings: Settings, provider: OidcProvider, **extra: object) -> Settings:
    return msgspec.structs.replace(
        settings,
        public_base_url=BASE_URL,
        oidc_discovery_url=provider.discovery_url,
        oidc_client_id=provider.client_id,
        oidc_client_secret=provider.client_secret,
        oidc_label="Sign in with Acme",
        **extra,
    )


@pytest.fixture
async def sso_client(
    settings: Settings, provider: OidcProvider, resources: Resources, clock: MutableClock
) -> AsyncIterator[AsyncTestClient[ASGIApp]]:
    async with make_client(create_asgi_app(_sso_settings(settings, provider), clock=clock)) as c:
        yield c


def _relative(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.path}?{parts.query}" if parts.query else parts.path


def _login_error(location: str) -> str:
    parts = urlsplit(location)
    assert parts.path == "/login", location
    return parse_qs(parts.query)["error"][0]


async def _sign_in(
    person: Browser,
    provider: OidcProvider,
    *,
    email: str | None,
    verified: bool = True,
    next_path: str = "/journeys",
) -> str:
    """The browser's round trip; returns where the app finally sends it."""
    start = await person.get("/api/v1/auth/sso/login", params={"next": next_path})
    assert start.status_code == 302, start.text
    authorization_url = start.headers["location"]
    assert authorization_url.startswith(provider.issuer)
    assert "code_challenge_method=S256" in authorization_url
    callback = await provider.authorize(
        authorization_url, sub=f"sub-{email}", email=email, email_verified=verified, name="Via SSO"
    )
    assert callback.startswith(f"{BASE_URL}/api/v1/auth/sso/callback?")
    done = await person.get(_relative(callback))
    assert done.status_code == 302, done.text
    return str(done.headers["location"])


async def test_config_announces_sso_with_its_label(sso_client: AsyncTestClient[ASGIApp]) -> None:
    config = (await sso_client.get("/api/v1/auth/config")).json()
    assert config["sso"] == {"enabled": True, "label": "Sign in with Acme"}


async def test_a_known_staff_email_signs_in_and_lands_on_next(
    resources: Resources, sso_client: AsyncTestClient[ASGIApp], provider: OidcProvider
) -> None:
    account = await create_user(resources, role="marketer", email="mia@example.test")
    person = Browser(sso_client)
    assert await _sign_in(person, provider, email="MIA@example.test") == "/journeys"
    me = (await person.get("/api/v1/auth/me")).json()
    assert me["id"] == str(account.id)
    assert me["active_role"] == "marketer"


async def test_an_unknown_email_is_refused_by_default(
    resources: Resources, sso_client: AsyncTestClient[ASGIApp], provider: OidcProvider
) -> None:
    person = Browser(sso_client)
    location = await _sign_in(person, provider, email="stranger@example.test")
    assert "No Waymark account uses stranger@example.test" in _login_error(location)
    assert person.session_id is None
    async with resources.sessions() as db:
        assert await db.scalar(select(User.id)) is None


async def test_an_unknown_email_becomes_a_user_when_configured(
    settings: Settings, resources: Resources, provider: OidcProvider, clock: MutableClock
) -> None:
    creating = _sso_settings(
        settings, provider, oidc_unknown_email="create", oidc_default_role="sales"
    )
    async with make_client(create_asgi_app(creating, clock=clock)) as client:
        person = Browser(client)
        assert await _sign_in(person, provider, email="newcomer@example.test") == "/journeys"
        me = (await person.get("/api/v1/auth/me")).json()
    assert (me["email"], me["primary_role"], me["name"]) == (
        "newcomer@example.test",
        "sales",
        "Via SSO",
    )
    async with resources.sessions() as db:
        entry = await db.scalar(select(AuditEntry).order_by(AuditEntry.id.desc()))
    assert entry is not None
    assert (entry.action, entry.target_id) == ("user.created_by_sso", me["id"])


async def test_unverified_deactivated_and_customer_identities_are_refused(
    resources: Resources, sso_client: AsyncTestClient[ASGIApp], provider: OidcProvider
) -> None:
    await create_user(resources, role="marketer", email="unverified@example.test")
    await create_user(resources, role="marketer", email="gone@example.test", active=False)
    await create_user(resources, role="customer", email="buyer@example.test")
    for email, verified, message in (
        ("unverified@example.test", False, "did not confirm"),
        ("gone@example.test", True, "deactivated"),
        ("buyer@example.test", True, "customers sign in to the portal"),
    ):
        person = Browser(sso_client)
        location = await _sign_in(person, provider, email=email, verified=verified)
        assert message in _login_error(location), email
        assert person.session_id is None


async def test_a_callback_only_works_once_and_only_in_the_browser_that_started_it(
    resources: Resources, sso_client: AsyncTestClient[ASGIApp], provider: OidcProvider
) -> None:
    await create_user(resources, role="marketer", email="mia@example.test")
    victim, attacker = Browser(sso_client), Browser(sso_client)
    start = await attacker.get("/api/v1/auth/sso/login")
    callback = await provider.authorize(
        start.headers["location"], sub="attacker", email="mia@example.test"
    )
    # Replayed in another browser (login CSRF): refused, and the attempt is used up.
    stolen = await victim.get(_relative(callback))
    assert "expired" in _login_error(stolen.headers["location"])
    assert victim.session_id is None
    again = await attacker.get(_relative(callback))
    assert "expired" in _login_error(again.headers["location"])
    assert attacker.session_id is None


async def test_next_never_leaves_the_site(
    resources: Resources, sso_client: AsyncTestClient[ASGIApp], provider: OidcProvider
) -> None:
    await create_user(resources, role="marketer", email="mia@example.test")
    location = await _sign_in(
        Browser(sso_client), provider, email="mia@example.test", next_path="//evil.example/x"
    )
    assert location == "/"


async def test_sso_is_404_when_not_configured(client: AsyncTestClient[ASGIApp]) -> None:
    response = await client.get("/api/v1/auth/sso/login", follow_redirects=False)
    assert response.status_code == 404
    assert "not configured" in response.json()["detail"]
