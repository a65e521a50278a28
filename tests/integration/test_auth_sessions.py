"""Server-side sessions: expiry, logout, role switch (with id rotation) and CSRF."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import pytest
from sqlalchemy import func, select

from app.auth.models import AuditEntry, User
from app.resources import Resources
from tests.fixtures import SignedIn
from tests.support.accounts import MutableClock

pytestmark = pytest.mark.usefixtures("standard_roles")

SignIn = Callable[..., Awaitable[SignedIn]]


async def test_me_needs_a_session(signed_in: SignIn) -> None:
    _, person = await signed_in("marketer")
    assert (await person.get("/api/v1/auth/me")).status_code == 200
    person.cookies.clear()
    response = await person.get("/api/v1/auth/me")
    assert response.status_code == 401
    assert response.headers["content-type"].startswith("application/problem+json")


async def test_a_session_ends_after_the_idle_limit(signed_in: SignIn, clock: MutableClock) -> None:
    _, person = await signed_in("marketer")
    clock.advance(minutes=29)
    assert (await person.get("/api/v1/auth/me")).status_code == 200  # restarts the idle timer
    clock.advance(minutes=29)
    assert (await person.get("/api/v1/auth/me")).status_code == 200
    clock.advance(minutes=30)
    assert (await person.get("/api/v1/auth/me")).status_code == 401
    # Gone for good, not just refused once.
    clock.advance(minutes=-30)
    assert (await person.get("/api/v1/auth/me")).status_code == 401


async def test_a_busy_session_still_ends_at_the_absolute_limit(
    signed_in: SignIn, clock: MutableClock
) -> None:
    _, person = await signed_in("marketer")
    for _ in range(35):  # 35 x 20 minutes = 11 h 40 min of steady use
        clock.advance(minutes=20)
        assert (await person.get("/api/v1/auth/me")).status_code == 200
    clock.advance(minutes=20)  # 12 h
    response = await person.get("/api/v1/auth/me")
    assert response.status_code == 401


async def test_logout_ends_the_session_and_clears_the_cookie(signed_in: SignIn) -> None:
    _, person = await signed_in("marketer")
    old = person.session_id
    response = await person.post("/api/v1/auth/logout")
    assert response.status_code == 204
    assert "waymark_session=" in response.headers["set-cookie"]
    assert person.session_id is None
    person.cookies.set("waymark_session", old or "")
    assert (await person.get("/api/v1/auth/me")).status_code == 401


async def test_logout_needs_the_csrf_token(signed_in: SignIn) -> None:
    _, person = await signed_in("marketer")
    response = await person.post("/api/v1/auth/logout", csrf=False)
    assert response.status_code == 403
    assert response.json()["detail"].startswith("Missing or wrong CSRF token")
    assert (await person.get("/api/v1/auth/me")).status_code == 200


async def test_switching_role_changes_permissions_and_rotates_the_session(
    signed_in: SignIn,
) -> None:
    _, person = await signed_in("supervisor", secondary=["warehouse"])
    before_id, before_csrf = person.session_id, person.csrf_token
    response = await person.post("/api/v1/auth/role", json={"role": "warehouse"})
    assert response.status_code == 200
    me = response.json()
    assert me["active_role"] == "warehouse"
    assert me["primary_role"] == "supervisor"
    assert "jobs:supervise" not in me["permissions"]
    assert person.session_id != before_id
    assert me["csrf_token"] != before_csrf
    # The old token no longer works with the new session.
    response = await person.post("/api/v1/auth/role", json={"role": "supervisor"})
    assert response.status_code == 403
    person.csrf_token = me["csrf_token"]
    assert (await person.get("/api/v1/auth/me")).json()["active_role"] == "warehouse"
    back = await person.post("/api/v1/auth/role", json={"role": "supervisor"})
    assert back.json()["active_role"] == "supervisor"


async def test_a_role_one_does_not_hold_cannot_be_switched_to(signed_in: SignIn) -> None:
    _, person = await signed_in("marketer")
    response = await person.post("/api/v1/auth/role", json={"role": "super_user"})
    assert response.status_code == 403
    me = await person.get("/api/v1/auth/me")
    assert me.json()["active_role"] == "marketer"


async def test_the_active_role_decides_access(signed_in: SignIn) -> None:
    _, person = await signed_in("marketer", secondary=["super_user"])
    assert (await person.get("/api/v1/admin/users")).status_code == 403
    me = (await person.post("/api/v1/auth/role", json={"role": "super_user"})).json()
    person.csrf_token = me["csrf_token"]
    assert (await person.get("/api/v1/admin/users")).status_code == 200


@pytest.mark.parametrize("token", [None, "", "not-the-token"])
async def test_a_write_without_the_right_csrf_token_is_refused_and_changes_nothing(
    resources: Resources, super_user: SignedIn, signed_in: SignIn, token: str | None
) -> None:
    _, admin = super_user
    target, _ = await signed_in("marketer")
    async with resources.sessions() as db:
        audited = await db.scalar(select(func.count()).select_from(AuditEntry))
    headers = {} if token is None else {"X-CSRF-Token": token}
    response = await admin.put(
        f"/api/v1/admin/users/{target.id}/roles",
        json={"primary_role": "sales", "secondary_roles": []},
        headers=headers,
        csrf=False,
    )
    assert response.status_code == 403
    assert response.json()["detail"].startswith("Missing or wrong CSRF token")
    async with resources.sessions() as db:
        assert await db.scalar(select(User.primary_role).where(User.id == target.id)) == "marketer"
        assert await db.scalar(select(func.count()).select_from(AuditEntry)) == audited


async def test_another_sessions_csrf_token_does_not_work(signed_in: SignIn) -> None:
    _, first = await signed_in("marketer")
    _, second = await signed_in("marketer")
    response = await first.post(
        "/api/v1/auth/logout", headers={"X-CSRF-Token": second.csrf_token or ""}, csrf=False
    )
    assert response.status_code == 403


async def test_reads_need_no_csrf_token(signed_in: SignIn) -> None:
    _, person = await signed_in("marketer")
    person.csrf_token = None
    assert (await person.get("/api/v1/auth/me")).status_code == 200
