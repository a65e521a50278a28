"""S4 (retention of sleepy customers) and S13 (birthdays and renewals) end to end: the
library templates as published, schedule runs on the controllable clock, segments and
date matching in each contact's time zone, and every email through a real SMTP server."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from email.message import EmailMessage

import pytest
from sqlalchemy import select

from app.automation import schedules
from app.automation.models import ScheduleRun
from app.contacts.models import Contact
from app.demo.journeys import seed_catalog
from app.demo.segments import seed_segments
from app.eventlog.models import Event
from app.resources import Resources
from app.settings import Settings
from tests.support.accounts import MutableClock
from tests.support.channels import SmtpServer, add_contact, settle
from tests.support.consent import opt_in
from tests.support.runs import fire_timers, handle, publish_template, send

pytestmark = pytest.mark.usefixtures("standard_roles")

PUBLISHED = datetime(2026, 3, 1, 0, 0, tzinfo=UTC)


async def _catalog(resources: Resources) -> None:
    """The templates and segments the library names, as the demo makes them."""
    async with resources.sessions.begin() as db:
        await seed_catalog(db)
        await seed_segments(db, PUBLISHED)


async def _customer(resources: Resources, external_id: str, **fields: object) -> None:
    contact_id = await add_contact(
        resources,
        external_id,
        name=f"{external_id.title()} Example",
        email=f"{external_id}@example.com",
        **fields,
    )
    await opt_in(resources, contact_id, "email")


async def _tick(resources: Resources, settings: Settings, clock: MutableClock) -> None:
    await schedules.tick(resources.sessions, resources.bell, clock.now())
    await settle(resources, settings, clock)


def _inbox(smtp: SmtpServer) -> list[tuple[str, str, str]]:
    """(recipient, subject, plain text) of every email the server received."""
    received = []
    for recipients, mail in smtp.mailbox.messages:
        text = mail.get_body(("plain",))
        assert isinstance(text, EmailMessage)
        received += [(to, str(mail["Subject"]), text.get_content()) for to in recipients]
    return received


def _to(smtp: SmtpServer, who: str) -> list[str]:
    return [subject for to, subject, _ in _inbox(smtp) if to == f"{who}@example.com"]


async def test_s4_sleepy_customers_get_the_newsletter_then_an_answer_or_a_coupon(
    resources: Resources, smtp: SmtpServer, smtp_settings: Settings
) -> None:
    await _catalog(resources)
    clock = MutableClock(datetime(2026, 3, 2, 9, 0, tzinfo=UTC))
    await publish_template(resources, "retention-sleepy-customers", clock.now())
    for who in ("pricey", "quiet", "busy"):
        await _customer(resources, who, timezone="Europe/London")
    # "busy" was on the website last week: not in "no activity for 90 days".
    await handle(resources, clock, await send(resources, clock, "page.viewed", "busy", url="/"))

    clock.advance(minutes=59)  # 09:59 in London: the 10:00 run is not due yet today
    await _tick(resources, smtp_settings, clock)
    newsletters_before = (_to(smtp, "pricey"), _to(smtp, "quiet"))
    clock.advance(minutes=1)
    await _tick(resources, smtp_settings, clock)
    await _tick(resources, smtp_settings, clock)  # the same run again changes nothing

    newsletter = "Newsletter feedback"
    assert newsletters_before == ([], [])
    assert _to(smtp, "pricey") == [newsletter]
    assert _to(smtp, "quiet") == [newsletter]
    assert _to(smtp, "busy") == []
    # The run picked only the segment's members: no event at all was written for "busy".
    async with resources.sessions() as db:
        picked = await db.scalars(
            select(Contact.external_id)
            .join(Event, Event.contact_id == Contact.id)
            .where(Event.name == "schedule.fired")
        )
        assert "busy" not in set(picked)

    # "pricey" answers the feedback form: the switch picks the price answer.
    clock.advance(days=2)
    await handle(
        resources,
        clock,
        await send(resources, clock, "feedback.submitted", "pricey", reason="price"),
    )
    await settle(resources, smtp_settings, clock)
    assert _to(smtp, "pricey") == [newsletter, "Pricey, a better price for you"]
    [price_text] = [text for to, s, text in _inbox(smtp) if s.endswith("a better price for you")]
    assert "Thank you for telling us prices held you back" in price_text
    assert "COMEBACK15" in price_text

    # "quiet" never answers: after 7 days the wait times out into the coupon.
    clock.advance(days=5, minutes=1)
    await fire_timers(resources, clock)
    await settle(resources, smtp_settings, clock)
    assert _to(smtp, "quiet") == [newsletter, "Feedback coupon"]
    assert _to(smtp, "pricey") == [newsletter, "Pricey, a better price for you"]
    assert _to(smtp, "busy") == []


async def test_s13_birthdays_at_nine_on_their_own_clock_and_two_renewal_reminders(
    resources: Resources, smtp: SmtpServer, smtp_settings: Settings
) -> None:
    await _catalog(resources)
    await publish_template(resources, "birthdays-and-renewals", PUBLISHED)
    await _customer(resources, "tokyo", timezone="Asia/Tokyo", birthday=date(1990, 3, 2))
    await _customer(resources, "london", timezone="Europe/London", birthday=date(1985, 7, 1))
    renews = date(2026, 4, 1)  # 30 days after 2 March
    await _customer(
        resources,
        "renewer",
        timezone="Europe/London",
        tags=["customer"],
        attributes={"renewal_date": renews.isoformat()},
    )
    await _customer(
        resources,
        "later",
        timezone="Europe/London",
        tags=["customer"],
        attributes={"renewal_date": (renews + timedelta(days=10)).isoformat()},
    )

    clock = MutableClock(datetime(2026, 3, 1, 23, 59, tzinfo=UTC))  # 08:59 in Tokyo
    await _tick(resources, smtp_settings, clock)
    assert _inbox(smtp) == []

    clock.advance(minutes=1)  # 09:00 on 2 March in Tokyo
    await _tick(resources, smtp_settings, clock)
    assert _to(smtp, "tokyo") == ["Happy birthday, Tokyo!"]
    assert _to(smtp, "renewer") == []  # still 1 March in London

    clock.advance(hours=9)  # 09:00 in London
    await _tick(resources, smtp_settings, clock)
    assert _to(smtp, "renewer") == ["Renewal reminder"]
    assert _to(smtp, "later") == []
    assert _to(smtp, "london") == []

    # The second reminder waits until 7 days before the renewal, at 09:00 London time
    # (25 March is still GMT).
    clock.advance(days=22, minutes=59)  # 24 March, 09:59: a day early
    await fire_timers(resources, clock)
    await settle(resources, smtp_settings, clock)
    assert _to(smtp, "renewer") == ["Renewal reminder"]
    clock.advance(days=1)
    await fire_timers(resources, clock)
    await settle(resources, smtp_settings, clock)
    assert _to(smtp, "renewer") == [
        "Renewal reminder",
        "Renewer, your subscription renews in 7 days",
    ]
    # Each contact got each email once, whatever the ticks in between did.
    assert _to(smtp, "tokyo") == ["Happy birthday, Tokyo!"]
    async with resources.sessions() as db:
        runs = list(await db.scalars(select(ScheduleRun).where(ScheduleRun.enrolled > 0)))
    assert sum(run.enrolled for run in runs) == 2
