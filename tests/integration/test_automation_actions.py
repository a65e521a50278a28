"""CRM actions through the real worker path: each effect key acts once, whatever rings twice."""

from __future__ import annotations

import asyncio
import uuid
from typing import Any

import pytest
from sqlalchemy import func, select

from app.automation.models import Notification
from app.contacts import objects
from app.contacts.consent import current_status
from app.contacts.models import Contact, ContactObject
from app.contacts.schemas import ObjectCreate
from app.effects.handlers import Recorder
from app.eventlog.models import Event
from app.lib.unit_of_work import UnitOfWork
from app.portal.models import PortalMessage
from app.resources import Resources
from app.runs import outbox as dispatcher
from app.settings import Settings
from app.worker.assembly import effect_handlers
from app.worker.runner import run_burst
from tests.support.accounts import MutableClock, create_user
from tests.support.runs import T0, chain, enrollments, handle, node, outbox, publish, send


@pytest.fixture
def clock() -> MutableClock:
    return MutableClock(T0)


def _crm_journey() -> dict[str, Any]:
    return chain(
        node("trigger.event", "placed", event_name="order.placed"),
        node(
            "action.update_contact",
            "update",
            set_fields=[
                {"field": "region", "value": "north"},
                {"field": "contact.locale", "value": "en-GB"},
                {"field": "owner", "value": "owner@example.test"},
            ],
            add_tags=["vip"],
            score_change=10,
            add_roles=["customer"],
            consent=[{"channel": "email", "granted": True}],
        ),
        node(
            "action.update_object",
            "confirm",
            object_type="order",
            set_fields=[
                {"field": "status", "value": "confirmed"},
                {"field": "discount", "value_from": "event.discount"},
            ],
        ),
        node(
            "action.notify_staff",
            "tell-warehouse",
            queue="warehouse",
            message="Big order to pack for {{ contact.first_name }}\nOrder {{ object.order_id }}.",
        ),
        node(
            "action.portal_message",
            "portal",
            title="Thank you, {{ contact.first_name }}",
            body="Your order {{ event.order_id }} is confirmed.",
            pin=True,
        ),
        node("flow.end", "end"),
    )


async def _contact_with_order(resources: Resources, clock: MutableClock) -> uuid.UUID:
    async with resources.sessions.begin() as db:
        contact = Contact(external_id="c-1", name="Ada Lovelace", email="ada@example.com")
        db.add(contact)
        await db.flush()
        await objects.create_object(
            UnitOfWork(db, clock.now(), origin="test"),
            contact.id,
            ObjectCreate(kind="order", external_ref="ORD-1", status="placed"),
        )
        return contact.id


async def _event_counts(resources: Resources, contact_id: uuid.UUID) -> dict[str, int]:
    async with resources.sessions() as db:
        rows = await db.execute(
            select(Event.name, func.count())
            .where(Event.contact_id == contact_id, Event.source == "system")
            .group_by(Event.name)
        )
        return {str(name): int(n) for name, n in rows.all()}


