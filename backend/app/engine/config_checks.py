"""Config rules that a JSON Schema cannot say: "one of these two", unique ids, etc."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from typing import assert_never

from croniter import croniter

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
from app.engine.conditions import ConditionGroup, check_group
from app.engine.definition import Node
from app.engine.exits import DEFAULT_EXIT_ID
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
from app.engine.primitives import FieldAssignment
from app.engine.triggers import (
    CronSchedule,
    EventTrigger,
    JobStatusTrigger,
    ManualTrigger,
    ScheduleTrigger,
    ScoreThresholdTrigger,
    SegmentEnteredTrigger,
)
from app.lib.links import link_problem

# (field path, message) pairs; validation turns them into problems on the node.
Findings = list[tuple[str, str]]


def check_config(node: Node) -> Findings:  # noqa: PLR0911, PLR0912 - one branch per kind
    """Every config mistake of `node` that decoding alone does not catch."""
    match node:
        case EventTrigger():
            return _group(node.config.filter, "config.filter")
        case ScheduleTrigger():
            repeat = node.config.repeat
            if isinstance(repeat, CronSchedule):
                return _cron(repeat.expression)
            return _unique(repeat.weekdays, "config.repeat.weekdays", "day")
        case (
            SegmentEnteredTrigger() | ScoreThresholdTrigger() | ManualTrigger() | JobStatusTrigger()
        ):
            return []
        case WaitForEvent():
            return _group(node.config.filter, "config.filter")
        case WaitUntilTime():
            return _unique(node.config.weekdays, "config.weekdays", "day")
        case ConditionSplit():
            return _group(node.config.condition, "config.condition")
        case Switch():
            found = _unique([c.id for c in node.config.cases], "config.cases", "case id")
            for index, case in enumerate(node.config.cases):
                if case.id == DEFAULT_EXIT_ID:
                    found.append(
                        (f"config.cases[{index}].id", "“default” is the “Otherwise” exit.")
                    )
                found.extend(_group(case.condition, f"config.cases[{index}].condition"))
            return found
        case ParallelSplit() | RandomSplit():
            ids = [branch.id for branch in node.config.branches]
            return _unique(ids, "config.branches", "branch id")
        case WaitDuration() | WaitUntilDate() | Join() | Goal() | End():
            return []
        case SendEmail():
            config = node.config
            if config.template is None and not (config.subject and config.body):
                return [("config.template", "Pick an email template, or write a subject and body.")]
            return []
        case SendSms():
            return _one_of(node.config.template, node.config.text, "config.template", "SMS text")
        case CreateLetter():
            return _one_of(node.config.template, node.config.body, "config.template", "letter")
        case UpdateContact():
            return _contact_update(node)
        case UpdateObject():
            return _assignments(node.config.set_fields, "config.set_fields")
        case PortalMessage():
            link = node.config.link
            problem = None if link is None else link_problem(link)
            return [] if problem is None else [("config.link", f"The link {problem}")]
        case CreateJob() | Webhook() | NotifyStaff() | EmitEvent():
            return []
        case _:
            assert_never(node)


def _cron(expression: str) -> Findings:
    if croniter.is_valid(expression):
        return []
    return [
        (
            "config.repeat.expression",
            f"“{expression}” is not a cron expression: five fields, minute hour "
            "day-of-month month weekday, e.g. `0 9 * * 1`.",
        )
    ]


def _group(group: ConditionGroup | None, where: str) -> Findings:
    return [] if group is None else check_group(group, where)


def _unique(values: Sequence[str], where: str, what: str) -> Findings:
    twice = sorted(value for value, count in Counter(values).items() if count > 1)
    return [(where, f"The {what} “{value}” is used twice.") for value in twice]


def _one_of(template: str | None, text: str | None, where: str, what: str) -> Findings:
    if template is None and not text:
        return [(where, f"Pick a template, or write the {what} here.")]
    if template is not None and text:
        return [(where, f"Pick a template or write the {what} here, not both.")]
    return []


def _assignments(assignments: Iterable[FieldAssignment], where: str) -> Findings:
    found: Findings = []
    for index, assignment in enumerate(assignments):
        if assignment.value is not None and assignment.value_from is not None:
            found.append(
                (f"{where}[{index}]", "Set a fixed value or copy one from a field, not both.")
            )
    return found


def _contact_update(node: UpdateContact) -> Findings:
    config = node.config
    changes = (
        config.set_fields,
        config.clear_fields,
        config.add_tags,
        config.remove_tags,
        config.add_roles,
        config.remove_roles,
        config.consent,
    )
    found = _assignments(config.set_fields, "config.set_fields")
    if not any(changes) and config.score_change == 0:
        found.append(("config", "Choose at least one change to make to the contact."))
    both = sorted(set(config.add_tags) & set(config.remove_tags))
    found.extend(("config.remove_tags", f"The tag “{tag}” is added and removed.") for tag in both)
    return found
