"""Conditions are data: groups of all / any (optionally negated) over rules.

A rule either compares a value (a contact field, an event property, a journey variable,
a related object's field) or asks a history fact (did event X — with property filters,
since entering the journey, within a period or ever, N times —, opened email X, clicked
a link, received N emails, has an open job, is in a segment, has a tag). Negate a group
for "if not". The interpreter evaluates these; this module only describes and checks them.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal, assert_never

from msgspec import Meta, field
from msgspec.structs import force_setattr

from app.engine.primitives import CatalogName, Duration, EventName, FieldPath, Frozen, Value

Operator = Literal[
    "equals",
    "not_equals",
    "contains",
    "gt",
    "gte",
    "lt",
    "lte",
    "is_set",
    "is_not_set",
    "in",
    "before",
    "after",
    "within_last_days",
]
OPERATOR_TITLE = Meta(
    title="Operator",
    description="`before` / `after` compare dates; `within_last_days` takes a number of days.",
)
VALUE_TITLE = Meta(title="Value", description="Not needed for `is_set` / `is_not_set`.")
# How far back a rule may look: a hundred years (further would pass the calendar's start).
MAX_DAYS = 36_500
WithinDays = Annotated[
    int | None,
    Meta(
        title="Within the last … days",
        description="Leave empty for any time.",
        # Checked by check_group (a stored draft may hold any number, to be reported).
        extra_json_schema={"minimum": 1, "maximum": MAX_DAYS},
    ),
]
# Deeper nesting is never needed by a person and would make evaluation costly.
MAX_GROUP_DEPTH = 6
# The most events of one name the worker reads per contact for "did event X" rules (the
# newest first), so a count up to this is exact; a larger count could never be reached.
MAX_EVENT_COUNT = 1000


def relative_path(path: str, *roots: str) -> str:
    """A rule's path without the root it is relative to: `event.product.category` →
    `product.category`. Templates and `value_from` write paths from a root (`event.…`,
    `contact.…`), so people write them that way in rules too; both forms are accepted and
    a rule keeps the relative one. (A property really named like its root is then written
    twice: `event.event.x`.)"""
    for root in roots:
        if path.startswith(f"{root}."):
            return path[len(root) + 1 :]
    return path


def _keep_relative(rule: Rule, name: str, *roots: str) -> None:
    # Decoding normalises, so every stored, validated or evaluated rule has one form.
    path = getattr(rule, name)
    relative = relative_path(path, *roots)
    if relative != path:
        force_setattr(rule, name, relative)


class Rule(Frozen, frozen=True, tag_field="type"):
    """Base of every rule in a condition group."""


class ContactFieldRule(Rule, frozen=True, tag="contact_field"):
    """Compare a field of the contact, e.g. `region` equals `north`."""

    field: Annotated[
        FieldPath,
        Meta(
            title="Contact field",
            description="A field of the contact: `email`, `region`, a custom attribute such "
            "as `plan`, `consent.email`. A leading `contact.` is accepted and dropped.",
            examples=["region", "consent.email"],
        ),
    ]
    operator: Annotated[Operator, OPERATOR_TITLE]
    value: Annotated[Value, VALUE_TITLE] = None

    def __post_init__(self) -> None:
        _keep_relative(self, "field", "contact")


class EventPropertyRule(Rule, frozen=True, tag="event_property"):
    """Compare a property of the event that started (or resumed) the journey."""

    property: Annotated[
        FieldPath,
        Meta(
            title="Event property",
            description="A property as the event carries it: `total`, or `product.category` "
            "for one inside another. A leading `event.` is accepted and dropped.",
            examples=["total", "product.category"],
        ),
    ]
    operator: Annotated[Operator, OPERATOR_TITLE]
    value: Annotated[Value, VALUE_TITLE] = None

    def __post_init__(self) -> None:
        _keep_relative(self, "property", "event")


class VariableRule(Rule, frozen=True, tag="variable"):
    """Compare a journey variable, e.g. a job's outcome or a form answer saved earlier."""

    variable: Annotated[
        FieldPath,
        Meta(
            title="Journey variable",
            description="A variable's name, e.g. `ticket_id`. A leading `journey.` or "
            "`vars.` is accepted and dropped.",
            examples=["ticket_id"],
        ),
    ]
    operator: Annotated[Operator, OPERATOR_TITLE]
    value: Annotated[Value, VALUE_TITLE] = None

    def __post_init__(self) -> None:
        _keep_relative(self, "variable", "journey", "vars")


