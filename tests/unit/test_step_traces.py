"""Step traces: the engine says what each step saw and why it left by its exit, and the
stored trace is bounded whatever the data (app.runs.traces)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import msgspec
import pytest

from app.engine.evaluate import RuleCheck
from app.engine.facts import EventRecord, Facts
from app.engine.stimuli import EventArrived, JobFinished, TimerDue
from app.engine.traces import ConditionWhy, EffectWhy, EventWhy, JobWhy, TimerWhy, Why
from app.runs import traces
from tests.unit.engine_support import T0, begin, flow, step

Step = tuple[str, str, dict[str, Any] | None]
TRIGGER: Step = ("trigger.event", "t", {"event_name": "order.placed"})
END: Step = ("flow.end", "end", {})


def _rule(field: str, value: Any) -> dict[str, Any]:
    return {"type": "contact_field", "field": field, "operator": "equals", "value": value}


def _whys(outcome: Any) -> dict[tuple[str, str | None], Why | None]:
    return {(s.node_id, s.exit_taken): s.why for s in outcome.steps}


def test_a_condition_step_keeps_each_rule_with_its_value_and_result() -> None:
    condition = {"type": "group", "op": "any", "rules": [_rule("region", "n"), _rule("vip", 1)]}
    definition = flow(
        [TRIGGER, ("flow.condition", "c", {"condition": condition}), END],
        [("t", "next", "c"), ("c", "yes", "end"), ("c", "no", "end")],
    )
    outcome = begin(definition, Facts(contact={"region": "s"}))

    why = _whys(outcome)[("c", "no")]
    assert isinstance(why, ConditionWhy)
    group, region, vip = why.checks
    assert (group.rule, group.operator, group.holds) == ("group", "any", False)
    assert (region.subject, region.expected, region.actual, region.holds) == (
        "contact.region",
        "n",
        "s",
        False,
    )
    assert (vip.subject, vip.missing, vip.holds) == ("contact.vip", True, False)


def test_an_event_history_rule_shows_how_many_matching_events_it_counted() -> None:
    rule = {"type": "event_history", "event_name": "page.viewed", "count": 3, "since": "ever"}
    definition = flow(
        [TRIGGER, ("flow.condition", "c", {"condition": {"type": "group", "rules": [rule]}}), END],
        [("t", "next", "c"), ("c", "yes", "end"), ("c", "no", "end")],
    )
    views = tuple(EventRecord("page.viewed", T0 - timedelta(hours=n)) for n in range(2))
    why = _whys(begin(definition, Facts(events=views)))[("c", "no")]
    assert isinstance(why, ConditionWhy)
    assert (why.checks[1].subject, why.checks[1].actual) == ("events page.viewed (ever)", 2)


def test_a_switch_keeps_the_cases_it_checked_up_to_the_chosen_one() -> None:
    def case(case_id: str, value: str) -> dict[str, Any]:
        condition = {"type": "group", "rules": [_rule("region", value)]}
        return {"id": case_id, "label": case_id, "condition": condition}

    cases = [case("north", "n"), case("south", "s"), case("west", "w")]
    definition = flow(
        [TRIGGER, ("flow.switch", "s", {"cases": cases}), END],
        [("t", "next", "s"), *[("s", x, "end") for x in ("north", "south", "west", "default")]],
    )
    why = _whys(begin(definition, Facts(contact={"region": "s"})))[("s", "south")]
    assert isinstance(why, ConditionWhy)
    assert [(c.where, c.holds) for c in why.checks] == [
        ("cases.north", False),
        ("cases.north.rules[0]", False),
        ("cases.south", True),
        ("cases.south.rules[0]", True),
    ]


def test_waits_events_jobs_and_actions_say_what_they_waited_for_and_what_came() -> None:
    definition = flow(
        [
            TRIGGER,
            ("flow.wait_duration", "w", {"duration": {"amount": 1, "unit": "days"}}),
            (
                "flow.wait_for_event",
                "e",
                {"event_name": "paid", "timeout": {"amount": 2, "unit": "days"}},
            ),
            ("action.create_job", "j", {"job_type": "call", "queue": "sales", "title": "Call"}),
            ("action.send_email", "m", {"template": "welcome"}),
            END,
        ],
        [
            ("t", "next", "w"),
            ("w", "next", "e"),
            ("e", "received", "j"),
            ("e", "timeout", "end"),
            ("j", "done", "m"),
            ("m", "next", "end"),
        ],
    )
    due = T0 + timedelta(days=1)
    outcome = begin(definition)
    assert _whys(outcome)[("w", None)] == TimerWhy(due_at=due)

    outcome = step(definition, outcome, TimerDue(token_id="t1", now=due), due)
    assert _whys(outcome)[("w", "next")] == TimerWhy(due_at=due)
    timeout = due + timedelta(days=2)
    assert _whys(outcome)[("e", None)] == EventWhy(event_name="paid", timeout_at=timeout)

    paid = EventArrived(name="paid", occurred_at=due, event_id=41)
    outcome = step(definition, outcome, paid, due)
    assert _whys(outcome)[("e", "received")] == EventWhy(
        event_name="paid", timeout_at=timeout, event_id=41
    )
    [job] = outcome.effects
    assert _whys(outcome)[("j", None)] == JobWhy(job_ref=job.key)

    done = JobFinished(job_ref=job.key, outcome="done", data={"note": "spoke to her"})
    outcome = step(definition, outcome, done, due)
    assert _whys(outcome)[("j", "done")] == JobWhy(
        job_ref=job.key, outcome="done", form={"note": "spoke to her"}
    )
    assert _whys(outcome)[("m", "next")] == EffectWhy(effect="send_email", key="e1:m:1")


def _check(actual: Any, where: str = "rules[0]") -> RuleCheck:
    return RuleCheck(
        where=where,
        rule="event_property",
        holds=False,
        subject="event.note",
        operator="equals",
        expected="x",
        actual=actual,
    )


def _size(stored: Any) -> int:
    return len(msgspec.json.encode(stored))


def test_a_long_value_is_cut_and_the_trace_says_so() -> None:
    stored = traces.stored(ConditionWhy([_check("y" * 50_000)]))
    assert stored is not None
    assert _size(stored) <= traces.MAX_TRACE_BYTES
    assert stored["clipped"] is True
    assert stored["checks"][0]["actual"] == "y" * traces.MAX_TEXT + "…"


@pytest.mark.parametrize(
    "why",
    [
        # Many rules, each small: the byte bound keeps as many as fit.
        ConditionWhy([_check(f"value {n}", f"rules[{n}]") for n in range(500)]),
        # A huge form: entries, nesting and strings are cut.
        JobWhy(
            job_ref="k",
            outcome="done",
            form={f"field{n}": {"a": {"b": {"c": {"d": "x" * 900}}}} for n in range(500)},
        ),
        EventWhy(event_name="e" * 100_000),
    ],
)
def test_every_stored_trace_fits_the_bound(why: Why) -> None:
    stored = traces.stored(why)
    assert stored is not None
    assert _size(stored) <= traces.MAX_TRACE_BYTES
    assert stored["clipped"] is True
    assert stored["kind"] == why.__struct_config__.tag


def test_a_small_trace_is_stored_whole() -> None:
    why = JobWhy(job_ref="k", outcome="done", form={"note": "ok"})
    assert traces.stored(why) == {
        "kind": "job",
        "job_ref": "k",
        "outcome": "done",
        "form": {"note": "ok"},
    }