async def test_a_journeys_crm_actions_run_once_even_when_dispatched_twice(
    resources: Resources, settings: Settings, clock: MutableClock, standard_roles: None
) -> None:
    owner = await create_user(resources, role="sales", email="owner@example.test")
    packer = await create_user(resources, role="warehouse")
    boss = await create_user(resources, role="supervisor", secondary=["warehouse"])
    await create_user(resources, role="production")  # works another queue: not told
    await publish(resources, "crm", _crm_journey())
    contact_id = await _contact_with_order(resources, clock)
    event_id = await send(resources, clock, "order.placed", "c-1", order_id="ORD-1", discount=5)
    await resources.queue.process_event(event_id)
    provider = Recorder()

    await run_burst(settings, clock=clock, channels=provider)
    # Rung again, and a dispatcher run by hand: nothing acts twice.
    await resources.queue.dispatch_outbox("again")
    await run_burst(settings, clock=clock, channels=provider)
    async with resources.unit_of_work(now=clock.now()) as unit:
        assert (
            await dispatcher.dispatch_batch(unit, effect_handlers(channels=provider))
        ).total == 0

    assert provider.sent == []  # every effect of this journey is a CRM action
    assert {m.kind: m.status for m in await outbox(resources)} == {
        "update_contact": "sent",
        "update_object": "sent",
        "notify_staff": "sent",
        "portal_message": "sent",
    }
    async with resources.sessions() as db:
        contact = await db.get(Contact, contact_id)
        assert contact is not None
        assert contact.tags == ["vip"]
        assert contact.score == 10
        assert contact.locale == "en-GB"
        assert contact.owner_id == owner.id
        assert contact.attributes == {"region": "north", "roles": ["customer"]}
        assert await current_status(db, contact_id, "email") == "opted_in"
        order = await db.scalar(select(ContactObject).where(ContactObject.contact_id == contact_id))
        assert order is not None
        assert (order.status, order.data) == ("confirmed", {"discount": 5})
        told = await db.execute(
            select(Notification.user_id, Notification.title, Notification.body, Notification.link)
        )
        assert sorted(told) == sorted(
            (user, "Big order to pack for Ada", "Order ORD-1.", f"/contacts/{contact_id}")
            for user in (packer.id, boss.id)
        )
        [message] = await db.scalars(select(PortalMessage))
        assert (message.contact_id, message.title, message.pinned, message.node_id) == (
            contact_id,
            "Thank you, Ada",
            True,
            "portal",
        )
        assert message.body == "Your order ORD-1 is confirmed."
        # Every change was an event, recorded once, and handled by the worker.
        unhandled = await db.scalar(
            select(func.count()).select_from(Event).where(Event.processed_at.is_(None))
        )
        assert unhandled == 0
    assert await _event_counts(resources, contact_id) == {
        "object.created": 1,
        "contact.field_changed": 3,  # locale, attributes.region, attributes.roles
        "contact.tagged": 1,
        "contact.score_changed": 1,
        "contact.opted_in": 1,
        "contact.owner_changed": 1,
        "object.status_changed": 1,
        "object.updated": 1,
    }
    [enrollment] = await enrollments(resources)
    assert enrollment.status == "completed"


async def test_two_dispatchers_racing_act_once(
    resources: Resources, clock: MutableClock, standard_roles: None
) -> None:
    await publish(resources, "crm", _crm_journey())
    await create_user(resources, role="warehouse")
    await create_user(resources, role="sales", email="owner@example.test")
    contact_id = await _contact_with_order(resources, clock)
    placed = await send(resources, clock, "order.placed", "c-1", order_id="ORD-1")
    await handle(resources, clock, placed)
    provider = Recorder()

    async def dispatch() -> dispatcher.Dispatched:
        async with resources.unit_of_work(now=clock.now()) as unit:
            return await dispatcher.dispatch_batch(unit, effect_handlers(channels=provider))

    done = await asyncio.gather(*(dispatch() for _ in range(4)))

    assert sum(d.sent for d in done) == 4
    counts = await _event_counts(resources, contact_id)
    assert (counts["contact.tagged"], counts["contact.score_changed"]) == (1, 1)
    async with resources.sessions() as db:
        assert await db.scalar(select(func.count()).select_from(PortalMessage)) == 1
        assert await db.scalar(select(func.count()).select_from(Notification)) == 1


