"""When a schedule trigger is due: the latest run time at or before now, and the next one.

Pure functions of the schedule, a time zone and an instant. Daily schedules use the
engine's wall-clock rules (a time skipped by a daylight-saving change moves forward);
cron expressions use croniter in the zone, so `0 9 * * *` is 09:00 on that zone's clock.
"""

from __future__ import annotations

from datetime import datetime, timedelta, tzinfo
from typing import Final

from croniter import croniter

from app.engine.timing import WEEKDAYS, next_time_of_day, parse_time_of_day, wall_to_instant
from app.engine.triggers import CronSchedule, DailySchedule

Repeat = DailySchedule | CronSchedule
# croniter's `get_prev` is strictly before its start: start just after `now` so a run
# due exactly now counts as due.
_JUST_AFTER: Final = timedelta(seconds=1)


def latest_due(repeat: Repeat, tz: tzinfo, now: datetime) -> datetime:
    """The latest run time at or before `now` (an aware UTC instant)."""
    if isinstance(repeat, CronSchedule):
        previous: datetime = croniter(repeat.expression, now.astimezone(tz) + _JUST_AFTER).get_prev(
            datetime
        )
        return previous.astimezone(now.tzinfo)
    wanted = parse_time_of_day(repeat.at)
    today = now.astimezone(tz).date()
    for back in range(9):
        day = today - timedelta(days=back)
        if repeat.weekdays and WEEKDAYS[day.weekday()] not in repeat.weekdays:
            continue
        candidate = wall_to_instant(datetime.combine(day, wanted), tz)
        if candidate <= now:
            return candidate
    raise AssertionError("unreachable: a week always holds an allowed day")  # pragma: no cover


def next_due(repeat: Repeat, tz: tzinfo, now: datetime) -> datetime:
    """The first run time strictly after `now`."""
    if isinstance(repeat, CronSchedule):
        following: datetime = croniter(repeat.expression, now.astimezone(tz)).get_next(datetime)
        return following.astimezone(now.tzinfo)
    found = next_time_of_day(now, repeat.at, repeat.weekdays, tz)
    if found <= now:
        found = next_time_of_day(now + timedelta(minutes=1), repeat.at, repeat.weekdays, tz)
    return found


def valid_cron(expression: str) -> bool:
    return bool(croniter.is_valid(expression))


def describe(repeat: Repeat, timezone: str) -> str:
    """The schedule in plain words, e.g. “Daily at 09:00 in each contact's time zone”."""
    where = "in each contact's time zone" if timezone == "contact" else f"({timezone})"
    if isinstance(repeat, CronSchedule):
        return f"Cron “{repeat.expression}” {where}"
    days = ", ".join(day.capitalize() for day in repeat.weekdays) if repeat.weekdays else ""
    return f"{'Every ' + days if days else 'Daily'} at {repeat.at} {where}"
