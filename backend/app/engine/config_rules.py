"""Config rules that a JSON Schema cannot say ("one of these two", unique ids, a valid
cron expression…), shared by the node kinds' `config_problems`."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence

from croniter import croniter

from app.engine.conditions import ConditionGroup, EventHistoryRule, check_group
from app.engine.primitives import FieldAssignment

# (field path, message) pairs; validation turns them into problems on the node.
Findings = list[tuple[str, str]]


def cron(expression: str) -> Findings:
    if croniter.is_valid(expression):
        return []
    return [
        (
            "config.repeat.expression",
            f"“{expression}” is not a cron expression: five fields, minute hour "
            "day-of-month month weekday, e.g. `0 9 * * 1`.",
        )
    ]


def group(condition: ConditionGroup | None, where: str) -> Findings:
    return [] if condition is None else check_group(condition, where)


def before_entry(condition: ConditionGroup | None, where: str) -> Findings:
    """A trigger's filter runs before the contact enters: "since entering" means nothing."""
    if condition is None:
        return []
    found: Findings = []
    for index, rule in enumerate(condition.rules):
        at = f"{where}.rules[{index}]"
        if isinstance(rule, ConditionGroup):
            found.extend(before_entry(rule, at))
        elif isinstance(rule, EventHistoryRule) and rule.since == "journey_entry":
            found.append(
                (
                    f"{at}.since",
                    "A trigger decides before the contact enters: count the events "
                    "within a period or ever, not “since entering this journey”.",
                )
            )
    return found


def unique(values: Sequence[str], where: str, what: str) -> Findings:
    twice = sorted(value for value, count in Counter(values).items() if count > 1)
    return [(where, f"The {what} “{value}” is used twice.") for value in twice]


def one_of(template: str | None, text: str | None, where: str, what: str) -> Findings:
    if template is None and not text:
        return [(where, f"Pick a template, or write the {what} here.")]
    if template is not None and text:
        return [(where, f"Pick a template or write the {what} here, not both.")]
    return []


def assignments(values: Iterable[FieldAssignment], where: str) -> Findings:
    found: Findings = []
    for index, assignment in enumerate(values):
        if assignment.value is not None and assignment.value_from is not None:
            found.append(
                (f"{where}[{index}]", "Set a fixed value or copy one from a field, not both.")
            )
    return found


def present(*fields: tuple[str, str | None]) -> list[tuple[str, str]]:
    """(field path, text) of the texts that are set."""
    return [(path, text) for path, text in fields if text is not None]
