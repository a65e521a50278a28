"""The interpreter, node kind by node kind: exits taken, waits, effects and step logs."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta
from typing import Any

import pytest

from app.engine import effects as fx
from app.engine.facts import Facts
from app.engine.interpreter import MAX_STEPS, pick_branch, start
from app.engine.stimuli import (
    EventArrived,
    JobFinished,
    JourneyPaused,
    JourneyResumed,
    TimerDue,
    WebhookAnswered,
)
from tests.unit.engine_support import T0, begin, flow, kinds, path, step

Step = tuple[str, str, dict[str, Any] | None]
TRIGGER: Step = ("trigger.event", "t", {"event_name": "order.placed"})
END: Step = ("flow.end", "end", {})
REGION: dict[str, Any] = {
    "type": "group",
    "rules": [{"type": "contact_field", "field": "region", "operator": "equals", "value": "n"}],
}


def one_action(kind: str, config: dict[str, Any]) -> Any:
    return flow([TRIGGER, (kind, "a", config), END], [("t", "next", "a"), ("a", "next", "end")])


@pytest.mark.parametrize(
    ("kind", "config", "effect", "fields"),
    [
        ("action.send_email", {"template": "welcome"}, fx.SendEmail, {"template": "welcome"}),
        ("action.send_sms", {"text": "Hi"}, fx.SendSms, {"text": "Hi"}),
        (
            "action.create_letter",
            {"template": "letter", "print_queue": "print"},
            fx.CreateLetter,
            {"print_queue": "print"},
        ),
        (
            "action.update_contact",
            {
                "add_tags": ["vip"],
                "score_change": 5,
                "set_fields": [{"field": "plan", "value_from": "event.plan"}],
            },
            fx.UpdateContact,
            {"add_tags": ["vip"], "score_change": 5, "set_fields": {"plan": "gold"}},
        ),
        (
            "action.update_object",
            {"object_type": "order", "set_fields": [{"field": "status", "value": "cancelled"}]},
            fx.UpdateObject,
            {"object_type": "order", "set_fields": {"status": "cancelled"}},
        ),
        (
            "action.notify_staff",
            {"queue": "sales", "message": "Hot"},
            fx.NotifyStaff,
            {"queue": "sales", "message": "Hot"},
        ),
        (
            "action.emit_event",
            {"event_name": "lead.hot", "properties": {"a": "{{ x }}"}},
            fx.EmitEvent,
            {"event_name": "lead.hot", "properties": {"a": "{{ x }}"}},
        ),
        (
            "action.portal_message",
            {"title": "T", "body": "B", "pin": True},
            fx.PortalMessage,
            {"title": "T", "pin": True},
        ),
    ],
)
def test_an_action_emits_its_effect_with_a_visit_key_and_moves_on(
    kind: str, config: dict[str, Any], effect: type, fields: dict[str, Any]
) -> None:
    outcome = begin(one_action(kind, config), event={"plan": "gold"})
    assert [type(e) for e in outcome.effects] == [effect]
    produced = outcome.effects[0]
    assert produced.key == "e1:a:1"
    for name, value in fields.items():
        assert getattr(produced, name) == value
    assert path(outcome) == [("t", "next"), ("a", "next"), ("end", None)]
    assert outcome.state.status == "completed"
    assert outcome.state.ended_reason == "end"


@pytest.mark.parametrize(
    ("region", "exit_"), [("n", "yes"), ("N", "yes"), ("s", "no"), (None, "no")]
)
def test_condition_takes_yes_or_no(region: str | None, exit_: str) -> None:
    definition = flow(
        [TRIGGER, ("flow.condition", "c", {"condition": REGION}), END],
        [("t", "next", "c"), ("c", "yes", "end"), ("c", "no", "end")],
    )
    contact = {} if region is None else {"region": region}
    outcome = begin(definition, Facts(contact=contact))
    assert ("c", exit_) in path(outcome)


def _case(case_id: str, value: str) -> dict[str, Any]:
    rule = {"type": "contact_field", "field": "region", "operator": "equals", "value": value}
    return {"id": case_id, "label": case_id, "condition": {"type": "group", "rules": [rule]}}


@pytest.mark.parametrize(("region", "exit_"), [("n", "north"), ("s", "south"), ("w", "default")])
def test_switch_takes_the_first_matching_case_or_default(region: str, exit_: str) -> None:
    definition = flow(
        [TRIGGER, ("flow.switch", "s", {"cases": [_case("north", "n"), _case("south", "s")]}), END],
        [("t", "next", "s"), ("s", "north", "end"), ("s", "south", "end"), ("s", "default", "end")],
    )
    assert ("s", exit_) in path(begin(definition, Facts(contact={"region": region})))


def _wait_for_event(filter_: dict[str, Any] | None = None) -> Any:
    config: dict[str, Any] = {
        "event_name": "payment.received",
        "timeout": {"amount": 2, "unit": "days"},
    }
    if filter_:
        config["filter"] = filter_
    return flow(
        [
            TRIGGER,
            ("flow.wait_for_event", "w", config),
            ("action.send_email", "got", {"template": "welcome"}),
            ("action.send_sms", "late", {"text": "late"}),
        ],
        [("t", "next", "w"), ("w", "received", "got"), ("w", "timeout", "late")],
    )


def test_wait_for_event_takes_received_when_the_event_comes_in_time() -> None:
    definition = _wait_for_event()
    first = begin(definition)
    assert first.state.tokens[0].status == "waiting_event"
    assert [t.wake_at for t in first.timers] == [T0 + timedelta(days=2)]
    arrived = EventArrived(
        name="payment.received", properties={"amount": 5}, occurred_at=T0 + timedelta(days=1)
    )
    later = step(definition, first, arrived, T0 + timedelta(days=1))
    assert path(later)[0] == ("w", "received")
    assert kinds(later) == ["send_email"]
    assert later.state.event == {"amount": 5}
    assert later.timers == []


def test_wait_for_event_takes_timeout_when_the_timer_fires_first() -> None:
    definition = _wait_for_event()
    first = begin(definition)
    due = T0 + timedelta(days=2)
    later = step(definition, first, TimerDue(token_id="t1", now=due), due)
    assert path(later)[0] == ("w", "timeout")
    assert kinds(later) == ["send_sms"]


@pytest.mark.parametrize(
    ("name", "amount", "occurred", "expected"),
    [
        ("payment.received", 5, timedelta(hours=1), "received"),
        ("other.event", 5, timedelta(hours=1), None),
        ("payment.received", 1, timedelta(hours=1), None),  # filter: amount >= 5
        ("payment.received", 5, timedelta(days=3), "timeout"),  # arrived after the timeout
    ],
)
def test_wait_for_event_matches_name_filter_and_time(
    name: str, amount: int, occurred: timedelta, expected: str | None
) -> None:
    rule = {"type": "event_property", "property": "amount", "operator": "gte", "value": 5}
    definition = _wait_for_event({"type": "group", "rules": [rule]})
    first = begin(definition)
    event = EventArrived(name=name, properties={"amount": amount}, occurred_at=T0 + occurred)
    later = step(definition, first, event, T0 + occurred)
    exits = [exit_ for node_id, exit_ in path(later) if node_id == "w"]
    assert exits == ([] if expected is None else [expected])


def _job_journey() -> Any:
    job = {
        "job_type": "call",
        "queue": "sales",
        "title": "Call",
        "due_in": {"amount": 4, "unit": "hours"},
    }
    return flow(
        [
            TRIGGER,
            ("action.create_job", "job", job),
            ("action.send_email", "ok", {"template": "w"}),
        ],
        [("t", "next", "job"), ("job", "done", "ok")],
    )


@pytest.mark.parametrize(
    ("outcome", "cancelled", "exit_", "effects"),
    [
        ("done", False, "done", ["send_email"]),
        ("failed", False, "failed", []),  # not connected: the path ends
        (None, True, "cancelled", []),
    ],
)
def test_a_job_waits_for_its_outcome_which_picks_the_exit(
    outcome: str | None, cancelled: bool, exit_: str, effects: list[str]
) -> None:
    definition = _job_journey()
    first = begin(definition)
    job = first.effects[0]
    assert isinstance(job, fx.CreateJob)
    assert job.job_ref == "e1:job:1"
    assert job.due_at == T0 + timedelta(hours=4)
    assert first.state.tokens[0].status == "waiting_job"
    finished = JobFinished(job_ref=job.job_ref, outcome=outcome, cancelled=cancelled, data={"x": 1})
    later = step(definition, first, finished, T0 + timedelta(hours=1))
    assert path(later)[0] == ("job", exit_)
    assert kinds(later) == effects
    assert later.state.status == "completed"
    assert later.state.variables["job"] == {"outcome": exit_, "form": {"x": 1}}


def test_a_finished_job_of_another_enrollment_changes_nothing() -> None:
    definition = _job_journey()
    first = begin(definition)
    later = step(definition, first, JobFinished(job_ref="e9:job:1", outcome="done"), T0)
    assert later.steps == []
    assert later.state == first.state


def _webhook_journey() -> Any:
    call = {"url": "https://crm.test/tickets", "save_response": {"ticket_id": "/id"}}
    return flow(
        [
            TRIGGER,
            ("action.webhook", "call", call),
            ("action.send_email", "ok", {"subject": "Ticket {{ journey.ticket_id }}", "body": "B"}),
            ("action.notify_staff", "tell", {"queue": "support", "message": "The CRM is down"}),
        ],
        [("t", "next", "call"), ("call", "next", "ok"), ("call", "failed", "tell")],
    )


def test_a_webhook_waits_for_its_answer_and_saves_its_fields() -> None:
    definition = _webhook_journey()
    first = begin(definition)
    [call] = first.effects
    assert isinstance(call, fx.Webhook)
    assert (call.key, call.save_response) == ("e1:call:1", {"ticket_id": "/id"})
    assert first.state.tokens[0].status == "waiting_answer"
    assert first.state.status == "active"

    answer = WebhookAnswered(webhook_ref=call.key, ok=True, status=201, saved={"ticket_id": "T-9"})
    later = step(definition, first, answer, T0 + timedelta(seconds=2))

    assert path(later)[0] == ("call", "next")
    assert kinds(later) == ["send_email"]
    assert later.state.variables["ticket_id"] == "T-9"
    assert later.state.variables["webhook"] == {"ok": True, "status": 201, "error": None}
    assert later.state.status == "completed"


def test_a_webhook_that_fails_for_good_takes_the_failed_exit() -> None:
    definition = _webhook_journey()
    first = begin(definition)
    answer = WebhookAnswered(webhook_ref="e1:call:1", ok=False, error="answered 503")
    later = step(definition, first, answer, T0 + timedelta(hours=2))
    assert path(later)[0] == ("call", "failed")
    assert kinds(later) == ["notify_staff"]
    assert later.state.variables["webhook"]["error"] == "answered 503"


def test_another_calls_answer_moves_nothing() -> None:
    definition = _webhook_journey()
    first = begin(definition)
    later = step(definition, first, WebhookAnswered(webhook_ref="e9:call:1", ok=True), T0)
    assert later.steps == []
    assert later.state == first.state


def _random_split(weights: tuple[int, int]) -> Any:
    branches = [
        {"id": "a", "label": "A", "weight": weights[0]},
        {"id": "b", "label": "B", "weight": weights[1]},
    ]
    return flow(
        [TRIGGER, ("flow.random_split", "r", {"branches": branches}), END],
        [("t", "next", "r"), ("r", "a", "end"), ("r", "b", "end")],
    )


def test_random_split_is_stable_per_contact() -> None:
    definition = _random_split((50, 50))
    for contact in ("c1", "c2", "c3", "c4"):
        runs = {path(begin(definition, contact_id=contact))[1] for _ in range(3)}
        assert len(runs) == 1


@pytest.mark.parametrize("weights", [(50, 50), (20, 80), (90, 10)])
def test_random_split_follows_the_weights(weights: tuple[int, int]) -> None:
    branches = [("a", weights[0]), ("b", weights[1])]
    counts = Counter(pick_branch(f"contact-{n}", "r", branches) for n in range(4000))
    share = counts["a"] / 4000
    assert abs(share - weights[0] / 100) < 0.03


def _parallel(wait_for: str = "all", b_ends: bool = False) -> Any:
    branches = [{"id": "a", "label": "A"}, {"id": "b", "label": "B"}]
    steps: list[tuple[str, str, dict[str, Any] | None]] = [
        TRIGGER,
        ("flow.parallel_split", "p", {"branches": branches}),
        ("action.send_email", "mail", {"template": "w"}),
        ("flow.wait_duration", "wait", {"duration": {"amount": 1, "unit": "days"}}),
        ("flow.join", "j", {"wait_for": wait_for}),
        ("action.send_sms", "after", {"text": "joined"}),
        END,
    ]
    links = [
        ("t", "next", "p"),
        ("p", "a", "mail"),
        ("p", "b", "wait"),
        ("mail", "next", "j"),
        ("wait", "next", "end" if b_ends else "j"),
        ("j", "next", "after"),
        ("after", "next", "end"),
    ]
    return flow(steps, links)


def test_parallel_split_runs_every_branch_and_join_waits_for_all() -> None:
    definition = _parallel()
    first = begin(definition)
    statuses = {t.node_id: t.status for t in first.state.tokens}
    assert statuses == {"j": "waiting_join", "wait": "waiting_timer"}
    assert kinds(first) == ["send_email"]
    due = T0 + timedelta(days=1)
    waiting = next(t for t in first.state.tokens if t.node_id == "wait")
    later = step(definition, first, TimerDue(token_id=waiting.token_id, now=due), due)
    assert kinds(later) == ["send_sms"]
    assert ("j", "next") in path(later)
    assert later.state.status == "completed"
    assert [e.key for e in later.effects] == ["e1:after:1"]


def test_join_first_continues_once_with_the_first_branch() -> None:
    definition = _parallel("first")
    first = begin(definition)
    assert kinds(first) == ["send_email", "send_sms"]
    due = T0 + timedelta(days=1)
    waiting = first.state.tokens[0]
    later = step(definition, first, TimerDue(token_id=waiting.token_id, now=due), due)
    assert kinds(later) == []
    assert later.state.status == "completed"


def test_join_does_not_wait_for_a_branch_that_ended() -> None:
    definition = _parallel(b_ends=True)
    first = begin(definition)
    due = T0 + timedelta(days=1)
    waiting = next(t for t in first.state.tokens if t.node_id == "wait")
    later = step(definition, first, TimerDue(token_id=waiting.token_id, now=due), due)
    assert kinds(later) == ["send_sms"]
    assert later.state.status == "completed"


def _waiting_with_goal(settings: dict[str, Any]) -> Any:
    return flow(
        [
            TRIGGER,
            ("flow.wait_duration", "wait", {"duration": {"amount": 3, "unit": "days"}}),
            ("action.send_email", "mail", {"template": "w"}),
        ],
        [("t", "next", "wait"), ("wait", "next", "mail")],
        settings,
    )


def test_a_goal_event_ends_the_enrollment_from_a_waiting_token() -> None:
    definition = _waiting_with_goal({"exit_criteria": {"goal_events": ["payment.received"]}})
    first = begin(definition)
    paid = EventArrived(name="payment.received", occurred_at=T0 + timedelta(hours=1))
    later = step(definition, first, paid, T0 + timedelta(hours=1))
    assert later.state.status == "completed"
    assert later.state.ended_reason == "goal_event:payment.received"
    assert later.state.tokens == []
    assert later.timers == []
    assert path(later) == [("wait", None)]
    stale = step(definition, later, TimerDue(token_id="t1", now=T0 + timedelta(days=3)), T0)
    assert stale.steps == []
    assert stale.effects == []


def test_exit_criteria_condition_ends_the_enrollment_at_the_next_stimulus() -> None:
    rule = {"type": "has_tag", "tag": "unsubscribed"}
    definition = _waiting_with_goal(
        {"exit_criteria": {"condition": {"type": "group", "rules": [rule]}}}
    )
    first = begin(definition)
    due = T0 + timedelta(days=3)
    later = step(
        definition,
        first,
        TimerDue(token_id="t1", now=due),
        due,
        Facts(tags=frozenset({"unsubscribed"})),
    )
    assert later.state.status == "exited"
    assert later.effects == []


def test_a_goal_node_completes_the_whole_enrollment() -> None:
    branches = [{"id": "a", "label": "A"}, {"id": "b", "label": "B"}]
    definition = flow(
        [
            TRIGGER,
            ("flow.parallel_split", "p", {"branches": branches}),
            ("flow.goal", "g", {"goal": "Paid"}),
            ("flow.wait_duration", "wait", {"duration": {"amount": 1, "unit": "days"}}),
        ],
        [("t", "next", "p"), ("p", "a", "g"), ("p", "b", "wait")],
    )
    outcome = begin(definition)
    assert outcome.state.status == "completed"
    assert outcome.state.ended_reason == "goal:Paid"
    assert outcome.state.tokens == []
    assert outcome.timers == []


def test_pause_holds_due_timers_and_resume_fires_them() -> None:
    definition = _waiting_with_goal({})
    first = begin(definition)
    paused = step(definition, first, JourneyPaused(), T0 + timedelta(days=1))
    assert paused.state.status == "paused"
    due = T0 + timedelta(days=4)
    held = step(definition, paused, TimerDue(token_id="t1", now=due), due)
    assert held.state == paused.state
    assert held.effects == []
    assert [t.token_id for t in held.timers] == ["t1"]
    resumed = step(definition, held, JourneyResumed(), due + timedelta(hours=1))
    assert resumed.state.status == "completed"
    assert kinds(resumed) == ["send_email"]


def test_resume_before_the_timer_keeps_it_waiting() -> None:
    definition = _waiting_with_goal({})
    paused = step(definition, begin(definition), JourneyPaused(), T0)
    resumed = step(definition, paused, JourneyResumed(), T0 + timedelta(days=1))
    assert resumed.state.status == "active"
    assert resumed.effects == []
    assert [t.wake_at for t in resumed.timers] == [T0 + timedelta(days=3)]


def test_an_early_or_repeated_timer_changes_nothing() -> None:
    definition = _waiting_with_goal({})
    first = begin(definition)
    early = step(definition, first, TimerDue(token_id="t1", now=T0), T0 + timedelta(days=1))
    assert early.state == first.state
    assert early.steps == []
    unknown = step(definition, first, TimerDue(token_id="t99", now=T0), T0 + timedelta(days=5))
    assert unknown.state == first.state


def _loop(with_wait: bool) -> Any:
    steps: list[tuple[str, str, dict[str, Any] | None]] = [
        TRIGGER,
        ("action.send_email", "mail", {"template": "w"}),
    ]
    links = [("t", "next", "mail")]
    if with_wait:
        steps.append(("flow.wait_duration", "wait", {"duration": {"amount": 1, "unit": "days"}}))
        links += [("mail", "next", "wait"), ("wait", "next", "mail")]
    else:
        links.append(("mail", "next", "mail"))
    return flow(steps, links)


def test_a_loop_sends_again_with_a_new_visit_key() -> None:
    definition = _loop(with_wait=True)
    outcome = begin(definition)
    keys = [e.key for e in outcome.effects]
    for day in range(1, 3):
        now = T0 + timedelta(days=day)
        outcome = step(definition, outcome, TimerDue(token_id="t1", now=now), now)
        keys += [e.key for e in outcome.effects]
    assert keys == ["e1:mail:1", "e1:mail:2", "e1:mail:3"]


def test_a_loop_without_a_wait_is_cut_at_the_step_cap_and_parked() -> None:
    definition = _loop(with_wait=False)
    outcome = begin(definition)
    assert len(outcome.effects) == MAX_STEPS - 1
    assert "Step limit" in outcome.steps[-1].detail
    assert outcome.state.tokens[0].status == "ready"
    assert [t.wake_at for t in outcome.timers] == [T0]
    again = step(definition, outcome, TimerDue(token_id="t1", now=T0), T0)
    assert again.effects[0].key == f"e1:mail:{MAX_STEPS}"


def test_an_ended_enrollment_ignores_everything() -> None:
    definition = one_action("action.send_sms", {"text": "x"})
    done = begin(definition)
    event = EventArrived(name="order.placed", occurred_at=T0)
    for stimulus in (event, JourneyPaused(), JourneyResumed(), TimerDue(token_id="t1", now=T0)):
        later = step(definition, done, stimulus, T0)
        assert later.state == done.state
        assert later.steps == []
        assert later.effects == []


def test_starting_at_a_step_missing_from_the_version_ends_cleanly() -> None:
    definition = one_action("action.send_sms", {"text": "x"})
    outcome = start(
        definition,
        enrollment_id="e1",
        journey_id="j1",
        version=1,
        contact_id="c1",
        trigger_node_id="gone",
        facts=Facts(),
        now=T0,
    )
    assert outcome.state.status == "completed"
    assert outcome.steps[0].node_id == "gone"


def test_step_logs_carry_time_token_and_detail() -> None:
    outcome = begin(_waiting_with_goal({}))
    assert all(s.at == T0 and s.token_id == "t1" and s.detail for s in outcome.steps)
    assert outcome.steps[-1].detail == f"Waiting until {(T0 + timedelta(days=3)).isoformat()}."
