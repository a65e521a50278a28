"""Passwordless portal sign-in by emailed link, and self-registration: the link is
single-use, short-lived and stored only as a hash; asking reveals nothing about who has
an account; registration never opens an existing contact's records without the link."""

from __future__ import annotations

import hashlib
import socket
from email import message_from_string, policy
from email.message import EmailMessage
from urllib.parse import unquote

import msgspec
import pytest
from litestar.testing import AsyncTestClient
from litestar.types import ASGIApp
from sqlalchemy import select, text

from app.auth.models import User
from app.channels import withheld
from app.contacts.models import Contact
from app.main import create_asgi_app
from app.portal.models import PortalSignInLink
from app.resources import Resources
from app.runs import outbox
from app.runs.models import OutboxMessage
from app.settings import Settings
from tests.fixtures import make_client
from tests.support.accounts import Browser, MutableClock, create_user
from tests.support.channels import SmtpServer, dispatch, messages

pytestmark = pytest.mark.usefixtures("standard_roles")


async def _emails(resources: Resources) -> list[dict[str, object]]:
    async with resources.sessions() as db:
        rows = await db.scalars(
            select(OutboxMessage.payload)
            .where(OutboxMessage.kind == "send_email")
            .order_by(OutboxMessage.id)
        )
        return list(rows)


async def _token(resources: Resources, email: dict[str, object]) -> str:
    """The token the email channel would send: the link waits in Redis, never in the
    outbox (whose payload only names it)."""
    assert email["withheld"] == ["sign_in_link"]
    values = await withheld.fetch(resources.redis, str(email["key"]), ["sign_in_link"])
    assert values is not None
    link = values["sign_in_link"]
    assert "/portal/login/link#" in link
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
    token = await _token(resources, email)
    assert token not in str(email)
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
        token = await _token(resources, (await _emails(resources))[0])
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
        token = await _token(resources, (await _emails(resources))[0])
        used = await client.post("/api/v1/portal/auth/link/sign-in", json={"token": token})
        assert used.status_code == 200
        assert used.json()["email"] == "nia@example.test"


def _plain(mail: EmailMessage) -> str:
    text = mail.get_body(("plain",))
    assert isinstance(text, EmailMessage)
    content: str = text.get_content()
    return content


def _link_in(mail: EmailMessage) -> str:
    return next(word for word in _plain(mail).split() if "/portal/login/link#" in word)


async def _rows_holding(resources: Resources, secret: str) -> dict[str, int]:
    """How many rows of each table that keeps messages or events contain `secret`."""
    found: dict[str, int] = {}
    async with resources.sessions() as db:
        for table in ("outbox", "channel_messages", "events", "portal_sign_in_links"):
            found[table] = int(
                await db.scalar(
                    text(f"SELECT count(*) FROM {table} AS t WHERE t::text LIKE :pattern"),
                    {"pattern": f"%{secret}%"},
                )
                or 0
            )
    return found


def _mail_settings(settings: Settings, smtp: SmtpServer) -> Settings:
    return msgspec.structs.replace(
        settings,
        email_provider="smtp",
        smtp_host=smtp.host,
        smtp_port=smtp.port,
        public_base_url="https://shop.example",
    )


