"""The journey interpreter: `start` and `advance` an enrollment, purely.

A definition, a state, a stimulus, the contact's facts and the time go in; the new state,
a log of every step, the side effects to send and the pending timers come out. Nothing is
read from a clock, a database or a random source, so the same input always gives the same
outcome and the worker can retry a transaction without changing what happens.
"""

from __future__ import annotations

import hashlib
from datetime import datetime
from typing import Any, Final, assert_never

import msgspec
from msgspec import field

from app.engine import effects as fx
from app.engine.actions import (
    CreateJob,
    CreateLetter,
    EmitEvent,
    NotifyStaff,
    PortalMessage,
    SendEmail,
    SendSms,
    UpdateContact,
    UpdateObject,
    Webhook,
)
from app.engine.conditions import ConditionGroup
from app.engine.definition import TRIGGER_TYPES, JourneyDefinition, Node
from app.engine.evaluate import MISSING, RuleCheck, Scope, check, explain, resolve
from app.engine.facts import Facts
from app.engine.flow import (
    DEFAULT_EXIT_ID,
    ConditionSplit,
    End,
    Goal,
    Join,
    ParallelSplit,
    RandomSplit,
    Switch,
    WaitDuration,
    WaitForEvent,
    WaitUntilDate,
    WaitUntilTime,
)
from app.engine.primitives import FieldAssignment
from app.engine.state import (
    AwaitEvent,
    AwaitJob,
    AwaitWebhook,
    EnrollmentState,
    EnrollmentStatus,
    TokenState,
    TokenStatus,
)
from app.engine.stimuli import (
    EventArrived,
    JobChanged,
    JobFinished,
    JourneyPaused,
    JourneyResumed,
    ManualEnrol,
    ScheduleFired,
    ScoreChanged,
    SegmentEntered,
    Stimulus,
    TimerDue,
    WebhookAnswered,
)
from app.engine.timing import add_duration, next_time_of_day, until_date, zone
from app.engine.traces import (
    BranchWhy,
    ConditionWhy,
    EffectWhy,
    EventWhy,
    JobWhy,
    TimerWhy,
    WebhookWhy,
    Why,
)
from app.engine.triggers import (
    EventTrigger,
    JobStatusTrigger,
    ManualTrigger,
    ScheduleTrigger,
    ScoreThresholdTrigger,
    SegmentEnteredTrigger,
)

# Steps one advance may run before it parks the remaining ready tokens (due at once, so
# the sweeper continues them in the next transaction). A loop without a wait cannot hang
# a worker; validation refuses such loops anyway.
MAX_STEPS: Final = 500


class Seen(msgspec.Struct, frozen=True, kw_only=True):
    """What a step saw, kept only on a trial (a test run): the journey's event and
    variables as the step met them, and each condition rule it checked with its result."""

    event: dict[str, Any]
    variables: dict[str, Any]
    checks: list[RuleCheck] = field(default_factory=list)


class StepLog(msgspec.Struct, frozen=True, kw_only=True):
    """One line of the enrollment's path: a step taken (or a token held at it)."""

    node_id: str
    exit_taken: str | None
    at: datetime
    detail: str
    token_id: str = ""
    seen: Seen | None = None
    # What the step saw and why it left by its exit (or what it now waits for).
    why: Why | None = None


class Trial(msgspec.Struct, frozen=True, kw_only=True):
    """A run for trying a journey out (app.testruns), not for real: every step records
    what it saw (`StepLog.seen`), and a random split named here takes the branch given
    instead of the contact's stable one. The steps taken are otherwise the same."""

    forced_branches: dict[str, str] = field(default_factory=dict)


class Timer(msgspec.Struct, frozen=True):
    """A pending wake-up: the sweeper sends `TimerDue(token_id)` at `wake_at`."""

    token_id: str
    wake_at: datetime


class Outcome(msgspec.Struct, frozen=True, kw_only=True):
    """What an advance decided. `timers` is the full set now pending for the enrollment."""

    state: EnrollmentState
    steps: list[StepLog]
    effects: list[fx.Effect]
    timers: list[Timer]


