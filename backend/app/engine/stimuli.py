"""What moves an enrollment: events, timers, finished jobs and webhook calls, pause and
resume, schedules.

The worker builds one of these from what it took off the queue and hands it, with the
contact's facts and the current time, to `advance` (or to `match_triggers`).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

import msgspec
from msgspec import field


class EventArrived(msgspec.Struct, frozen=True, tag_field="type", tag="event", kw_only=True):
    """An event for the contact: tracked, from the portal, a job, an email open…"""

    name: str
    properties: dict[str, Any] = field(default_factory=dict)
    occurred_at: datetime
    # Where it came from (app.engine.primitives.EventSource); None when not known, which
    # a trigger limited to some sources never matches.
    source: str | None = None
    # The event log's id, for the trace of the step it moves (None when not stored).
    event_id: int | None = None


class TimerDue(msgspec.Struct, frozen=True, tag_field="type", tag="timer", kw_only=True):
    """The sweeper found this token's timer due (a wait ended or a wait-for-event timed out)."""

    token_id: str
    now: datetime


class JobFinished(msgspec.Struct, frozen=True, tag_field="type", tag="job_finished", kw_only=True):
    """A job was completed (with an outcome) or cancelled."""

    job_ref: str
    outcome: str | None = None
    data: dict[str, Any] = field(default_factory=dict)
    job_type: str = ""
    cancelled: bool = False


class WebhookAnswered(
    msgspec.Struct, frozen=True, tag_field="type", tag="webhook_answered", kw_only=True
):
    """A webhook step's call ended: answered (`ok`, with the values saved from the answer)
    or failed for good (refused, or still failing after its retries)."""

    webhook_ref: str
    ok: bool
    status: int | None = None
    saved: dict[str, Any] = field(default_factory=dict)
    error: str | None = None


class JobChanged(msgspec.Struct, frozen=True, tag_field="type", tag="job_changed", kw_only=True):
    """A job was created or claimed (only job-status triggers listen to these)."""

    job_ref: str
    job_type: str
    status: Literal["created", "claimed"]


class ScoreChanged(
    msgspec.Struct, frozen=True, tag_field="type", tag="score_changed", kw_only=True
):
    """A contact's score moved from `previous` to `current`."""

    score: str = "lead_score"
    previous: int
    current: int


class SegmentEntered(
    msgspec.Struct, frozen=True, tag_field="type", tag="segment_entered", kw_only=True
):
    """The contact joined a segment."""

    segment: str


class ManualEnrol(msgspec.Struct, frozen=True, tag_field="type", tag="manual", kw_only=True):
    """Staff (or the API) enrol the contact in one journey."""

    journey_id: str
    trigger_node_id: str | None = None
    via_api: bool = False
    properties: dict[str, Any] = field(default_factory=dict)


class ScheduleFired(msgspec.Struct, frozen=True, tag_field="type", tag="schedule", kw_only=True):
    """The scheduler ran a schedule trigger for this contact.

    The scheduler picks the run (one per schedule and run time, idempotent in Postgres)
    and the candidate contacts; `match_triggers` still checks the segment and date match.
    """

    journey_id: str
    trigger_node_id: str
    run_at: datetime


class JourneyPaused(msgspec.Struct, frozen=True, tag_field="type", tag="paused"):
    """The journey was paused: its tokens hold where they are."""


class JourneyResumed(msgspec.Struct, frozen=True, tag_field="type", tag="resumed"):
    """The journey was resumed: timers that came due meanwhile fire now."""


Stimulus = (
    EventArrived
    | TimerDue
    | JobFinished
    | WebhookAnswered
    | JobChanged
    | ScoreChanged
    | SegmentEntered
    | ManualEnrol
    | ScheduleFired
    | JourneyPaused
    | JourneyResumed
)

decode_stimulus = msgspec.json.Decoder(Stimulus).decode
