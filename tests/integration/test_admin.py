"""Account management by super-users: every change audited, every refusal changes nothing."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import DBAPIError

from app.auth.models import AuditEntry, Role, User, UserRole
from app.resources import Resources
from tests.fixtures import SignedIn
from tests.support.accounts import Browser, create_user

pytestmark = pytest.mark.usefixtures("standard_roles")

SignIn = Callable[..., Awaitable[SignedIn]]


async def _audit(resources: Resources) -> list[AuditEntry]:
    async with resources.sessions() as db:
        return list(await db.scalars(select(AuditEntry).order_by(AuditEntry.id)))


async def _snapshot(resources: Resources) -> tuple[Any, ...]:
    async with resources.sessions() as db:
        return (
            await db.scalar(select(func.count()).select_from(User)),
            await db.scalar(select(func.count()).select_from(UserRole)),
            await db.scalar(select(func.count()).select_from(Role)),
            await db.scalar(select(func.count()).select_from(AuditEntry)),
            sorted((await db.execute(select(User.email, User.primary_role, User.is_active))).all()),
        )


async def test_users_are_listed_searched_filtered_and_paged(
    resources: Resources, super_user: SignedIn
) -> None:
    _, admin = super_user
    for index in range(3):
        await create_user(resources, role="sales", email=f"seller{index}@example.test")
    await create_user(resources, role="finance", email="counter@example.test", name="Ada Count")
    await create_user(resources, role="sales", email="gone@example.test", active=False)

    everyone = (await admin.get("/api/v1/admin/users")).json()
    assert everyone["total"] == 6
    assert (await admin.get("/api/v1/admin/users", params={"q": "seller"})).json()["total"] == 3
    by_name = (await admin.get("/api/v1/admin/users", params={"q": "ada cou"})).json()
    assert [u["email"] for u in by_name["items"]] == ["counter@example.test"]
    sales = (await admin.get("/api/v1/admin/users", params={"role": "sales"})).json()
    assert sales["total"] == 4
    active_sales = await admin.get(
        "/api/v1/admin/users", params={"role": "sales", "active": "false"}
    )
    assert [u["email"] for u in active_sales.json()["items"]] == ["gone@example.test"]
    page = (await admin.get("/api/v1/admin/users", params={"page": 2, "page_size": 4})).json()
    assert page["total"] == 6
    assert len(page["items"]) == 2
    bad = await admin.get("/api/v1/admin/users", params={"page_size": 1000})
    assert bad.status_code == 400


async def test_one_user_by_id(super_user: SignedIn, signed_in: SignIn) -> None:
    _, admin = super_user
    target, _ = await signed_in("supervisor", secondary=["warehouse"])
    response = await admin.get(f"/api/v1/admin/users/{target.id}")
    assert response.status_code == 200
    user = response.json()
    assert user["primary_role"] == "supervisor"
    assert user["secondary_roles"] == ["warehouse"]
    assert user["kind"] == "staff"
    assert user["last_login_at"] is not None
    missing = await admin.get("/api/v1/admin/users/00000000-0000-0000-0000-000000000000")
    assert missing.status_code == 404


async def test_a_duplicate_email_is_refused_and_changes_nothing(
    resources: Resources, super_user: SignedIn
) -> None:
    account, admin = super_user
    before = await _snapshot(resources)
    response = await admin.post(
        "/api/v1/admin/users/invite",
        json={"email": account.email.upper(), "name": "Twin", "primary_role": "sales"},
    )
    assert response.status_code == 409
    assert response.json()["errors"][0]["field"] == "email"
    assert await _snapshot(resources) == before


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"primary_role": "wizard"}, "primary_role"),
        ({"primary_role": "sales", "secondary_roles": ["wizard"]}, "secondary_roles"),
        ({"primary_role": "sales", "secondary_roles": ["customer"]}, "secondary_roles"),
    ],
)
async def test_an_unknown_or_mismatched_role_is_refused_and_changes_nothing(
    resources: Resources, super_user: SignedIn, body: dict[str, Any], field: str
) -> None:
    _, admin = super_user
    before = await _snapshot(resources)
    response = await admin.post(
        "/api/v1/admin/users/invite",
        json={"email": "someone@example.test", "name": "Some One", **body},
    )
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == field
    assert await _snapshot(resources) == before


async def test_an_invite_is_audited_with_who_and_what(
    resources: Resources, super_user: SignedIn
) -> None:
    account, admin = super_user
    response = await admin.post(
        "/api/v1/admin/users/invite",
        json={"email": "new@example.test", "name": "New", "primary_role": "marketer"},
    )
    assert response.status_code == 201
    entry = (await _audit(resources))[-1]
    assert entry.actor_id == account.id
    assert entry.action == "user.invited"
    assert entry.target_id == response.json()["user"]["id"]
    assert entry.changes["primary_role"] == {"from": None, "to": "marketer"}
    assert entry.changes["email"] == {"from": None, "to": "new@example.test"}


async def test_changing_roles_is_audited_from_and_to(
    resources: Resources, super_user: SignedIn, signed_in: SignIn
) -> None:
    account, admin = super_user
    target, _ = await signed_in("sales")
    response = await admin.put(
        f"/api/v1/admin/users/{target.id}/roles",
        json={"primary_role": "supervisor", "secondary_roles": ["sales", "warehouse"]},
    )
    assert response.status_code == 200
    assert response.json()["secondary_roles"] == ["sales", "warehouse"]
    entry = (await _audit(resources))[-1]
    assert (entry.actor_id, entry.action, entry.target_type) == (
        account.id,
        "user.roles_changed",
        "user",
    )
    assert entry.changes == {
        "primary_role": {"from": "sales", "to": "supervisor"},
        "secondary_roles": {"from": [], "to": ["sales", "warehouse"]},
    }


async def test_an_unknown_role_in_a_role_change_changes_nothing(
    resources: Resources, super_user: SignedIn, signed_in: SignIn
) -> None:
    _, admin = super_user
    target, _ = await signed_in("sales")
    before = await _snapshot(resources)
    response = await admin.put(
        f"/api/v1/admin/users/{target.id}/roles",
        json={"primary_role": "supervisor", "secondary_roles": ["nope"]},
    )
    assert response.status_code == 400
    assert await _snapshot(resources) == before


async def test_deactivating_ends_sessions_and_reactivating_allows_sign_in(
    resources: Resources, super_user: SignedIn, signed_in: SignIn, browser: Callable[[], Browser]
) -> None:
    _, admin = super_user
    target, person = await signed_in("sales")
    response = await admin.post(f"/api/v1/admin/users/{target.id}/deactivate")
    assert response.status_code == 200
    assert response.json()["is_active"] is False
    assert (await person.get("/api/v1/auth/me")).status_code == 401
    refused = await browser().post(
        "/api/v1/auth/login", json={"email": target.email, "password": "Sturdy-Passw0rd-42"}
    )
    assert refused.status_code == 403

    response = await admin.post(f"/api/v1/admin/users/{target.id}/reactivate")
    assert response.json()["is_active"] is True
    await browser().sign_in(target.email)
    actions = [(e.action, e.changes) for e in await _audit(resources)][-2:]
    assert actions == [
        ("user.deactivated", {"is_active": {"from": True, "to": False}}),
        ("user.reactivated", {"is_active": {"from": False, "to": True}}),
    ]


async def test_force_logout_ends_every_session_of_the_user_only(
    resources: Resources, super_user: SignedIn, signed_in: SignIn, browser: Callable[[], Browser]
) -> None:
    _, admin = super_user
    target, laptop = await signed_in("sales")
    phone = browser()
    await phone.sign_in(target.email)
    _, other = await signed_in("sales")
    response = await admin.post(f"/api/v1/admin/users/{target.id}/logout")
    assert response.status_code == 200
    assert (await laptop.get("/api/v1/auth/me")).status_code == 401
    assert (await phone.get("/api/v1/auth/me")).status_code == 401
    assert (await other.get("/api/v1/auth/me")).status_code == 200
    assert (await admin.get("/api/v1/auth/me")).status_code == 200
    entry = (await _audit(resources))[-1]
    assert (entry.action, entry.target_id) == ("user.logged_out", str(target.id))


async def test_a_super_user_cannot_lock_everyone_out(
    resources: Resources, super_user: SignedIn
) -> None:
    account, admin = super_user
    before = await _snapshot(resources)
    self_deactivate = await admin.post(f"/api/v1/admin/users/{account.id}/deactivate")
    assert self_deactivate.status_code == 409
    demote = await admin.put(
        f"/api/v1/admin/users/{account.id}/roles",
        json={"primary_role": "marketer", "secondary_roles": []},
    )
    assert demote.status_code == 409
    assert "nobody able to manage accounts" in demote.json()["detail"]
    strip = await admin.put(
        "/api/v1/admin/roles/super_user",
        json={
            "label": "Super-user",
            "permissions": ["reports:read"],
            "dashboard": "/admin/users",
            "queue": None,
        },
    )
    assert strip.status_code == 409
    assert await _snapshot(resources) == before


async def test_roles_are_created_and_updated_with_an_audit_trail(
    resources: Resources, super_user: SignedIn
) -> None:
    account, admin = super_user
    created = await admin.post(
        "/api/v1/admin/roles",
        json={
            "name": "returns",
            "label": "Returns desk",
            "permissions": ["jobs:work", "contacts:read"],
            "queue": "returns",
            "dashboard": "/dashboards/returns",
        },
    )
    assert created.status_code == 201
    assert created.json() == {
        "name": "returns",
        "label": "Returns desk",
        "permissions": ["contacts:read", "jobs:work"],
        "queue": "returns",
        "dashboard": "/dashboards/returns",
    }
    updated = await admin.put(
        "/api/v1/admin/roles/returns",
        json={
            "label": "Returns",
            "permissions": ["jobs:work"],
            "queue": "returns",
            "dashboard": "/dashboards/returns",
        },
    )
    assert updated.status_code == 200
    roles = {r["name"]: r for r in (await admin.get("/api/v1/admin/roles")).json()}
    assert roles["returns"]["label"] == "Returns"
    entries = (await _audit(resources))[-2:]
    assert [(e.action, e.actor_id, e.target_id) for e in entries] == [
        ("role.created", account.id, "returns"),
        ("role.updated", account.id, "returns"),
    ]
    assert entries[1].changes == {
        "label": {"from": "Returns desk", "to": "Returns"},
        "permissions": {"from": ["contacts:read", "jobs:work"], "to": ["jobs:work"]},
    }


@pytest.mark.parametrize(
    ("body", "status"),
    [
        ({"name": "sales"}, 409),  # exists
        ({"name": "Bad Name"}, 400),
        ({"permissions": ["jobs:work", "teleport"]}, 400),
        ({"permissions": ["portal:self", "contacts:read"]}, 400),
        ({"permissions": ["portal:affiliate", "contacts:read"]}, 400),
        ({"permissions": ["portal:affiliate"]}, 400),  # an affiliate is a customer too
        ({"dashboard": "no-slash"}, 400),
    ],
)
async def test_bad_roles_are_refused_and_change_nothing(
    resources: Resources, super_user: SignedIn, body: dict[str, Any], status: int
) -> None:
    _, admin = super_user
    before = await _snapshot(resources)
    role = {"name": "helpdesk", "label": "Helpdesk", "permissions": ["jobs:work"], "dashboard": "/"}
    response = await admin.post("/api/v1/admin/roles", json={**role, **body})
    assert response.status_code == status, response.text
    assert response.json()["detail"]
    assert await _snapshot(resources) == before


async def test_updating_an_unknown_role_is_404(super_user: SignedIn) -> None:
    _, admin = super_user
    response = await admin.put(
        "/api/v1/admin/roles/ghost",
        json={"label": "G", "permissions": [], "dashboard": "/", "queue": None},
    )
    assert response.status_code == 404


async def test_permissions_are_listed_with_descriptions(super_user: SignedIn) -> None:
    _, admin = super_user
    permissions = (await admin.get("/api/v1/admin/permissions")).json()
    names = [p["name"] for p in permissions]
    assert names[:3] == ["journeys:read", "journeys:write", "journeys:publish"]
    assert "portal:self" in names
    assert all(p["description"] for p in permissions)


async def test_the_audit_log_is_filtered_and_shows_the_actor(
    super_user: SignedIn, signed_in: SignIn
) -> None:
    account, admin = super_user
    target, _ = await signed_in("sales")
    await admin.post(f"/api/v1/admin/users/{target.id}/logout")
    await admin.put(
        f"/api/v1/admin/users/{target.id}/roles",
        json={"primary_role": "finance", "secondary_roles": []},
    )
    page = (
        await admin.get(
            "/api/v1/admin/audit", params={"target_type": "user", "target_id": str(target.id)}
        )
    ).json()
    assert page["total"] == 2
    assert [e["action"] for e in page["items"]] == ["user.roles_changed", "user.logged_out"]
    assert page["items"][0]["actor"] == {"id": str(account.id), "email": account.email}
    by_email = (await admin.get("/api/v1/admin/audit", params={"actor": account.email})).json()
    by_id = (await admin.get("/api/v1/admin/audit", params={"actor": str(account.id)})).json()
    assert by_email["total"] == by_id["total"] == 2
    system = (await admin.get("/api/v1/admin/audit", params={"target_type": "role"})).json()
    assert system["items"][0]["actor"] is None  # the demo roles were seeded by the system


async def test_the_audit_log_cannot_be_rewritten(
    resources: Resources, super_user: SignedIn
) -> None:
    async with resources.sessions() as db:
        for statement in ("UPDATE audit_log SET action = 'x'", "DELETE FROM audit_log"):
            with pytest.raises(DBAPIError, match="append-only"):
                await db.execute(text(statement))
            await db.rollback()
