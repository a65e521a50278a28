"""/api/v1/test/clock: move the API's clock in end-to-end tests (WAYMARK_ENV=test only).

The app mounts this controller only in the test environment, so no other deployment has
the route at all (404). It moves the jobs' clock only: sessions keep real time.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated

import msgspec
from litestar import Controller, get, post
from litestar.params import JSONBody

from app.auth.guards import requires
from app.auth.permissions import Permission
from app.deps import ResourcesDep
from app.lib.clock import OffsetClock
from app.lib.problems import InvalidInputError

# A day at most per call, a year in all: enough for any due time, not a way to wreck sessions.
MAX_OFFSET = timedelta(days=366)
_SECONDS = MAX_OFFSET.total_seconds()
Seconds = Annotated[float, msgspec.Meta(ge=-_SECONDS, le=_SECONDS)]


class ClockState(msgspec.Struct, frozen=True):
    now: str
    offset_seconds: float


class ClockChange(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    advance_seconds: Seconds | None = None
    offset_seconds: Seconds | None = None


def _state(clock: OffsetClock) -> ClockState:
    return ClockState(now=clock.now().isoformat(), offset_seconds=clock.offset.total_seconds())


class TestClockController(Controller):
    path = "/api/v1/test/clock"
    tags = ["test"]  # noqa: RUF012 - Litestar reads these as class attributes
    guards = [requires(Permission.JOBS_SUPERVISE)]  # noqa: RUF012

    @get("/", operation_id="getTestClock", summary="The API's clock (test only)")
    async def read(self, resources: ResourcesDep) -> ClockState:
        assert isinstance(resources.job_clock, OffsetClock)
        return _state(resources.job_clock)

    @post("/", operation_id="moveTestClock", status_code=200, summary="Move it (test only)")
    async def move(self, resources: ResourcesDep, data: JSONBody[ClockChange]) -> ClockState:
        clock = resources.job_clock
        assert isinstance(clock, OffsetClock)
        if (data.advance_seconds is None) == (data.offset_seconds is None):
            raise InvalidInputError("Send exactly one of advance_seconds or offset_seconds.")
        offset = (
            clock.offset + timedelta(seconds=data.advance_seconds)
            if data.advance_seconds is not None
            else timedelta(seconds=data.offset_seconds or 0)
        )
        if abs(offset) > MAX_OFFSET:
            raise InvalidInputError.on_field("offset_seconds", "may be at most a year either way")
        clock.offset = offset
        return _state(clock)
