"""What the automation API shows and accepts: notifications, scoring rules, schedule runs."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated

import msgspec
from msgspec import UNSET, Meta, UnsetType

from app.engine.conditions import ConditionGroup
from app.engine.primitives import EventName

Points = Annotated[
    int,
    Meta(ge=-10_000, le=10_000, description="Points to add; negative to remove, e.g. -5."),
]
RuleName = Annotated[str, Meta(min_length=1, max_length=120)]


class NotificationView(msgspec.Struct, frozen=True):
    id: int
    title: str
    body: str
    link: str | None
    contact_id: uuid.UUID | None
    created_at: datetime
    read_at: datetime | None


class NotificationPage(msgspec.Struct, frozen=True):
    items: list[NotificationView]
    # Unread notifications in all (not only on this page): the bell's badge.
    unread: int


class ReadRequest(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    ids: Annotated[list[int], Meta(min_length=1, max_length=500)]


class MarkedRead(msgspec.Struct, frozen=True):
    marked: int
    unread: int


class ScoreRule(msgspec.Struct, frozen=True):
    id: uuid.UUID
    name: str
    event_name: str
    condition: ConditionGroup | None
    points: int
    active: bool
    created_at: datetime
    updated_at: datetime


class ScoreRuleCreate(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """A rule: when `event_name` arrives (and `condition` holds), add `points`."""

    name: RuleName
    event_name: EventName
    points: Points
    condition: ConditionGroup | None = None
    active: bool = True


class ScoreRuleUpdate(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """Send only what changes; `condition: null` removes the condition."""

    name: RuleName | UnsetType = UNSET
    event_name: EventName | UnsetType = UNSET
    points: Points | UnsetType = UNSET
    condition: ConditionGroup | UnsetType | None = UNSET
    active: bool | UnsetType = UNSET


class ScheduleRunView(msgspec.Struct, frozen=True):
    id: int
    journey_id: uuid.UUID
    journey_name: str
    version: int
    node_id: str
    due_at: datetime
    timezones: list[str]
    started_at: datetime
    finished_at: datetime | None
    enrolled: int


class ScheduleRunPage(msgspec.Struct, frozen=True):
    items: list[ScheduleRunView]
    total: int


class ScheduleView(msgspec.Struct, frozen=True):
    """A schedule trigger of an active journey, and when it runs next."""

    journey_id: uuid.UUID
    journey_name: str
    version: int
    node_id: str
    label: str
    # In plain words, e.g. "Daily at 09:00 in each contact's time zone".
    description: str
    segment: str | None
    next_run_at: datetime | None
    last_run: ScheduleRunView | None


class AutomationApi(msgspec.Struct, frozen=True):
    """Every shape of the automation API in one schema (schemas/automation-api.schema.json),
    so the SPA's TypeScript types are generated from these."""

    notification: NotificationView
    notification_page: NotificationPage
    read_request: ReadRequest
    marked_read: MarkedRead
    score_rule: ScoreRule
    score_rule_create: ScoreRuleCreate
    score_rule_update: ScoreRuleUpdate
    schedule_run: ScheduleRunView
    schedule_run_page: ScheduleRunPage
    schedule: ScheduleView
