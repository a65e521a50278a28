"""Loading the demo data, so a new user sees the product alive: every part in order,
through the real code. Safe to load any number of times."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import msgspec
from sqlalchemy import select

from app.contacts.schemas import ContactRef
from app.demo import channels as channels_demo
from app.demo.accounts import seed_accounts
from app.demo.automation import run_demo_schedules, seed_automation
from app.demo.contacts import seed_contacts
from app.demo.events import seed_demo_key, seed_event_sources
from app.demo.jobs import seed_jobs
from app.demo.journeys import seed_catalog, seed_journeys
from app.demo.portal import seed_portal
from app.demo.sales import seed_sales
from app.demo.segments import seed_segments, welcome_a_new_vip
from app.demo.versions import seed_versions
from app.demo.whatif import seed_what_if
from app.demo.whereabouts import seed_whereabouts
from app.demo.work import demo_unit, handle_events
from app.eventlog.models import Event
from app.events.schemas import EventEnvelope
from app.events.services import record_event
from app.resources import Resources, open_resources
from app.settings import Settings

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
    enrolled_by_hand: int = 0
    readers_waiting: int = 0
    what_ifs: int = 0
    sales_cards: int = 0

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
            f"{self.schedule_picked} contacts picked by schedule runs, "
            f"{self.enrolled_by_hand} contacts enrolled by hand; "
            f"{self.readers_waiting} readers waiting on an older journey version; "
            f"{self.what_ifs} what-ifs run; "
            f"{self.sales_cards} sales cards made and processed"
        )


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


async def _own_events(resources: Resources, now: datetime) -> list[int]:
    """The events this load recorded (all stamped with its `now`) still unhandled."""
    async with resources.sessions() as db:
        rows = await db.scalars(
            select(Event.id)
            .where(Event.received_at == now, Event.processed_at.is_(None))
            .order_by(Event.id)
        )
        return list(rows)


async def load_demo_data(settings: Settings) -> DemoSummary:
    now = datetime.now(UTC)
    created = existing = 0
    async with open_resources(settings) as resources:
        async with demo_unit(resources, now) as unit:
            session = unit.session
            recorded = [await record_event(unit, event) for event in demo_events(now)]
            # After the events, so the demo customers' logins join their existing contacts.
            roles_created, users_created = await seed_accounts(session, now)
            # The real templates first: the catalog fills in plain ones for the other names.
            catalog_created = await channels_demo.seed_templates(session)
            catalog_created += await seed_catalog(session)
            journeys_created = await seed_journeys(session, now)
            segments_created = await seed_segments(session, now)
            automation_created = await seed_automation(unit)
        # Now the journeys are published: the demo events run through them on the real
        # path (record, then handle under the contact's lock), so S1, S5 and S9 show
        # customers part-way through, queued messages and step counts. A second load
        # finds every event handled and changes nothing.
        async with demo_unit(resources, now) as unit:
            recorded += [await record_event(unit, event) for event in demo_run_events(now)]
        handled = await handle_events(resources, [item.id for item in recorded], now)
        # What setting up recorded on its own (the automation's and accounts' changes).
        await handle_events(resources, await _own_events(resources, now), now)
        # The CRM data, after the accounts (owners) and after the events above ran, so
        # those are handled on their own. Its changes are events too: handle them as well.
        async with demo_unit(resources, now) as unit:
            await seed_contacts(unit)
        contact_changes = unit.events
        await handle_events(resources, await _own_events(resources, now), now)
        # A journey on version 2 with readers still waiting on version 1: the publish
        # dialog's migration plan shows them.
        readers_waiting = await seed_versions(resources, now)
        # A customer joins the VIPs: the VIP welcome journey starts on it.
        vips_welcomed = await welcome_a_new_vip(resources, now)
        # The messages those journeys queued, delivered to the dev outbox (consent first),
        # some opened and clicked, and a letter.
        async with demo_unit(resources, now - timedelta(days=30)) as unit:
            await channels_demo.seed_consent(unit)
        await channels_demo.send_and_track(resources, settings, now)
        # Orders, a return in progress, messages and referrals for the portal's customers.
        portal_created = await seed_portal(resources, now)
        schedule_picked = await run_demo_schedules(resources, now)
        # A journey contacts are enrolled in by hand, 20 of them waiting at one step.
        enrolled_by_hand = await seed_whereabouts(resources, now)
        for item in recorded:
            created += item.created
            existing += not item.created
        # Jobs: S1's orders waiting in queues, some claimed, one moved on; a history.
        jobs_created = await seed_jobs(resources, now)
        # S11: calling projects, a booked salesperson, automatic processes (one ran).
        sales_cards = await seed_sales(resources, now)
        # The website key and events from every source, through the real intake.
        await seed_demo_key(resources, now)
        intake_events = await seed_event_sources(resources, now)
        # Last, so it replays everything above: a what-if of a draft to look at.
        what_ifs = await seed_what_if(resources, now)
    return DemoSummary(
        events_created=created,
        events_already_there=existing,
        worker_rung=int(any(item.created for item in recorded)),
        roles_created=roles_created,
        users_created=users_created,
        catalog_created=catalog_created,
        journeys_created=journeys_created,
        events_handled=handled,
        jobs_created=jobs_created,
        intake_events=intake_events,
        portal_created=portal_created,
        segments_created=segments_created,
        enrolled_by_hand=enrolled_by_hand,
        contact_changes=contact_changes,
        vips_welcomed=vips_welcomed,
        automation_created=automation_created,
        schedule_picked=schedule_picked,
        readers_waiting=readers_waiting,
        what_ifs=what_ifs,
        sales_cards=sales_cards,
    )
