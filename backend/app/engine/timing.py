"""When a wait ends: durations, dates from data, times of day in a time zone.

Minutes and hours are exact spans of time. Days and weeks are calendar days on the wall
clock of the zone in use, so “wait 1 day” from 09:00 wakes at 09:00 the next day even
across a daylight-saving change. A wall time that does not exist (the hour skipped in
spring) moves forward by the gap (02:30 → 03:30); an ambiguous one (autumn) is its first
occurrence.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from typing import Any, Final, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from app.engine.evaluate import as_datetime
from app.engine.primitives import Duration

WEEKDAYS: Final = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_SPAN: Final = {"minutes": timedelta(minutes=1), "hours": timedelta(hours=1)}
_DAYS: Final = {"days": 1, "weeks": 7}


def zone(name: str | None, contact_zone: str = "UTC") -> tzinfo:
    """The zone named by a step (`contact` = the contact's own); UTC when unknown."""
    chosen = contact_zone if name in (None, "contact") else name
    if not chosen or chosen == "UTC":
        return UTC
    try:
        return ZoneInfo(chosen)
    except (ZoneInfoNotFoundError, ValueError):
        return UTC


def wall_to_instant(local: datetime, tz: tzinfo) -> datetime:
    """A naive wall-clock time in `tz` as an aware UTC instant (gaps move forward)."""
    # fold=0: in an autumn overlap the first occurrence; in a spring gap the offset from
    # before the change, which lands the same distance past the gap (02:30 → 03:30).
    return local.replace(tzinfo=tz, fold=0).astimezone(UTC)


def add_duration(at: datetime, duration: Duration, tz: tzinfo, sign: int = 1) -> datetime:
    """`at` plus (or minus) a duration; days and weeks keep the wall-clock time in `tz`."""
    if duration.unit in _SPAN:
        return (at + sign * duration.amount * _SPAN[duration.unit]).astimezone(UTC)
    local = at.astimezone(tz).replace(tzinfo=None)
    moved = local + timedelta(days=sign * duration.amount * _DAYS[duration.unit])
    return wall_to_instant(moved, tz)


def parse_time_of_day(text: str) -> time:
    hours, minutes = text.split(":")
    return time(int(hours), int(minutes))


def next_time_of_day(now: datetime, at: str, weekdays: Sequence[str], tz: tzinfo) -> datetime:
    """The first instant at or after `now` when the clock in `tz` shows `at` on an
    allowed weekday (any day when `weekdays` is empty)."""
    wanted = parse_time_of_day(at)
    today = now.astimezone(tz).date()
    for offset in range(8):
        day = today + timedelta(days=offset)
        if weekdays and WEEKDAYS[day.weekday()] not in weekdays:
            continue
        candidate = wall_to_instant(datetime.combine(day, wanted), tz)
        if candidate >= now:
            return candidate
    raise AssertionError("unreachable: a week always holds an allowed day")  # pragma: no cover


def until_date(
    value: Any,
    *,
    offset: Duration | None,
    direction: Literal["before", "after"],
    at: str | None,
    tz: tzinfo,
) -> datetime | None:
    """When a wait-until-date ends for this data value, or None when it is not a date.

    A bare date means midnight in `tz`. The offset applies first, then `at` sets the
    time of day: “1 day before, at 18:00”.
    """
    if isinstance(value, str) and len(value) == 10:
        try:
            day = date.fromisoformat(value)
        except ValueError:
            return None
        target = wall_to_instant(datetime.combine(day, time()), tz)
    elif isinstance(value, date) and not isinstance(value, datetime):
        target = wall_to_instant(datetime.combine(value, time()), tz)
    else:
        parsed = as_datetime(value)
        if parsed is None:
            return None
        target = parsed.astimezone(UTC)
    if offset is not None:
        target = add_duration(target, offset, tz, -1 if direction == "before" else 1)
    if at is not None:
        local_day = target.astimezone(tz).date()
        target = wall_to_instant(datetime.combine(local_day, parse_time_of_day(at)), tz)
    return target


def local_date(at: datetime, tz: tzinfo) -> date:
    return at.astimezone(tz).date()
