"""Invites: a one-time link that sets a password and signs the person in."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from sqlalchemy import func, select

from app.auth.models import AuditEntry, Invite, User
from app.auth.tokens import hash_token
from app.resources import Resources
from tests.fixtures import SignedIn
from tests.support.accounts import Browser, MutableClock

pytestmark = pytest.mark.usefixtures("standard_roles")

NEW_PASSWORD = "Brand-new-passw0rd"


async def _invite(
    admin: Browser, email: str = "newbie@example.test"
) -> tuple[str, dict[str, object]]:
    response = await admin.post(
        "/api/v1/admin/users/invite",
        json={
            "email": email,
            "name": "New Bie",
            "primary_role": "sales",
            "secondary_roles": ["finance"],
        },
    )
    assert response.status_code == 201, response.text
    body: dict[str, object] = response.json()
    url = str(body["invite_url"])
    assert url.startswith("http://127.0.0.1:8000/invite/")
    return url.rsplit("/", 1)[1], body


async def test_an_invite_link_sets_a_password_and_signs_in(
    resources: Resources, super_user: SignedIn, browser: Callable[[], Browser]
) -> None:
    _, admin = super_user
    token, body = await _invite(admin)
    user = body["user"]
    assert isinstance(user, dict)
    assert user["is_active"] is True
    assert user["primary_role"] == "sales"
    assert user["secondary_roles"] == ["finance"]
    assert user["last_login_at"] is None

    newbie = browser()
    info = await newbie.get(f"/api/v1/auth/invites/{token}")
    assert info.status_code == 200
    assert info.json()["email"] == "newbie@example.test"
    assert info.json()["name"] == "New Bie"

    accepted = await newbie.post(f"/api/v1/auth/invites/{token}", json={"password": NEW_PASSWORD})
    assert accepted.status_code == 200
    me = accepted.json()
    assert me["email"] == "newbie@example.test"
    assert me["active_role"] == "sales"
    assert newbie.session_id
    newbie.csrf_token = me["csrf_token"]
    assert (await newbie.get("/api/v1/auth/me")).status_code == 200

    # The password works from now on; only the token's hash was ever stored.
    again = browser()
    await again.sign_in("newbie@example.test", NEW_PASSWORD)
    async with resources.sessions() as db:
        stored = await db.scalar(select(Invite.token_hash))
        assert stored == hash_token(token)
        actions = list(await db.scalars(select(AuditEntry.action).order_by(AuditEntry.id)))
    assert actions[-2:] == ["user.invited", "user.invite_accepted"]


async def test_a_used_invite_is_gone(super_user: SignedIn, browser: Callable[[], Browser]) -> None:
    _, admin = super_user
    token, _ = await _invite(admin)
    first = browser()
    assert (
        await first.post(f"/api/v1/auth/invites/{token}", json={"password": NEW_PASSWORD})
    ).status_code == 200
    second = browser()
    info = await second.get(f"/api/v1/auth/invites/{token}")
    assert info.status_code == 410
    assert "already been used" in info.json()["detail"]
    reuse = await second.post(
        f"/api/v1/auth/invites/{token}", json={"password": "Another-passw0rd"}
    )
    assert reuse.status_code == 410
    await second.sign_in("newbie@example.test", NEW_PASSWORD)


async def test_an_expired_invite_is_gone_and_changes_nothing(
    resources: Resources,
    super_user: SignedIn,
    browser: Callable[[], Browser],
    clock: MutableClock,
) -> None:
    _, admin = super_user
    token, _ = await _invite(admin)
    clock.advance(days=7, seconds=1)
    newbie = browser()
    assert (await newbie.get(f"/api/v1/auth/invites/{token}")).status_code == 410
    response = await newbie.post(f"/api/v1/auth/invites/{token}", json={"password": NEW_PASSWORD})
    assert response.status_code == 410
    assert "expired" in response.json()["detail"]
    assert newbie.session_id is None
    async with resources.sessions() as db:
        user = await db.scalar(select(User).where(User.email == "newbie@example.test"))
        assert user is not None
        assert user.password_hash is None


async def test_an_unknown_invite_is_404(browser: Callable[[], Browser]) -> None:
    person = browser()
    assert (await person.get("/api/v1/auth/invites/no-such-token")).status_code == 404
    response = await person.post(
        "/api/v1/auth/invites/no-such-token", json={"password": NEW_PASSWORD}
    )
    assert response.status_code == 404


@pytest.mark.parametrize(
    ("password", "reason"),
    [
        ("Short-1", "at least 12 characters"),
        ("alllowercaseletters", "two kinds of characters"),
        ("newbie@example.test", "email address"),
    ],
)
async def test_a_weak_password_is_refused_and_changes_nothing(
    resources: Resources,
    super_user: SignedIn,
    browser: Callable[[], Browser],
    password: str,
    reason: str,
) -> None:
    _, admin = super_user
    token, _ = await _invite(admin)
    async with resources.sessions() as db:
        audited = await db.scalar(select(func.count()).select_from(AuditEntry))
    newbie = browser()
    response = await newbie.post(f"/api/v1/auth/invites/{token}", json={"password": password})
    assert response.status_code == 400
    body = response.json()
    assert body["errors"][0]["field"] == "password"
    assert reason in body["detail"]
    assert newbie.session_id is None
    async with resources.sessions() as db:
        user = await db.scalar(select(User).where(User.email == "newbie@example.test"))
        assert user is not None
        assert user.password_hash is None
        assert await db.scalar(select(Invite.used_at)) is None
        assert await db.scalar(select(func.count()).select_from(AuditEntry)) == audited
    # The link still works with a good password.
    ok = await newbie.post(f"/api/v1/auth/invites/{token}", json={"password": NEW_PASSWORD})
    assert ok.status_code == 200


async def test_a_deactivated_user_cannot_accept_an_invite(
    super_user: SignedIn, browser: Callable[[], Browser]
) -> None:
    _, admin = super_user
    token, body = await _invite(admin)
    user = body["user"]
    assert isinstance(user, dict)
    assert (await admin.post(f"/api/v1/admin/users/{user['id']}/deactivate")).status_code == 200
    response = await browser().post(
        f"/api/v1/auth/invites/{token}", json={"password": NEW_PASSWORD}
    )
    assert response.status_code == 403
