"""Schedule triggers: runs on the controllable clock, per contact time zone, once per run,
once after downtime; the worker's tick; the schedules API."""

from __future__ import annotations

import asyncio
import uuid
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import func, select

from app.automation import schedules
from app.automation.models import ScheduleRun
from app.contacts.models import Contact
from app.effects.handlers import Recorder
from app.eventlog.models import Event
from app.resources import Resources
from app.runs.models import Enrollment
from app.settings import Settings
from app.worker import tasks
from app.worker.runner import run_burst
from tests.support.accounts import MutableClock
from tests.support.automation import settle
from tests.support.runs import chain, node, publish
from tests.support.worker import worker_ctx

PUBLISHED = datetime(2026, 3, 1, 0, 0, tzinfo=UTC)
COOLDOWN = {"rule": "after_cooldown", "cooldown": {"amount": 300, "unit": "days"}}


def _birthday_journey(**trigger: Any) -> dict[str, Any]:
    graph = chain(
        node(
            "trigger.schedule",
            "daily",
            repeat={"type": "daily", "at": "09:00"},
            date_match={"field": "contact.birthday", "every_year": True},
            **trigger,
        ),
        node("action.update_contact", "greet", add_tags=["birthday-greeted"]),
        node("flow.end", "end"),
    )
    return {**graph, "settings": {"reentry": COOLDOWN}}


async def _contact(
    resources: Resources,
    external_id: str,
    *,
    timezone: str | None = None,
    birthday: date | None = None,
    **attributes: Any,
) -> uuid.UUID:
    async with resources.sessions.begin() as db:
        row = Contact(
            external_id=external_id,
            name=external_id,
            timezone=timezone,
            birthday=birthday,
            attributes=attributes,
        )
        db.add(row)
        await db.flush()
        return row.id


async def _tagged(resources: Resources, tag: str) -> set[str]:
    async with resources.sessions() as db:
        rows = await db.scalars(select(Contact.external_id).where(Contact.tags.contains([tag])))
        return {str(r) for r in rows}


async def _runs(resources: Resources) -> list[tuple[datetime, list[str], int]]:
    async with resources.sessions() as db:
        rows = await db.scalars(select(ScheduleRun).order_by(ScheduleRun.due_at))
        return [(r.due_at, list(r.timezones), r.enrolled) for r in rows]


async def test_a_birthday_journey_greets_each_contact_at_nine_on_their_own_day(
    resources: Resources, settings: Settings, standard_roles: None
) -> None:
    await publish(resources, "birthdays", _birthday_journey(), now=PUBLISHED)
    await _contact(resources, "tokyo", timezone="Asia/Tokyo", birthday=date(1990, 3, 2))
    await _contact(resources, "new-york", timezone="America/New_York", birthday=date(1985, 3, 2))
    await _contact(resources, "tokyo-tomorrow", timezone="Asia/Tokyo", birthday=date(2001, 3, 3))
    await _contact(resources, "no-zone", birthday=date(1970, 3, 2))  # read as UTC
    clock = MutableClock(datetime(2026, 3, 1, 23, 59, tzinfo=UTC))  # 08:59 in Tokyo
    ctx = worker_ctx(resources, settings, clock)

    async def tick_and_run() -> None:
        await tasks.run_schedules(ctx)
        await run_burst(settings, clock=clock, channels=Recorder())

    await tick_and_run()
    assert await _tagged(resources, "birthday-greeted") == set()

    clock.advance(minutes=1)  # 2 March 09:00 in Tokyo; still 1 March in New York
    await tick_and_run()
    await tick_and_run()  # ticking again changes nothing
    assert await _tagged(resources, "birthday-greeted") == {"tokyo"}

    clock.advance(hours=9)  # 09:00 UTC on 2 March
    await tick_and_run()
    assert await _tagged(resources, "birthday-greeted") == {"tokyo", "no-zone"}

    clock.advance(hours=5)  # 2 March 09:00 in New York (EST, UTC-5)
    await tick_and_run()
    assert await _tagged(resources, "birthday-greeted") == {"tokyo", "no-zone", "new-york"}

    clock.advance(hours=10)  # 3 March 09:00 in Tokyo
    await tick_and_run()
    assert await _tagged(resources, "birthday-greeted") == {
        "tokyo",
        "no-zone",
        "new-york",
        "tokyo-tomorrow",
    }
    runs = await _runs(resources)
    tokyo_runs = [(due, n) for due, zones, n in runs if zones == ["Asia/Tokyo"]]
    assert tokyo_runs == [
        (datetime(2026, 3, 1, 0, 0, tzinfo=UTC), 0),  # due as it was published
        (datetime(2026, 3, 2, 0, 0, tzinfo=UTC), 1),
        (datetime(2026, 3, 3, 0, 0, tzinfo=UTC), 1),
    ]
    new_york = [(due, n) for due, zones, n in runs if zones == ["America/New_York"]]
    # The run on 1 March (after publishing) found no birthday; 2 March found one.
    assert new_york == [
        (datetime(2026, 3, 1, 14, 0, tzinfo=UTC), 0),
        (datetime(2026, 3, 2, 14, 0, tzinfo=UTC), 1),
    ]
    async with resources.sessions() as db:
        assert await db.scalar(select(func.count()).select_from(Enrollment)) == 4
        unhandled = await db.scalar(
            select(func.count()).select_from(Event).where(Event.processed_at.is_(None))
        )
        assert unhandled == 0


