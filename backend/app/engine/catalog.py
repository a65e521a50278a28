"""The catalog: names a journey may refer to (queues, templates, job types, segments…).

The journeys service builds one from the database; validation checks every reference
against it, so a journey never points at a queue or template that does not exist.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Literal, assert_never

import msgspec

from app.engine.actions import (
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
from app.engine.conditions import (
    ClickedLinkRule,
    ConditionGroup,
    HasOpenJobRule,
    InSegmentRule,
    OpenedEmailRule,
)
from app.engine.definition import Node
from app.engine.flow import (
    ConditionSplit,
    End,
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
from app.engine.triggers import (
    EventTrigger,
    JobStatusTrigger,
    ManualTrigger,
    ScheduleTrigger,
    ScoreThresholdTrigger,
    SegmentEnteredTrigger,
)

RefKind = Literal[
    "queue", "email_template", "sms_template", "letter_template", "job_type", "segment", "event"
]


class Catalog(msgspec.Struct, frozen=True, forbid_unknown_fields=True, omit_defaults=True):
    """Known names. An empty `event_names` means "not known": event names are not checked."""

    queues: frozenset[str] = frozenset()
    email_templates: frozenset[str] = frozenset()
    sms_templates: frozenset[str] = frozenset()
    letter_templates: frozenset[str] = frozenset()
    # job type -> its outcomes, which are the exits of a job node of that type.
    job_types: dict[str, list[str]] = msgspec.field(default_factory=dict)
    segments: frozenset[str] = frozenset()
    event_names: frozenset[str] = frozenset()


class Reference(msgspec.Struct, frozen=True):
    """A name a node uses, where it uses it, and what kind of thing it names."""

    kind: RefKind
    name: str
    field: str


def knows(catalog: Catalog, ref: Reference) -> bool:  # noqa: PLR0911 - one branch per kind
    """Whether the catalog has the thing `ref` names."""
    match ref.kind:
        case "queue":
            return ref.name in catalog.queues
        case "email_template":
            return ref.name in catalog.email_templates
        case "sms_template":
            return ref.name in catalog.sms_templates
        case "letter_template":
            return ref.name in catalog.letter_templates
        case "job_type":
            return ref.name in catalog.job_types
        case "segment":
            return ref.name in catalog.segments
        case "event":
            return not catalog.event_names or ref.name in catalog.event_names
        case _:
            assert_never(ref.kind)


def condition_references(group: ConditionGroup | None, where: str) -> Iterator[Reference]:
    """Names used by the rules of a condition group (segments, templates, queues…)."""
    if group is None:
        return
    for path, rule in _rules_with_paths(group, where):
        match rule:
            case InSegmentRule():
                yield Reference("segment", rule.segment, f"{path}.segment")
            case OpenedEmailRule() | ClickedLinkRule() if rule.template is not None:
                yield Reference("email_template", rule.template, f"{path}.template")
            case HasOpenJobRule():
                if rule.job_type is not None:
                    yield Reference("job_type", rule.job_type, f"{path}.job_type")
                if rule.queue is not None:
                    yield Reference("queue", rule.queue, f"{path}.queue")
            case _:
                pass


def _rules_with_paths(group: ConditionGroup, where: str) -> Iterator[tuple[str, object]]:
    for index, rule in enumerate(group.rules):
        path = f"{where}.rules[{index}]"
        yield path, rule
        if isinstance(rule, ConditionGroup):
            yield from _rules_with_paths(rule, path)


def node_references(node: Node) -> Iterator[Reference]:  # noqa: PLR0912 - one branch per kind
    """Every catalog name `node` uses, with the config field it sits in."""
    match node:
        case EventTrigger():
            yield Reference("event", node.config.event_name, "config.event_name")
            yield from condition_references(node.config.filter, "config.filter")
        case SegmentEnteredTrigger():
            yield Reference("segment", node.config.segment, "config.segment")
        case ScheduleTrigger():
            if node.config.segment is not None:
                yield Reference("segment", node.config.segment, "config.segment")
        case JobStatusTrigger():
            yield Reference("job_type", node.config.job_type, "config.job_type")
        case ScoreThresholdTrigger() | ManualTrigger():
            pass
        case WaitForEvent():
            yield Reference("event", node.config.event_name, "config.event_name")
            yield from condition_references(node.config.filter, "config.filter")
        case ConditionSplit():
            yield from condition_references(node.config.condition, "config.condition")
        case Switch():
            for index, case in enumerate(node.config.cases):
                yield from condition_references(case.condition, f"config.cases[{index}].condition")
        case (
            WaitDuration()
            | WaitUntilDate()
            | WaitUntilTime()
            | ParallelSplit()
            | Join()
            | RandomSplit()
            | Goal()
            | End()
        ):
            pass
        case SendEmail():
            if node.config.template is not None:
                yield Reference("email_template", node.config.template, "config.template")
        case SendSms():
            if node.config.template is not None:
                yield Reference("sms_template", node.config.template, "config.template")
        case CreateLetter():
            if node.config.template is not None:
                yield Reference("letter_template", node.config.template, "config.template")
            if node.config.print_queue is not None:
                yield Reference("queue", node.config.print_queue, "config.print_queue")
        case CreateJob():
            yield Reference("job_type", node.config.job_type, "config.job_type")
            yield Reference("queue", node.config.queue, "config.queue")
        case NotifyStaff():
            yield Reference("queue", node.config.queue, "config.queue")
        case UpdateContact() | UpdateObject() | Webhook() | EmitEvent() | PortalMessage():
            pass
        case _:
            assert_never(node)