class Graph:
    """A definition indexed for running: nodes by id, targets by (node, exit).
    `graph_of` keeps one per definition object, so an advance does not index it again."""

    __slots__ = ("nodes", "targets")

    def __init__(self, definition: JourneyDefinition) -> None:
        self.nodes: dict[str, Node] = {}
        for node in definition.nodes:
            self.nodes.setdefault(node.id, node)
        self.targets: dict[tuple[str, str], str] = {}
        for edge in definition.edges:
            if edge.target in self.nodes:
                self.targets.setdefault((edge.source, edge.source_handle), edge.target)


# id(definition) -> (definition, its graph); the definition is held so its id stays its own.
_GRAPHS: dict[int, tuple[JourneyDefinition, Graph]] = {}
_GRAPHS_KEPT: Final = 256


def graph_of(definition: JourneyDefinition) -> Graph:
    """The definition's graph, indexed once per definition object (definitions are frozen)."""
    kept = _GRAPHS.get(id(definition))
    if kept is not None and kept[0] is definition:
        return kept[1]
    if len(_GRAPHS) >= _GRAPHS_KEPT:
        _GRAPHS.clear()
    graph = Graph(definition)
    _GRAPHS[id(definition)] = (definition, graph)
    return graph


def start(
    definition: JourneyDefinition,
    *,
    enrollment_id: str,
    journey_id: str,
    version: int,
    contact_id: str,
    trigger_node_id: str,
    facts: Facts,
    now: datetime,
    event: dict[str, Any] | None = None,
    trial: Trial | None = None,
) -> Outcome:
    """Enrol a contact at a trigger and run until every token blocks or ends."""
    state = EnrollmentState(
        enrollment_id=enrollment_id,
        journey_id=journey_id,
        version=version,
        contact_id=contact_id,
        event=dict(event or {}),
        trigger=dict(event or {}),
        tokens=[
            TokenState(token_id=_first_token_id(), node_id=trigger_node_id, status="ready", order=1)
        ],
        next_token=2,
        entered_at=now,
    )
    run = _Run(definition, state, facts, now, trial)
    run.check_exit_criteria()
    run.execute()
    return run.outcome()


def advance(
    definition: JourneyDefinition,
    state: EnrollmentState,
    stimulus: Stimulus,
    facts: Facts,
    now: datetime,
    *,
    trial: Trial | None = None,
) -> Outcome:
    """Apply one stimulus to an enrollment and run every ready token until it blocks.

    Never raises on data: a missing date, an unknown node or exit is logged and handled.
    An ended enrollment ignores every stimulus; a paused one holds (only goal events and
    resume act on it).
    """
    run = _Run(definition, state, facts, now, trial)
    if run.status in ("completed", "exited"):
        return run.outcome()
    match stimulus:
        case JourneyPaused():
            run.pause()
        case JourneyResumed():
            run.resume()
        case EventArrived():
            run.event_arrived(stimulus)
        case TimerDue() | JobFinished() | WebhookAnswered():
            # What a waiting token waits for: only an active journey moves on it.
            if run.status == "active":
                run.waited_for(stimulus)
        case JobChanged() | ScoreChanged() | SegmentEntered() | ManualEnrol() | ScheduleFired():
            pass
        case _:
            assert_never(stimulus)
    if run.status == "active":
        run.check_exit_criteria()
        run.execute()
    return run.outcome()


# ---- staff interventions: what "who is at this step" may do to one path -------------
# Each is a pure function like `advance`: the caller (app.runs.actions) has checked that
# the path still stands where the person saw it, holds the contact's lock, and writes
# the outcome as the worker would. A refusal is a ValueError naming why.


def remove(
    definition: JourneyDefinition, state: EnrollmentState, facts: Facts, now: datetime, *, by: str
) -> Outcome:
    """End the enrollment now: every live path stops where it is (`ended_reason`
    "removed")."""
    run = _Run(definition, state, facts, now)
    if run.status not in ("active", "paused"):
        raise ValueError("the enrollment has already ended")
    run.finish("exited", "removed", f"Removed from the journey by {by}.")
    return run.outcome()


