"""Factories and a browser stand-in for account tests: roles, users, signed-in sessions."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import cache
from typing import Any

import httpx
from argon2 import PasswordHasher
from litestar.testing import AsyncTestClient
from litestar.types import ASGIApp

from app.auth.models import ApiKey, Role, User, UserRole
from app.auth.permissions import Permission
from app.auth.tokens import hash_token, new_token
from app.contacts.models import Contact
from app.resources import Resources

# Meets the policy: 12+ characters, several kinds of character.
PASSWORD = "Sturdy-Passw0rd-42"
_UNSAFE = frozenset({"POST", "PUT", "PATCH", "DELETE"})


class MutableClock:
    """A clock the test moves by hand, so expiry is tested without sleeping."""

    def __init__(self, start: datetime | None = None) -> None:
        self._now = start or datetime.now(UTC)

    def now(self) -> datetime:
        return self._now

    def advance(self, **delta: float) -> None:
        self._now += timedelta(**delta)


@cache
def password_hash(password: str = PASSWORD) -> str:
    # Hashed once per password for the whole run: argon2 is slow on purpose.
    return str(PasswordHasher().hash(password))


@dataclass(frozen=True)
class Account:
    id: uuid.UUID
    contact_id: uuid.UUID
    email: str
    role: str


async def create_role(
    resources: Resources,
    name: str,
    permissions: Iterable[Permission],
    *,
    queue: str | None = None,
    dashboard: str = "/",
) -> str:
    async with resources.sessions.begin() as db:
        db.add(
            Role(
                name=name,
                label=name.replace("_", " ").title(),
                permissions=sorted(p.value for p in permissions),
                queue=queue,
                dashboard=dashboard,
            )
        )
    return name


async def create_user(
    resources: Resources,
    *,
    role: str,
    email: str | None = None,
    name: str = "",
    secondary: Iterable[str] = (),
    password: str | None = PASSWORD,
    active: bool = True,
) -> Account:
    email = email or f"user-{uuid.uuid4().hex[:10]}@example.test"
    async with resources.sessions.begin() as db:
        contact = Contact(email=email, name=name or email.split("@")[0])
        db.add(contact)
        await db.flush()
        user = User(
            contact_id=contact.id,
            email=email,
            password_hash=password_hash(password) if password else None,
            primary_role=role,
            is_active=active,
        )
        db.add(user)
        await db.flush()
        db.add_all(UserRole(user_id=user.id, role_name=r) for r in secondary)
    return Account(id=user.id, contact_id=contact.id, email=email, role=role)


class Browser:
    """One person's browser on the shared test client: its own cookie jar and CSRF token.

    The app under test runs once (one lifespan); several people use it in turn.
    """

    def __init__(self, client: AsyncTestClient[ASGIApp]) -> None:
        self._client = client
        self.cookies = httpx.Cookies()
        self.csrf_token: str | None = None

    @property
    def session_id(self) -> str | None:
        return self.cookies.get("waymark_session")

    async def request(
        self,
        method: str,
        url: str,
        *,
        json: Any = None,
        params: Mapping[str, Any] | None = None,
        headers: Mapping[str, str] | None = None,
        csrf: bool = True,
        files: Any = None,
    ) -> httpx.Response:
        sent = dict(headers or {})
        if csrf and self.csrf_token and method.upper() in _UNSAFE:
            sent.setdefault("X-CSRF-Token", self.csrf_token)
        self._client.cookies = self.cookies
        try:
            # Redirects are the caller's to follow: a browser would leave the app under test.
            return await self._client.request(
                method,
                url,
                json=json,
                params=params,
                headers=sent,
                files=files,
                follow_redirects=False,
            )
        finally:
            self.cookies = httpx.Cookies(self._client.cookies)
            self._client.cookies = httpx.Cookies()

    async def get(self, url: str, **kwargs: Any) -> httpx.Response:
        return await self.request("GET", url, **kwargs)

    async def post(self, url: str, **kwargs: Any) -> httpx.Response:
        return await self.request("POST", url, **kwargs)

    async def put(self, url: str, **kwargs: Any) -> httpx.Response:
        return await self.request("PUT", url, **kwargs)

    async def sign_in(
        self, email: str, password: str = PASSWORD, *, portal: bool = False
    ) -> dict[str, Any]:
        url = "/api/v1/portal/auth/login" if portal else "/api/v1/auth/login"
        response = await self.post(url, json={"email": email, "password": password})
        assert response.status_code == 200, response.text
        me: dict[str, Any] = response.json()
        self.csrf_token = me["csrf_token"]
        return me


# A public write key made by create_api_key may be used from pages on this website, and
# its identity secret is this (user_hash = HMAC-SHA256(IDENTITY_SECRET, user id)).
SHOP = "https://shop.example"
IDENTITY_SECRET = "wm_is_test-identity-secret"
# What a page on SHOP sends along with each request (browsers always do with a POST).
FROM_SHOP = {"Origin": SHOP}


async def create_api_key(
    resources: Resources,
    *,
    created_by: uuid.UUID,
    kind: str = "server",
    scopes: Iterable[Permission] = (Permission.EVENTS_WRITE,),
    allowed_origins: Iterable[str] = (SHOP,),
    identity_secret: str | None = IDENTITY_SECRET,
) -> str:
    """A key straight into the database (for apps whose Redis is down); returns the secret.
    A public write key gets `allowed_origins` and `identity_secret`."""
    public = kind == "public_write"
    secret = new_token("wm_pk_" if public else "wm_sk_")
    async with resources.sessions.begin() as db:
        db.add(
            ApiKey(
                name="test key",
                kind=kind,
                prefix=secret[:14],
                secret_hash=hash_token(secret),
                scopes=sorted(p.value for p in scopes),
                created_by=created_by,
                created_at=datetime.now(UTC),
                allowed_origins=list(allowed_origins) if public else [],
                identity_secret=identity_secret if public else None,
                identity_secret_set_at=datetime.now(UTC) if public and identity_secret else None,
            )
        )
    return secret
