"""The running state of one enrollment: where its tokens are and what they wait for.

Everything is a frozen Struct: `advance` never mutates a state, it returns a new one, so
the worker can store the old and the new in one transaction and a replay is exact.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

import msgspec
from msgspec import field

EnrollmentStatus = Literal["active", "completed", "exited", "paused"]
TokenStatus = Literal[
    "ready",
    "waiting_timer",
    "waiting_event",
    "waiting_job",
    "waiting_answer",
    "waiting_join",
    "done",
]
LIVE: frozenset[TokenStatus] = frozenset(
    {"ready", "waiting_timer", "waiting_event", "waiting_job", "waiting_answer", "waiting_join"}
)


class AwaitEvent(msgspec.Struct, frozen=True, tag_field="type", tag="event"):
    """A token at a wait-for-event step: the event it waits for and when it gives up."""

    event_name: str
    timeout_at: datetime


class AwaitJob(msgspec.Struct, frozen=True, tag_field="type", tag="job"):
    """A token at a create-job step: the job whose outcome picks the exit."""

    job_ref: str


class AwaitWebhook(msgspec.Struct, frozen=True, tag_field="type", tag="webhook"):
    """A token at a webhook step: the call (its outbox key) whose answer picks the exit."""

    webhook_ref: str


Awaiting = AwaitEvent | AwaitJob | AwaitWebhook


class TokenState(msgspec.Struct, frozen=True, kw_only=True, omit_defaults=True):
    """One path through the journey. Parallel splits make more; joins merge them.

    `lineage` holds one frame per parallel split the token came through, innermost last,
    as `"<split node>#<visit>/<branch>"`: a join merges the tokens sharing the innermost
    split visit. `wake_at` is set while a timer is pending (also on a `ready` token parked
    by the step cap, so the sweeper picks it up again).
    """

    token_id: str
    node_id: str
    status: TokenStatus
    order: int
    wake_at: datetime | None = None
    awaiting: Awaiting | None = None
    lineage: tuple[str, ...] = ()


class EnrollmentState(msgspec.Struct, frozen=True, kw_only=True):
    """A contact's run through one journey version."""

    enrollment_id: str
    journey_id: str
    version: int
    contact_id: str
    status: EnrollmentStatus = "active"
    # Why it ended: "end", "goal:<name>", "goal_event:<event>", "exit_criteria",
    # "date_passed". None while it runs.
    ended_reason: str | None = None
    variables: dict[str, Any] = field(default_factory=dict)
    # Properties of the event that started the journey, or of the last awaited event.
    event: dict[str, Any] = field(default_factory=dict)
    # Properties of the event that started the journey, kept when a later awaited event
    # replaces `event`: the journey's related object (S6's order after the reply).
    trigger: dict[str, Any] = field(default_factory=dict)
    # Live tokens only: a token that ends is dropped (and its end is logged).
    tokens: list[TokenState] = field(default_factory=list)
    visits: dict[str, int] = field(default_factory=dict)
    # Tokens ever created: the next token is `t<next_token>`.
    next_token: int = 1
    # Join-“first” keys already passed, so later branches of the same split stop there.
    joined: list[str] = field(default_factory=list)
    # When the contact entered: "did event X since entering this journey" counts from it.
    # None in states written before it was kept (the worker fills it from its row).
    entered_at: datetime | None = None


def started_by(state: EnrollmentState) -> dict[str, Any]:
    """The starting event's properties (`event` for enrollments from before `trigger`)."""
    return dict(state.trigger or state.event)


def live(state: EnrollmentState) -> list[TokenState]:
    """Tokens still on their way (ready or waiting), in creation order."""
    return sorted((t for t in state.tokens if t.status in LIVE), key=lambda t: t.order)


def jobs_awaited(state: EnrollmentState) -> set[str]:
    """The jobs (their refs) the state's paths wait for: a job no path waits for has
    nobody to take its outcome."""
    return {t.awaiting.job_ref for t in state.tokens if isinstance(t.awaiting, AwaitJob)}


encode_state = msgspec.json.Encoder().encode
decode_state = msgspec.json.Decoder(EnrollmentState).decode
