"""CRM services: every change is an event in the same transaction, rung after commit;
consent follows the documented rule."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from sqlalchemy import select

from app.contacts import consent, objects, profile
from app.contacts.models import Contact, ContactConsent
from app.contacts.notes import add_note
from app.contacts.schemas import ContactCreate, ContactUpdate, ObjectCreate, ObjectUpdate
from app.eventlog.models import Event
from app.lib.problems import ConflictError, InvalidInputError
from app.lib.unit_of_work import UnitOfWork
from app.resources import Resources
from app.worker.queue import event_job_id
from tests.support.accounts import create_user


async def _contact(resources: Resources, **fields: Any) -> uuid.UUID:
    async with resources.unit_of_work() as unit:
        row = await profile.create_contact(unit, ContactCreate(**fields))
    return row.id


async def _events(resources: Resources, contact_id: uuid.UUID) -> list[tuple[str, dict[str, Any]]]:
    async with resources.sessions() as session:
        rows = await session.execute(
            select(Event.name, Event.properties)
            .where(Event.contact_id == contact_id, Event.source == "system")
            .order_by(Event.id)
        )
        return [(name, props) for name, props in rows]


async def test_changes_record_one_event_each_and_ring_the_worker(resources: Resources) -> None:
    contact_id = await _contact(resources, name="Ada Lovelace", email="ada@example.com")
    async with resources.unit_of_work() as unit:
        await profile.add_tags(unit, contact_id, ["vip", "newsletter", "vip"])
        await profile.remove_tags(unit, contact_id, ["newsletter", "absent"])
        await profile.change_score(unit, contact_id, delta=30)
        await profile.update_contact(
            unit,
            contact_id,
            ContactUpdate(timezone="Europe/London", attributes={"region": "north"}),
        )
        await consent.set_consent(unit, contact_id, "email", "opted_out", source="staff")
        # Already opted out: no second row, no second event.
        await consent.set_consent(unit, contact_id, "email", "opted_out", source="staff")
        rung = unit.events
    names = [name for name, _ in await _events(resources, contact_id)]
    assert names == [
        "contact.created",
        "contact.tagged",
        "contact.tagged",
        "contact.untagged",
        "contact.score_changed",
        "contact.field_changed",
        "contact.field_changed",
        "contact.opted_out",
    ]
    props = dict(await _events(resources, contact_id))
    assert props["contact.score_changed"]["previous"] == 0
    assert props["contact.score_changed"]["current"] == 30
    assert props["contact.opted_out"]["channel"] == "email"
    # Seven events, one ring: a worker that wakes finds every unhandled event itself.
    assert rung == 7
    assert await resources.redis.exists(f"arq:job:{event_job_id(0)}")


async def test_a_failed_unit_of_work_keeps_neither_change_nor_event(resources: Resources) -> None:
    contact_id = await _contact(resources, name="Grace")

    async def tag_then_fail() -> None:
        async with resources.unit_of_work() as unit:
            await profile.add_tags(unit, contact_id, ["kept?"])
            await profile.update_contact(unit, contact_id, ContactUpdate(timezone="Mars/Olympus"))

    with pytest.raises(InvalidInputError):
        await tag_then_fail()
    async with resources.sessions() as session:
        contact = await session.get(Contact, contact_id)
        assert contact is not None
        assert contact.tags == []
    assert [name for name, _ in await _events(resources, contact_id)] == ["contact.created"]


async def test_field_changes_name_the_field_and_both_values(resources: Resources) -> None:
    contact_id = await _contact(resources, name="Alan", locale="en-GB")
    async with resources.unit_of_work() as unit:
        await profile.update_contact(unit, contact_id, ContactUpdate(locale="en-US", name="Alan"))
    changed = [p for name, p in await _events(resources, contact_id) if name.endswith("changed")]
    assert [(p["field"], p["previous"], p["current"]) for p in changed] == [
        ("locale", "en-GB", "en-US")
    ]


async def test_a_taken_email_is_a_conflict_on_that_field(resources: Resources) -> None:
    await _contact(resources, email="taken@example.com")
    other = await _contact(resources, email="free@example.com")
    with pytest.raises(ConflictError) as raised:
        async with resources.unit_of_work() as unit:
            await profile.update_contact(unit, other, ContactUpdate(email="TAKEN@example.com"))
    assert [e.field for e in raised.value.errors] == ["email"]


async def test_owner_changes_are_events_and_unknown_users_are_refused(
    resources: Resources, standard_roles: None
) -> None:
    staff = await create_user(resources, role="sales")
    contact_id = await _contact(resources, name="Katherine")
    async with resources.unit_of_work() as unit:
        await profile.set_owner(unit, contact_id, staff.id)
    with pytest.raises(InvalidInputError):
        async with resources.unit_of_work() as unit:
            await profile.set_owner(unit, contact_id, uuid.uuid4())
    owner_events = [
        p for n, p in await _events(resources, contact_id) if n == "contact.owner_changed"
    ]
    assert owner_events == [
        {"previous": None, "current": str(staff.id), "origin": "staff", "actor_id": None}
    ]


async def test_objects_record_created_and_status_changed(resources: Resources) -> None:
    contact_id = await _contact(resources, name="Ada")
    async with resources.unit_of_work() as unit:
        order = await objects.create_object(
            unit,
            contact_id,
            ObjectCreate(kind="order", status="placed", external_ref="ORD-1", data={"value": 120}),
        )
    async with resources.unit_of_work() as unit:
        await objects.update_object(unit, contact_id, order.id, ObjectUpdate(status="shipped"))
    with pytest.raises(ConflictError):
        async with resources.unit_of_work() as unit:
            await objects.create_object(
                unit,
                contact_id,
                ObjectCreate(kind="order", status="x", external_ref="ORD-1"),
            )
    found = [(n, p) for n, p in await _events(resources, contact_id) if n.startswith("object.")]
    assert [n for n, _ in found] == ["object.created", "object.status_changed"]
    assert found[0][1]["value"] == 120
    assert found[1][1]["status"] == "shipped"
    assert found[1][1]["previous_status"] == "placed"


async def test_notes_are_events_too(resources: Resources) -> None:
    contact_id = await _contact(resources, name="Ada")
    async with resources.unit_of_work() as unit:
        note = await add_note(unit, contact_id, "Called; prefers email.")
    assert (await _events(resources, contact_id))[-1] == (
        "contact.note_added",
        {"note_id": note.id, "origin": "staff", "actor_id": None},
    )


@pytest.mark.parametrize(
    ("channel", "status", "soft", "customer", "allowed"),
    [
        ("email", None, False, True, False),
        ("email", None, True, True, True),
        ("email", None, True, False, False),
        ("email", "opted_in", False, False, True),
        ("email", "opted_out", True, True, False),
        ("sms", None, False, False, False),
        ("letter", None, False, False, True),
        ("phone", "opted_out", False, False, False),
    ],
)
def test_the_consent_rule(
    channel: str, status: Any, soft: bool, customer: bool, allowed: bool
) -> None:
    assert consent.decide(channel, status, soft_opt_in=soft, is_customer=customer) is allowed


async def test_may_contact_reads_the_latest_change(resources: Resources) -> None:
    contact_id = await _contact(resources, name="Ada")
    async with resources.sessions() as session:
        assert not await consent.may_contact(session, contact_id, "email", soft_opt_in=False)
        assert await consent.may_contact(session, contact_id, "letter", soft_opt_in=False)
    for status in ("opted_in", "opted_out", "opted_in"):
        async with resources.unit_of_work() as unit:
            await consent.set_consent(unit, contact_id, "email", status, source="portal")
    async with resources.sessions() as session:
        assert await consent.may_contact(session, contact_id, "email", soft_opt_in=False)
        history = await session.scalars(
            select(ContactConsent.status).where(ContactConsent.contact_id == contact_id)
        )
        assert list(history) == ["opted_in", "opted_out", "opted_in"]
    async with resources.unit_of_work() as unit:
        await consent.set_consent(unit, contact_id, "email", "opted_out", source="sms_stop")
    async with resources.sessions() as session:
        assert not await consent.may_contact(session, contact_id, "email", soft_opt_in=True)


async def test_soft_opt_in_needs_an_order(resources: Resources) -> None:
    contact_id = await _contact(resources, name="Ada")
    async with resources.sessions() as session:
        assert not await consent.may_contact(session, contact_id, "email", soft_opt_in=True)
    async with resources.unit_of_work() as unit:
        await objects.create_object(unit, contact_id, ObjectCreate(kind="order", status="placed"))
    async with resources.sessions() as session:
        assert await consent.may_contact(session, contact_id, "email", soft_opt_in=True)


async def test_changes_work_in_another_domains_unit_of_work(resources: Resources) -> None:
    """Other domains (the worker, the portal) pass their own unit of work, with its origin."""
    contact_id = await _contact(resources, name="Ada")
    async with resources.sessions.begin() as session:
        unit = UnitOfWork(session, resources.clock.now(), origin="journey")
        await profile.change_score(unit, contact_id, value=55)
    assert (await _events(resources, contact_id))[-1][1]["origin"] == "journey"


async def test_the_worker_sees_the_crm_data_as_facts(resources: Resources) -> None:
    from app.runs.facts import contact_facts  # noqa: PLC0415

    contact_id = await _contact(
        resources, name="Ada Lovelace", timezone="Europe/Paris", attributes={"region": "north"}
    )
    async with resources.unit_of_work() as unit:
        await profile.add_tags(unit, contact_id, ["vip"])
        await profile.change_score(unit, contact_id, delta=60)
        await consent.set_consent(unit, contact_id, "sms", "opted_in", source="portal")
        await objects.create_object(unit, contact_id, ObjectCreate(kind="order", status="placed"))
    async with resources.sessions() as session:
        facts = await contact_facts(session, contact_id)
    assert facts.tags == frozenset({"vip"})
    assert facts.scores == {"lead_score": 60}
    assert facts.consent["sms"] is True
    assert facts.consent["letter"] is True
    assert facts.timezone == "Europe/Paris"
    assert facts.contact["region"] == "north"
    assert facts.objects["order"]["status"] == "placed"
