"""Time as a dependency: code asks a clock, so tests can move time instead of sleeping."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Protocol


class Clock(Protocol):
    def now(self) -> datetime:
        """The current time, timezone-aware (UTC)."""
        ...


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)


class FrozenClock:
    """A clock that stands still (tests only: `WAYMARK_TEST_CLOCK` sets it for a worker)."""

    def __init__(self, at: datetime) -> None:
        self._at = at.astimezone(UTC)

    def now(self) -> datetime:
        return self._at


class OffsetClock:
    """Another clock moved by an offset: the test-only clock control (WAYMARK_ENV=test)."""

    def __init__(self, inner: Clock) -> None:
        self.inner = inner
        self.offset = timedelta()

    def now(self) -> datetime:
        return self.inner.now() + self.offset