async def test_runs_missed_during_downtime_run_once_not_once_per_day(
    resources: Resources, standard_roles: None
) -> None:
    graph = chain(
        node("trigger.schedule", "daily", repeat={"type": "daily", "at": "09:00"}, timezone="UTC"),
        node("action.update_contact", "bump", score_change=1),
        node("flow.end", "end"),
    )
    await publish(
        resources, "daily", {**graph, "settings": {"reentry": {"rule": "always"}}}, now=PUBLISHED
    )
    for name in ("a", "b"):
        await _contact(resources, name, timezone="Asia/Tokyo")
    clock = MutableClock(datetime(2026, 3, 5, 10, 0, tzinfo=UTC))  # down since 1 March

    ticked = await schedules.tick(resources.sessions, resources.bell, clock.now())
    await settle(resources, clock)

    async with resources.sessions() as db:
        everyone = await db.scalar(select(func.count()).select_from(Contact))  # and the author
        assert set(await db.scalars(select(Contact.score))) == {1}
    assert (ticked.runs, ticked.enrolled) == (1, everyone)
    assert await _runs(resources) == [(datetime(2026, 3, 5, 9, 0, tzinfo=UTC), ["UTC"], everyone)]


async def test_workers_ticking_at_once_record_one_run_and_enrol_each_contact_once(
    resources: Resources, standard_roles: None
) -> None:
    graph = chain(
        node("trigger.schedule", "daily", repeat={"type": "cron", "expression": "*/15 * * * *"}),
        node("flow.end", "end"),
    )
    await publish(
        resources, "often", {**graph, "settings": {"reentry": {"rule": "always"}}}, now=PUBLISHED
    )
    for n in range(5):
        await _contact(resources, f"c-{n}")
    now = datetime(2026, 3, 2, 10, 7, tzinfo=UTC)

    results = await asyncio.gather(
        *(schedules.tick(resources.sessions, resources.bell, now) for _ in range(4))
    )

    async with resources.sessions() as db:
        everyone = await db.scalar(select(func.count()).select_from(Contact))
        keys = list(await db.scalars(select(Event.idempotency_key)))
    assert sum(r.runs for r in results) == 1
    assert await _runs(resources) == [(datetime(2026, 3, 2, 10, 0, tzinfo=UTC), ["UTC"], everyone)]
    assert len(keys) == len(set(keys)) == everyone == 6


async def test_a_renewal_reminder_picks_contacts_whose_renewal_is_in_30_days(
    resources: Resources, standard_roles: None
) -> None:
    graph = chain(
        node(
            "trigger.schedule",
            "renewals",
            repeat={"type": "cron", "expression": "0 8 * * *"},
            timezone="Europe/London",
            date_match={"field": "contact.renewal_date", "days_ahead": 30},
        ),
        node("action.update_contact", "remind", add_tags=["renewal-reminded"]),
        node("flow.end", "end"),
    )
    await publish(resources, "renewals", graph, now=PUBLISHED)
    await _contact(resources, "due", renewal_date="2026-04-01")
    await _contact(resources, "later", renewal_date="2026-04-02")
    await _contact(resources, "garbled", renewal_date="next spring")
    await _contact(resources, "none")
    clock = MutableClock(datetime(2026, 3, 2, 8, 30, tzinfo=UTC))

    await schedules.tick(resources.sessions, resources.bell, clock.now())
    await settle(resources, clock)

    assert await _tagged(resources, "renewal-reminded") == {"due"}
    assert await _runs(resources) == [
        (datetime(2026, 3, 2, 8, 0, tzinfo=UTC), ["Europe/London"], 1)
    ]


async def test_schedules_api_lists_the_schedule_its_next_run_and_its_runs(
    resources: Resources, signed_in: Any, clock: MutableClock
) -> None:
    journey_id = await publish(resources, "birthdays", _birthday_journey(), now=PUBLISHED)
    await _contact(resources, "tokyo", timezone="Asia/Tokyo", birthday=date(1990, 3, 2))
    await schedules.tick(resources.sessions, resources.bell, datetime(2026, 3, 2, 0, 0, tzinfo=UTC))
    clock.now = lambda: datetime(2026, 3, 2, 0, 30, tzinfo=UTC)  # type: ignore[method-assign]
    _, marketer = await signed_in("marketer")

    [schedule] = (await marketer.get("/api/v1/schedules")).json()
    assert schedule["journey_id"] == str(journey_id)
    assert schedule["description"] == "Daily at 09:00 in each contact's time zone"
    # The earliest zone due next: staff contacts have no zone (UTC), 09:00 UTC today.
    assert schedule["next_run_at"] == "2026-03-02T09:00:00Z"
    assert schedule["last_run"]["enrolled"] == 1

    runs = (
        await marketer.get("/api/v1/schedules/runs", params={"journey_id": str(journey_id)})
    ).json()
    # Newest first: Tokyo's 2 March run, then UTC's on 1 March (the staff contacts' zone).
    assert [(r["due_at"], r["enrolled"]) for r in runs["items"]] == [
        ("2026-03-02T00:00:00Z", 1),
        ("2026-03-01T09:00:00Z", 0),
    ]
    assert runs["total"] == 2
    run = runs["items"][0]
    assert (run["due_at"], run["timezones"], run["enrolled"], run["journey_name"]) == (
        "2026-03-02T00:00:00Z",
        ["Asia/Tokyo"],
        1,
        "birthdays",
    )
    _, packer = await signed_in("warehouse")
    assert (await packer.get("/api/v1/schedules/runs")).status_code == 403
