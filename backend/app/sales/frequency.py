"""When an automatic process runs next: every 5 or 15 minutes or hour on the clock's
boundaries (10:00, 10:05 …), or once a day at a time of day (UTC). Pure."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from typing import Final

from app.sales.schemas import Frequency

_EVERY: Final[dict[str, timedelta]] = {
    "5m": timedelta(minutes=5),
    "15m": timedelta(minutes=15),
    "1h": timedelta(hours=1),
}
_EPOCH: Final = datetime(2000, 1, 1, tzinfo=UTC)
MIDNIGHT: Final = time(0, 0)


def next_run(frequency: Frequency, after: datetime, daily_at: time | None = None) -> datetime:
    """The first run time strictly after `after`."""
    if frequency == "1d":
        at = daily_at or MIDNIGHT
        day = after.astimezone(UTC).date()
        candidate = datetime.combine(day, at, tzinfo=UTC)
        return candidate if candidate > after else candidate + timedelta(days=1)
    step = _EVERY[frequency]
    passed = (after - _EPOCH) // step
    return _EPOCH + (passed + 1) * step


def parse_time_of_day(value: str | None) -> time | None:
    """`"09:30"` (already checked by the schema's pattern) as a time."""
    if value is None:
        return None
    hours, minutes = value.split(":")
    return time(int(hours), int(minutes))


def format_time_of_day(value: time | None) -> str | None:
    return None if value is None else f"{value.hour:02d}:{value.minute:02d}"
