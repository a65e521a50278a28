"""Why a step did what it did: what it saw and why it left by its exit.

The interpreter attaches one of these to a step's log line (`StepLog.why`); the worker
stores it with the step, cut to a bounded size (app.runs.traces), and the enrollments
API shows it on the path. One kind per reason, a tagged union like every other kind.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import msgspec
from msgspec import field

from app.engine.evaluate import RuleCheck


class ConditionWhy(msgspec.Struct, frozen=True, tag_field="kind", tag="condition"):
    """A condition or switch step: every rule it checked, with the value it found and
    whether it held (the first check of each group is the group itself). A switch lists
    its cases' rules up to the one chosen (`where` = `cases.<id>…`)."""

    checks: list[RuleCheck] = field(default_factory=list)


class TimerWhy(msgspec.Struct, frozen=True, tag_field="kind", tag="timer", kw_only=True):
    """A wait: when it is (or was) due."""

    due_at: datetime


class EventWhy(msgspec.Struct, frozen=True, tag_field="kind", tag="event", kw_only=True):
    """A wait-for-event step: waiting for `event_name` until `timeout_at`, or left by the
    event `event_id` (received) or by its timeout."""

    event_name: str
    timeout_at: datetime | None = None
    event_id: int | None = None


class JobWhy(msgspec.Struct, frozen=True, tag_field="kind", tag="job", kw_only=True):
    """A create-job step: the job's outcome (its exit) and the form it was completed with."""

    job_ref: str
    outcome: str | None = None
    form: dict[str, Any] = field(default_factory=dict)


class WebhookWhy(msgspec.Struct, frozen=True, tag_field="kind", tag="webhook", kw_only=True):
    """A webhook step's answer: ok or not, the HTTP status, the error, the saved fields."""

    webhook_ref: str
    ok: bool | None = None
    status: int | None = None
    error: str | None = None
    saved: dict[str, Any] = field(default_factory=dict)


class EffectWhy(msgspec.Struct, frozen=True, tag_field="kind", tag="effect", kw_only=True):
    """An action step queued a side effect: its kind and outbox key. Whether the message
    went out (or why not: no consent, template failed) is the outbox row of that key."""

    effect: str
    key: str


class BranchWhy(msgspec.Struct, frozen=True, tag_field="kind", tag="branch", kw_only=True):
    """A random split: the branch picked and the weights it was picked from."""

    branch: str
    weights: dict[str, int] = field(default_factory=dict)


Why = ConditionWhy | TimerWhy | EventWhy | JobWhy | WebhookWhy | EffectWhy | BranchWhy