class ObjectFieldRule(Rule, frozen=True, tag="object_field"):
    """Compare a field of a related object such as the order, return or ticket."""

    object_type: Annotated[CatalogName, Meta(title="Object", examples=["order"])]
    field: Annotated[
        FieldPath,
        Meta(
            title="Object field",
            description="A field of the object, e.g. `status` or `total`. A leading "
            "`object.` is accepted and dropped.",
            examples=["status"],
        ),
    ]
    operator: Annotated[Operator, OPERATOR_TITLE]
    value: Annotated[Value, VALUE_TITLE] = None

    def __post_init__(self) -> None:
        _keep_relative(self, "field", "object")


class OpenedEmailRule(Rule, frozen=True, tag="opened_email"):
    """The contact opened an email (a given template, or any)."""

    template: Annotated[CatalogName | None, Meta(title="Email template")] = None
    within_days: WithinDays = None


class ClickedLinkRule(Rule, frozen=True, tag="clicked_link"):
    """The contact clicked a link in an email (optionally one whose address contains …)."""

    template: Annotated[CatalogName | None, Meta(title="Email template")] = None
    url_contains: Annotated[
        Annotated[str, Meta(max_length=500)] | None, Meta(title="Link contains")
    ] = None
    within_days: WithinDays = None


class ReceivedEmailsRule(Rule, frozen=True, tag="received_emails"):
    """The contact received at least / at most / exactly N emails."""

    comparison: Annotated[Literal["at_least", "at_most", "exactly"], Meta(title="Comparison")]
    count: Annotated[int, Meta(title="Number of emails", ge=0, le=100_000)]
    within_days: WithinDays = None


class HasOpenJobRule(Rule, frozen=True, tag="has_open_job"):
    """The contact has a job that is not completed or cancelled."""

    job_type: Annotated[CatalogName | None, Meta(title="Job type")] = None
    queue: Annotated[CatalogName | None, Meta(title="Queue")] = None


class InSegmentRule(Rule, frozen=True, tag="in_segment"):
    """The contact is in a segment."""

    segment: Annotated[CatalogName, Meta(title="Segment")]


class HasTagRule(Rule, frozen=True, tag="has_tag"):
    """The contact carries a tag."""

    tag: Annotated[str, Meta(title="Tag", min_length=1, max_length=80)]


class PropertyFilter(Frozen, frozen=True):
    """One property the event must have, e.g. `total` greater than 50."""

    property: Annotated[FieldPath, Meta(title="Property", examples=["total", "product.sku"])]
    operator: Annotated[Operator, OPERATOR_TITLE]
    value: Annotated[Value, VALUE_TITLE] = None


EventPeriod = Literal["journey_entry", "period", "ever"]


class EventHistoryRule(Rule, frozen=True, tag="event_history"):
    """The contact did an event (or did not): e.g. has not placed an order since entering
    this journey, or viewed the pricing page at least 3 times in the last 7 days."""

    event_name: EventName
    done: Annotated[
        bool,
        Meta(title="Has done it", description="Off for “has not done”: the count is not reached."),
    ] = True
    comparison: Annotated[
        Literal["at_least", "at_most", "exactly"], Meta(title="How many times")
    ] = "at_least"
    count: Annotated[int, Meta(title="Times", ge=0, le=MAX_EVENT_COUNT)] = 1
    since: Annotated[
        EventPeriod,
        Meta(
            title="Counted",
            description="Since the contact entered this journey, within a period, or ever.",
        ),
    ] = "ever"
    period: Annotated[
        Duration | None, Meta(title="Within the last", description="For “within a period”.")
    ] = None
    where: Annotated[
        list[PropertyFilter],
        Meta(title="Only events whose properties match", max_length=10),
    ] = field(default_factory=list)


class ConditionGroup(Rule, frozen=True, tag="group"):
    """All (or any) of the rules hold; negate the group for "if not"."""

    op: Annotated[Literal["all", "any"], Meta(title="Match")] = "all"
    negate: Annotated[bool, Meta(title="Not", description="True when the group does NOT hold.")] = (
        False
    )
    rules: Annotated[list[Condition], Meta(title="Rules", max_length=100)] = field(
        default_factory=list
    )


