"""Demo roles and staff and customer accounts; the logins the run command prints."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from app.auth import audit
from app.auth.models import Role, User, UserRole
from app.auth.passwords import hash_password
from app.auth.permissions import STAFF_PERMISSIONS, Permission
from app.auth.services import find_user_by_email, link_contact

DEMO_PASSWORD = "waymark-demo-2026"  # noqa: S105 - published on purpose: demo logins

P = Permission
_QUEUE_WORKER: frozenset[Permission] = frozenset({P.JOBS_WORK, P.CONTACTS_READ})
# name, label, permissions, queue, dashboard (the SPA path the role lands on)
_DEMO_ROLES: tuple[tuple[str, str, frozenset[Permission], str | None, str], ...] = (
    ("super_user", "Super-user", STAFF_PERMISSIONS, None, "/admin/users"),
    (
        "marketer",
        "Marketer",
        frozenset(
            {
                P.JOURNEYS_READ,
                P.JOURNEYS_WRITE,
                P.JOURNEYS_PUBLISH,
                P.CONTACTS_READ,
                P.SEGMENTS_WRITE,
                P.EVENTS_READ,
                # To try a journey out with a test event.
                P.EVENTS_WRITE,
                P.REPORTS_READ,
                P.JOB_TYPES_MANAGE,
                # What customers read about their records' progress.
                P.PORTAL_WORDING,
            }
        ),
        None,
        "/journeys",
    ),
    (
        "customer_support",
        "Customer support",
        frozenset({P.JOBS_WORK, P.CONTACTS_READ, P.CONTACTS_WRITE, P.EVENTS_READ}),
        "customer_support",
        "/dashboards/customer_support",
    ),
    (
        "warehouse",
        "Warehouse",
        frozenset({P.JOBS_WORK, P.CONTACTS_READ}),
        "warehouse",
        "/dashboards/warehouse",
    ),
    (
        "production",
        "Production",
        frozenset({P.JOBS_WORK, P.CONTACTS_READ}),
        "production",
        "/dashboards/production",
    ),
    (
        "sales",
        "Sales",
        frozenset(
            {
                P.JOBS_WORK,
                P.CONTACTS_READ,
                P.CONTACTS_WRITE,
                P.EVENTS_READ,
                P.REPORTS_READ,
                P.SALES_WORK,
            }
        ),
        "sales",
        "/dashboards/sales",
    ),
    (
        "finance",
        "Finance",
        frozenset({P.JOBS_WORK, P.CONTACTS_READ, P.REPORTS_READ}),
        "finance",
        "/dashboards/finance",
    ),
    (
        "supervisor",
        "Supervisor",
        frozenset(
            {
                P.JOBS_WORK,
                P.JOBS_SUPERVISE,
                P.JOB_TYPES_MANAGE,
                P.PORTAL_WORDING,
                P.CONTACTS_READ,
                P.EVENTS_READ,
                P.JOURNEYS_READ,
                P.REPORTS_READ,
                P.SALES_WORK,
                P.SALES_MANAGE,
            }
        ),
        "supervisor",
        "/dashboards/supervisor",
    ),
    ("customer", "Customer", frozenset({P.PORTAL_SELF}), None, "/portal"),
    ("affiliate", "Affiliate", frozenset({P.PORTAL_SELF, P.PORTAL_AFFILIATE}), None, "/portal"),
    # The other queues the journey library's jobs go to, one role each.
    *(
        (name, label, _QUEUE_WORKER, name, f"/dashboards/{name}")
        for name, label in (
            ("administration", "Administration"),
            ("fulfilment", "Fulfilment"),
            ("print", "Print room"),
            ("collections", "Collections"),
            ("customer_success", "Customer success"),
            ("data_protection", "Data protection"),
            ("sales_north", "Sales (North)"),
            ("sales_south", "Sales (South)"),
            ("sales_east", "Sales (East)"),
            ("sales_west", "Sales (West)"),
        )
    ),
)

# email, name, primary role, secondary roles (so the role switcher has something to show)
_DEMO_USERS: tuple[tuple[str, str, str, tuple[str, ...]], ...] = (
    ("super-user@waymark.local", "Morgan Reyes", "super_user", ("marketer",)),
    ("marketer@waymark.local", "Priya Shah", "marketer", ()),
    ("customer-support@waymark.local", "Tom Baker", "customer_support", ()),
    ("warehouse@waymark.local", "Wes Carter", "warehouse", ()),
    ("production@waymark.local", "Pat Nguyen", "production", ()),
    ("sales@waymark.local", "Sofia Rossi", "sales", ()),
    ("finance@waymark.local", "Felix Wagner", "finance", ()),
    ("supervisor@waymark.local", "Sam Okafor", "supervisor", ("warehouse", "production")),
    # Two people in one queue: S1's "Confirm order" lands here (the jobs e2e claims races).
    ("administration@waymark.local", "Alex Kim", "administration", ()),
    ("administration-2@waymark.local", "Jo Lee", "administration", ()),
    # Works customers' erasure requests (the portal's "erase my data" makes the job).
    ("privacy@waymark.local", "Dana Prior", "data_protection", ()),
    # Customers: linked to the demo contacts the demo events create.
    ("ada@example.com", "Ada Lovelace", "customer", ()),
    ("grace@example.com", "Grace Hopper", "customer", ()),
    # An affiliate: sees the people they referred in the portal.
    ("alan@example.com", "Alan Turing", "affiliate", ()),
)


def _login_line(email: str, role: str) -> str:
    portal = role in ("customer", "affiliate")
    area = f"{role}, portal at /portal/login" if portal else role.replace("_", "-")
    return f"{email} / {DEMO_PASSWORD} ({area})"


# The run command prints these lines.
DEMO_LOGINS: tuple[str, ...] = tuple(_login_line(email, role) for email, _, role, _ in _DEMO_USERS)


async def seed_accounts(session: AsyncSession, now: datetime) -> tuple[int, int]:
    """The demo roles and users, each created only when missing (edits are kept)."""
    return await seed_roles(session, now), await seed_users(session, now)


async def seed_roles(session: AsyncSession, now: datetime) -> int:
    roles_created = 0
    for name, label, permissions, queue, dashboard in _DEMO_ROLES:
        created = await session.scalar(
            insert(Role)
            .values(
                name=name,
                label=label,
                permissions=sorted(p.value for p in permissions),
                queue=queue,
                dashboard=dashboard,
            )
            .on_conflict_do_nothing(index_elements=[Role.name])
            .returning(Role.name)
        )
        if created:
            roles_created += 1
            await audit.record(
                session,
                actor_id=None,
                action="role.created",
                target_type="role",
                target_id=name,
                changes=audit.created({"label": label, "permissions": sorted(permissions)}),
                at=now,
            )
    return roles_created


async def seed_users(session: AsyncSession, now: datetime) -> int:
    users_created = 0
    password_hash: str | None = None
    for email, name, role, secondary in _DEMO_USERS:
        if await find_user_by_email(session, email) is not None:
            continue
        contact_id = await link_contact(session, email, name)
        if await session.scalar(select(User.id).where(User.contact_id == contact_id)):
            continue
        password_hash = password_hash or await hash_password(DEMO_PASSWORD)
        user = User(
            contact_id=contact_id,
            email=email,
            password_hash=password_hash,
            primary_role=role,
            is_active=True,
        )
        session.add(user)
        await session.flush()
        session.add_all(UserRole(user_id=user.id, role_name=r) for r in secondary)
        await audit.record(
            session,
            actor_id=None,
            action="user.created",
            target_type="user",
            target_id=user.id,
            changes=audit.created(
                {"email": email, "primary_role": role, "secondary_roles": list(secondary)}
            ),
            at=now,
        )
        users_created += 1
    return users_created
