"""Evaluate condition groups over facts, the event, journey variables and history.

Never raises: a missing field, a wrong type or an unparsable date makes a rule false
(except `is_not_set` and `not_equals`, which a missing value satisfies).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, date, datetime, timedelta
from typing import Any, Final, assert_never

import msgspec
from msgspec import field

from app.engine.conditions import (
    ClickedLinkRule,
    Condition,
    ConditionGroup,
    ContactFieldRule,
    EventHistoryRule,
    EventPropertyRule,
    HasOpenJobRule,
    HasTagRule,
    InSegmentRule,
    ObjectFieldRule,
    OpenedEmailRule,
    Operator,
    ReceivedEmailsRule,
    VariableRule,
)
from app.engine.facts import EmailRecord, EventRecord, Facts
from app.engine.primitives import Duration


class _Missing:
    def __repr__(self) -> str:
        return "MISSING"


MISSING: Final = _Missing()


class Scope(msgspec.Struct, frozen=True, kw_only=True):
    """Everything a condition (or a `value_from` / date field path) can look at."""

    facts: Facts
    now: datetime
    event: dict[str, Any] = field(default_factory=dict)
    variables: dict[str, Any] = field(default_factory=dict)
    # When the contact entered the journey; None outside one (a trigger's filter, a
    # scoring rule), where "since entering this journey" counts every event.
    entered_at: datetime | None = None


def lookup(data: Any, path: str) -> Any:
    """`data["a"]["b"]` for `a.b`, or MISSING."""
    current = data
    for part in path.split("."):
        if isinstance(current, Mapping) and part in current:
            current = current[part]
        else:
            return MISSING
    return current


def resolve(scope: Scope, path: str) -> Any:
    """A dotted path as journeys write it: `contact.x`, `event.x`, `object.x`,
    `objects.<type>.x`, `vars.x`, `job.form.x` (the last job's result) — or MISSING."""
    head, _, rest = path.partition(".")
    facts = scope.facts
    roots: dict[str, Any] = {
        "contact": {**facts.contact, "tags": sorted(facts.tags), "timezone": facts.timezone},
        "event": scope.event,
        "object": facts.object,
        "objects": facts.objects,
        "vars": scope.variables,
        "job": scope.variables.get("job", {}),
    }
    if head in roots:
        return lookup(roots[head], rest) if rest else roots[head]
    return lookup(scope.variables, path)


def check(group: ConditionGroup, scope: Scope) -> bool:
    """Whether `group` holds."""
    results = (holds(rule, scope) for rule in group.rules)
    result = all(results) if group.op == "all" else any(results)
    return result != group.negate


class RuleCheck(msgspec.Struct, frozen=True, kw_only=True):
    """One rule as a step evaluated it (`explain`): what it asked, what it found there and
    whether it held. `where` is the rule's place in the group (`rules[1].rules[0]`)."""

    where: str
    rule: str
    holds: bool
    # What the rule reads (`contact.region`, `event.total`, `objects.order.status`…).
    subject: str | None = None
    operator: str | None = None
    expected: Any = None
    actual: Any = None
    # The value was not there at all (an unknown field, a property the event lacks).
    missing: bool = False


_COMPARISONS = (ContactFieldRule, EventPropertyRule, VariableRule, ObjectFieldRule)


def explain(group: ConditionGroup, scope: Scope, where: str = "") -> list[RuleCheck]:
    """Every rule of `group` (nested groups first as themselves, then their rules) with its
    result: what a test run shows on a condition step. Agrees with `check`: the first
    entry is the whole group."""
    found: list[RuleCheck] = []
    _explain_group(group, scope, where, found)
    return found


def _explain_group(group: ConditionGroup, scope: Scope, where: str, found: list[RuleCheck]) -> bool:
    mark = len(found)
    results = []
    for index, rule in enumerate(group.rules):
        at = f"{where}.rules[{index}]" if where else f"rules[{index}]"
        if isinstance(rule, ConditionGroup):
            results.append(_explain_group(rule, scope, at, found))
            continue
        subject, actual = _subject(rule, scope)
        result = holds(rule, scope)
        results.append(result)
        operator, expected = (
            (rule.operator, rule.value) if isinstance(rule, _COMPARISONS) else (None, None)
        )
        found.append(
            RuleCheck(
                where=at,
                rule=str(rule.__struct_config__.tag),
                holds=result,
                subject=subject,
                operator=operator,
                expected=expected,
                actual=None if actual is MISSING else actual,
                missing=actual is MISSING,
            )
        )
    result = (all(results) if group.op == "all" else any(results)) != group.negate
    summary = RuleCheck(
        where=where or "group",
        rule="group",
        holds=result,
        operator=f"not {group.op}" if group.negate else group.op,
    )
    found.insert(mark, summary)
    return result


def _subject(rule: Condition, scope: Scope) -> tuple[str | None, Any]:  # noqa: PLR0911, PLR0912
    """What a rule reads and the value found there (MISSING when absent)."""
    facts = scope.facts
    match rule:
        case ContactFieldRule():
            return f"contact.{rule.field}", _contact_field(facts, rule.field)
        case EventPropertyRule():
            return f"event.{rule.property}", lookup(scope.event, rule.property)
        case VariableRule():
            return f"vars.{rule.variable}", lookup(scope.variables, rule.variable)
        case ObjectFieldRule():
            data = facts.objects.get(rule.object_type, facts.object)
            return f"objects.{rule.object_type}.{rule.field}", lookup(data, rule.field)
        case OpenedEmailRule():
            return f"emails opened ({rule.template or 'any'})", len(facts.emails_opened)
        case ClickedLinkRule():
            return f"links clicked ({rule.template or 'any'})", len(facts.links_clicked)
        case ReceivedEmailsRule():
            return "emails received", len(facts.emails_received)
        case HasOpenJobRule():
            return "open jobs", [job.job_type for job in facts.jobs if job.open]
        case InSegmentRule():
            return f"segment {rule.segment}", sorted(facts.segments)
        case HasTagRule():
            return f"tag {rule.tag}", sorted(facts.tags)
        case EventHistoryRule():
            named = [r for r in facts.events if r.name == rule.event_name]
            return f"events {rule.event_name} ({rule.since})", len(named)
        case ConditionGroup():
            return None, None
        case _:
            assert_never(rule)


def holds(rule: Condition, scope: Scope) -> bool:  # noqa: PLR0911, PLR0912 - one branch per rule
    facts = scope.facts
    match rule:
        case ConditionGroup():
            return check(rule, scope)
        case ContactFieldRule():
            actual = _contact_field(facts, rule.field)
            return compare(actual, rule.operator, rule.value, scope.now)
        case EventPropertyRule():
            return compare(lookup(scope.event, rule.property), rule.operator, rule.value, scope.now)
        case VariableRule():
            actual = lookup(scope.variables, rule.variable)
            return compare(actual, rule.operator, rule.value, scope.now)
        case ObjectFieldRule():
            data = facts.objects.get(rule.object_type, facts.object)
            return compare(lookup(data, rule.field), rule.operator, rule.value, scope.now)
        case OpenedEmailRule():
            return any(
                rule.template in (None, record.template)
                and _recent(record, rule.within_days, scope)
                for record in facts.emails_opened
            )
        case ClickedLinkRule():
            return any(
                rule.template in (None, click.template)
                and (rule.url_contains is None or rule.url_contains in click.url)
                and _within(click.at, rule.within_days, scope.now)
                for click in facts.links_clicked
            )
        case ReceivedEmailsRule():
            count = sum(_recent(r, rule.within_days, scope) for r in facts.emails_received)
            if rule.comparison == "at_least":
                return count >= rule.count
            if rule.comparison == "at_most":
                return count <= rule.count
            return count == rule.count
        case HasOpenJobRule():
            return any(
                job.open
                and rule.job_type in (None, job.job_type)
                and rule.queue in (None, job.queue)
                for job in facts.jobs
            )
        case InSegmentRule():
            return rule.segment in facts.segments
        case HasTagRule():
            return rule.tag in facts.tags
        case EventHistoryRule():
            return _event_history(rule, scope)
        case _:
            assert_never(rule)


def _event_history(rule: EventHistoryRule, scope: Scope) -> bool:
    """Count the contact's matching events in the rule's period; "not done" negates."""
    since: datetime | None = None
    if rule.since == "journey_entry":
        since = scope.entered_at
    elif rule.since == "period" and rule.period is not None:
        since = scope.now - lookback(rule.period)
    # No upper bound: the caller hands over only the events up to the one being handled.
    count = sum(_counts(record, rule, since, scope.now) for record in scope.facts.events)
    if rule.comparison == "at_least":
        reached = count >= rule.count
    elif rule.comparison == "at_most":
        reached = count <= rule.count
    else:
        reached = count == rule.count
    return reached == rule.done


_UNIT: Final = {
    "minutes": timedelta(minutes=1),
    "hours": timedelta(hours=1),
    "days": timedelta(days=1),
    "weeks": timedelta(weeks=1),
}


def lookback(period: Duration) -> timedelta:
    """How far back "within the last …" looks (a day is 24 hours here: a window, not a
    wake-up time on the contact's clock)."""
    return period.amount * _UNIT[period.unit]


def _counts(
    record: EventRecord, rule: EventHistoryRule, since: datetime | None, now: datetime
) -> bool:
    if record.name != rule.event_name or (since is not None and record.at < since):
        return False
    return all(
        compare(lookup(record.properties, where.property), where.operator, where.value, now)
        for where in rule.where
    )


def _contact_field(facts: Facts, path: str) -> Any:
    value = lookup(facts.contact, path)
    if value is MISSING and path in facts.scores:
        return facts.scores[path]
    if value is MISSING and path == "score":
        return facts.scores.get("lead_score", MISSING)
    if value is MISSING and path == "timezone":
        return facts.timezone
    if value is MISSING and path.startswith("consent."):
        return facts.consent.get(path.removeprefix("consent."), MISSING)
    return value


def _recent(record: EmailRecord, days: int | None, scope: Scope) -> bool:
    return _within(record.at, days, scope.now)


def _within(at: datetime, days: int | None, now: datetime) -> bool:
    return days is None or now - timedelta(days=days) <= at <= now


def as_datetime(value: Any) -> datetime | None:
    """A date, datetime or ISO string as an aware datetime (naive is read as UTC)."""
    if isinstance(value, datetime):
        parsed = value
    elif isinstance(value, date):
        parsed = datetime(value.year, value.month, value.day)
    elif isinstance(value, str):
        try:
            parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            return None
    else:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _is_set(value: Any) -> bool:
    return value is not MISSING and value is not None and value not in ("", [], {})


def _fold(value: Any) -> Any:
    return value.casefold() if isinstance(value, str) else value


def _number(value: Any) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, str):
        try:
            return float(value)
        except ValueError:
            return None
    return None


