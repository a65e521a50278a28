"""A test run on a virtual clock: the live interpreter, its effects previewed, not executed.

`Simulation` holds the run's own state (the enrollment state, the contact's facts, the
clock) in memory; it turns each choice into the stimuli the worker would have received
(a due timer, an event, a finished job, a webhook's answer) and feeds them to the same
`start` / `advance` the worker calls. Effects go to their handlers' `preview`, never to
the outbox; a CRM change is applied to the run's own copy of the contact, so later steps
see it as they would live.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any, assert_never

import msgspec
from sqlalchemy.ext.asyncio import AsyncSession

from app.effects.handlers import Handlers, PreviewInput
from app.effects.previews import ContactChangePreview, ObjectChangePreview, Preview
from app.engine import effects as fx
from app.engine.catalog import Catalog
from app.engine.definition import JourneyDefinition, Node
from app.engine.exits import exits
from app.engine.facts import Facts
from app.engine.interpreter import Graph, Outcome, StepLog, Trial, advance, pending_timers, start
from app.engine.state import AwaitEvent, AwaitJob, AwaitWebhook, EnrollmentState, TokenState
from app.engine.stimuli import EventArrived, JobFinished, Stimulus, TimerDue, WebhookAnswered
from app.lib.problems import FieldError, UnprocessableError
from app.runs.facts import enrollment_facts
from app.testruns.schemas import (
    Choice,
    ContactChange,
    EventArrives,
    FastForward,
    JobOutcome,
    StepProblem,
    TestStep,
    TimesOut,
    Waiting,
    WebhookReply,
)

# The run's enrollment: effect keys read `test-run:<node>:<visit>`.
ENROLLMENT_ID = "test-run"


def refuse(where: str, message: str) -> UnprocessableError:
    return UnprocessableError(f"{where}: {message}", errors=[FieldError(where, message)])


class Simulation:
    """One test run's own state, moved on by `begin` and `choose`."""

    def __init__(
        self,
        session: AsyncSession,
        handlers: Handlers,
        *,
        definition: JourneyDefinition,
        catalog: Catalog,
        facts: Facts,
        contact_id: uuid.UUID | None,
        trial: Trial,
        clock: datetime,
    ) -> None:
        self.session = session
        self.handlers = handlers
        self.definition = definition
        self.graph = Graph(definition)
        self.catalog = catalog
        self.facts = facts
        self.contact_id = contact_id
        self.trial = trial
        self.clock = clock
        self.state: EnrollmentState | None = None
        self.round = 0
        self.steps: list[TestStep] = []

    # ---- moving the run on ----------------------------------------------------------

    async def begin(
        self, journey_id: str, version: int, trigger: Node, event: dict[str, Any]
    ) -> None:
        # As the worker starts one: the starting event is the enrollment's object until
        # the contact's facts name one (a wait until `object.appointment_at` reads it).
        facts = self.facts
        if not facts.object:
            facts = msgspec.structs.replace(facts, object=dict(event))
        outcome = start(
            self.definition,
            enrollment_id=ENROLLMENT_ID,
            journey_id=journey_id,
            version=version,
            contact_id=str(self.contact_id or "made-up-contact"),
            trigger_node_id=trigger.id,
            facts=facts,
            now=self.clock,
            event=event,
            trial=self.trial,
        )
        await self.take(outcome)

    async def choose(self, index: int, choice: Choice) -> None:
        """Apply `choices[index]`; a choice nothing waits for is refused, naming it."""
        self.round = index + 1
        where = f"choices[{index}]"
        state = self.current(where)
        match choice:
            case FastForward():
                timers = pending_timers(state)
                if not timers:
                    raise refuse(where, "nothing waits for a timer: there is no wait to skip.")
                await self.run_clock_to(min(timer.wake_at for timer in timers))
            case TimesOut():
                token = self.token_at(where, choice.node_id, AwaitEvent)
                assert isinstance(token.awaiting, AwaitEvent)
                await self.run_clock_to(token.awaiting.timeout_at)
            case EventArrives():
                await self.step(self.arrival(where, choice))
            case JobOutcome():
                await self.step(self.job_finished(where, choice))
            case WebhookReply():
                token = self.token_at(where, choice.node_id, AwaitWebhook)
                assert isinstance(token.awaiting, AwaitWebhook)
                await self.step(
                    WebhookAnswered(
                        webhook_ref=token.awaiting.webhook_ref,
                        ok=choice.ok,
                        status=choice.status,
                        saved=dict(choice.saved),
                        error=None if choice.ok else "the call failed (test run)",
                    )
                )
            case _:
                assert_never(choice)

    def current(self, where: str) -> EnrollmentState:
        assert self.state is not None
        if self.state.status in ("completed", "exited"):
            raise refuse(where, f"the run has already ended ({self.state.ended_reason}).")
        return self.state

    async def run_clock_to(self, until: datetime) -> None:
        """Move the clock to `until`, firing every timer due on the way, earliest first."""
        while self.state is not None:
            due = sorted(
                (t for t in pending_timers(self.state) if t.wake_at <= until),
                key=lambda t: (t.wake_at, t.token_id),
            )
            if not due or self.state.status in ("completed", "exited"):
                break
            self.clock = max(self.clock, due[0].wake_at)
            await self.step(TimerDue(token_id=due[0].token_id, now=self.clock))
        self.clock = max(self.clock, until)

    async def step(self, stimulus: Stimulus) -> None:
        assert self.state is not None
        facts = enrollment_facts(self.facts, self.state)
        await self.take(
            advance(self.definition, self.state, stimulus, facts, self.clock, trial=self.trial)
        )

    def token_at(self, where: str, node_id: str, awaits: type[Any]) -> TokenState:
        state = self.current(where)
        for token in state.tokens:
            if token.node_id == node_id and isinstance(token.awaiting, awaits):
                return token
        held = ", ".join(sorted({t.node_id for t in state.tokens})) or "nowhere"
        kind = (
            "an event"
            if awaits is AwaitEvent
            else "a job"
            if awaits is AwaitJob
            else "a webhook's answer"
        )
        raise refuse(
            f"{where}.node_id",
            f"no path waits for {kind} at “{node_id}” (the run is held at: {held}).",
        )

    def arrival(self, where: str, choice: EventArrives) -> EventArrived:
        name = choice.name
        if choice.node_id is not None:
            token = self.token_at(where, choice.node_id, AwaitEvent)
            assert isinstance(token.awaiting, AwaitEvent)
            awaited = token.awaiting.event_name
            if name is not None and name != awaited:
                raise refuse(
                    f"{where}.name", f"“{choice.node_id}” waits for “{awaited}”, not “{name}”."
                )
            name = awaited
        elif name is None:
            raise refuse(f"{where}.name", "name the event (or the step, `node_id`, that waits).")
        else:
            self.current(where)
        return EventArrived(name=name, properties=dict(choice.properties), occurred_at=self.clock)

    def job_finished(self, where: str, choice: JobOutcome) -> JobFinished:
        token = self.token_at(where, choice.node_id, AwaitJob)
        assert isinstance(token.awaiting, AwaitJob)
        node = self.graph.nodes.get(choice.node_id)
        allowed = [e.id for e in exits(node, self.catalog)] if node is not None else []
        if choice.outcome not in allowed:
            raise refuse(
                f"{where}.outcome",
                f"“{choice.outcome}” is not an outcome of “{choice.node_id}”: "
                + ", ".join(allowed),
            )
        cancelled = choice.outcome == "cancelled"
        return JobFinished(
            job_ref=token.awaiting.job_ref,
            outcome=None if cancelled else choice.outcome,
            data=dict(choice.form),
            job_type=getattr(getattr(node, "config", None), "job_type", ""),
            cancelled=cancelled,
        )

    # ---- what a round did -------------------------------------------------------------

    async def take(self, outcome: Outcome) -> None:
        """Record an outcome's steps, each with the preview of the effect it asked for."""
        self.state = outcome.state
        pending = list(outcome.effects)
        for log in outcome.steps:
            effect = next((e for e in pending if e.node_id == log.node_id), None)
            if effect is not None:
                pending.remove(effect)
            self.steps.append(await self.recorded(log, effect))

    async def recorded(self, log: StepLog, effect: fx.Effect | None) -> TestStep:
        node = self.graph.nodes.get(log.node_id)
        seen = log.seen
        event = dict(seen.event) if seen else {}
        variables = dict(seen.variables) if seen else {}
        problems = [
            StepProblem("missing_value", f"{check.subject} is not there: the rule is false.")
            for check in (seen.checks if seen else [])
            if check.missing and check.operator not in ("is_set", "is_not_set", "not_equals")
        ]
        if log.exit_taken is not None and (log.node_id, log.exit_taken) not in self.graph.targets:
            problems.append(
                StepProblem("path_ends", f"The “{log.exit_taken}” exit is not connected.")
            )
        if node is None:
            problems.append(StepProblem("path_ends", f"There is no step “{log.node_id}”."))
        preview: Preview | None = None
        change: ContactChange | None = None
        if effect is not None:
            state = self.state
            assert state is not None
            facts = enrollment_facts(self.facts, state)
            preview = await self.handlers.preview(
                self.session,
                effect,
                PreviewInput(
                    facts=facts,
                    event=event,
                    variables=variables,
                    now=log.at,
                    contact_id=self.contact_id,
                ),
            )
            if not preview.would_run:
                problems.append(StepProblem("would_not_run", preview.reason or "it would not run"))
            change = self.apply(preview)
        return TestStep(
            round=self.round,
            node_id=log.node_id,
            kind=str(node.__struct_config__.tag) if node is not None else None,
            label=node.label if node is not None else None,
            exit_taken=log.exit_taken,
            at=log.at,
            detail=log.detail,
            token_id=log.token_id,
            event=event,
            variables=variables,
            checks=list(seen.checks) if seen else [],
            preview=preview,
            change=change,
            problems=problems,
        )

    def apply(self, preview: Preview) -> ContactChange | None:
        """A CRM change, made to the run's own contact: later steps see it."""
        if not preview.would_run:
            return None
        facts = self.facts
        if isinstance(preview, ContactChangePreview):
            before_contact = dict(facts.contact)
            contact = {**facts.contact, **preview.set_fields}
            for name in preview.clear_fields:
                contact[name] = None
            tags = (facts.tags | set(preview.add_tags)) - set(preview.remove_tags)
            contact["tags"] = sorted(tags)
            scores = dict(facts.scores)
            if preview.score_change:
                scores["lead_score"] = scores.get("lead_score", 0) + preview.score_change
                contact["score"] = scores["lead_score"]
            consent = {**facts.consent, **preview.consent}
            self.facts = msgspec.structs.replace(
                facts, contact=contact, tags=frozenset(tags), scores=scores, consent=consent
            )
            names = [*preview.set_fields, *preview.clear_fields]
            if preview.add_tags or preview.remove_tags:
                names.append("tags")
            if preview.score_change:
                names.append("score")
            before = {name: before_contact.get(name) for name in names}
            before.update({f"consent.{c}": facts.consent.get(c) for c in preview.consent})
            after = {name: contact.get(name) for name in names}
            after.update({f"consent.{c}": v for c, v in preview.consent.items()})
            return ContactChange("contact", before, after)
        if isinstance(preview, ObjectChangePreview):
            kind = preview.object_type
            old = dict(facts.objects.get(kind) or facts.object)
            new = {**old, **preview.set_fields}
            self.facts = msgspec.structs.replace(facts, objects={**facts.objects, kind: new})
            return ContactChange(
                kind,
                {name: old.get(name) for name in preview.set_fields},
                dict(preview.set_fields),
            )
        return None

    def waiting(self) -> list[Waiting]:
        """Where the run is held, and what moves each path on."""
        assert self.state is not None
        held: list[Waiting] = []
        for token in sorted(self.state.tokens, key=lambda t: t.order):
            found = self.held(token)
            if found is not None:
                held.append(found)
        return held

    def held(self, token: TokenState) -> Waiting | None:
        awaiting, at = token.awaiting, (token.token_id, token.node_id)
        if isinstance(awaiting, AwaitEvent):
            return Waiting(
                *at, kind="event", until=awaiting.timeout_at, event_name=awaiting.event_name
            )
        if isinstance(awaiting, AwaitJob):
            node = self.graph.nodes.get(token.node_id)
            outcomes = [e.id for e in exits(node, self.catalog)] if node else []
            return Waiting(*at, kind="job", outcomes=outcomes)
        if isinstance(awaiting, AwaitWebhook):
            return Waiting(*at, kind="webhook", outcomes=["next", "failed"])
        if token.status == "waiting_join":
            return Waiting(*at, kind="join")
        if token.wake_at is not None:
            return Waiting(*at, kind="timer", until=token.wake_at)
        return None