def move(
    definition: JourneyDefinition,
    state: EnrollmentState,
    facts: Facts,
    now: datetime,
    *,
    token_id: str,
    to_node_id: str,
    by: str,
) -> Outcome:
    """Take one path off its step and into another step of the same version, which it
    enters now (a wait starts afresh, an action runs), then run until it blocks."""
    run = _Run(definition, state, facts, now)
    token = run.tokens.get(token_id)
    if token is None or run.status != "active":
        raise ValueError("the path is no longer live, or the journey is paused")
    target = run.graph.nodes.get(to_node_id)
    if target is None:
        raise ValueError(f"there is no step “{to_node_id}” in version {state.version}")
    if isinstance(target, TRIGGER_TYPES):
        raise ValueError(f"“{target.label or target.id}” is a trigger: a path cannot move there")
    moved = f"Moved by {by} to “{target.label or target.id}”."
    if isinstance(token.awaiting, AwaitJob):
        # The caller cancels it (app.runs.services.intervene): nobody waits for it now.
        moved += " The job it waited for is cancelled."
    run.log(token.node_id, None, moved, token_id)
    run.put(token, node_id=to_node_id, status="ready", wake_at=None, awaiting=None)
    run.check_exit_criteria()
    run.execute()
    return run.outcome()


def end_wait(
    definition: JourneyDefinition,
    state: EnrollmentState,
    facts: Facts,
    now: datetime,
    *,
    token_id: str,
    by: str,
) -> Outcome:
    """End a wait now: a timed wait goes on by "next", a wait for an event by "timeout",
    as if its time had come."""
    run = _Run(definition, state, facts, now)
    token = run.tokens.get(token_id)
    if token is None or run.status != "active":
        raise ValueError("the path is no longer live, or the journey is paused")
    awaiting = token.awaiting
    if token.status == "waiting_timer" and token.wake_at is not None:
        why: Why = TimerWhy(due_at=token.wake_at)
        run.leave(token, "next", f"Wait ended early by {by}.", why)
    elif token.status == "waiting_event" and isinstance(awaiting, AwaitEvent):
        why = EventWhy(event_name=awaiting.event_name, timeout_at=awaiting.timeout_at)
        run.leave(token, "timeout", f"Wait for “{awaiting.event_name}” ended early by {by}.", why)
    else:
        raise ValueError("this step is not a wait (a timer or an event) that can end early")
    run.check_exit_criteria()
    run.execute()
    return run.outcome()


def pick_branch(contact_id: str, node_id: str, weights: list[tuple[str, int]]) -> str:
    """A random-split branch, the same for a contact every time: a hash, not a dice."""
    digest = hashlib.sha256(f"{contact_id}:{node_id}".encode()).digest()
    total = sum(weight for _, weight in weights)
    point = int.from_bytes(digest[:8], "big") % total
    for branch, weight in weights:
        if point < weight:
            return branch
        point -= weight
    raise AssertionError("unreachable: point < total")  # pragma: no cover