async def test_the_sign_in_email_goes_through_the_email_channel_and_its_link_signs_in_once(
    settings: Settings, resources: Resources, clock: MutableClock, smtp: SmtpServer
) -> None:
    """Asked for → outbox → the email channel → a real SMTP server → the link in the
    received mail → signed in; the same link again is refused. The customer never agreed
    to marketing email: sign-in mail is service mail and goes anyway, with no unsubscribe
    link. Nothing stored (outbox, message log, events) holds the token: staff who read
    them cannot sign in as the customer."""
    mail_settings = _mail_settings(settings, smtp)
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

        # Service mail: no unsubscribe header or footer, no tracking pixel or links.
        assert mail["List-Unsubscribe"] is None
        assert mail["List-Unsubscribe-Post"] is None
        html = mail.get_body(("html",))
        assert isinstance(html, EmailMessage)
        for part in (_plain(mail), html.get_content()):
            assert "unsubscribe" not in part.lower()
            assert "/t/" not in part

        # After sending, no stored row holds the token (only its hash, which is not it).
        token = unquote(link.split("#", 1)[1])
        assert await _rows_holding(resources, token) == dict.fromkeys(
            ("outbox", "channel_messages", "events", "portal_sign_in_links"), 0
        )
        # What staff see in the message log says the link was withheld.
        assert logged.body_text is not None
        assert withheld.PLACEHOLDER in logged.body_text
        assert logged.raw is not None
        assert token not in logged.raw
        assert "List-Unsubscribe" not in logged.raw

        # What the link's page does: the token from the fragment, posted to sign in.
        browser = Browser(client)
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
        # Signing in recorded events (portal.login…); none of them holds the token either.
        assert (await _rows_holding(resources, token))["events"] == 0


async def test_a_sign_in_email_that_failed_to_send_sends_its_link_on_the_retry(
    settings: Settings, resources: Resources, clock: MutableClock, smtp: SmtpServer
) -> None:
    """The link is read at dispatch time, so a send that failed (the SMTP server was down)
    and is retried later still carries it; the failed attempt stored no token either."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed_port = probe.getsockname()[1]
    down = msgspec.structs.replace(_mail_settings(settings, smtp), smtp_port=closed_port)
    account = await create_user(resources, role="customer", password=None)
    async with make_client(create_asgi_app(down, clock=clock)) as client:
        await client.post("/api/v1/portal/auth/link", json={"email": account.email})
        first = await dispatch(resources, down, clock.now())
        assert (first.sent, first.retried) == (0, 1)
        [email] = await _emails(resources)
        token = await _token(resources, email)
        assert await _rows_holding(resources, token) == dict.fromkeys(
            ("outbox", "channel_messages", "events", "portal_sign_in_links"), 0
        )

        up = _mail_settings(settings, smtp)
        retried = await dispatch(resources, up, clock.now() + outbox.backoff(1))
        assert retried.sent == 1, [m.error for m in await messages(resources)]
        [(_, mail)] = smtp.mailbox.messages
        assert unquote(_link_in(mail).split("#", 1)[1]) == token
        used = await Browser(client).post("/api/v1/portal/auth/link/sign-in", json={"token": token})
        assert used.status_code == 200, used.text


async def test_a_sign_in_email_whose_link_expired_unsent_fails_with_the_reason(
    settings: Settings, resources: Resources, client: AsyncTestClient[ASGIApp], clock: MutableClock
) -> None:
    account = await create_user(resources, role="customer", password=None)
    await client.post("/api/v1/portal/auth/link", json={"email": account.email})
    # What Redis does when the link's time is up before the email could go.
    await resources.redis.flushdb()
    done = await dispatch(resources, settings, clock.now())
    assert (done.sent, done.failed) == (0, 1)
    [failed] = await messages(resources)
    assert failed.error is not None
    assert "expired before it was sent" in failed.error


async def test_in_development_the_dev_outbox_shows_the_sign_in_email_without_its_link(
    resources: Resources, client: AsyncTestClient[ASGIApp], settings: Settings, clock: MutableClock
) -> None:
    """The Outbox page is readable by staff, so even there the link is withheld."""
    account = await create_user(resources, role="customer", password=None)
    await client.post("/api/v1/portal/auth/link", json={"email": account.email})
    token = await _token(resources, (await _emails(resources))[0])
    outbox_settings = msgspec.structs.replace(settings, email_provider="outbox")
    assert (await dispatch(resources, outbox_settings, clock.now())).sent == 1
    [stored] = await messages(resources)
    assert stored.provider == "outbox"
    assert stored.raw is not None
    mail = message_from_string(stored.raw, policy=policy.default)
    assert isinstance(mail, EmailMessage)
    assert withheld.PLACEHOLDER in _plain(mail)
    assert "/portal/login/link#" not in stored.raw
    assert token not in stored.raw
