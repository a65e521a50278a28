"""S5 (collection) and S9 (appointments) from the library, end to end, on a fake clock.

Only stimuli drive them: the events a contact causes, the jobs staff finish and the
timers the sweeper would fire when the clock reaches them. No database, no sleeping.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from app.engine import effects as fx
from app.engine.definition import JourneyDefinition
from app.engine.facts import EmailRecord, Facts
from app.engine.interpreter import Outcome, advance, start
from app.engine.stimuli import EventArrived, JobFinished, Stimulus, TimerDue
from app.engine.triggers_match import EnrollmentHistory, match_triggers
from app.journeys.library import load_template

T0 = datetime(2025, 3, 3, 10, 0, tzinfo=UTC)


class Journey:
    """One contact's enrollment, driven by a fake clock that fires due timers in order."""

    def __init__(self, slug: str, trigger: EventArrived, facts: Facts, now: datetime = T0) -> None:
        self.definition: JourneyDefinition = load_template(slug)
        self.facts = facts
        self.now = now
        enrol = match_triggers(
            [(slug, 1, self.definition)], trigger, facts, EnrollmentHistory(), now
        )
        assert len(enrol) == 1
        self.outcome = start(
            self.definition,
            enrollment_id="e1",
            journey_id=slug,
            version=1,
            contact_id="c1",
            trigger_node_id=enrol[0].trigger_node_id,
            facts=facts,
            now=now,
            event=trigger.properties,
        )
        self.log: list[tuple[str, str | None]] = []
        self.sent: list[tuple[datetime, fx.Effect]] = []
        self._record(self.outcome)

    def _record(self, outcome: Outcome) -> None:
        self.log += [(s.node_id, s.exit_taken) for s in outcome.steps]
        self.sent += [(self.now, effect) for effect in outcome.effects]

    def send(self, stimulus: Stimulus) -> None:
        self.outcome = advance(self.definition, self.outcome.state, stimulus, self.facts, self.now)
        self._record(self.outcome)

    def clock_to(self, when: datetime) -> None:
        """Move the clock, firing every timer that comes due on the way."""
        while due := [t for t in self.outcome.timers if t.wake_at <= when]:
            timer = min(due, key=lambda t: t.wake_at)
            self.now = max(self.now, timer.wake_at)
            self.send(TimerDue(token_id=timer.token_id, now=self.now))
        self.now = when

    def event(self, name: str, **properties: Any) -> None:
        self.send(EventArrived(name=name, properties=properties, occurred_at=self.now))

    def effects(self) -> list[tuple[str, str, timedelta]]:
        """(effect kind, node, time since start) of everything sent so far."""
        return [
            (str(effect.__struct_config__.tag), effect.node_id, at - T0) for at, effect in self.sent
        ]

    @property
    def status(self) -> str:
        return self.outcome.state.status


MISSED = EventArrived(name="payment.missed", properties={"amount": 120}, occurred_at=T0)
DAY = timedelta(days=1)


def test_s5_unopened_reminder_gets_an_sms_then_a_call_and_a_promise_ends_it() -> None:
    run = Journey("payment-collection", MISSED, Facts())
    run.clock_to(T0 + 10 * DAY)
    assert run.effects() == [
        ("send_email", "email-reminder", timedelta(0)),
        ("send_sms", "sms-reminder", 3 * DAY),
        ("create_job", "call-customer", 6 * DAY),
    ]
    job = run.sent[-1][1]
    assert isinstance(job, fx.CreateJob)
    assert (job.queue, job.job_type, job.due_at) == ("collections", "call_customer", T0 + 8 * DAY)
    assert run.outcome.state.tokens[0].status == "waiting_job"
    run.send(JobFinished(job_ref=job.job_ref, outcome="promised_to_pay"))
    assert run.status == "completed"
    assert run.outcome.state.ended_reason == "end"
    assert run.log == [
        ("payment-missed", "next"),
        ("email-reminder", "next"),
        ("wait-3-days", None),
        ("wait-3-days", "next"),
        ("opened", "no"),
        ("sms-reminder", "next"),
        ("wait-payment", None),
        ("wait-payment", "timeout"),
        ("call-customer", None),
        ("call-customer", "promised_to_pay"),
        ("end", None),
    ]


