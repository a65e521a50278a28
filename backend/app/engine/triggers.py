"""Trigger nodes: how a contact enters a journey. A journey may have several."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated, Literal

from msgspec import Meta, field

from app.engine import config_rules as rules
from app.engine.conditions import ConditionGroup
from app.engine.config_rules import Findings
from app.engine.nodes_base import NodeBase
from app.engine.primitives import (
    CatalogName,
    EventName,
    EventSource,
    FieldPath,
    Frozen,
    TimeOfDay,
    TimeZone,
    Weekday,
)
from app.engine.references import Reference, condition_references

FILTER_META = Meta(
    title="Only when",
    description="Optional: the event (or contact) must also match these rules.",
)


class EventTriggerConfig(Frozen, frozen=True):
    """Start the journey when an event arrives, e.g. `order.placed`."""

    event_name: EventName
    sources: Annotated[
        list[EventSource],
        Meta(
            title="Only from",
            description=(
                "Start only for events from these sources, e.g. only the website "
                "(track.js) or only your servers (API); leave empty for any source."
            ),
            max_length=8,
            extra_json_schema={"uniqueItems": True},
        ),
    ] = field(default_factory=list)
    filter: Annotated[ConditionGroup | None, FILTER_META] = None


class SegmentEnteredConfig(Frozen, frozen=True):
    """Start the journey when a contact joins a segment."""

    segment: Annotated[CatalogName, Meta(title="Segment")]


class DailySchedule(Frozen, frozen=True, tag_field="type", tag="daily"):
    """Every day (or on chosen weekdays) at a time of day."""

    at: TimeOfDay
    weekdays: Annotated[
        list[Weekday],
        Meta(title="Only on", description="Leave empty for every day.", max_length=7),
    ] = field(default_factory=list)


class CronSchedule(Frozen, frozen=True, tag_field="type", tag="cron"):
    """An advanced repeat pattern written as a cron expression."""

    expression: Annotated[
        str,
        Meta(
            title="Cron expression",
            pattern=r"^\S+( \S+){4}$",
            max_length=120,
            description="Five fields: minute hour day-of-month month weekday, e.g. `0 9 * * 1`.",
        ),
    ]


class DateMatch(Frozen, frozen=True):
    """Pick contacts by a date in their data, e.g. a birthday or a renewal date."""

    field: Annotated[
        FieldPath,
        Meta(title="Date field", examples=["contact.birthday", "contact.renewal_date"]),
    ]
    days_ahead: Annotated[
        int,
        Meta(
            title="Days ahead",
            ge=-366,
            le=366,
            description="0 for today, 30 for “in 30 days”, -1 for “yesterday”.",
        ),
    ] = 0
    every_year: Annotated[
        bool,
        Meta(title="Every year", description="Ignore the year, as for birthdays."),
    ] = False


class ScheduleTriggerConfig(Frozen, frozen=True):
    """Run on a schedule for every contact in a segment (or matching a date)."""

    repeat: Annotated[DailySchedule | CronSchedule, Meta(title="Repeat")]
    timezone: TimeZone = "contact"
    segment: Annotated[
        CatalogName | None,
        Meta(title="Segment", description="Leave empty for all contacts."),
    ] = None
    date_match: Annotated[DateMatch | None, Meta(title="Date match")] = None


class ScoreThresholdConfig(Frozen, frozen=True):
    """Start the journey when a contact's score crosses a threshold."""

    threshold: Annotated[int, Meta(title="Threshold")]
    score: Annotated[
        str, Meta(title="Score", min_length=1, max_length=80, description="Which score.")
    ] = "lead_score"
    direction: Annotated[
        Literal["rises_to", "falls_below"],
        Meta(title="When the score", description="Rises to (or above) / falls below."),
    ] = "rises_to"


class ManualTriggerConfig(Frozen, frozen=True):
    """Contacts are enrolled by staff from the contact page, or by the API."""

    allow_api: Annotated[bool, Meta(title="Allow enrolment through the API")] = True


class JobStatusConfig(Frozen, frozen=True):
    """Start the journey when a job of a given type changes status."""

    job_type: Annotated[CatalogName, Meta(title="Job type")]
    status: Annotated[
        Literal["created", "claimed", "completed", "cancelled"], Meta(title="Status")
    ] = "completed"
    outcome: Annotated[
        Annotated[str, Meta(max_length=64)] | None,
        Meta(title="Outcome", description="Only completions with this outcome."),
    ] = None


class EventTrigger(NodeBase, frozen=True, tag="trigger.event"):
    config: EventTriggerConfig

    def references(self) -> Iterator[Reference]:
        yield Reference("event", self.config.event_name, "config.event_name")
        yield from condition_references(self.config.filter, "config.filter")

    def conditions(self) -> Iterator[tuple[str, ConditionGroup | None]]:
        yield "config.filter", self.config.filter

    def config_problems(self) -> Findings:
        found = rules.unique(self.config.sources, "config.sources", "source")
        return (
            found
            + rules.group(self.config.filter, "config.filter")
            + rules.before_entry(self.config.filter, "config.filter")
        )


class SegmentEnteredTrigger(NodeBase, frozen=True, tag="trigger.segment_entered"):
    config: SegmentEnteredConfig

    def references(self) -> Iterator[Reference]:
        yield Reference("segment", self.config.segment, "config.segment")


class ScheduleTrigger(NodeBase, frozen=True, tag="trigger.schedule"):
    config: ScheduleTriggerConfig

    def references(self) -> Iterator[Reference]:
        if self.config.segment is not None:
            yield Reference("segment", self.config.segment, "config.segment")

    def config_problems(self) -> Findings:
        repeat = self.config.repeat
        if isinstance(repeat, CronSchedule):
            return rules.cron(repeat.expression)
        return rules.unique(repeat.weekdays, "config.repeat.weekdays", "day")


class ScoreThresholdTrigger(NodeBase, frozen=True, tag="trigger.score_threshold"):
    config: ScoreThresholdConfig


class ManualTrigger(NodeBase, frozen=True, tag="trigger.manual"):
    config: ManualTriggerConfig = field(default_factory=ManualTriggerConfig)


class JobStatusTrigger(NodeBase, frozen=True, tag="trigger.job_status"):
    config: JobStatusConfig

    def references(self) -> Iterator[Reference]:
        yield Reference("job_type", self.config.job_type, "config.job_type")


TriggerNode = (
    EventTrigger
    | SegmentEnteredTrigger
    | ScheduleTrigger
    | ScoreThresholdTrigger
    | ManualTrigger
    | JobStatusTrigger
)
