"""Demo data, so a new user sees the product alive. Safe to load any number of times."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import msgspec
from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from app.auth import audit
from app.auth.models import Role, User, UserRole
from app.auth.passwords import hash_password
from app.auth.permissions import STAFF_PERMISSIONS, Permission
from app.auth.services import find_user_by_email, link_contact
from app.automation.demo import run_demo_schedules, seed_automation
from app.channels import demo as channels_demo
from app.contacts.demo import seed_contacts
from app.events.demo import seed_demo_key, seed_event_sources
from app.events.schemas import ContactRef, EventEnvelope
from app.events.services import record_event
from app.jobs.demo import seed_jobs
from app.journeys.demo import seed_catalog, seed_journeys
from app.portal.demo import seed_portal
from app.resources import open_resources
from app.runs.services import handle_event
from app.segments.demo import seed_segments, welcome_a_new_vip
from app.settings import Settings

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
        frozenset({P.JOBS_WORK, P.CONTACTS_READ, P.CONTACTS_WRITE, P.EVENTS_READ, P.REPORTS_READ}),
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

_DEMO_CONTACTS = (
    ("cust-1001", "ada@example.com", "+441632960001"),
    ("cust-1002", "grace@example.com", "+441632960002"),
    ("cust-1003", "alan@example.com", "+441632960003"),
    ("cust-1004", "katherine@example.com", "+441632960004"),
)


class DemoSummary(msgspec.Struct, frozen=True):
    events_created: int
    events_already_there: int
    worker_rung: int
    roles_created: int = 0
    users_created: int = 0
    catalog_created: int = 0
    journeys_created: int = 0
    events_handled: int = 0
    jobs_created: int = 0
    intake_events: int = 0
    portal_created: int = 0
    segments_created: int = 0
    vips_welcomed: int = 0
    contact_changes: int = 0
    automation_created: int = 0
    schedule_picked: int = 0

    def __str__(self) -> str:
        return (
            f"demo data: {self.events_created} events created, "
            f"{self.events_already_there} already there, {self.worker_rung} queued for the worker; "
            f"{self.roles_created} roles and {self.users_created} users created; "
            f"{self.catalog_created} job types and message templates and "
            f"{self.journeys_created} journeys created; "
            f"{self.segments_created} segments created, {self.contact_changes} contact changes, "
            f"{self.vips_welcomed} contacts joined the VIPs; "
            f"{self.events_handled} events run through the journeys; "
            f"{self.jobs_created} jobs created; "
            f"{self.intake_events} events sent through the intake (website, portal, email, SMS); "
            f"{self.portal_created} portal records and messages created; "
            f"{self.automation_created} scoring rules and other automation made, "
            f"{self.schedule_picked} contacts picked by schedule runs"
        )


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


def demo_events(now: datetime) -> list[EventEnvelope]:
    events = []
    for index, (external_id, email, phone) in enumerate(_DEMO_CONTACTS):
        contact = ContactRef(external_id=external_id, email=email, phone=phone)
        placed = now - timedelta(days=3 - index % 3, hours=index)
        events.append(
            EventEnvelope(
                name="order.placed",
                contact=contact,
                properties={"order_number": f"ORD-{2000 + index}", "total": 120 + 450 * index},
                occurred_at=placed,
                idempotency_key=f"demo:order.placed:{external_id}",
            )
        )
        if index % 2 == 0:
            events.append(
                EventEnvelope(
                    name="page.viewed",
                    contact=contact,
                    properties={"url": "/pricing"},
                    occurred_at=placed + timedelta(minutes=30),
                    idempotency_key=f"demo:page.viewed:{external_id}",
                    source="track",
                )
            )
    return events


def demo_run_events(now: datetime) -> list[EventEnvelope]:
    """Events that put demo customers part-way through S5 (collection) and S9 (appointments);
    the `order.placed` events above do the same for S1."""
    ada, grace, alan, katherine = (
        ContactRef(external_id=external_id, email=email, phone=phone)
        for external_id, email, phone in _DEMO_CONTACTS
    )
    appointment_at = (now + timedelta(days=5)).replace(hour=14, minute=0, second=0, microsecond=0)
    return [
        EventEnvelope(
            name="payment.missed",
            contact=contact,
            properties={"invoice": invoice, "amount": amount},
            occurred_at=now - timedelta(hours=2),
            idempotency_key=f"demo:payment.missed:{invoice}",
        )
        for contact, invoice, amount in ((grace, "INV-301", 240), (alan, "INV-302", 95))
    ] + [
        EventEnvelope(
            name="appointment.scheduled",
            contact=contact,
            properties={"id": ref, "appointment_at": appointment_at.isoformat()},
            occurred_at=now - timedelta(hours=1),
            idempotency_key=f"demo:appointment.scheduled:{ref}",
        )
        for contact, ref in ((ada, "APT-11"), (katherine, "APT-12"))
    ]


async def load_demo_data(settings: Settings) -> DemoSummary:
    now = datetime.now(UTC)
    created = existing = 0
    async with open_resources(settings) as resources:
        async with resources.sessions.begin() as session:
            recorded = [await record_event(session, event, now=now) for event in demo_events(now)]
            # After the events, so the demo customers' logins join their existing contacts.
            roles_created, users_created = await seed_accounts(session, now)
            # The real templates first: the catalog fills in plain ones for the other names.
            catalog_created = await channels_demo.seed_templates(session)
            catalog_created += await seed_catalog(session)
            journeys_created = await seed_journeys(session, now)
            segments_created = await seed_segments(session, now)
            automation_created = await seed_automation(session, now)
        # Now the journeys are published: the demo events run through them on the real
        # path (record, then handle under the contact's lock), so S1, S5 and S9 show
        # customers part-way through, queued messages and step counts. A second load
        # finds every event handled and changes nothing.
        async with resources.sessions.begin() as session:
            recorded += [
                await record_event(session, event, now=now) for event in demo_run_events(now)
            ]
        handled = 0
        for item in recorded:
            async with resources.sessions.begin() as session:
                handled += (await handle_event(session, item.id, now)).events
        # The CRM data, after the accounts (owners) and after the events above ran, so
        # those are handled on their own. Its changes are events too: handle them as well.
        async with resources.sessions.begin() as session:
            crm = await seed_contacts(session, now)
        for event_id in crm.event_ids:
            async with resources.sessions.begin() as session:
                await handle_event(session, event_id, now)
        # A customer joins the VIPs: the VIP welcome journey starts on it.
        vips_welcomed = await welcome_a_new_vip(resources.sessions, now)
        # The messages those journeys queued, delivered to the dev outbox (consent first),
        # some opened and clicked, and a letter.
        async with resources.sessions.begin() as session:
            channel_events = await channels_demo.seed_consent(session, now)
        channel_events += await channels_demo.send_and_track(resources.sessions, settings, now)
        for event_id in channel_events:
            await resources.queue.process_event(event_id)
        # Orders, a return in progress, messages and referrals for the portal's customers.
        portal_created = await seed_portal(resources, now)
        schedule_picked = await run_demo_schedules(resources.sessions, now)
        for item in recorded:
            created += item.created
            existing += not item.created
        # Jobs: S1's orders waiting in queues, some claimed, one moved on; a history.
        jobs_created = await seed_jobs(resources, now)
        # Ring only after commit: a ring for an uncommitted event would find nothing.
        rung = sum(
            [await resources.queue.process_event(item.id) for item in recorded if item.created]
        )
        # The website key and events from every source, through the real intake.
        await seed_demo_key(resources, now)
        intake_events = await seed_event_sources(resources, now)
    return DemoSummary(
        events_created=created,
        events_already_there=existing,
        worker_rung=rung,
        roles_created=roles_created,
        users_created=users_created,
        catalog_created=catalog_created,
        journeys_created=journeys_created,
        events_handled=handled,
        jobs_created=jobs_created,
        intake_events=intake_events,
        portal_created=portal_created,
        segments_created=segments_created,
        contact_changes=len(crm.event_ids),
        vips_welcomed=vips_welcomed,
        automation_created=automation_created,
        schedule_picked=schedule_picked,
    )