async def test_an_action_that_cannot_be_done_is_retried_with_its_reason_and_leaves_nothing(
    resources: Resources, clock: MutableClock, standard_roles: None
) -> None:
    await publish(
        resources,
        "no order",
        chain(
            node("trigger.event", "placed", event_name="return.requested"),
            node(
                "action.update_object",
                "reject",
                object_type="return",
                set_fields=[{"field": "status", "value": "rejected"}],
            ),
            node("action.notify_staff", "tell", queue="nobody_works_this", message="Hello"),
            node("flow.end", "end"),
        ),
    )
    await handle(resources, clock, await send(resources, clock, "return.requested", "c-2"))
    async with resources.unit_of_work(now=clock.now()) as unit:
        done = await dispatcher.dispatch_batch(unit, effect_handlers(channels=Recorder()))

    assert done.retried == 2
    errors = {m.kind: (m.status, m.last_error) for m in await outbox(resources)}
    assert errors == {
        "update_object": ("pending", "ActionRefusedError: The contact has no return to update."),
        "notify_staff": (
            "pending",
            "ActionRefusedError: Nobody works the queue “nobody_works_this” to notify.",
        ),
    }
    async with resources.sessions() as db:
        assert await db.scalar(select(func.count()).select_from(Notification)) == 0


async def test_a_text_that_does_not_render_fails_at_once_and_shows_nothing(
    resources: Resources, clock: MutableClock, standard_roles: None
) -> None:
    await create_user(resources, role="warehouse")
    await publish(
        resources,
        "broken",
        chain(
            node("trigger.event", "placed", event_name="order.placed"),
            node("action.notify_staff", "tell", queue="warehouse", message="{{ journey.nope }}"),
            node("action.portal_message", "portal", title="Hi", body="{{ event.total | money }}"),
            node("flow.end", "end"),
        ),
    )
    await _contact_with_order(resources, clock)
    await handle(resources, clock, await send(resources, clock, "order.placed", "c-1"))
    async with resources.unit_of_work(now=clock.now()) as unit:
        done = await dispatcher.dispatch_batch(unit, effect_handlers(channels=Recorder()))

    assert done.failed == 2
    errors = {m.kind: (m.status, m.last_error or "") for m in await outbox(resources)}
    assert errors["notify_staff"][0] == "failed"
    assert "nope" in errors["notify_staff"][1]
    assert errors["portal_message"][0] == "failed"
    assert "missing variable “total”" in errors["portal_message"][1]
    async with resources.sessions() as db:
        assert await db.scalar(select(func.count()).select_from(Notification)) == 0
        assert await db.scalar(select(func.count()).select_from(PortalMessage)) == 0


async def test_staff_read_their_own_notifications_and_mark_them_read(
    resources: Resources, clock: MutableClock, signed_in: Any
) -> None:
    _, packer_browser = await signed_in("warehouse")
    _, other_browser = await signed_in("production")
    await create_user(resources, role="sales", email="owner@example.test")
    await publish(resources, "crm", _crm_journey())
    await _contact_with_order(resources, clock)
    placed = await send(resources, clock, "order.placed", "c-1", order_id="ORD-1")
    await handle(resources, clock, placed)
    async with resources.unit_of_work(now=clock.now()) as unit:
        await dispatcher.dispatch_batch(unit, effect_handlers(channels=Recorder()))

    mine = (await packer_browser.get("/api/v1/notifications")).json()
    assert mine["unread"] == 1
    [note] = mine["items"]
    assert (note["title"], note["read_at"]) == ("Big order to pack for Ada", None)
    assert (await other_browser.get("/api/v1/notifications")).json() == {"items": [], "unread": 0}

    # Someone else's notification is not theirs to mark.
    refused = await other_browser.post("/api/v1/notifications/read", json={"ids": [note["id"]]})
    assert refused.status_code == 404
    marked = await packer_browser.post("/api/v1/notifications/read", json={"ids": [note["id"]]})
    assert marked.json() == {"marked": 1, "unread": 0}
    unread = await packer_browser.get("/api/v1/notifications", params={"unread": "true"})
    assert unread.json() == {"items": [], "unread": 0}
    assert (await packer_browser.post("/api/v1/notifications/read-all")).json() == {
        "marked": 0,
        "unread": 0,
    }
    bad = await packer_browser.post("/api/v1/notifications/read", json={"ids": []})
    assert bad.status_code == 400
