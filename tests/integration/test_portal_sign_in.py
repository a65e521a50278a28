"""Passwordless portal sign-in by emailed link, and self-registration: the link is
single-use, short-lived and stored only as a hash; asking reveals nothing about who has
an account; registration never opens an existing contact's records without the link."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from email import message_from_string, policy
from email.message import EmailMessage
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
from tests.support.channels import SmtpServer, dispatch, messages, smtp_server

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


@pytest.fixture
def smtp() -> Iterator[SmtpServer]:
    yield from smtp_server()


def _link_in(mail: EmailMessage) -> str:
    text = mail.get_body(("plain",))
    assert isinstance(text, EmailMessage)
    content: str = text.get_content()
    return next(word for word in content.split() if "/portal/login/link#" in word)


async def test_the_sign_in_email_goes_through_the_email_channel_and_its_link_signs_in_once(
    settings: Settings, resources: Resources, clock: MutableClock, smtp: SmtpServer
) -> None:
    """Asked for → outbox → the email channel → a real SMTP server → the link in the
    received mail → signed in; the same link again is refused. The customer never agreed
    to marketing email: sign-in mail is service mail and goes anyway."""
    mail_settings = msgspec.structs.replace(
        settings,
        email_provider="smtp",
        smtp_host=smtp.host,
        smtp_port=smtp.port,
        public_base_url="https://shop.example",
    )
    account = await create_user(resources, role="customer", name="Ada Lovelace", password=None)
    async with make_client(create_asgi_app(mail_settings, clock=clock)) as client:
        asked = await client.post("/api/v1/portal/auth/link", json={"email": account.email})
        assert asked.status_code == 202
        assert smtp.mailbox.messages == []  # the outbox sends it, not the request

        done = await dispatch(resources, mail_settings, clock.now())
        assert done.sent == 1, [m.error for m in await messages(resources)]
        [(recipients, mail)] = smtp.mailbox.messages
        assert recipients == [account.email]
        assert mail["Subject"] == "Your sign-in link"
        link = _link_in(mail)
        assert link.startswith("https://shop.example/portal/login/link#")
        [logged] = await messages(resources)
        assert (logged.channel, logged.provider, logged.sent_at) == ("email", "smtp", clock.now())

        # What the link's page does: the token from the fragment, posted to sign in.
        browser = Browser(client)
        token = unquote(link.split("#", 1)[1])
        used = await browser.post("/api/v1/portal/auth/link/sign-in", json={"token": token})
        assert used.status_code == 200, used.text
        assert used.json()["email"] == account.email
        me = await browser.get("/api/v1/portal/me")
        assert me.status_code == 200
        assert me.json()["id"] == str(account.contact_id)

        again = await Browser(client).post(
            "/api/v1/portal/auth/link/sign-in", json={"token": token}
        )
        assert again.status_code == 410


async def test_in_development_the_sign_in_email_waits_in_the_dev_outbox(
    resources: Resources, client: AsyncTestClient[ASGIApp], settings: Settings, clock: MutableClock
) -> None:
    account = await create_user(resources, role="customer", password=None)
    await client.post("/api/v1/portal/auth/link", json={"email": account.email})
    outbox_settings = msgspec.structs.replace(settings, email_provider="outbox")
    assert (await dispatch(resources, outbox_settings, clock.now())).sent == 1
    [stored] = await messages(resources)
    assert stored.provider == "outbox"
    assert stored.raw is not None
    mail = message_from_string(stored.raw, policy=policy.default)
    assert isinstance(mail, EmailMessage)
    token = unquote(_link_in(mail).split("#", 1)[1])
    used = await Browser(client).post("/api/v1/portal/auth/link/sign-in", json={"token": token})
    assert used.status_code == 200, used.text
