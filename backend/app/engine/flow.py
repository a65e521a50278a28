"""Flow nodes: waits, branches, splits and joins, goals and ends."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated, ClassVar, Final, Literal

from msgspec import Meta, field

from app.engine import config_rules as rules
from app.engine.conditions import ConditionGroup
from app.engine.config_rules import Findings
from app.engine.nodes_base import EmptyConfig, ExitRule, FixedExit, ItemExits, NodeBase
from app.engine.primitives import (
    BranchId,
    Duration,
    EventName,
    FieldPath,
    Frozen,
    Label,
    TimeOfDay,
    TimeZone,
    Weekday,
)
from app.engine.references import Reference, condition_references

# The exit a switch takes when no case matches ("Otherwise"); no case may use it as its id.
DEFAULT_EXIT_ID: Final = "default"


class WaitDurationConfig(Frozen, frozen=True):
    """Wait for a length of time, e.g. 3 days, then continue."""

    duration: Annotated[Duration, Meta(title="Wait for")]


class WaitUntilDateConfig(Frozen, frozen=True):
    """Wait until a date found in the data, e.g. 1 day before the appointment."""

    date_field: Annotated[
        FieldPath,
        Meta(title="Date field", examples=["object.appointment_at", "event.delivery_date"]),
    ]
    offset: Annotated[
        Duration | None,
        Meta(title="Offset", description="Leave empty to wait until the date itself."),
    ] = None
    offset_direction: Annotated[Literal["before", "after"], Meta(title="Before or after")] = (
        "before"
    )
    at: Annotated[
        TimeOfDay | None,
        Meta(title="At time of day", description="Leave empty to keep the time in the data."),
    ] = None
    timezone: TimeZone = "contact"
    when_passed: Annotated[
        Literal["continue", "end"],
        Meta(
            title="If the date is missing or already passed",
            description="Continue at once, or end the journey for this contact.",
        ),
    ] = "continue"


class WaitUntilTimeConfig(Frozen, frozen=True):
    """Wait until a time of day (and optionally a weekday) in the contact's time zone."""

    at: TimeOfDay
    weekdays: Annotated[
        list[Weekday],
        Meta(title="Only on", description="Leave empty for any day.", max_length=7),
    ] = field(default_factory=list)
    timezone: TimeZone = "contact"


class WaitForEventConfig(Frozen, frozen=True):
    """Wait for an event; take the “timeout” exit if it does not arrive in time."""

    event_name: EventName
    timeout: Annotated[Duration, Meta(title="Give up after")]
    filter: Annotated[
        ConditionGroup | None,
        Meta(title="Only when", description="Optional: the event must also match these rules."),
    ] = None


class ConditionConfig(Frozen, frozen=True):
    """Take the “yes” exit when the condition holds, “no” otherwise."""

    condition: Annotated[ConditionGroup, Meta(title="Condition")]


class SwitchCase(Frozen, frozen=True):
    """One exit of a switch, taken when its condition holds."""

    id: BranchId
    label: Annotated[Label, Meta(title="Name")]
    condition: Annotated[ConditionGroup, Meta(title="When")]


class SwitchConfig(Frozen, frozen=True):
    """Take the first case whose condition holds, or “default” when none does."""

    cases: Annotated[list[SwitchCase], Meta(title="Cases", min_length=1, max_length=20)]


class Branch(Frozen, frozen=True):
    """One exit of a parallel split."""

    id: BranchId
    label: Annotated[Label, Meta(title="Name")]


class ParallelSplitConfig(Frozen, frozen=True):
    """Continue along every branch at the same time."""

    branches: Annotated[list[Branch], Meta(title="Branches", min_length=2, max_length=10)]


class JoinConfig(Frozen, frozen=True):
    """Wait for the branches that meet here before continuing once."""

    wait_for: Annotated[
        Literal["all", "first"],
        Meta(title="Continue when", description="All branches have arrived, or the first one."),
    ] = "all"


class WeightedBranch(Frozen, frozen=True):
    """One exit of a random split, taken by a share of contacts."""

    id: BranchId
    label: Annotated[Label, Meta(title="Name")]
    weight: Annotated[
        int,
        Meta(title="Share", ge=1, le=100, description="Relative: 50 and 50 is an even split."),
    ]


class RandomSplitConfig(Frozen, frozen=True):
    """Send each contact down one branch at random (the same one every time, per contact)."""

    branches: Annotated[list[WeightedBranch], Meta(title="Branches", min_length=2, max_length=10)]


