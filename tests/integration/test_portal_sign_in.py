"""Passwordless portal sign-in by emailed link, and self-registration: the link is
single-use, short-lived and stored only as a hash; asking reveals nothing about who has
an account; registration never opens an existing contact's records without the link."""

from __future__ import annotations

import hashlib
from urllib.parse import unquote

import msgspec
import pytest
from litestar.testing import AsyncTestClient
from litestar.types import ASGIApp
from sqlalchemy import select

from app.auth.models import User
from app.contacts.models import Contact
from app.main import create_asgi_app
from app.portal.models import PortalSignInLink
from app.resources import Resources
from app.runs.models import OutboxMessage
from app.settings import Settings
from tests.fixtures import make_client
from tests.support.accounts import Browser, MutableClock, create_user

pytestmark = pytest.mark.usefixtures("standard_roles")


async def _emails(resources: Resources) -> list[dict[str, object]]:
    async with resources.sessions() as db:
        rows = await db.scalars(
            select(OutboxMessage.payload)
            .where(OutboxMessage.kind == "send_email")
            .order_by(OutboxMessage.id)
        )
        return list(rows)


def _token(email: dict[str, object]) -> str:
    body = str(email["body"])
    link = next(word for word in body.split() if "/portal/login/link#" in word)
    return unquote(link.split("#", 1)[1])


async def test_a_customer_signs_in_once_with_an_emailed_link(
    resources: Resources, client: AsyncTestClient[ASGIApp]
) -> None:
    account = await create_user(resources, role="customer", password=None)
    response = await client.post("/api/v1/portal/auth/link", json={"email": account.email})
    assert response.status_code == 202
    [email] = await _emails(resources)
    assert email["to"] == account.email
    assert email["contact_id"] == str(account.contact_id)
    token = _token(email)
    async with resources.sessions() as db:
        stored = await db.scalar(select(PortalSignInLink.token_hash))
    # Only the hash is at rest.
    assert stored == hashlib.sha256(token.encode()).hexdigest()

    browser = Browser(client)
    used = await browser.post("/api/v1/portal/auth/link/sign-in", json={"token": token})
    assert used.status_code == 200, used.text
    assert used.json()["kind"] == "customer"
    assert "waymark_session=" in used.headers["set-cookie"]
    assert "HttpOnly" in used.headers["set-cookie"]
    browser.csrf_token = used.json()["csrf_token"]
    assert (await browser.get("/api/v1/portal/me")).status_code == 200

    again = await Browser(client).post("/api/v1/portal/auth/link/sign-in", json={"token": token})
    assert again.status_code == 410
    assert "used already" in again.json()["detail"]


async def test_an_expired_link_is_refused(
    settings: Settings, resources: Resources, clock: MutableClock
) -> None:
    account = await create_user(resources, role="customer")
    async with make_client(create_asgi_app(settings, clock=clock)) as client:
        await client.post("/api/v1/portal/auth/link", json={"email": account.email})
        token = _token((await _emails(resources))[0])
        clock.advance(minutes=settings.portal_sign_in_link_minutes, seconds=1)
        response = await client.post("/api/v1/portal/auth/link/sign-in", json={"token": token})
    assert response.status_code == 410
    assert "expired" in response.json()["detail"]


async def test_asking_for_a_link_reveals_nothing_and_sends_staff_nothing(
    resources: Resources, client: AsyncTestClient[ASGIApp]
) -> None:
    staff = await create_user(resources, role="marketer")
    for email in ("nobody@example.test", staff.email):
        response = await client.post("/api/v1/portal/auth/link", json={"email": email})
        assert response.status_code == 202
    assert await _emails(resources) == []
    wrong = await client.post("/api/v1/portal/auth/link/sign-in", json={"token": "x" * 43})
    assert wrong.status_code == 404


async def test_link_requests_are_rate_limited(
    settings: Settings, resources: Resources, client: AsyncTestClient[ASGIApp]
) -> None:
    account = await create_user(resources, role="customer")
    for _ in range(settings.portal_sign_in_links_per_hour):
        await client.post("/api/v1/portal/auth/link", json={"email": account.email})
    refused = await client.post("/api/v1/portal/auth/link", json={"email": account.email})
    assert refused.status_code == 429
    assert int(refused.headers["retry-after"]) > 0


async def test_registration_is_off_unless_the_setting_turns_it_on(
    client: AsyncTestClient[ASGIApp],
) -> None:
    response = await client.post(
        "/api/v1/portal/auth/register", json={"name": "New", "email": "new@example.test"}
    )
    assert response.status_code == 404
    config = (await client.get("/api/v1/portal/auth/config")).json()
    assert config == {"password": True, "email_link": True, "registration": False}


async def test_registration_creates_a_customer_who_gets_in_only_by_the_link(
    settings: Settings, resources: Resources, clock: MutableClock
) -> None:
    app = create_asgi_app(msgspec.structs.replace(settings, portal_registration=True), clock=clock)
    async with make_client(app) as client:
        response = await client.post(
            "/api/v1/portal/auth/register", json={"name": "Nia New", "email": "nia@example.test"}
        )
        assert response.status_code == 202
        assert "set-cookie" not in response.headers
        async with resources.sessions() as db:
            user = await db.scalar(select(User).where(User.email == "nia@example.test"))
            assert user is not None
            contact = await db.get(Contact, user.contact_id)
        assert user.primary_role == "customer"
        assert user.password_hash is None
        assert contact is not None
        assert contact.name == "Nia New"
        token = _token((await _emails(resources))[0])
        used = await client.post("/api/v1/portal/auth/link/sign-in", json={"token": token})
        assert used.status_code == 200
        assert used.json()["email"] == "nia@example.test"