class _Run:
    """The mutable working copy of one advance; `outcome()` freezes it again."""

    def __init__(
        self,
        definition: JourneyDefinition,
        state: EnrollmentState,
        facts: Facts,
        now: datetime,
        trial: Trial | None = None,
    ) -> None:
        self.definition = definition
        self.trial = trial
        # The rules the next logged step checked (trials only).
        self.checks: list[RuleCheck] = []
        self.graph = graph_of(definition)
        self.state = state
        self.facts = facts
        self.now = now
        self.tz = zone("contact", facts.timezone)
        self.status: EnrollmentStatus = state.status
        self.ended_reason = state.ended_reason
        self.variables = dict(state.variables)
        self.event = dict(state.event)
        self.tokens: dict[str, TokenState] = {t.token_id: t for t in state.tokens}
        self.visits = dict(state.visits)
        self.next_token = state.next_token
        self.joined = list(state.joined)
        self.steps: list[StepLog] = []
        self.effects: list[fx.Effect] = []

    # ---- bookkeeping -------------------------------------------------------------

    def scope(self) -> Scope:
        return Scope(
            facts=self.facts,
            now=self.now,
            event=self.event,
            variables=self.variables,
            entered_at=self.state.entered_at,
        )

    def log(
        self,
        node_id: str,
        exit_taken: str | None,
        detail: str,
        token_id: str = "",
        why: Why | None = None,
    ) -> None:
        seen = None
        if self.trial is not None:
            seen = Seen(event=dict(self.event), variables=dict(self.variables), checks=self.checks)
        self.checks = []
        self.steps.append(
            StepLog(
                node_id=node_id,
                exit_taken=exit_taken,
                at=self.now,
                detail=detail,
                token_id=token_id,
                seen=seen,
                why=why,
            )
        )

    def holds(self, condition: ConditionGroup, where: str = "") -> bool:
        """`check`, keeping each rule's result for the step's log: its trace (`why`),
        and on a trial what it saw (`seen`)."""
        found = explain(condition, self.scope(), where)
        self.checks.extend(found)
        return found[0].holds

    def ordered(self) -> list[TokenState]:
        return sorted(self.tokens.values(), key=lambda t: t.order)

    def put(self, token: TokenState, **changes: Any) -> TokenState:
        updated = msgspec.structs.replace(token, **changes)
        self.tokens[token.token_id] = updated
        return updated

    def new_token(self, node_id: str, lineage: tuple[str, ...]) -> TokenState:
        order = self.next_token
        self.next_token += 1
        token = TokenState(
            token_id=f"t{order}", node_id=node_id, status="ready", order=order, lineage=lineage
        )
        self.tokens[token.token_id] = token
        return token

    def drop(self, token: TokenState, detail: str) -> None:
        """The token's path ends here."""
        self.tokens.pop(token.token_id, None)
        self.log(token.node_id, None, detail, token.token_id)

    def finish(self, status: EnrollmentStatus, reason: str, detail: str) -> None:
        """End the whole enrollment: every live token stops where it is."""
        for token in self.ordered():
            self.log(token.node_id, None, detail, token.token_id)
        self.tokens.clear()
        self.status = status
        self.ended_reason = reason

    def leave(self, token: TokenState, exit_id: str, detail: str, why: Why | None = None) -> None:
        """Take an exit: on to the connected step, or end the path if none is connected."""
        self.log(token.node_id, exit_id, detail, token.token_id, why)
        target = self.graph.targets.get((token.node_id, exit_id))
        if target is None:
            self.drop(token, f"The “{exit_id}” exit is not connected: this path ends.")
            return
        self.put(token, node_id=target, status="ready", wake_at=None, awaiting=None)

    def block(
        self,
        token: TokenState,
        status: TokenStatus,
        detail: str,
        *,
        wake_at: datetime | None = None,
        awaiting: AwaitEvent | AwaitJob | AwaitWebhook | None = None,
        why: Why | None = None,
    ) -> None:
        self.put(token, status=status, wake_at=wake_at, awaiting=awaiting)
        self.log(token.node_id, None, detail, token.token_id, why)

    # ---- stimuli -----------------------------------------------------------------

    def pause(self) -> None:
        if self.status != "active":
            return
        self.status = "paused"
        for token in self.ordered():
            self.log(token.node_id, None, "Journey paused: held here.", token.token_id)

    def resume(self) -> None:
        if self.status != "paused":
            return
        self.status = "active"
        for token in self.ordered():
            self.log(token.node_id, None, "Journey resumed.", token.token_id)
            self.fire_if_due(token)

    def fire_if_due(self, token: TokenState) -> None:
        if token.status == "waiting_timer" and token.wake_at and token.wake_at <= self.now:
            self.leave(
                token,
                "next",
                f"Waited until {token.wake_at.isoformat()}.",
                TimerWhy(due_at=token.wake_at),
            )
        elif (
            token.status == "waiting_event"
            and isinstance(token.awaiting, AwaitEvent)
            and token.awaiting.timeout_at <= self.now
        ):
            awaiting = token.awaiting
            self.leave(
                token,
                "timeout",
                f"No “{awaiting.event_name}” in time.",
                EventWhy(event_name=awaiting.event_name, timeout_at=awaiting.timeout_at),
            )

    def timer_due(self, token_id: str) -> None:
        token = self.tokens.get(token_id)
        if token is not None:  # A stale or repeated timer is ignored.
            self.fire_if_due(token)

    def event_arrived(self, event: EventArrived) -> None:
        if event.name in self.definition.settings.exit_criteria.goal_events:
            self.event = dict(event.properties)
            self.finish(
                "completed",
                f"goal_event:{event.name}",
                f"“{event.name}” arrived: goal reached, the contact leaves the journey.",
            )
            return
        if self.status != "active":
            return
        for token in self.ordered():
            awaiting = token.awaiting
            if token.status != "waiting_event" or not isinstance(awaiting, AwaitEvent):
                continue
            if awaiting.event_name != event.name:
                continue
            if event.occurred_at > awaiting.timeout_at:
                self.fire_if_due(token)
                continue
            node = self.graph.nodes.get(token.node_id)
            event_filter = node.config.filter if isinstance(node, WaitForEvent) else None
            scope = msgspec.structs.replace(self.scope(), event=event.properties)
            if event_filter is not None and not check(event_filter, scope):
                continue
            self.event = dict(event.properties)
            why = EventWhy(
                event_name=event.name, timeout_at=awaiting.timeout_at, event_id=event.event_id
            )
            self.leave(token, "received", f"“{event.name}” arrived.", why)

    def waited_for(self, stimulus: TimerDue | JobFinished | WebhookAnswered) -> None:
        match stimulus:
            case TimerDue():
                self.timer_due(stimulus.token_id)
            case JobFinished():
                self.job_finished(stimulus)
            case WebhookAnswered():
                self.webhook_answered(stimulus)

    def job_finished(self, job: JobFinished) -> None:
        for token in self.ordered():
            awaiting = token.awaiting
            if not (isinstance(awaiting, AwaitJob) and awaiting.job_ref == job.job_ref):
                continue
            exit_id = "cancelled" if job.cancelled or not job.outcome else job.outcome
            self.variables["job"] = {"outcome": exit_id, "form": dict(job.data)}
            self.variables.setdefault("jobs", {})
            self.variables["jobs"] = {
                **self.variables["jobs"],
                token.node_id: {"outcome": exit_id, "form": dict(job.data)},
            }
            why = JobWhy(job_ref=job.job_ref, outcome=exit_id, form=dict(job.data))
            self.leave(token, exit_id, f"Job finished: {exit_id}.", why)

    def webhook_answered(self, answer: WebhookAnswered) -> None:
        for token in self.ordered():
            awaiting = token.awaiting
            if not (
                isinstance(awaiting, AwaitWebhook) and awaiting.webhook_ref == answer.webhook_ref
            ):
                continue
            # Saved answer fields become journey variables (`journey.ticket_id`), and the
            # call itself is `journey.webhook` for conditions after it.
            self.variables.update(answer.saved)
            self.variables["webhook"] = {
                "ok": answer.ok,
                "status": answer.status,
                "error": answer.error,
            }
            why = WebhookWhy(
                webhook_ref=answer.webhook_ref,
                ok=answer.ok,
                status=answer.status,
                error=answer.error,
                saved=dict(answer.saved),
            )
            if answer.ok:
                self.leave(token, "next", f"Answered ({answer.status}).", why)
            else:
                self.leave(token, "failed", f"The call failed: {answer.error or 'no answer'}.", why)

    def check_exit_criteria(self) -> bool:
        condition = self.definition.settings.exit_criteria.condition
        if self.status != "active" or condition is None or not self.tokens:
            return False
        if not check(condition, self.scope()):
            return False
        self.finish("exited", "exit_criteria", "Exit criteria met: the contact leaves.")
        return True

    # ---- running -----------------------------------------------------------------

    def execute(self) -> None:
        steps = 0
        while self.status == "active":
            ready = [t for t in self.ordered() if t.status == "ready"]
            if not ready:
                if self.release_joins():
                    continue
                break
            if steps >= MAX_STEPS:
                for token in ready:
                    self.put(token, wake_at=self.now)
                    self.log(
                        token.node_id,
                        None,
                        f"Step limit ({MAX_STEPS}) reached in one go: continues shortly.",
                        token.token_id,
                    )
                break
            steps += 1
            if self.check_exit_criteria():
                break
            self.enter(ready[0])
        if self.status == "active" and not self.tokens:
            self.status = "completed"
            self.ended_reason = self.ended_reason or "end"

    def enter(self, token: TokenState) -> None:  # noqa: PLR0912, PLR0915 - one branch per kind
        node = self.graph.nodes.get(token.node_id)
        if node is None:
            self.drop(token, f"Step “{token.node_id}” is not in this version: the path ends.")
            return
        visit = self.visits.get(node.id, 0) + 1
        self.visits[node.id] = visit
        token = self.put(token, wake_at=None)
        key = fx.effect_key(self.state.enrollment_id, node.id, visit)
        match node:
            case (
                EventTrigger()
                | SegmentEnteredTrigger()
                | ScheduleTrigger()
                | ScoreThresholdTrigger()
                | ManualTrigger()
                | JobStatusTrigger()
            ):
                self.leave(token, "next", "Entered the journey.")
            case WaitDuration():
                wake = add_duration(self.now, node.config.duration, self.tz)
                self.wait_until(token, wake)
            case WaitUntilDate():
                self.wait_until_date(token, node)
            case WaitUntilTime():
                config = node.config
                tz = zone(config.timezone, self.facts.timezone)
                self.wait_until(token, next_time_of_day(self.now, config.at, config.weekdays, tz))
            case WaitForEvent():
                timeout_at = add_duration(self.now, node.config.timeout, self.tz)
                self.block(
                    token,
                    "waiting_event",
                    f"Waiting for “{node.config.event_name}” until {timeout_at.isoformat()}.",
                    awaiting=AwaitEvent(node.config.event_name, timeout_at),
                    why=EventWhy(event_name=node.config.event_name, timeout_at=timeout_at),
                )
            case ConditionSplit():
                holds = self.holds(node.config.condition)
                why = ConditionWhy(list(self.checks))
                self.leave(token, "yes" if holds else "no", "Condition checked.", why)
            case Switch():
                chosen = next(
                    (
                        case.id
                        for case in node.config.cases
                        if self.holds(case.condition, f"cases.{case.id}")
                    ),
                    DEFAULT_EXIT_ID,
                )
                self.leave(token, chosen, "Switch checked.", ConditionWhy(list(self.checks)))
            case RandomSplit():
                self.random_split(token, node)
            case ParallelSplit():
                self.split(token, node, visit)
            case Join():
                self.join(token, node)
            case Goal():
                goal = node.config.goal or node.label or node.id
                self.drop(token, f"Goal reached: {goal}.")
                self.finish("completed", f"goal:{goal}", "Goal reached on another path: ends here.")
            case End():
                self.drop(token, "End of the journey.")
            case CreateJob():
                self.create_job(token, node, key)
            case Webhook():
                # The call happens after commit; the answer (or the final failure) comes
                # back as a stimulus and picks "next" or "failed".
                self.effects.append(self.action_effect(node, key))
                self.block(
                    token,
                    "waiting_answer",
                    f"Calling {node.config.method} {node.config.url}: waiting for the answer.",
                    awaiting=AwaitWebhook(key),
                    why=WebhookWhy(webhook_ref=key),
                )
            case (
                SendEmail()
                | SendSms()
                | CreateLetter()
                | UpdateContact()
                | UpdateObject()
                | NotifyStaff()
                | EmitEvent()
                | PortalMessage()
            ):
                effect = self.action_effect(node, key)
                self.effects.append(effect)
                kind = str(effect.__struct_config__.tag)
                self.leave(
                    token, "next", f"{kind} queued ({key}).", EffectWhy(effect=kind, key=key)
                )
            case _:
                assert_never(node)

    def random_split(self, token: TokenState, node: RandomSplit) -> None:
        weights = [(b.id, b.weight) for b in node.config.branches]
        forced = self.trial.forced_branches.get(node.id) if self.trial else None
        if forced is not None:
            why = BranchWhy(branch=forced, weights=dict(weights))
            self.leave(token, forced, f"Random split forced to “{forced}” (test run).", why)
            return
        branch = pick_branch(self.state.contact_id, node.id, weights)
        why = BranchWhy(branch=branch, weights=dict(weights))
        self.leave(token, branch, "Random split (stable for this contact).", why)

    def create_job(self, token: TokenState, node: CreateJob, key: str) -> None:
        job = node.config
        escalation = job.escalation
        self.effects.append(
            fx.CreateJob(
                key=key,
                node_id=node.id,
                job_ref=key,
                job_type=job.job_type,
                queue=job.queue,
                title=job.title,
                guidance=job.guidance,
                priority=job.priority,
                due_at=add_duration(self.now, job.due_in, self.tz) if job.due_in else None,
                link_objects=list(job.link_objects),
                escalate_at=add_duration(self.now, escalation.if_unclaimed_after, self.tz)
                if escalation
                else None,
                escalate_priority=escalation.raise_priority_to if escalation else None,
                escalate_notify_supervisors=bool(escalation and escalation.notify_supervisors),
            )
        )
        self.block(
            token,
            "waiting_job",
            f"Job “{job.job_type}” created in {job.queue}: waiting for its outcome.",
            awaiting=AwaitJob(key),
            why=JobWhy(job_ref=key),
        )

    def wait_until(self, token: TokenState, wake: datetime) -> None:
        if wake <= self.now:
            self.leave(token, "next", "The time has already come.")
        else:
            self.block(
                token,
                "waiting_timer",
                f"Waiting until {wake.isoformat()}.",
                wake_at=wake,
                why=TimerWhy(due_at=wake),
            )

    def wait_until_date(self, token: TokenState, node: WaitUntilDate) -> None:
        config = node.config
        value = resolve(self.scope(), config.date_field)
        target = None
        if value is not MISSING:
            target = until_date(
                value,
                offset=config.offset,
                direction=config.offset_direction,
                at=config.at,
                tz=zone(config.timezone, self.facts.timezone),
            )
        if target is not None and target > self.now:
            self.block(
                token,
                "waiting_timer",
                f"Waiting until {target.isoformat()}.",
                wake_at=target,
                why=TimerWhy(due_at=target),
            )
            return
        why = "missing" if target is None else f"passed ({target.isoformat()})"
        if config.when_passed == "end":
            self.drop(token, f"The date in {config.date_field} is {why}: the path ends.")
        else:
            self.leave(token, "next", f"The date in {config.date_field} is {why}: continue.")

    def split(self, token: TokenState, node: ParallelSplit, visit: int) -> None:
        self.tokens.pop(token.token_id)
        for branch in node.config.branches:
            target = self.graph.targets.get((node.id, branch.id))
            if target is None:
                self.log(node.id, branch.id, "Branch not connected: no path.", token.token_id)
                continue
            frame = f"{node.id}#{visit}/{branch.id}"
            child = self.new_token(target, (*token.lineage, frame))
            self.log(node.id, branch.id, f"Path {child.token_id} started.", token.token_id)
        self.log(node.id, None, "Split into parallel paths.", token.token_id)

    def join(self, token: TokenState, node: Join) -> None:
        if not token.lineage:
            self.leave(token, "next", "Nothing to wait for: continue.")
            return
        if node.config.wait_for == "first":
            parent, family = token.lineage[:-1], _family(token.lineage[-1])
            key = f"{node.id}|{'/'.join(parent)}|{family}"
            if key in self.joined:
                self.drop(token, "Another branch already went on from this join.")
                return
            self.joined.append(key)
            token = self.put(token, lineage=parent)
            self.leave(token, "next", "First branch arrived: continue.")
            return
        self.block(token, "waiting_join", "Waiting for the other branches.")

    def release_joins(self) -> bool:
        """Let a join-“all” go on once no other token of its split can still arrive."""
        live = self.ordered()
        for token in live:
            if token.status != "waiting_join" or not token.lineage:
                continue
            depth = len(token.lineage)
            parent, family = token.lineage[:-1], _family(token.lineage[-1])
            members = [
                t
                for t in live
                if len(t.lineage) >= depth
                and t.lineage[: depth - 1] == parent
                and _family(t.lineage[depth - 1]) == family
            ]
            if not all(
                t.status == "waiting_join"
                and t.node_id == token.node_id
                and len(t.lineage) == depth
                for t in members
            ):
                continue
            survivor = members[0]
            for other in members[1:]:
                self.drop(other, f"Merged into {survivor.token_id} at the join.")
            survivor = self.put(survivor, lineage=parent)
            self.leave(survivor, "next", f"All {len(members)} branches arrived.")
            return True
        return False

    def assigned(self, assignments: list[FieldAssignment]) -> dict[str, Any]:
        values: dict[str, Any] = {}
        for item in assignments:
            if item.value_from is not None:
                found = resolve(self.scope(), item.value_from)
                values[item.field] = None if found is MISSING else found
            else:
                values[item.field] = item.value
        return values

    def action_effect(  # noqa: PLR0911 - one branch per kind
        self,
        node: SendEmail
        | SendSms
        | CreateLetter
        | UpdateContact
        | UpdateObject
        | Webhook
        | NotifyStaff
        | EmitEvent
        | PortalMessage,
        key: str,
    ) -> fx.Effect:
        common: dict[str, Any] = {"key": key, "node_id": node.id}
        match node:
            case SendEmail():
                c = node.config
                return fx.SendEmail(**common, template=c.template, subject=c.subject, body=c.body)
            case SendSms():
                return fx.SendSms(**common, template=node.config.template, text=node.config.text)
            case CreateLetter():
                c2 = node.config
                return fx.CreateLetter(
                    **common, template=c2.template, body=c2.body, print_queue=c2.print_queue
                )
            case UpdateContact():
                c3 = node.config
                return fx.UpdateContact(
                    **common,
                    set_fields=self.assigned(c3.set_fields),
                    clear_fields=list(c3.clear_fields),
                    add_tags=list(c3.add_tags),
                    remove_tags=list(c3.remove_tags),
                    score_change=c3.score_change,
                    add_roles=list(c3.add_roles),
                    remove_roles=list(c3.remove_roles),
                    consent=[fx.ConsentSet(c.channel, c.granted) for c in c3.consent],
                )
            case UpdateObject():
                return fx.UpdateObject(
                    **common,
                    object_type=node.config.object_type,
                    set_fields=self.assigned(node.config.set_fields),
                )
            case Webhook():
                c4 = node.config
                return fx.Webhook(
                    **common,
                    url=c4.url,
                    method=c4.method,
                    headers=dict(c4.headers),
                    body=c4.body,
                    save_response=dict(c4.save_response),
                )
            case NotifyStaff():
                c5 = node.config
                return fx.NotifyStaff(
                    **common, queue=c5.queue, message=c5.message, audience=c5.audience
                )
            case EmitEvent():
                return fx.EmitEvent(
                    **common,
                    event_name=node.config.event_name,
                    properties=dict(node.config.properties),
                )
            case PortalMessage():
                c6 = node.config
                return fx.PortalMessage(
                    **common, title=c6.title, body=c6.body, link=c6.link, pin=c6.pin
                )
            case _:
                assert_never(node)

    def outcome(self) -> Outcome:
        tokens = self.ordered()
        state = msgspec.structs.replace(
            self.state,
            status=self.status,
            ended_reason=self.ended_reason,
            variables=self.variables,
            event=self.event,
            tokens=tokens,
            visits=self.visits,
            next_token=self.next_token,
            joined=self.joined,
        )
        return Outcome(
            state=state, steps=self.steps, effects=self.effects, timers=pending_timers(state)
        )


def pending_timers(state: EnrollmentState) -> list[Timer]:
    """Every wake-up the enrollment needs: waits, event timeouts and parked tokens."""
    timers: list[Timer] = []
    for token in sorted(state.tokens, key=lambda t: t.order):
        if isinstance(token.awaiting, AwaitEvent) and token.status == "waiting_event":
            timers.append(Timer(token.token_id, token.awaiting.timeout_at))
        elif token.wake_at is not None and token.status in ("waiting_timer", "ready"):
            timers.append(Timer(token.token_id, token.wake_at))
    return timers


def _first_token_id() -> str:
    return "t1"


def _family(frame: str) -> str:
    """`split#2/a` → `split#2`: the split visit a branch frame belongs to."""
    return frame.rpartition("/")[0]
