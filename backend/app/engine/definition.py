"""A journey definition: nodes (one tagged union over every kind), edges and settings.

This is the saved document of a journey version. The canvas edits it, validation checks
it, the interpreter runs it; `schemas/journey.schema.json` is generated from it.
"""

from __future__ import annotations

from typing import Annotated, Final, get_args

import msgspec
from msgspec import Meta, field

from app.engine.actions import (
    ActionNode,
    CreateJob,
    CreateLetter,
    EmitEvent,
    NotifyStaff,
    PortalMessage,
    SendEmail,
    SendSms,
    UpdateContact,
    UpdateObject,
    Webhook,
)
from app.engine.conditions import ConditionGroup
from app.engine.flow import (
    ConditionSplit,
    End,
    FlowNode,
    Goal,
    Join,
    ParallelSplit,
    RandomSplit,
    Switch,
    WaitDuration,
    WaitForEvent,
    WaitUntilDate,
    WaitUntilTime,
)
from app.engine.nodes_base import NodeBase
from app.engine.primitives import Duration, EdgeId, EventName, ExitId, Frozen, NodeId
from app.engine.references import group_history_events
from app.engine.triggers import (
    EventTrigger,
    JobStatusTrigger,
    ManualTrigger,
    ScheduleTrigger,
    ScoreThresholdTrigger,
    SegmentEnteredTrigger,
    TriggerNode,
)

Node = TriggerNode | FlowNode | ActionNode

# Node classes by their `kind`, in palette order (triggers, flow, actions).
NODE_TYPES: Final[dict[str, type[NodeBase]]] = {
    str(cls.__struct_config__.tag): cls for cls in get_args(Node)
}
KINDS: Final[frozenset[str]] = frozenset(NODE_TYPES)
TRIGGER_TYPES: Final = get_args(TriggerNode)

# A definition with more nodes than this is refused: the canvas and the interpreter are
# measured up to it, and nobody can read a bigger journey.
MAX_NODES: Final = 2_000


class Edge(Frozen, frozen=True):
    """A connection from one exit of a node to the next node."""

    id: EdgeId
    source: NodeId
    source_handle: Annotated[
        ExitId,
        Meta(description="The exit it leaves from: `next`, `yes`, a case id, an outcome…"),
    ]
    target: NodeId


class ReentryNever(Frozen, frozen=True, tag_field="rule", tag="never"):
    """A contact goes through this journey once, ever."""


class ReentryAlways(Frozen, frozen=True, tag_field="rule", tag="always"):
    """A contact may enter again whenever a trigger fires, even while still in it."""


class ReentryAfterCooldown(Frozen, frozen=True, tag_field="rule", tag="after_cooldown"):
    """A contact may enter again once this long has passed since they last entered."""

    cooldown: Annotated[Duration, Meta(title="Cool-down")]


Reentry = ReentryNever | ReentryAlways | ReentryAfterCooldown


class ExitCriteria(Frozen, frozen=True):
    """When a contact leaves the journey early, wherever they are in it."""

    goal_events: Annotated[
        list[EventName],
        Meta(title="Leave when any of these events arrives", max_length=20),
    ] = field(default_factory=list)
    condition: Annotated[ConditionGroup | None, Meta(title="Leave when this condition holds")] = (
        None
    )


class JourneySettings(Frozen, frozen=True):
    """Journey-wide rules: who may enter again, and when contacts leave early."""

    reentry: Annotated[Reentry, Meta(title="May a contact enter again?")] = field(
        default_factory=ReentryNever
    )
    exit_criteria: Annotated[ExitCriteria, Meta(title="Exit criteria")] = field(
        default_factory=ExitCriteria
    )


class JourneyDefinition(Frozen, frozen=True):
    """A journey version: its steps, how they connect, and its settings."""

    nodes: list[Node] = field(default_factory=list)
    edges: list[Edge] = field(default_factory=list)
    settings: JourneySettings = field(default_factory=JourneySettings)


decode_definition = msgspec.json.Decoder(JourneyDefinition).decode
encode_definition = msgspec.json.Encoder().encode


def history_events(definition: JourneyDefinition) -> frozenset[str]:
    """The event names the definition's "did event X" rules ask about: the worker loads
    the contact's events of these names, and no others."""
    groups = [group for node in definition.nodes for _, group in node.conditions()]
    groups.append(definition.settings.exit_criteria.condition)
    return frozenset(name for group in groups for name in group_history_events(group))


__all__ = [
    "KINDS",
    "MAX_NODES",
    "NODE_TYPES",
    "TRIGGER_TYPES",
    "ConditionSplit",
    "CreateJob",
    "CreateLetter",
    "Edge",
    "EmitEvent",
    "End",
    "EventTrigger",
    "ExitCriteria",
    "Goal",
    "JobStatusTrigger",
    "Join",
    "JourneyDefinition",
    "JourneySettings",
    "ManualTrigger",
    "Node",
    "NotifyStaff",
    "ParallelSplit",
    "PortalMessage",
    "RandomSplit",
    "Reentry",
    "ReentryAfterCooldown",
    "ReentryAlways",
    "ReentryNever",
    "ScheduleTrigger",
    "ScoreThresholdTrigger",
    "SegmentEnteredTrigger",
    "SendEmail",
    "SendSms",
    "Switch",
    "UpdateContact",
    "UpdateObject",
    "WaitDuration",
    "WaitForEvent",
    "WaitUntilDate",
    "WaitUntilTime",
    "Webhook",
    "decode_definition",
    "encode_definition",
    "history_events",
]
