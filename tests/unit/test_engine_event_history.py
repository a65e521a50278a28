"""“Did event X” conditions: counted since entering the journey, within a period or ever,
with property filters; checked in words; found in definitions so the worker loads them."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import msgspec
import pytest

from app.engine.conditions import ConditionGroup, check_group
from app.engine.definition import history_events
from app.engine.evaluate import Scope, check
from app.engine.facts import EventRecord, Facts
from app.engine.stimuli import TimerDue
from tests.unit.engine_support import T0, begin, flow, path, step
from tests.unit.journey_samples import node

ENTERED = T0 - timedelta(hours=2)

EVENTS = Facts(
    events=(
        EventRecord("order.placed", T0 - timedelta(days=40), {"total": 20}),
        EventRecord("order.placed", T0 - timedelta(days=3), {"total": 80, "items": ["a", "b"]}),
        EventRecord("page.viewed", T0 - timedelta(days=1), {"url": "/pricing"}),
        EventRecord("page.viewed", T0 - timedelta(hours=1), {"url": "/pricing"}),
        EventRecord("page.viewed", T0 - timedelta(minutes=30), {"url": "/home"}),
    )
)


def _rule(**fields: Any) -> ConditionGroup:
    rule = {"type": "event_history", "event_name": "order.placed", **fields}
    return msgspec.convert({"type": "group", "rules": [rule]}, ConditionGroup)


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({}, True),  # has done it, ever
        ({"done": False}, False),
        ({"event_name": "refund.issued"}, False),
        ({"event_name": "refund.issued", "done": False}, True),
        ({"since": "journey_entry"}, False),  # both orders are older than the entry
        ({"since": "journey_entry", "done": False}, True),
        ({"event_name": "page.viewed", "since": "journey_entry"}, True),
        ({"since": "period", "period": {"amount": 7, "unit": "days"}}, True),
        ({"since": "period", "period": {"amount": 2, "unit": "days"}}, False),
        ({"since": "period", "period": {"amount": 6, "unit": "weeks"}, "count": 2}, True),
        ({"count": 2}, True),
        ({"count": 3}, False),
        ({"comparison": "exactly", "count": 2}, True),
        ({"comparison": "at_most", "count": 1}, False),
        ({"comparison": "at_most", "count": 1, "done": False}, True),
        ({"where": [{"property": "total", "operator": "gt", "value": 50}]}, True),
        ({"where": [{"property": "total", "operator": "gt", "value": 100}]}, False),
        (
            {"where": [{"property": "total", "operator": "gt", "value": 10}], "count": 2},
            True,
        ),
        ({"where": [{"property": "items", "operator": "contains", "value": "b"}]}, True),
        ({"where": [{"property": "coupon", "operator": "is_set"}], "done": False}, True),
        (
            {
                "event_name": "page.viewed",
                "where": [{"property": "url", "operator": "equals", "value": "/pricing"}],
                "since": "period",
                "period": {"amount": 90, "unit": "minutes"},
            },
            True,
        ),
        (
            {
                "event_name": "page.viewed",
                "where": [{"property": "url", "operator": "equals", "value": "/pricing"}],
                "since": "period",
                "period": {"amount": 45, "unit": "minutes"},
            },
            False,
        ),
    ],
)
def test_event_history_counts_matching_events(fields: dict[str, Any], expected: bool) -> None:
    scope = Scope(facts=EVENTS, now=T0, entered_at=ENTERED)
    assert check(_rule(**fields), scope) is expected


def test_since_entering_counts_every_event_outside_a_journey() -> None:
    # A scoring rule or trigger filter has no entry time: nothing is cut off.
    assert check(_rule(since="journey_entry"), Scope(facts=EVENTS, now=T0)) is True


@pytest.mark.parametrize(
    ("fields", "where", "message"),
    [
        ({"since": "period"}, "period", "how far back"),
        ({"period": {"amount": 1, "unit": "days"}}, "period", "only used with"),
        ({"count": 0}, "count", "always holds"),
        (
            {"where": [{"property": "total", "operator": "gt", "value": "lots"}]},
            "where[0].value",
            "number or a date",
        ),
        (
            {"where": [{"property": "event.total", "operator": "is_set"}]},
            "where[0].property",
            "without “event.”",
        ),
    ],
)
def test_event_history_mistakes_are_named(fields: dict[str, Any], where: str, message: str) -> None:
    found = check_group(_rule(**fields), "config.condition")
    assert [(f, m) for f, m in found if message in m] == [
        (f"config.condition.rules[0].{where}", next(m for _, m in found if message in m))
    ]


def test_a_trigger_filter_cannot_count_since_entering() -> None:
    trigger = node(
        "trigger.event",
        "t",
        {
            "event_name": "cart.abandoned",
            "filter": {
                "type": "group",
                "rules": [
                    {
                        "type": "event_history",
                        "event_name": "order.placed",
                        "since": "journey_entry",
                    }
                ],
            },
        },
    )
    assert [where for where, _ in trigger.config_problems()] == ["config.filter.rules[0].since"]


def _abandoned_cart(settings: dict[str, Any] | None = None) -> Any:
    no_order = {
        "type": "group",
        "rules": [
            {
                "type": "event_history",
                "event_name": "order.placed",
                "done": False,
                "since": "journey_entry",
            }
        ],
    }
    return flow(
        [
            ("trigger.event", "start", {"event_name": "cart.abandoned"}),
            ("flow.wait_duration", "wait", {"duration": {"amount": 1, "unit": "hours"}}),
            ("flow.condition", "no-order", {"condition": no_order}),
            ("action.send_email", "email", {"subject": "Hi", "body": "Your cart"}),
            ("flow.end", "end", None),
            ("flow.end", "bought", None),
        ],
        [
            ("start", "next", "wait"),
            ("wait", "next", "no-order"),
            ("no-order", "yes", "email"),
            ("no-order", "no", "bought"),
            ("email", "next", "end"),
        ],
        settings,
    )


@pytest.mark.parametrize(
    ("orders", "branch"),
    [
        ((), "yes"),
        # An order from before the cart was abandoned does not count.
        ((EventRecord("order.placed", T0 - timedelta(days=2)),), "yes"),
        ((EventRecord("order.placed", T0 + timedelta(minutes=20)),), "no"),
    ],
)
def test_abandoned_cart_checks_for_an_order_since_entering(
    orders: tuple[EventRecord, ...], branch: str
) -> None:
    definition = _abandoned_cart()
    started = begin(definition)
    assert started.state.entered_at == T0
    later = T0 + timedelta(hours=1)
    token = started.state.tokens[0].token_id
    moved = step(
        definition, started, TimerDue(token_id=token, now=later), later, Facts(events=orders)
    )
    assert ("no-order", branch) in path(moved)


def test_history_events_finds_every_condition_of_a_definition() -> None:
    settings = {
        "exit_criteria": {
            "condition": {
                "type": "group",
                "rules": [
                    {
                        "type": "group",
                        "rules": [{"type": "event_history", "event_name": "refund.issued"}],
                    }
                ],
            }
        }
    }
    assert history_events(_abandoned_cart(settings)) == {"order.placed", "refund.issued"}
    assert history_events(flow([("trigger.manual", "m", None)], [])) == frozenset()