Condition = (
    ContactFieldRule
    | EventPropertyRule
    | VariableRule
    | ObjectFieldRule
    | OpenedEmailRule
    | ClickedLinkRule
    | ReceivedEmailsRule
    | HasOpenJobRule
    | InSegmentRule
    | HasTagRule
    | EventHistoryRule
    | ConditionGroup
)
ComparisonRule = ContactFieldRule | EventPropertyRule | VariableRule | ObjectFieldRule

_NO_VALUE: frozenset[Operator] = frozenset({"is_set", "is_not_set"})
_NUMBER: frozenset[Operator] = frozenset({"gt", "gte", "lt", "lte"})
_DATE: frozenset[Operator] = frozenset({"before", "after"})
_DAYS_MESSAGE = f"The number of days must be from 1 to {MAX_DAYS}."


def check_group(group: ConditionGroup, where: str, depth: int = 1) -> list[tuple[str, str]]:
    """(field path, message) for every mistake in a condition group."""
    found: list[tuple[str, str]] = []
    if depth > MAX_GROUP_DEPTH:
        return [(where, f"Conditions are nested more than {MAX_GROUP_DEPTH} levels deep.")]
    if not group.rules:
        found.append((f"{where}.rules", "Add at least one rule to this condition."))
    for index, rule in enumerate(group.rules):
        at = f"{where}.rules[{index}]"
        match rule:
            case ConditionGroup():
                found.extend(check_group(rule, at, depth + 1))
            case ContactFieldRule() | EventPropertyRule() | VariableRule() | ObjectFieldRule():
                message = comparison_problem(rule.operator, rule.value)
                if message:
                    found.append((f"{at}.value", message))
            case ReceivedEmailsRule() | OpenedEmailRule() | ClickedLinkRule():
                if rule.within_days is not None and not 1 <= rule.within_days <= MAX_DAYS:
                    found.append((f"{at}.within_days", _DAYS_MESSAGE))
            case EventHistoryRule():
                found.extend(check_event_history(rule, at))
            case HasOpenJobRule() | InSegmentRule() | HasTagRule():
                pass
            case _:
                assert_never(rule)
    return found


def check_event_history(rule: EventHistoryRule, at: str) -> list[tuple[str, str]]:
    """Mistakes in a "did event X" rule, in words a marketer can act on."""
    found: list[tuple[str, str]] = []
    if rule.since == "period" and rule.period is None:
        found.append((f"{at}.period", "Say how far back to look, e.g. 7 days."))
    if rule.since != "period" and rule.period is not None:
        found.append((f"{at}.period", "A period is only used with “within a period”."))
    if rule.comparison == "at_least" and rule.count == 0:
        found.append((f"{at}.count", "“At least 0 times” always holds: count at least 1."))
    for index, where in enumerate(rule.where):
        if where.property.startswith("event."):
            found.append(
                (
                    f"{at}.where[{index}].property",
                    f"Name the property as the event carries it: "
                    f"“{where.property.removeprefix('event.')}”, without “event.”.",
                )
            )
        message = comparison_problem(where.operator, where.value)
        if message:
            found.append((f"{at}.where[{index}].value", message))
    return found


def comparison_problem(operator: Operator, value: Value) -> str | None:  # noqa: PLR0911
    """Why this value does not suit this operator, or None when it does."""
    if operator in _NO_VALUE:
        return None if value is None else f"“{operator}” takes no value: leave it empty."
    if value is None:
        return f"“{operator}” needs a value to compare with."
    if operator == "in":
        return None if isinstance(value, list) and value else "“in” needs a list of values."
    if isinstance(value, list):
        return f"“{operator}” compares with one value, not a list."
    if operator in _NUMBER:
        return _number_or_date(value, operator)
    if operator in _DATE:
        return None if _is_date(value) else f"“{operator}” needs a date such as 2025-01-31."
    whole_days = isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= MAX_DAYS
    if operator == "within_last_days" and not whole_days:
        return f"“within_last_days” needs a whole number of days from 1 to {MAX_DAYS}."
    return None


def _number_or_date(value: str | int | float | bool, operator: str) -> str | None:
    if isinstance(value, bool):
        return f"“{operator}” compares numbers or dates, not yes/no."
    if isinstance(value, int | float) or _is_date(value):
        return None
    return f"“{operator}” needs a number or a date."


def _is_date(value: object) -> bool:
    if not isinstance(value, str):
        return False
    for parse in (date.fromisoformat, datetime.fromisoformat):
        try:
            parse(value)
        except ValueError:
            continue
        return True
    return False
