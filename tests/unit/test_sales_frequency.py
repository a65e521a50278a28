"""When an automatic process runs next (app.sales.frequency)."""

from __future__ import annotations

from datetime import UTC, datetime, time

import pytest

from app.sales.frequency import next_run


def at(hour: int, minute: int, second: int = 0, day: int = 7) -> datetime:
    return datetime(2026, 12, day, hour, minute, second, tzinfo=UTC)


@pytest.mark.parametrize(
    ("frequency", "after", "daily_at", "expected"),
    [
        ("5m", at(10, 3, 20), None, at(10, 5)),
        ("5m", at(10, 5), None, at(10, 10)),
        ("15m", at(10, 16), None, at(10, 30)),
        ("1h", at(10, 59, 59), None, at(11, 0)),
        ("1d", at(8, 0), time(9, 30), at(9, 30)),
        ("1d", at(9, 30), time(9, 30), at(9, 30, day=8)),
        ("1d", at(23, 0), None, at(0, 0, day=8)),
    ],
)
def test_next_run_is_strictly_after(
    frequency: str, after: datetime, daily_at: time | None, expected: datetime
) -> None:
    assert next_run(frequency, after, daily_at) == expected  # type: ignore[arg-type]
