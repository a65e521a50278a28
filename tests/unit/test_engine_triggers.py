"""Trigger matching and re-entry rules; condition evaluation over facts."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import msgspec
import pytest

from app.engine.conditions import ConditionGroup, Operator
from app.engine.definition import JourneyDefinition
from app.engine.evaluate import MISSING, Scope, check, compare
from app.engine.facts import ClickRecord, EmailRecord, Facts, JobRecord
from app.engine.stimuli import (
    EventArrived,
    JobChanged,
    JobFinished,
    ManualEnrol,
    ScheduleFired,
    ScoreChanged,
    SegmentEntered,
    Stimulus,
    TimerDue,
)
from app.engine.triggers import DailySchedule
from app.engine.triggers_match import (
    Enrol,
    EnrollmentHistory,
    Refused,
    decide_triggers,
    match_triggers,
    next_daily_run,
)
from tests.unit.engine_support import T0, flow

END: tuple[str, str, dict[str, Any]] = ("flow.end", "end", {})
VIP_ONLY = {
    "type": "group",
    "rules": [{"type": "event_property", "property": "total", "operator": "gt", "value": 100}],
}


def _journey(kind: str, config: dict[str, Any], reentry: dict[str, Any] | None = None) -> Any:
    settings = {"reentry": reentry} if reentry else None
    return flow([(kind, "trig", config), END], [("trig", "next", "end")], settings)


def _matches(definition: JourneyDefinition, stimulus: Stimulus, facts: Facts | None = None) -> bool:
    found = match_triggers(
        [("j1", 3, definition)], stimulus, facts or Facts(), EnrollmentHistory(), T0
    )
    assert found in ([], [Enrol("j1", 3, "trig")])
    return bool(found)


def _event(name: str, **props: Any) -> EventArrived:
    return EventArrived(name=name, properties=props, occurred_at=T0)


EVENT = ("trigger.event", {"event_name": "order.placed", "filter": VIP_ONLY})
SCORE_UP = ("trigger.score_threshold", {"threshold": 50})
SCORE_DOWN = ("trigger.score_threshold", {"threshold": 10, "direction": "falls_below"})
JOB = ("trigger.job_status", {"job_type": "service_visit", "outcome": "done"})
JOB_CLAIMED = ("trigger.job_status", {"job_type": "service_visit", "status": "claimed"})
SEGMENT = ("trigger.segment_entered", {"segment": "vips"})
MANUAL: tuple[str, dict[str, Any]] = ("trigger.manual", {})
MANUAL_NO_API = ("trigger.manual", {"allow_api": False})
SCHEDULE = ("trigger.schedule", {"repeat": {"type": "daily", "at": "09:00"}, "segment": "vips"})
BIRTHDAY = (
    "trigger.schedule",
    {
        "repeat": {"type": "daily", "at": "09:00"},
        "date_match": {"field": "contact.birthday", "every_year": True},
    },
)
RENEWAL = (
    "trigger.schedule",
    {
        "repeat": {"type": "daily", "at": "09:00"},
        "date_match": {"field": "contact.renewal_date", "days_ahead": 30},
    },
)
VIPS = Facts(segments=frozenset({"vips"}))


@pytest.mark.parametrize(
    ("trigger", "stimulus", "facts", "expected"),
    [
        (EVENT, _event("order.placed", total=150), None, True),
        (EVENT, _event("order.placed", total=50), None, False),
        (EVENT, _event("order.completed", total=150), None, False),
        (SCORE_UP, ScoreChanged(previous=40, current=55), None, True),
        (SCORE_UP, ScoreChanged(previous=40, current=50), None, True),
        (SCORE_UP, ScoreChanged(previous=50, current=60), None, False),  # already above
        (SCORE_UP, ScoreChanged(previous=60, current=40), None, False),
        (SCORE_UP, ScoreChanged(score="other", previous=40, current=55), None, False),
        (SCORE_DOWN, ScoreChanged(previous=12, current=9), None, True),
        (SCORE_DOWN, ScoreChanged(previous=9, current=5), None, False),
        # The CRM's score change event carries the same crossing.
        (
            SCORE_UP,
            _event("contact.score_changed", score="lead_score", previous=45, current=50),
            None,
            True,
        ),
        (
            SCORE_UP,
            _event("contact.score_changed", score="lead_score", previous=50, current=70),
            None,
            False,
        ),
        (
            SCORE_UP,
            _event("contact.score_changed", score="other", previous=45, current=55),
            None,
            False,
        ),
        (SCORE_UP, _event("contact.score_changed", previous="45", current=55), None, False),
        (
            SCORE_DOWN,
            _event("contact.score_changed", score="lead_score", previous=10, current=9),
            None,
            True,
        ),
        (
            SCORE_DOWN,
            _event("contact.score_changed", score="lead_score", previous=20, current=10),
            None,
            False,
        ),
        (SCORE_UP, _event("contact.tagged", previous=45, current=55), None, False),
        # The scheduler's event per contact picked by a run.
        (
            BIRTHDAY,
            _event("schedule.fired", journey_id="j1", node_id="trig", run_at=T0.isoformat()),
            Facts(contact={"birthday": T0.date().replace(year=1990).isoformat()}),
            True,
        ),
        (
            BIRTHDAY,
            _event("schedule.fired", journey_id="j1", node_id="trig", run_at=T0.isoformat()),
            Facts(contact={"birthday": "1990-01-01"}),
            False,
        ),
        (
            BIRTHDAY,
            _event("schedule.fired", journey_id="j2", node_id="trig", run_at=T0.isoformat()),
            Facts(contact={"birthday": T0.date().replace(year=1990).isoformat()}),
            False,  # another journey's run
        ),
        (BIRTHDAY, _event("schedule.fired", journey_id="j1", node_id="trig"), None, False),
        (JOB, JobFinished(job_ref="x", job_type="service_visit", outcome="done"), None, True),
        (JOB, JobFinished(job_ref="x", job_type="service_visit", outcome="no"), None, False),
        (JOB, JobFinished(job_ref="x", job_type="other", outcome="done"), None, False),
        (JOB, JobFinished(job_ref="x", job_type="service_visit", cancelled=True), None, False),
        (
            JOB_CLAIMED,
            JobChanged(job_ref="x", job_type="service_visit", status="claimed"),
            None,
            True,
        ),
        (
            JOB_CLAIMED,
            JobChanged(job_ref="x", job_type="service_visit", status="created"),
            None,
            False,
        ),
        (SEGMENT, SegmentEntered(segment="vips"), None, True),
        (SEGMENT, SegmentEntered(segment="others"), None, False),
        (MANUAL, ManualEnrol(journey_id="j1"), None, True),
        (MANUAL, ManualEnrol(journey_id="j1", via_api=True), None, True),
        (MANUAL, ManualEnrol(journey_id="j2"), None, False),
        (MANUAL_NO_API, ManualEnrol(journey_id="j1", via_api=True), None, False),
        (MANUAL_NO_API, ManualEnrol(journey_id="j1"), None, True),
        (SCHEDULE, ScheduleFired(journey_id="j1", trigger_node_id="trig", run_at=T0), VIPS, True),
        (SCHEDULE, ScheduleFired(journey_id="j1", trigger_node_id="trig", run_at=T0), None, False),
        (SCHEDULE, ScheduleFired(journey_id="j1", trigger_node_id="x", run_at=T0), VIPS, False),
        (
            BIRTHDAY,
            ScheduleFired(journey_id="j1", trigger_node_id="trig", run_at=T0),
            Facts(contact={"birthday": "1990-03-03"}),
            True,
        ),
        (
            BIRTHDAY,
            ScheduleFired(journey_id="j1", trigger_node_id="trig", run_at=T0),
            Facts(contact={"birthday": "1990-03-04"}),
            False,
        ),
        # Late evening UTC is already the birthday in Tokyo.
        (
            BIRTHDAY,
            ScheduleFired(journey_id="j1", trigger_node_id="trig", run_at=T0 - timedelta(hours=12)),
            Facts(contact={"birthday": "1990-03-03"}, timezone="Asia/Tokyo"),
            True,
        ),
        (
            BIRTHDAY,
            ScheduleFired(
                journey_id="j1", trigger_node_id="trig", run_at=datetime(2025, 2, 28, 9, tzinfo=UTC)
            ),
            Facts(contact={"birthday": "2000-02-29"}),
            True,
        ),
        (
            RENEWAL,
            ScheduleFired(journey_id="j1", trigger_node_id="trig", run_at=T0),
            Facts(contact={"renewal_date": "2025-04-02"}),
            True,
        ),
        (
            RENEWAL,
            ScheduleFired(journey_id="j1", trigger_node_id="trig", run_at=T0),
            Facts(contact={"renewal_date": "2026-04-02"}),
            False,
        ),
        (EVENT, TimerDue(token_id="t1", now=T0), None, False),
    ],
)
def test_trigger_kinds(
    trigger: tuple[str, dict[str, Any]], stimulus: Stimulus, facts: Facts | None, expected: bool
) -> None:
    assert _matches(_journey(*trigger), stimulus, facts) is expected


LAST = T0 - timedelta(days=10)


@pytest.mark.parametrize(
    ("reentry", "history", "expected"),
    [
        ({"rule": "never"}, EnrollmentHistory(), True),
        ({"rule": "never"}, EnrollmentHistory(last_entered_at={"j1": LAST}), False),
        ({"rule": "never"}, EnrollmentHistory(active={"j1": 1}), False),
        ({"rule": "always"}, EnrollmentHistory(last_entered_at={"j1": T0}, active={"j1": 3}), True),
        (
            {"rule": "after_cooldown", "cooldown": {"amount": 7, "unit": "days"}},
            EnrollmentHistory(last_entered_at={"j1": LAST}),
            True,
        ),
        (
            {"rule": "after_cooldown", "cooldown": {"amount": 14, "unit": "days"}},
            EnrollmentHistory(last_entered_at={"j1": LAST}),
            False,
        ),
        (
            {"rule": "after_cooldown", "cooldown": {"amount": 7, "unit": "days"}},
            EnrollmentHistory(last_entered_at={"j1": LAST}, active={"j1": 1}),
            False,  # cooled down, but still in the journey
        ),
        (
            {"rule": "after_cooldown", "cooldown": {"amount": 10, "unit": "days"}},
            EnrollmentHistory(last_entered_at={"j1": LAST}),
            True,  # exactly at the end of the cool-down
        ),
        ({"rule": "never"}, EnrollmentHistory(last_entered_at={"j2": LAST}), True),
    ],
)
def test_reentry_rules(reentry: dict[str, Any], history: EnrollmentHistory, expected: bool) -> None:
    definition = _journey("trigger.event", {"event_name": "order.placed"}, reentry)
    found = match_triggers([("j1", 1, definition)], _event("order.placed"), Facts(), history, T0)
    assert bool(found) is expected


@pytest.mark.parametrize(
    ("reentry", "history", "why"),
    [
        (
            {"rule": "never"},
            EnrollmentHistory(last_entered_at={"j1": LAST}, active={"j1": 1}),
            "already in this journey since 2025-02-21 09:00 UTC; it is entered once",
        ),
        (
            {"rule": "never"},
            EnrollmentHistory(last_entered_at={"j1": LAST}),
            "entered once already, on 2025-02-21 09:00 UTC; it is entered once",
        ),
        (
            {"rule": "after_cooldown", "cooldown": {"amount": 30, "unit": "days"}},
            EnrollmentHistory(last_entered_at={"j1": LAST}),
            "entered on 2025-02-21 09:00 UTC; may enter again from 2025-03-23 09:00 UTC",
        ),
        (
            {"rule": "after_cooldown", "cooldown": {"amount": 1, "unit": "days"}},
            EnrollmentHistory(last_entered_at={"j1": LAST}, active={"j1": 1}),
            "already in this journey since 2025-02-21 09:00 UTC",
        ),
    ],
)
def test_a_refused_trigger_says_which_rule_and_since_when(
    reentry: dict[str, Any], history: EnrollmentHistory, why: str
) -> None:
    definition = _journey("trigger.event", {"event_name": "order.placed"}, reentry)
    decided = decide_triggers([("j1", 4, definition)], _event("order.placed"), Facts(), history, T0)
    assert decided.enrol == []
    assert decided.refused == [Refused("j1", 4, "trig", why)]


def test_a_trigger_that_does_not_match_is_not_a_refusal() -> None:
    definition = _journey("trigger.event", {"event_name": "order.placed"}, {"rule": "never"})
    history = EnrollmentHistory(last_entered_at={"j1": LAST})
    decided = decide_triggers([("j1", 1, definition)], _event("order.paid"), Facts(), history, T0)
    assert (decided.enrol, decided.refused) == ([], [])


def test_one_enrolment_per_journey_at_its_first_matching_trigger() -> None:
    definition = flow(
        [
            ("trigger.event", "first", {"event_name": "order.placed"}),
            ("trigger.event", "second", {"event_name": "order.placed"}),
            END,
        ],
        [("first", "next", "end"), ("second", "next", "end")],
    )
    other = _journey("trigger.event", {"event_name": "order.placed"})
    found = match_triggers(
        [("a", 1, definition), ("b", 2, other)],
        _event("order.placed"),
        Facts(),
        EnrollmentHistory(),
        T0,
    )
    assert found == [Enrol("a", 1, "first"), Enrol("b", 2, "trig")]


@pytest.mark.parametrize(
    ("after", "at", "weekdays", "zone_name", "expected"),
    [
        (T0, "09:00", [], "UTC", T0 + timedelta(days=1)),  # strictly after
        (T0, "10:00", [], "UTC", T0 + timedelta(hours=1)),
        (T0, "09:00", ["fri"], "UTC", T0 + timedelta(days=4)),
        (T0, "09:00", [], "Europe/Berlin", T0 + timedelta(hours=23)),
    ],
)
def test_next_daily_run(
    after: datetime, at: str, weekdays: list[Any], zone_name: str, expected: datetime
) -> None:
    assert next_daily_run(DailySchedule(at=at, weekdays=weekdays), after, zone_name) == expected


@pytest.mark.parametrize(
    ("actual", "operator", "expected", "result"),
    [
        ("North", "equals", "north", True),
        ("5", "equals", 5, True),
        (True, "equals", True, True),
        (MISSING, "equals", "x", False),
        (MISSING, "not_equals", "x", True),
        ("a", "not_equals", "A", False),
        ("Hello World", "contains", "world", True),
        (["a", "B"], "contains", "b", True),
        (5, "contains", "5", False),
        ("b", "in", ["a", "b"], True),
        ("c", "in", ["a", "b"], False),
        (10, "gt", 5, True),
        (10, "gte", 10, True),
        (10, "lt", 5, False),
        ("abc", "gt", 5, False),
        ("2025-01-02", "gt", "2025-01-01", True),
        ("2025-01-01", "before", "2025-02-01", True),
        ("2025-03-01T00:00:00Z", "after", "2025-02-01", True),
        ("junk", "before", "2025-02-01", False),
        ("2025-03-01T00:00:00Z", "within_last_days", 3, True),
        ("2025-02-01T00:00:00Z", "within_last_days", 3, False),
        (None, "is_set", None, False),
        ("", "is_set", None, False),
        ("x", "is_set", None, True),
        (MISSING, "is_not_set", None, True),
        (None, "gt", 1, False),
    ],
)
def test_compare(actual: Any, operator: Operator, expected: Any, result: bool) -> None:
    assert compare(actual, operator, expected, T0) is result


def _group(*rules: dict[str, Any], op: str = "all", negate: bool = False) -> Any:
    return msgspec.convert(
        {"type": "group", "op": op, "negate": negate, "rules": list(rules)}, ConditionGroup
    )


HISTORY = Facts(
    contact={"region": "north", "phone": "+44"},
    tags=frozenset({"vip"}),
    scores={"lead_score": 70},
    consent={"sms": False},
    segments=frozenset({"newsletter"}),
    objects={"order": {"total": 1200}},
    emails_received=(
        EmailRecord(T0 - timedelta(days=1), "welcome"),
        EmailRecord(T0 - timedelta(days=40), "welcome"),
    ),
    emails_opened=(EmailRecord(T0 - timedelta(days=2), "payment_reminder"),),
    links_clicked=(
        ClickRecord(T0 - timedelta(days=1), "https://x.test/pay?id=1", "payment_reminder"),
    ),
    jobs=(JobRecord("call_customer", "collections"), JobRecord("old", "sales", open=False)),
)


@pytest.mark.parametrize(
    ("rules", "op", "negate", "expected"),
    [
        ([{"type": "has_tag", "tag": "vip"}], "all", False, True),
        ([{"type": "has_tag", "tag": "vip"}], "all", True, False),
        (
            [{"type": "has_tag", "tag": "x"}, {"type": "in_segment", "segment": "newsletter"}],
            "any",
            False,
            True,
        ),
        (
            [{"type": "has_tag", "tag": "x"}, {"type": "in_segment", "segment": "newsletter"}],
            "all",
            False,
            False,
        ),
        (
            [{"type": "opened_email", "template": "payment_reminder", "within_days": 7}],
            "all",
            False,
            True,
        ),
        (
            [{"type": "opened_email", "template": "payment_reminder", "within_days": 1}],
            "all",
            False,
            False,
        ),
        ([{"type": "opened_email", "template": "welcome"}], "all", False, False),
        ([{"type": "clicked_link", "url_contains": "/pay"}], "all", False, True),
        ([{"type": "received_emails", "comparison": "at_least", "count": 2}], "all", False, True),
        (
            [{"type": "received_emails", "comparison": "exactly", "count": 1, "within_days": 30}],
            "all",
            False,
            True,
        ),
        ([{"type": "received_emails", "comparison": "at_most", "count": 0}], "all", False, False),
        ([{"type": "has_open_job", "job_type": "call_customer"}], "all", False, True),
        ([{"type": "has_open_job", "queue": "sales"}], "all", False, False),
        (
            [{"type": "contact_field", "field": "score", "operator": "gte", "value": 50}],
            "all",
            False,
            True,
        ),
        (
            [
                {
                    "type": "contact_field",
                    "field": "consent.sms",
                    "operator": "equals",
                    "value": False,
                }
            ],
            "all",
            False,
            True,
        ),
        (
            [
                {
                    "type": "object_field",
                    "object_type": "order",
                    "field": "total",
                    "operator": "gt",
                    "value": 1000,
                }
            ],
            "all",
            False,
            True,
        ),
        (
            [
                {
                    "type": "variable",
                    "variable": "job.outcome",
                    "operator": "equals",
                    "value": "paid",
                }
            ],
            "all",
            False,
            True,
        ),
        (
            [{"type": "event_property", "property": "answer.score", "operator": "lte", "value": 6}],
            "all",
            False,
            True,
        ),
        # S12: tagged vip and not opted out and has a phone.
        (
            [
                {"type": "has_tag", "tag": "vip"},
                {
                    "type": "group",
                    "negate": True,
                    "rules": [
                        {
                            "type": "contact_field",
                            "field": "consent.sms",
                            "operator": "equals",
                            "value": False,
                        }
                    ],
                },
                {"type": "contact_field", "field": "phone", "operator": "is_set"},
            ],
            "all",
            False,
            False,
        ),
    ],
)
def test_condition_groups_over_facts(
    rules: list[dict[str, Any]], op: str, negate: bool, expected: bool
) -> None:
    scope = Scope(
        facts=HISTORY,
        now=T0,
        event={"answer": {"score": 4}},
        variables={"job": {"outcome": "paid"}},
    )
    assert check(_group(*rules, op=op, negate=negate), scope) is expected


def test_date_helpers_accept_dates() -> None:
    assert compare(date(2025, 1, 1), "before", "2025-01-02", T0) is True


WEBSITE_ONLY = ("trigger.event", {"event_name": "order.placed", "sources": ["track"]})
SERVER_ONLY = ("trigger.event", {"event_name": "order.placed", "sources": ["api", "portal"]})
ANY_SOURCE = ("trigger.event", {"event_name": "order.placed"})


@pytest.mark.parametrize(
    ("trigger", "source", "expected"),
    [
        (WEBSITE_ONLY, "track", True),
        (WEBSITE_ONLY, "api", False),  # the server's event of the same name
        (SERVER_ONLY, "api", True),
        (SERVER_ONLY, "portal", True),
        (SERVER_ONLY, "track", False),  # the website's event of the same name
        (ANY_SOURCE, "track", True),
        (ANY_SOURCE, "api", True),
        (ANY_SOURCE, None, True),
        (WEBSITE_ONLY, None, False),  # a source nobody recorded is no website
    ],
)
def test_an_event_trigger_can_start_only_for_some_sources(
    trigger: tuple[str, dict[str, Any]], source: str | None, expected: bool
) -> None:
    stimulus = EventArrived(name="order.placed", occurred_at=T0, source=source)
    assert _matches(_journey(*trigger), stimulus) is expected
