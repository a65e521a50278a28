"""S1 (order to delivery) end to end: the library journey as published, staff claiming and
completing each job over HTTP, the order updated through the CRM, and every email through
a real SMTP server, with the tracking number from the despatch form in the last one."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from email.message import EmailMessage

from sqlalchemy import select

from app.contacts.models import ContactObject
from app.jobs.models import Job
from app.resources import Resources
from app.settings import Settings
from tests.fixtures import SignedIn
from tests.support.accounts import Browser, MutableClock
from tests.support.channels import SmtpServer, add_contact, add_template, settle
from tests.support.consent import opt_in
from tests.support.jobs import JOBS, catalog
from tests.support.runs import fire_timers, publish_template, send

SignIn = Callable[..., Awaitable[SignedIn]]

ON_ITS_WAY = (
    "Your order {{ object.order_number }} is on its way: {{ journey.job.form.tracking_number }}"
)


async def _order(resources: Resources, clock: MutableClock, who: str, total: int) -> uuid.UUID:
    contact_id = await add_contact(
        resources, who, name=f"{who.title()} Buyer", email=f"{who}@ex.com"
    )
    await opt_in(resources, contact_id, "email")
    async with resources.sessions.begin() as db:
        db.add(
            ContactObject(
                contact_id=contact_id,
                kind="order",
                external_ref=f"ORD-{who}",
                status="placed",
                data={"total": total},
            )
        )
    await send(
        resources,
        clock,
        "order.placed",
        who,
        order_id=f"ORD-{who}",
        order_number=f"ORD-{who}",
        total=total,
    )
    return contact_id


async def _open_job(resources: Resources, type_name: str, who: str) -> Job:
    async with resources.sessions() as db:
        [job] = list(
            await db.scalars(
                select(Job).where(
                    Job.type_name == type_name, Job.related.contains([{"id": f"ORD-{who}"}])
                )
            )
        )
    return job


async def _work(staff: Browser, job: Job, outcome: str, **form: object) -> None:
    """Claim the job and complete it with an outcome, as a person in its queue does."""
    claimed = await staff.post(f"{JOBS}/{job.id}/claim")
    assert claimed.status_code == 200, claimed.text
    done = await staff.post(
        f"{JOBS}/{job.id}/complete",
        json={"version": claimed.json()["version"], "outcome": outcome, "data": form},
    )
    assert done.status_code == 200, done.text


def _mail_to(smtp: SmtpServer, address: str) -> list[tuple[str, str]]:
    found = []
    for recipients, mail in smtp.mailbox.messages:
        if address in recipients:
            text = mail.get_body(("plain",))
            assert isinstance(text, EmailMessage)
            # The first line: the body (an unsubscribe footer follows).
            found.append((str(mail["Subject"]), text.get_content().splitlines()[0]))
    return found


async def test_s1_an_order_goes_through_confirm_with_discount_make_despatch_and_review(
    resources: Resources,
    clock: MutableClock,
    smtp: SmtpServer,
    smtp_settings: Settings,
    signed_in: SignIn,
) -> None:
    await add_template(
        resources, "order_on_its_way", "email", subject="On its way", body_text=ON_ITS_WAY
    )
    await add_template(
        resources,
        "order_new_total",
        "email",
        subject="Your new total",
        body_text="{{ journey.job.form.discount }} off order {{ object.order_number }}.",
    )
    await catalog(resources)
    await publish_template(resources, "order-to-delivery", clock.now())
    _, admin = await signed_in("administration")
    _, maker = await signed_in("production")
    _, packer = await signed_in("fulfilment")
    await _order(resources, clock, "ann", total=250)
    await settle(resources, smtp_settings, clock)

    confirm = await _open_job(resources, "confirm_order", "ann")
    assert (confirm.queue, confirm.title) == ("administration", "Confirm order ORD-ann")
    await _work(admin, confirm, "apply_discount", discount=25)
    await settle(resources, smtp_settings, clock)
    assert _mail_to(smtp, "ann@ex.com") == [("Your new total", "25 off order ORD-ann.")]
    async with resources.sessions() as db:
        order = await db.scalar(
            select(ContactObject).where(ContactObject.external_ref == "ORD-ann")
        )
    assert order is not None
    assert order.data["discount"] == 25  # the discount from the form, through the CRM

    make = await _open_job(resources, "manufacture", "ann")
    assert make.queue == "production"
    await _work(maker, make, "made")
    await settle(resources, smtp_settings, clock)
    ship = await _open_job(resources, "despatch", "ann")
    assert ship.queue == "fulfilment"
    # The despatch form asks for the carrier and tracking number; without them, a clear no.
    claimed = await packer.post(f"{JOBS}/{ship.id}/claim")
    incomplete = await packer.post(
        f"{JOBS}/{ship.id}/complete",
        json={"version": claimed.json()["version"], "outcome": "despatched", "data": {}},
    )
    assert incomplete.status_code == 422
    assert "tracking_number" in incomplete.text
    await _work(packer, ship, "despatched", carrier="DPD", tracking_number="TRK-123")
    await settle(resources, smtp_settings, clock)
    assert _mail_to(smtp, "ann@ex.com")[1] == (
        "On its way",
        "Your order ORD-ann is on its way: TRK-123",
    )

    clock.advance(days=7, minutes=1)
    await fire_timers(resources, clock)
    await settle(resources, smtp_settings, clock)
    assert [subject for subject, _ in _mail_to(smtp, "ann@ex.com")] == [
        "Your new total",
        "On its way",
        "Order review request",
    ]


async def test_s1_a_big_order_needs_senior_approval_and_a_rejection_cancels_it(
    resources: Resources,
    clock: MutableClock,
    smtp: SmtpServer,
    smtp_settings: Settings,
    signed_in: SignIn,
) -> None:
    await catalog(resources)
    await publish_template(resources, "order-to-delivery", clock.now())
    _, admin = await signed_in("administration")
    await _order(resources, clock, "bob", total=1500)
    await settle(resources, smtp_settings, clock)

    approval = await _open_job(resources, "senior_approval", "bob")
    assert approval.title == "Approve order ORD-bob (1500)"
    async with resources.sessions() as db:
        assert await db.scalar(select(Job.id).where(Job.type_name == "confirm_order")) is None
    await _work(admin, approval, "rejected", reason="No credit history for this amount.")
    await settle(resources, smtp_settings, clock)

    async with resources.sessions() as db:
        order = await db.scalar(
            select(ContactObject).where(ContactObject.external_ref == "ORD-bob")
        )
    assert order is not None
    assert order.status == "cancelled"
    assert [subject for subject, _ in _mail_to(smtp, "bob@ex.com")] == ["Order cancelled"]