def compare(actual: Any, operator: Operator, expected: Any, now: datetime) -> bool:  # noqa: PLR0911, PLR0912
    """One comparison; strings compare without regard to case."""
    if operator == "is_set":
        return _is_set(actual)
    if operator == "is_not_set":
        return not _is_set(actual)
    if operator == "not_equals":
        return actual is MISSING or not compare(actual, "equals", expected, now)
    if actual is MISSING or actual is None:
        return False
    match operator:
        case "equals":
            left, right = _number(actual), _number(expected)
            if left is not None and right is not None:
                return left == right
            return bool(_fold(actual) == _fold(expected))
        case "contains":
            if isinstance(actual, str) and isinstance(expected, str):
                return expected.casefold() in actual.casefold()
            if isinstance(actual, list):
                return _fold(expected) in [_fold(item) for item in actual]
            return False
        case "in":
            if not isinstance(expected, list):
                return False
            return _fold(actual) in [_fold(item) for item in expected]
        case "gt" | "gte" | "lt" | "lte":
            return _ordered(actual, operator, expected)
        case "before" | "after":
            first, second = as_datetime(actual), as_datetime(expected)
            if first is None or second is None:
                return False
            return first < second if operator == "before" else first > second
        case "within_last_days":
            when, days = as_datetime(actual), _number(expected)
            if when is None or days is None:
                return False
            return now - timedelta(days=days) <= when <= now
        case _:
            assert_never(operator)


def _ordered(actual: Any, operator: Operator, expected: Any) -> bool:
    left: Any = _number(actual)
    right: Any = _number(expected)
    if left is None or right is None:
        left, right = as_datetime(actual), as_datetime(expected)
        if left is None or right is None:
            return False
    if operator == "gt":
        return bool(left > right)
    if operator == "gte":
        return bool(left >= right)
    if operator == "lt":
        return bool(left < right)
    return bool(left <= right)