def test_s5_opened_reminder_skips_the_sms_and_payment_is_the_goal() -> None:
    opened = Facts(emails_opened=(EmailRecord(T0 + DAY, "payment_reminder"),))
    run = Journey("payment-collection", MISSED, opened)
    run.clock_to(T0 + 4 * DAY)
    assert ("opened", "yes") in run.log
    run.event("payment.received", amount=120)
    assert run.status == "completed"
    assert run.outcome.state.ended_reason == "goal_event:payment.received"
    assert [kind for kind, _, _ in run.effects()] == ["send_email"]
    run.clock_to(T0 + 30 * DAY)
    assert [kind for kind, _, _ in run.effects()] == ["send_email"]


def test_s5_payment_during_the_first_wait_ends_it_at_once() -> None:
    run = Journey("payment-collection", MISSED, Facts())
    run.clock_to(T0 + DAY)
    run.event("payment.received")
    assert run.status == "completed"
    assert run.outcome.timers == []
    run.clock_to(T0 + 30 * DAY)
    assert [node for _, node, _ in run.effects()] == ["email-reminder"]


def test_s5_a_call_that_gets_paid_reaches_the_goal_step() -> None:
    run = Journey("payment-collection", MISSED, Facts())
    run.clock_to(T0 + 7 * DAY)
    job = run.sent[-1][1]
    assert isinstance(job, fx.CreateJob)
    run.send(JobFinished(job_ref=job.job_ref, outcome="paid", data={"amount": 120}))
    assert run.outcome.state.ended_reason == "goal:Paid"
    assert run.outcome.state.variables["job"] == {"outcome": "paid", "form": {"amount": 120}}


def test_s5_replaying_a_timer_sends_nothing_twice() -> None:
    run = Journey("payment-collection", MISSED, Facts())
    run.clock_to(T0 + 3 * DAY)
    before = run.outcome
    run.send(TimerDue(token_id="t1", now=run.now))
    assert run.outcome.state == before.state
    keys = [effect.key for _, effect in run.sent]
    assert len(keys) == len(set(keys))


def _booked(at: str, zone: str = "UTC") -> tuple[EventArrived, Facts]:
    event = EventArrived(name="appointment.scheduled", properties={"id": "a1"}, occurred_at=T0)
    return event, Facts(object={"appointment_at": at}, timezone=zone)


def test_s9_confirms_at_once_reminds_the_day_before_and_asks_for_feedback_after() -> None:
    event, facts = _booked("2025-03-20T15:00:00Z")
    run = Journey("appointment-reminders", event, facts)
    assert run.outcome.timers[0].wake_at == datetime(2025, 3, 19, 15, tzinfo=UTC)
    run.clock_to(T0 + 30 * DAY)
    assert run.effects() == [
        ("send_email", "email-confirm", timedelta(0)),
        ("send_sms", "sms-confirm", timedelta(0)),
        ("send_sms", "sms-reminder", datetime(2025, 3, 19, 15, tzinfo=UTC) - T0),
        ("send_email", "email-feedback", datetime(2025, 3, 20, 17, tzinfo=UTC) - T0),
    ]
    assert run.status == "completed"
    assert run.log[-1] == ("end", None)


def test_s9_the_day_before_keeps_local_time_across_a_clock_change() -> None:
    # 10:00 London on Monday 31 March (BST) → reminder 10:00 on Sunday 30 March (BST).
    event, facts = _booked("2025-03-31T10:00:00+01:00", "Europe/London")
    run = Journey("appointment-reminders", event, facts)
    assert run.outcome.timers[0].wake_at == datetime(2025, 3, 30, 9, tzinfo=UTC)


def test_s9_booked_for_tomorrow_morning_reminds_at_once() -> None:
    event, facts = _booked("2025-03-04T09:00:00Z")
    run = Journey("appointment-reminders", event, facts)
    assert [node for _, node, _ in run.effects()] == [
        "email-confirm",
        "sms-confirm",
        "sms-reminder",
    ]
    assert run.outcome.timers[0].wake_at == datetime(2025, 3, 4, 11, tzinfo=UTC)


def test_s9_two_bookings_run_side_by_side_with_their_own_keys() -> None:
    first = Journey("appointment-reminders", *_booked("2025-03-20T15:00:00Z"))
    assert [e.key for _, e in first.sent] == ["e1:email-confirm:1", "e1:sms-confirm:1"]
    history = EnrollmentHistory(
        last_entered_at={"appointment-reminders": T0}, active={"appointment-reminders": 1}
    )
    again = match_triggers(
        [("appointment-reminders", 1, first.definition)],
        _booked("2025-03-25T15:00:00Z")[0],
        Facts(),
        history,
        T0,
    )
    assert len(again) == 1  # re-entry “always”
