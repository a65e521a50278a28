"""Waits: durations across daylight-saving changes, dates from data, times of day in zones."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any, Literal
from zoneinfo import ZoneInfo

import pytest

from app.engine.facts import Facts
from app.engine.primitives import Duration
from app.engine.stimuli import TimerDue
from app.engine.timing import add_duration, next_time_of_day, until_date, zone
from tests.unit.engine_support import T0, begin, flow, path, step

LONDON = ZoneInfo("Europe/London")
NEW_YORK = ZoneInfo("America/New_York")
SYDNEY = ZoneInfo("Australia/Sydney")


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


@pytest.mark.parametrize(
    ("start", "duration", "tz", "expected"),
    [
        # 1 day over the spring change in London keeps 09:00 local (23 real hours).
        (utc(2025, 3, 29, 9), Duration(1, "days"), LONDON, utc(2025, 3, 30, 8)),
        # …and over the autumn change (25 real hours).
        (utc(2025, 10, 25, 8), Duration(1, "days"), LONDON, utc(2025, 10, 26, 9)),
        # Hours are exact, whatever the clock does.
        (utc(2025, 3, 29, 9), Duration(24, "hours"), LONDON, utc(2025, 3, 30, 9)),
        (utc(2025, 3, 8, 14), Duration(1, "weeks"), NEW_YORK, utc(2025, 3, 15, 13)),
        (utc(2025, 4, 5, 12), Duration(1, "days"), SYDNEY, utc(2025, 4, 6, 13)),
        (utc(2025, 1, 1), Duration(90, "minutes"), UTC, utc(2025, 1, 1, 1, 30)),
    ],
)
def test_add_duration(start: datetime, duration: Duration, tz: Any, expected: datetime) -> None:
    assert add_duration(start, duration, tz) == expected


@pytest.mark.parametrize(
    ("now", "at", "weekdays", "tz", "expected"),
    [
        (utc(2025, 3, 3, 8), "09:00", [], UTC, utc(2025, 3, 3, 9)),  # later today
        (utc(2025, 3, 3, 10), "09:00", [], UTC, utc(2025, 3, 4, 9)),  # tomorrow
        (utc(2025, 3, 3, 9), "09:00", [], UTC, utc(2025, 3, 3, 9)),  # exactly now
        (utc(2025, 3, 3, 10), "09:00", ["mon"], UTC, utc(2025, 3, 10, 9)),  # next Monday
        (utc(2025, 3, 7, 12), "09:00", ["mon", "wed"], UTC, utc(2025, 3, 10, 9)),
        # 09:00 in New York: EST before 9 March, EDT after.
        (utc(2025, 3, 8, 15), "09:00", [], NEW_YORK, utc(2025, 3, 9, 13)),
        (utc(2025, 3, 7, 15), "09:00", [], NEW_YORK, utc(2025, 3, 8, 14)),
        # 01:30 on the London spring day does not exist: moved past the gap (02:30 BST).
        (utc(2025, 3, 29, 23), "01:30", [], LONDON, utc(2025, 3, 30, 1, 30)),
        # 01:30 on the autumn day happens twice: the first one (BST).
        (utc(2025, 10, 25, 23), "01:30", [], LONDON, utc(2025, 10, 26, 0, 30)),
        (utc(2025, 3, 3, 12), "08:00", ["tue"], SYDNEY, utc(2025, 3, 3, 21)),
    ],
)
def test_next_time_of_day(
    now: datetime, at: str, weekdays: list[str], tz: Any, expected: datetime
) -> None:
    assert next_time_of_day(now, at, weekdays, tz) == expected


Direction = Literal["before", "after"]


@pytest.mark.parametrize(
    ("value", "offset", "direction", "at", "tz", "expected"),
    [
        ("2025-06-10T15:00:00+00:00", None, "before", None, UTC, utc(2025, 6, 10, 15)),
        ("2025-06-10T15:00:00Z", Duration(1, "days"), "before", None, UTC, utc(2025, 6, 9, 15)),
        ("2025-06-10T15:00:00Z", Duration(2, "hours"), "after", None, UTC, utc(2025, 6, 10, 17)),
        ("2025-06-10", None, "before", "18:00", LONDON, utc(2025, 6, 10, 17)),
        ("2025-06-10", Duration(1, "days"), "before", "09:30", NEW_YORK, utc(2025, 6, 9, 13, 30)),
        # Local date decides the day: 23:30 UTC is already tomorrow in Sydney.
        ("2025-06-10T23:30:00Z", None, "before", "08:00", SYDNEY, utc(2025, 6, 10, 22)),
        # The day before a spring change, same wall time.
        (
            "2025-03-30T10:00:00+01:00",
            Duration(1, "days"),
            "before",
            None,
            LONDON,
            utc(2025, 3, 29, 10),
        ),
        (datetime(2025, 6, 10, 15), None, "before", None, UTC, utc(2025, 6, 10, 15)),
        ("not a date", None, "before", None, UTC, None),
        (42, None, "before", None, UTC, None),
        ("2025-13-01", None, "before", None, UTC, None),
    ],
)
def test_until_date(
    value: Any,
    offset: Duration | None,
    direction: Direction,
    at: str | None,
    tz: Any,
    expected: datetime | None,
) -> None:
    assert until_date(value, offset=offset, direction=direction, at=at, tz=tz) == expected


@pytest.mark.parametrize(
    ("name", "contact", "expected"),
    [
        ("contact", "Europe/London", LONDON),
        ("contact", "Not/AZone", UTC),
        ("contact", "", UTC),
        ("America/New_York", "Europe/London", NEW_YORK),
        ("UTC", "Europe/London", UTC),
    ],
)
def test_zone(name: str, contact: str, expected: Any) -> None:
    assert zone(name, contact) == expected


TRIGGER = ("trigger.event", "t", {"event_name": "order.placed"})


def _wait(kind: str, config: dict[str, Any]) -> Any:
    return flow(
        [TRIGGER, (kind, "w", config), ("action.send_sms", "sms", {"text": "x"})],
        [("t", "next", "w"), ("w", "next", "sms")],
    )


@pytest.mark.parametrize(
    ("zone_name", "expected"),
    [
        ("Europe/Berlin", utc(2025, 3, 4, 8)),
        ("America/New_York", utc(2025, 3, 3, 14)),
        ("Asia/Tokyo", utc(2025, 3, 4, 0)),
    ],
)
def test_wait_until_time_uses_the_contacts_zone(zone_name: str, expected: datetime) -> None:
    definition = _wait("flow.wait_until_time", {"at": "09:00"})
    outcome = begin(definition, Facts(timezone=zone_name))  # T0 = Mon 09:00 UTC
    assert [t.wake_at for t in outcome.timers] == [expected]
    later = step(definition, outcome, TimerDue(token_id="t1", now=expected), expected)
    assert path(later)[0] == ("w", "next")


def test_wait_duration_over_the_spring_change_keeps_the_local_time() -> None:
    definition = _wait("flow.wait_duration", {"duration": {"amount": 3, "unit": "days"}})
    outcome = begin(definition, Facts(timezone="Europe/Paris"), now=utc(2025, 3, 28, 8))
    assert [t.wake_at for t in outcome.timers] == [utc(2025, 3, 31, 7)]  # 09:00 CET → CEST


@pytest.mark.parametrize(
    ("appointment", "when_passed", "expect_wait", "expect_path"),
    [
        ("2025-03-10T15:00:00Z", "continue", utc(2025, 3, 9, 18), None),
        ("2025-03-03T15:00:00Z", "continue", None, ("w", "next")),  # already passed
        (None, "continue", None, ("w", "next")),  # missing
        (None, "end", None, ("w", None)),
        ("2025-03-01T15:00:00Z", "end", None, ("w", None)),
    ],
)
def test_wait_until_date_from_the_related_object(
    appointment: str | None,
    when_passed: str,
    expect_wait: datetime | None,
    expect_path: tuple[str, str | None] | None,
) -> None:
    config = {
        "date_field": "object.appointment_at",
        "offset": {"amount": 1, "unit": "days"},
        "at": "18:00",
        "timezone": "UTC",
        "when_passed": when_passed,
    }
    definition = _wait("flow.wait_until_date", config)
    facts = Facts(object={} if appointment is None else {"appointment_at": appointment})
    outcome = begin(definition, facts)
    if expect_wait is not None:
        assert [t.wake_at for t in outcome.timers] == [expect_wait]
    else:
        assert outcome.timers == []
        assert expect_path in path(outcome)
        sent = [e.node_id for e in outcome.effects]
        assert sent == (["sms"] if expect_path == ("w", "next") else [])


def test_wait_until_date_reads_the_triggering_event() -> None:
    definition = _wait("flow.wait_until_date", {"date_field": "event.delivery_date", "at": "18:00"})
    outcome = begin(
        definition, Facts(timezone="Europe/London"), event={"delivery_date": "2025-07-01"}
    )
    assert [t.wake_at for t in outcome.timers] == [utc(2025, 7, 1, 17)]


def test_a_wait_resumed_late_still_continues_once() -> None:
    definition = _wait("flow.wait_duration", {"duration": {"amount": 1, "unit": "hours"}})
    outcome = begin(definition)
    late = T0 + timedelta(days=2)
    later = step(definition, outcome, TimerDue(token_id="t1", now=late), late)
    again = step(definition, later, TimerDue(token_id="t1", now=late), late)
    assert [e.node_id for e in later.effects] == ["sms"]
    assert again.effects == []


def test_wait_until_time_that_is_now_continues_at_once() -> None:
    definition = _wait("flow.wait_until_time", {"at": "09:00"})
    outcome = begin(definition, Facts(timezone="Europe/London"))  # 09:00 GMT = T0
    assert outcome.timers == []
    assert ("w", "next") in path(outcome)