class GoalConfig(Frozen, frozen=True):
    """The contact reached the journey's goal: counted as a conversion, then leaves."""

    goal: Annotated[
        str,
        Meta(
            title="Name of the goal",
            max_length=120,
            examples=["Paid"],
            description="What reaching this step means, e.g. “Paid” or “Booked a call”: "
            "reports count conversions under this name (empty: “Conversion”).",
        ),
    ] = ""


class WaitDuration(NodeBase, frozen=True, tag="flow.wait_duration"):
    config: WaitDurationConfig


class WaitUntilDate(NodeBase, frozen=True, tag="flow.wait_until_date"):
    config: WaitUntilDateConfig


class WaitUntilTime(NodeBase, frozen=True, tag="flow.wait_until_time"):
    config: WaitUntilTimeConfig

    def config_problems(self) -> Findings:
        return rules.unique(self.config.weekdays, "config.weekdays", "day")


class WaitForEvent(NodeBase, frozen=True, tag="flow.wait_for_event"):
    EXITS: ClassVar[tuple[ExitRule, ...]] = (
        FixedExit("received", "It happened"),
        FixedExit("timeout", "Not in time"),
    )
    config: WaitForEventConfig

    def references(self) -> Iterator[Reference]:
        yield Reference("event", self.config.event_name, "config.event_name")
        yield from condition_references(self.config.filter, "config.filter")

    def conditions(self) -> Iterator[tuple[str, ConditionGroup | None]]:
        yield "config.filter", self.config.filter

    def config_problems(self) -> Findings:
        return rules.group(self.config.filter, "config.filter")


class ConditionSplit(NodeBase, frozen=True, tag="flow.condition"):
    EXITS: ClassVar[tuple[ExitRule, ...]] = (FixedExit("yes", "Yes"), FixedExit("no", "No"))
    config: ConditionConfig

    def references(self) -> Iterator[Reference]:
        yield from condition_references(self.config.condition, "config.condition")

    def conditions(self) -> Iterator[tuple[str, ConditionGroup | None]]:
        yield "config.condition", self.config.condition

    def config_problems(self) -> Findings:
        return rules.group(self.config.condition, "config.condition")


class Switch(NodeBase, frozen=True, tag="flow.switch"):
    EXITS: ClassVar[tuple[ExitRule, ...]] = (
        ItemExits("cases"),
        FixedExit(DEFAULT_EXIT_ID, "Otherwise"),
    )
    config: SwitchConfig

    def references(self) -> Iterator[Reference]:
        for index, case in enumerate(self.config.cases):
            yield from condition_references(case.condition, f"config.cases[{index}].condition")

    def conditions(self) -> Iterator[tuple[str, ConditionGroup | None]]:
        for index, case in enumerate(self.config.cases):
            yield f"config.cases[{index}].condition", case.condition

    def config_problems(self) -> Findings:
        found = rules.unique([c.id for c in self.config.cases], "config.cases", "case id")
        for index, case in enumerate(self.config.cases):
            if case.id == DEFAULT_EXIT_ID:
                found.append((f"config.cases[{index}].id", "“default” is the “Otherwise” exit."))
            found.extend(rules.group(case.condition, f"config.cases[{index}].condition"))
        return found


class ParallelSplit(NodeBase, frozen=True, tag="flow.parallel_split"):
    EXITS: ClassVar[tuple[ExitRule, ...]] = (ItemExits("branches"),)
    config: ParallelSplitConfig

    def config_problems(self) -> Findings:
        ids = [branch.id for branch in self.config.branches]
        return rules.unique(ids, "config.branches", "branch id")


class Join(NodeBase, frozen=True, tag="flow.join"):
    config: JoinConfig = field(default_factory=JoinConfig)


class RandomSplit(NodeBase, frozen=True, tag="flow.random_split"):
    EXITS: ClassVar[tuple[ExitRule, ...]] = (ItemExits("branches", weighted=True),)
    config: RandomSplitConfig

    def config_problems(self) -> Findings:
        ids = [branch.id for branch in self.config.branches]
        return rules.unique(ids, "config.branches", "branch id")


class Goal(NodeBase, frozen=True, tag="flow.goal"):
    EXITS: ClassVar[tuple[ExitRule, ...]] = ()
    config: GoalConfig = field(default_factory=GoalConfig)


class End(NodeBase, frozen=True, tag="flow.end"):
    EXITS: ClassVar[tuple[ExitRule, ...]] = ()
    config: EmptyConfig = field(default_factory=EmptyConfig)


FlowNode = (
    WaitDuration
    | WaitUntilDate
    | WaitUntilTime
    | WaitForEvent
    | ConditionSplit
    | Switch
    | ParallelSplit
    | Join
    | RandomSplit
    | Goal
    | End
)
