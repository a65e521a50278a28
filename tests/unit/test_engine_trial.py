"""A trial (a test run) takes the live path and records what each step saw: the event,
the variables and each condition rule with its result; a forced random split takes the
branch named. `explain` always agrees with `check`."""

from __future__ import annotations

from typing import Any

import msgspec
import pytest

from app.engine.conditions import ConditionGroup
from app.engine.evaluate import Scope, check, explain
from app.engine.facts import EventRecord, Facts
from app.engine.interpreter import Trial, start
from tests.unit.engine_support import T0, flow

Step = tuple[str, str, dict[str, Any] | None]
TRIGGER: Step = ("trigger.event", "t", {"event_name": "order.placed"})
END: Step = ("flow.end", "end", {})


def _rule(field: str, operator: str, value: Any = None) -> dict[str, Any]:
    return {"type": "contact_field", "field": field, "operator": operator, "value": value}


BIG: dict[str, Any] = {
    "type": "group",
    "rules": [
        {"type": "event_property", "property": "total", "operator": "gt", "value": 100},
        {"type": "group", "op": "any", "negate": True, "rules": [_rule("region", "equals", "s")]},
    ],
}


def _journey() -> Any:
    branches = [{"id": "a", "label": "A", "weight": 1}, {"id": "b", "label": "B", "weight": 1}]
    return flow(
        [
            TRIGGER,
            ("flow.condition", "c", {"condition": BIG}),
            ("flow.random_split", "r", {"branches": branches}),
            ("action.send_email", "mail", {"template": "welcome"}),
            END,
        ],
        [
            ("t", "next", "c"),
            ("c", "yes", "r"),
            ("c", "no", "end"),
            ("r", "a", "mail"),
            ("r", "b", "end"),
            ("mail", "next", "end"),
        ],
    )


def _start(trial: Trial | None, contact_id: str = "c1", region: str = "n") -> Any:
    return start(
        _journey(),
        enrollment_id="e1",
        journey_id="j1",
        version=1,
        contact_id=contact_id,
        trigger_node_id="t",
        facts=Facts(contact={"region": region}),
        now=T0,
        event={"total": 250},
        trial=trial,
    )


@pytest.mark.parametrize("contact_id", ["c1", "c2", "c3", "c4"])
def test_a_trial_takes_the_live_path_and_records_what_each_step_saw(contact_id: str) -> None:
    live = _start(None, contact_id)
    trial = _start(Trial(), contact_id)

    assert [(s.node_id, s.exit_taken) for s in trial.steps] == [
        (s.node_id, s.exit_taken) for s in live.steps
    ]
    assert trial.effects == live.effects
    assert trial.state == live.state
    assert all(s.seen is None for s in live.steps)
    seen = {s.node_id: s.seen for s in trial.steps}
    assert seen["t"] is not None
    assert seen["t"].event == {"total": 250}
    condition = seen["c"]
    assert condition is not None
    assert [(c.where, c.subject, c.actual, c.holds) for c in condition.checks] == [
        ("group", None, None, True),
        ("rules[0]", "event.total", 250, True),
        ("rules[1]", None, None, True),
        ("rules[1].rules[0]", "contact.region", "n", False),
    ]
    # The rules belong to the condition's step alone.
    assert [s.node_id for s in trial.steps if s.seen is not None and s.seen.checks] == ["c"]


@pytest.mark.parametrize("branch", ["a", "b"])
def test_a_forced_random_split_takes_the_branch_named(branch: str) -> None:
    outcome = _start(Trial(forced_branches={"r": branch}))
    assert ("r", branch) in [(s.node_id, s.exit_taken) for s in outcome.steps]
    assert bool(outcome.effects) == (branch == "a")


GROUPS: list[dict[str, Any]] = [
    BIG,
    {"type": "group", "op": "any", "rules": [_rule("region", "is_set"), _rule("x", "equals", 1)]},
    {"type": "group", "negate": True, "rules": [_rule("missing", "not_equals", "a")]},
    {"type": "group", "rules": [{"type": "has_tag", "tag": "vip"}, _rule("score", "gte", 5)]},
    {"type": "group", "op": "any", "rules": [{"type": "group", "rules": [_rule("a", "lt", 3)]}]},
    {"type": "group", "rules": [{"type": "event_history", "event_name": "order.placed"}]},
]
FACTS = [
    Facts(),
    Facts(contact={"region": "s", "a": 2}, tags=frozenset({"vip"}), scores={"lead_score": 9}),
    Facts(
        contact={"region": "n", "x": "1", "missing": "a"},
        events=(EventRecord("order.placed", T0),),
    ),
]


@pytest.mark.parametrize("group", GROUPS)
@pytest.mark.parametrize("facts", FACTS)
def test_explain_agrees_with_check(group: dict[str, Any], facts: Facts) -> None:
    condition = msgspec.convert(group, ConditionGroup)
    scope = Scope(facts=facts, now=T0, event={"total": 250})
    found = explain(condition, scope)
    assert found[0].holds == check(condition, scope)
    assert len([c for c in found if c.rule != "group"]) == _count_rules(condition)


def test_explain_marks_a_value_that_is_not_there() -> None:
    condition = msgspec.convert(BIG, ConditionGroup)
    found = explain(condition, Scope(facts=Facts(), now=T0))
    assert [(c.subject, c.missing) for c in found if c.rule != "group"] == [
        ("event.total", True),
        ("contact.region", True),
    ]


def _count_rules(group: ConditionGroup) -> int:
    return sum(
        _count_rules(rule) if isinstance(rule, ConditionGroup) else 1 for rule in group.rules
    )
