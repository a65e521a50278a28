"""Condition data (the journeys' `ConditionGroup`) compiled to one SQL predicate over
`contacts`, so a segment's count is one query and membership is one probe.

It follows `app.engine.evaluate` rule for rule: strings compare without regard to case,
a missing value makes a rule false except `not_equals` / `is_not_set`, a value that is
not a number or a date makes a numeric or date comparison false (never an error). Where
a rule looks at rows (objects, events, messages) it is an EXISTS; negative operators on
objects read "no object of that kind has …", as the engine reads a missing object.

Rules that need a journey (the triggering event, journey variables) cannot describe a
saved set of contacts: they come back as problems with their path.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, Final, assert_never

from sqlalchemy import (
    ColumnElement,
    Numeric,
    String,
    Text,
    and_,
    case,
    cast,
    exists,
    false,
    func,
    literal,
    literal_column,
    not_,
    or_,
    select,
    true,
)
from sqlalchemy.dialects.postgresql import ARRAY, JSONB
from sqlalchemy.sql.elements import ColumnElement as Column

from app.contacts.models import Contact, ContactConsent, ContactObject
from app.engine.channels import OPT_IN_CHANNELS
from app.engine.conditions import (
    MAX_DAYS,
    MAX_EVENT_COUNT,
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
from app.engine.evaluate import lookback
from app.eventlog.models import Event
from app.jobs.models import OPEN_STATUSES, Job
from app.runs.models import Enrollment, OutboxMessage

# History facts come from events the channels record.
OPENED_EVENT: Final = "email.opened"
CLICKED_EVENT: Final = "email.clicked"
_TEXT_COLUMNS: Final = ("name", "email", "phone", "external_id", "locale", "timezone")
_TIME_COLUMNS: Final = ("created_at", "updated_at")
_OBJECT_TEXT: Final = ("status", "external_ref", "kind")
_OBJECT_TIME: Final = ("due_at", "starts_at", "created_at", "updated_at")
# Event sources that are not the contact doing something: changes the system records,
# schedule runs picking them, staff working their jobs. A schedule over "no activity for
# 90 days" must not make its own contacts active.
_NOT_ACTIVITY: Final = ("system", "schedule", "job")
_NEGATIVE: Final[frozenset[Operator]] = frozenset({"not_equals", "is_not_set"})


def _days_back(now: datetime, days: float) -> datetime:
    """`days` before `now`. Out of range (check_group reports it, and a condition with a
    problem is never used) it is held to 0…MAX_DAYS: compiling must not crash on it."""
    return now - timedelta(days=min(max(days, 0), MAX_DAYS))


@dataclass(frozen=True, slots=True)
class Typed:
    """A value to compare, in the SQL shape it has: text, number, time, tags or JSON."""

    # A column, attribute or expression of any SQL type.
    expr: Any
    # "text" | "number" | "time" | "tags" | "json", or "json_bool" for consent.
    shape: str

    def as_text(self) -> Column[Any]:
        if self.shape == "json":
            text: Column[Any] = self.expr.op("#>>")(literal_column("'{}'::text[]"))
            return text
        if self.shape == "tags":
            return func.array_to_string(self.expr, ",")
        if self.shape == "text":
            return self._expr()
        return cast(self.expr, String)

    def _expr(self) -> Column[Any]:
        expr: Column[Any] = self.expr
        return expr

    def as_number(self) -> Column[Any]:
        if self.shape == "number":
            return self._expr()
        return func.waymark_numeric(self.as_text())

    def as_time(self) -> Column[Any]:
        if self.shape == "time":
            return self._expr()
        return func.waymark_timestamptz(self.as_text())


@dataclass
class Compiled:
    predicate: ColumnElement[bool]
    # (field path, message) for every rule a segment cannot hold.
    problems: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class Compiler:
    """Compile with `compile(group)`; `segments` are the saved ones `in_segment` can name."""

    now: datetime
    segments: Mapping[str, ConditionGroup] = field(default_factory=dict)
    soft_opt_in: bool = False
    problems: list[tuple[str, str]] = field(default_factory=list)
    _stack: tuple[str, ...] = ()

    def compile(self, group: ConditionGroup, where: str = "condition") -> Compiled:
        predicate = self.group(group, where)
        return Compiled(predicate, list(self.problems))

    # ---- groups and rules -------------------------------------------------------------

    def group(self, group: ConditionGroup, where: str) -> ColumnElement[bool]:
        parts = [self.rule(rule, f"{where}.rules[{i}]") for i, rule in enumerate(group.rules)]
        if not parts:
            combined: ColumnElement[bool] = true() if group.op == "all" else false()
        else:
            combined = and_(*parts) if group.op == "all" else or_(*parts)
        return not_(combined) if group.negate else combined

    def rule(self, rule: Condition, where: str) -> ColumnElement[bool]:  # noqa: PLR0911, PLR0912
        match rule:
            case ConditionGroup():
                return self.group(rule, where)
            case ContactFieldRule():
                return self.contact_field(rule, where)
            case ObjectFieldRule():
                return self.object_field(rule, where)
            case HasTagRule():
                return Contact.tags.contains([rule.tag])
            case InSegmentRule():
                return self.in_segment(rule, where)
            case OpenedEmailRule():
                return self._event_exists(OPENED_EVENT, rule.template, rule.within_days)
            case ClickedLinkRule():
                found = self._event_query(CLICKED_EVENT, rule.template, rule.within_days)
                if rule.url_contains is not None:
                    url = Event.properties["url"].astext
                    found = found.where(func.strpos(url, rule.url_contains) > 0)
                return exists(found)
            case ReceivedEmailsRule():
                return self.received_emails(rule)
            case EventPropertyRule():
                return self._refuse(
                    f"{where}.property",
                    "A segment is a set of contacts, so it cannot look at the event that "
                    "started a journey; use a contact field, an object or an email rule.",
                )
            case VariableRule():
                return self._refuse(
                    f"{where}.variable",
                    "A segment cannot read journey variables; they exist only inside a journey.",
                )
            case HasOpenJobRule():
                return self.has_open_job(rule)
            case EventHistoryRule():
                return self.event_history(rule, where)
            case _:
                assert_never(rule)

    def event_history(self, rule: EventHistoryRule, where: str) -> ColumnElement[bool]:
        """How many matching events the contact has (in the period), as the engine counts."""
        if rule.since == "journey_entry":
            return self._refuse(
                f"{where}.since",
                "A segment is not inside a journey: count the events within a period or ever.",
            )
        found = select(Event.id).where(
            Event.contact_id == Contact.id, Event.name == rule.event_name
        )
        if rule.since == "period" and rule.period is not None:
            found = found.where(Event.occurred_at >= self.now - lookback(rule.period))
        for match in rule.where:
            parts = match.property.split(".")
            value = Typed(Event.properties.op("#>")(cast(parts, ARRAY(Text))), "json")
            found = found.where(self.compare(value, match.operator, match.value))
        if rule.comparison == "at_least" and rule.count == 1:
            reached: ColumnElement[bool] = exists(found)
        else:
            # Never more than the engine reads: a count past it could not be reached there.
            total = (
                select(func.count())
                .select_from(found.correlate(Contact).limit(MAX_EVENT_COUNT + 1).subquery())
                .scalar_subquery()
            )
            if rule.comparison == "at_least":
                reached = total >= rule.count
            elif rule.comparison == "at_most":
                reached = total <= rule.count
            else:
                reached = total == rule.count
        return reached if rule.done else not_(reached)

    def has_open_job(self, rule: HasOpenJobRule) -> ColumnElement[bool]:
        """A job of the contact not completed or cancelled (of a type, in a queue)."""
        found = select(Job.id).where(Job.contact_id == Contact.id, Job.status.in_(OPEN_STATUSES))
        if rule.job_type is not None:
            found = found.where(Job.type_name == rule.job_type)
        if rule.queue is not None:
            found = found.where(Job.queue == rule.queue)
        return exists(found)

    def _refuse(self, where: str, message: str) -> ColumnElement[bool]:
        self.problems.append((where, message))
        return false()

    # ---- contact fields ---------------------------------------------------------------

    def contact_value(self, path: str) -> Typed:  # noqa: PLR0911 - one branch per kind of field
        path = path.removeprefix("contact.")
        if path in _TEXT_COLUMNS:
            return Typed(getattr(Contact, path), "text")
        if path in _TIME_COLUMNS:
            return Typed(getattr(Contact, path), "time")
        if path in {"score", "lead_score"}:
            return Typed(Contact.score, "number")
        if path == "birthday":
            return Typed(func.to_char(Contact.birthday, "YYYY-MM-DD"), "text")
        if path == "tags":
            return Typed(Contact.tags, "tags")
        if path == "owner_id":
            return Typed(cast(Contact.owner_id, String), "text")
        if path == "first_name":
            return Typed(func.split_part(Contact.name, " ", 1), "text")
        if path == "last_name":
            space = func.strpos(Contact.name, " ")
            return Typed(case((space > 0, func.substr(Contact.name, space + 1)), else_=""), "text")
        if path == "last_activity_at":
            return Typed(
                select(func.max(Event.occurred_at))
                .where(Event.contact_id == Contact.id, Event.source.notin_(_NOT_ACTIVITY))
                .scalar_subquery(),
                "time",
            )
        if path.startswith("consent."):
            return Typed(self.consent_allowed(path.removeprefix("consent.")), "json_bool")
        parts = path.removeprefix("attributes.").split(".")
        return Typed(Contact.attributes.op("#>")(cast(parts, ARRAY(Text))), "json")

    def contact_field(self, rule: ContactFieldRule, where: str) -> ColumnElement[bool]:
        value = self.contact_value(rule.field)
        if value.shape == "json_bool":
            return self.compare_bool(value.expr, rule.operator, rule.value, where)
        return self.compare(value, rule.operator, rule.value)

    def consent_allowed(self, channel: str) -> Column[Any]:
        """`may_contact` as SQL (see app.contacts.consent for the rule)."""
        latest = (
            select(ContactConsent.status)
            .where(ContactConsent.contact_id == Contact.id, ContactConsent.channel == channel)
            .order_by(ContactConsent.changed_at.desc(), ContactConsent.id.desc())
            .limit(1)
            .scalar_subquery()
        )
        if channel not in OPT_IN_CHANNELS:
            return func.coalesce(latest != "opted_out", true())
        if not self.soft_opt_in:
            return func.coalesce(latest == "opted_in", false())
        has_order = exists(
            select(ContactObject.id).where(
                ContactObject.contact_id == Contact.id, ContactObject.kind == "order"
            )
        )
        return func.coalesce(latest == "opted_in", has_order)

    def compare_bool(
        self, allowed: Column[Any], operator: Operator, expected: Any, where: str
    ) -> ColumnElement[bool]:
        if operator == "equals" and isinstance(expected, bool):
            return allowed if expected else not_(allowed)
        if operator == "not_equals" and isinstance(expected, bool):
            return not_(allowed) if expected else allowed
        if operator == "is_set":
            return true()
        if operator == "is_not_set":
            return false()
        return self._refuse(
            f"{where}.operator", "Consent is yes or no: compare it with “equals” true or false."
        )

    # ---- objects ----------------------------------------------------------------------

    def object_value(self, path: str, kind: str) -> Typed:
        path = path.removeprefix("object.").removeprefix(f"objects.{kind}.")
        if path in _OBJECT_TEXT:
            return Typed(getattr(ContactObject, path), "text")
        if path in _OBJECT_TIME:
            return Typed(getattr(ContactObject, path), "time")
        parts = path.removeprefix("data.").split(".")
        return Typed(ContactObject.data.op("#>")(cast(parts, ARRAY(Text))), "json")

    def object_field(self, rule: ObjectFieldRule, where: str) -> ColumnElement[bool]:
        value = self.object_value(rule.field, rule.object_type)
        negative = rule.operator in _NEGATIVE
        operator: Operator = (
            ("equals" if rule.operator == "not_equals" else "is_set") if negative else rule.operator
        )
        found = exists(
            select(ContactObject.id).where(
                ContactObject.contact_id == Contact.id,
                ContactObject.kind == rule.object_type,
                self.compare(value, operator, rule.value),
            )
        )
        return not_(found) if negative else found

    # ---- history ----------------------------------------------------------------------

    def _event_query(self, name: str, template: str | None, within_days: int | None) -> Any:
        query = select(Event.id).where(Event.contact_id == Contact.id, Event.name == name)
        if template is not None:
            query = query.where(Event.properties["template"].astext == template)
        if within_days is not None:
            since = _days_back(self.now, within_days)
            query = query.where(Event.occurred_at >= since, Event.occurred_at <= self.now)
        return query

    def _event_exists(
        self, name: str, template: str | None, within_days: int | None
    ) -> ColumnElement[bool]:
        return exists(self._event_query(name, template, within_days))

    def received_emails(self, rule: ReceivedEmailsRule) -> ColumnElement[bool]:
        """Emails sent to the contact by journeys (sent outbox rows)."""
        count = (
            select(func.count())
            .select_from(OutboxMessage)
            .join(Enrollment, Enrollment.id == OutboxMessage.enrollment_id)
            .where(
                Enrollment.contact_id == Contact.id,
                OutboxMessage.kind == "send_email",
                OutboxMessage.status == "sent",
            )
        )
        if rule.within_days is not None:
            since = _days_back(self.now, rule.within_days)
            count = count.where(OutboxMessage.sent_at >= since, OutboxMessage.sent_at <= self.now)
        total = count.scalar_subquery()
        if rule.comparison == "at_least":
            return total >= rule.count
        if rule.comparison == "at_most":
            return total <= rule.count
        return total == rule.count

    def in_segment(self, rule: InSegmentRule, where: str) -> ColumnElement[bool]:
        group = self.segments.get(rule.segment)
        if group is None:
            return self._refuse(f"{where}.segment", f"There is no segment “{rule.segment}”.")
        if rule.segment in self._stack:
            chain = " → ".join((*self._stack, rule.segment))
            return self._refuse(
                f"{where}.segment", f"Segments refer to each other in a loop: {chain}."
            )
        inner = Compiler(
            now=self.now,
            segments=self.segments,
            soft_opt_in=self.soft_opt_in,
            _stack=(*self._stack, rule.segment),
        )
        predicate = inner.group(group, where)
        self.problems.extend(
            (where, f"In segment “{rule.segment}”: {message}") for _, message in inner.problems
        )
        return predicate

    # ---- comparisons ------------------------------------------------------------------

    def compare(  # noqa: PLR0912 - one branch per operator
        self, value: Typed, operator: Operator, expected: Any
    ) -> ColumnElement[bool]:
        """One comparison, never NULL: unknown is false, as in the engine."""
        if operator == "is_set":
            return self.is_set(value)
        if operator == "is_not_set":
            return not_(self.is_set(value))
        if operator == "not_equals":
            return not_(self.compare(value, "equals", expected))
        result: ColumnElement[Any]
        match operator:
            case "equals":
                number = _as_number(expected)
                if number is not None:
                    result = value.as_number() == number
                elif isinstance(expected, bool) and value.shape == "json":
                    result = value.expr == cast(literal("true" if expected else "false"), JSONB)
                else:
                    result = func.lower(value.as_text()) == str(expected).casefold()
            case "contains":
                result = self.contains(value, str(expected))
            case "in":
                items = expected if isinstance(expected, list) else []
                result = func.lower(value.as_text()).in_([str(i).casefold() for i in items])
            case "gt" | "gte" | "lt" | "lte":
                number = _as_number(expected)
                if number is not None:
                    result = _ordered(value.as_number(), operator, literal(number, Numeric))
                else:
                    when = func.waymark_timestamptz(literal(str(expected)))
                    result = _ordered(value.as_time(), operator, when)
            case "before" | "after":
                when = func.waymark_timestamptz(literal(str(expected)))
                result = _ordered(value.as_time(), "lt" if operator == "before" else "gt", when)
            case "within_last_days":
                days = _as_number(expected) or 0
                since = _days_back(self.now, float(days))
                moment = value.as_time()
                result = and_(moment >= since, moment <= self.now)
            case _:
                assert_never(operator)
        return func.coalesce(result, false())

    def is_set(self, value: Typed) -> ColumnElement[bool]:
        if value.shape == "tags":
            return func.cardinality(value.expr) > 0
        if value.shape == "json":
            empty = [cast(literal(x), JSONB) for x in ("null", '""', "[]", "{}")]
            return func.coalesce(value.expr.not_in(empty), false())
        return func.coalesce(and_(value.expr.is_not(None), value.as_text() != ""), false())

    def contains(self, value: Typed, expected: str) -> ColumnElement[Any]:
        folded = expected.casefold()
        if value.shape == "tags":
            item = func.unnest(value.expr).table_valued("tag").render_derived()
            return exists(select(1).select_from(item).where(func.lower(item.c.tag) == folded))
        text = func.lower(value.as_text())
        if value.shape != "json":
            return func.strpos(text, folded) > 0
        element = func.jsonb_array_elements_text(value.expr).table_valued("item").render_derived()
        in_array = exists(
            select(1).select_from(element).where(func.lower(element.c.item) == folded)
        )
        return case(
            (func.jsonb_typeof(value.expr) == "array", in_array),
            (func.jsonb_typeof(value.expr) == "string", func.strpos(text, folded) > 0),
            else_=false(),
        )


def _as_number(value: Any) -> float | None:
    if isinstance(value, bool) or value is None or isinstance(value, list):
        return None
    if isinstance(value, int | float):
        return float(value)
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def _ordered(left: Column[Any], operator: str, right: Column[Any]) -> ColumnElement[Any]:
    if operator == "gt":
        return left > right
    if operator == "gte":
        return left >= right
    if operator == "lt":
        return left < right
    return left <= right
