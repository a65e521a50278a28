"""The replay itself: one contact's recorded events through a journey, on a virtual clock.

Pure (no database): `services` loads each contact's feed — its facts rewound to the
period's start, its events of the period in id order — and `replay_contact` feeds them
to the live interpreter's `start` / `advance`, firing the enrollment's timers when the
virtual clock passes them, and counts what happened into a `Tally`. A job step's job
ends at once with the outcome chosen for it (`JobPlan`); a webhook call is answered at
once, successfully; a CRM step changes the replay's own copy of the contact.
"""

from __future__ import annotations

import uuid
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Final, NamedTuple

import msgspec

from app.contacts.profile import SCORE_NAME
from app.engine import effects as fx
from app.engine.definition import TRIGGER_TYPES, JourneyDefinition
from app.engine.facts import EmailRecord, EventRecord, Facts
from app.engine.flow import End, Goal
from app.engine.interpreter import Outcome, advance, pick_branch, start
from app.engine.state import AwaitEvent, EnrollmentState, started_by
from app.engine.stimuli import EventArrived, JobFinished, Stimulus, TimerDue, WebhookAnswered
from app.engine.triggers import EventTrigger
from app.engine.triggers_match import EnrollmentHistory, decide_triggers

LIVE: Final = ("active", "paused")
# How many stimuli one enrollment may take from its own job and webhook steps in a row:
# a loop through a job step that always ends the same way must not spin for ever.
MAX_CHAIN: Final = 200
MESSAGE_CHANNELS: Final[Mapping[type[Any], str]] = {
    fx.SendEmail: "email",
    fx.SendSms: "sms",
    fx.CreateLetter: "letter",
}


class FeedEvent(NamedTuple):
    id: int
    name: str
    properties: dict[str, Any]
    occurred_at: datetime
    source: str


@dataclass(slots=True)
class Feed:
    """One contact as the replay sees it."""

    contact_id: uuid.UUID
    # The contact's facts at the period's start (rewound through its recorded changes).
    facts: Facts
    # Its events of the period, in id order.
    events: list[FeedEvent]
    # Opened emails and events "did event X" rules count, with their ids (all time).
    opened: list[tuple[int, EmailRecord]] = field(default_factory=list)
    history: list[tuple[int, EventRecord]] = field(default_factory=list)


@dataclass(slots=True)
class JobPlan:
    """Outcome per job step: one for everyone, or weights split by contact."""

    outcomes: dict[str, str] = field(default_factory=dict)
    splits: dict[str, list[tuple[str, int]]] = field(default_factory=dict)

    def outcome(self, contact_id: str, node_id: str) -> str | None:
        split = self.splits.get(node_id)
        if split:
            return pick_branch(contact_id, f"what-if:{node_id}", split)
        return self.outcomes.get(node_id)


@dataclass(slots=True)
class Tally:
    """What the draft did, as sets of contacts (distinct) and message counts."""

    entered: dict[str, set[uuid.UUID]] = field(default_factory=lambda: defaultdict(set))
    exits: dict[tuple[str, str], set[uuid.UUID]] = field(default_factory=lambda: defaultdict(set))
    waiting: dict[str, set[uuid.UUID]] = field(default_factory=lambda: defaultdict(set))
    ends: dict[str, set[uuid.UUID]] = field(default_factory=lambda: defaultdict(set))
    # (channel, template) -> count, and who got them
    messages: dict[tuple[str, str], int] = field(default_factory=lambda: defaultdict(int))
    message_contacts: dict[tuple[str, str], set[uuid.UUID]] = field(
        default_factory=lambda: defaultdict(set)
    )
    jobs: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    job_contacts: dict[str, set[uuid.UUID]] = field(default_factory=lambda: defaultdict(set))
    enrolled: set[uuid.UUID] = field(default_factory=set)
    enrollments: int = 0
    events: int = 0
    contacts: int = 0

    def merge(self, other: Tally) -> None:
        for mine, theirs in (
            (self.entered, other.entered),
            (self.exits, other.exits),
            (self.waiting, other.waiting),
            (self.ends, other.ends),
            (self.message_contacts, other.message_contacts),
            (self.job_contacts, other.job_contacts),
        ):
            for key, found in theirs.items():
                mine[key] |= found  # type: ignore[index]
        for key, n in other.messages.items():
            self.messages[key] += n
        for queue, n in other.jobs.items():
            self.jobs[queue] += n
        self.enrolled |= other.enrolled
        self.enrollments += other.enrollments
        self.events += other.events
        self.contacts += other.contacts

    def buckets(self) -> Iterable[tuple[str, set[uuid.UUID]]]:
        """Every number's contacts, by the bucket name the contacts endpoint takes."""
        yield "enrolled", self.enrolled
        for node_id, found in self.entered.items():
            yield f"node:{node_id}", found
        for (node_id, exit_id), found in self.exits.items():
            yield f"exit:{node_id}:{exit_id}", found
        for node_id, found in self.waiting.items():
            yield f"waiting:{node_id}", found
        for node_id, found in self.ends.items():
            yield f"end:{node_id}", found
        for (channel, template), found in self.message_contacts.items():
            yield f"message:{channel}:{template}", found
        for queue, found in self.job_contacts.items():
            yield f"job:{queue}", found


@dataclass(slots=True)
class Totals:
    """A run's numbers over all its chunks. The chunks hold different contacts, so each
    number of distinct contacts is the sum of the chunks' own: a chunk's sets of contacts
    are written (`Tally.buckets`) and dropped, and only their sizes are kept here."""

    entered: Counter[str] = field(default_factory=Counter)
    exits: Counter[tuple[str, str]] = field(default_factory=Counter)
    waiting: Counter[str] = field(default_factory=Counter)
    ends: Counter[str] = field(default_factory=Counter)
    messages: Counter[tuple[str, str]] = field(default_factory=Counter)
    jobs: Counter[str] = field(default_factory=Counter)
    enrolled: int = 0
    enrollments: int = 0
    events: int = 0
    contacts: int = 0

    def add(self, tally: Tally) -> None:
        """Count in one chunk (whose contacts no other chunk has)."""
        for mine, theirs in (
            (self.entered, tally.entered),
            (self.waiting, tally.waiting),
            (self.ends, tally.ends),
        ):
            for key, found in theirs.items():
                mine[key] += len(found)
        for pair, found in tally.exits.items():
            self.exits[pair] += len(found)
        self.messages.update(tally.messages)
        self.jobs.update(tally.jobs)
        self.enrolled += len(tally.enrolled)
        self.enrollments += tally.enrollments
        self.events += tally.events
        self.contacts += tally.contacts


@dataclass(slots=True)
class Plan:
    """The journey being tried and what the replay takes as given."""

    journey_id: str
    version: int
    definition: JourneyDefinition
    jobs: JobPlan
    period_end: datetime
    ends: frozenset[str] = frozenset()
    # The event names that start the journey; None when a trigger of another kind may
    # hear any event (segments, schedules, scores, job statuses: checked every time).
    trigger_names: frozenset[str] | None = None
    # Whether an event nothing waits for can still move an enrollment (exit criteria).
    every_event: bool = True
    goal_events: frozenset[str] = frozenset()

    @classmethod
    def of(
        cls,
        journey_id: str,
        version: int,
        definition: JourneyDefinition,
        jobs: JobPlan,
        period_end: datetime,
    ) -> Plan:
        ends = frozenset(n.id for n in definition.nodes if isinstance(n, (End, Goal)))
        triggers = [n for n in definition.nodes if isinstance(n, TRIGGER_TYPES)]
        names: frozenset[str] | None = frozenset(
            n.config.event_name for n in triggers if isinstance(n, EventTrigger)
        )
        if any(not isinstance(n, EventTrigger) for n in triggers):
            names = None
        criteria = definition.settings.exit_criteria
        return cls(
            journey_id,
            version,
            definition,
            jobs,
            period_end,
            ends,
            trigger_names=names,
            every_event=criteria.condition is not None,
            goal_events=frozenset(criteria.goal_events),
        )

    def moves(self, state: EnrollmentState, name: str) -> bool:
        """Whether an event of `name` can move this enrollment at all (the interpreter
        would find nothing to do otherwise: no goal event, no exit criteria, no token
        waiting for it)."""
        if self.every_event or name in self.goal_events:
            return True
        return any(
            isinstance(t.awaiting, AwaitEvent) and t.awaiting.event_name == name
            for t in state.tokens
        )


def has_trigger(definition: JourneyDefinition) -> bool:
    return any(isinstance(node, TRIGGER_TYPES) for node in definition.nodes)


# ---- the contact's facts through the period ----------------------------------------------


def rewind(facts: Facts, changes: list[FeedEvent]) -> Facts:
    """The facts before `changes` (the contact's recorded changes since the period began,
    in id order): each undone, newest first. What a change does not record (an object's
    fields before an update) stays as it is now."""
    contact = dict(facts.contact)
    tags = set(facts.tags)
    segments = set(facts.segments)
    objects = dict(facts.objects)
    scores = dict(facts.scores)
    for change in reversed(changes):
        props = change.properties
        match change.name:
            case "contact.field_changed":
                name = str(props.get("field") or "")
                if name:
                    contact[name] = props.get("previous")
            case "contact.tagged":
                tags.discard(str(props.get("tag")))
            case "contact.untagged":
                tags.add(str(props.get("tag")))
            case "contact.score_changed":
                previous = props.get("previous")
                if isinstance(previous, int):
                    scores[SCORE_NAME] = previous
                    contact["score"] = previous
            case "segment.entered":
                segments.discard(str(props.get("segment")))
            case "segment.left":
                segments.add(str(props.get("segment")))
            case "object.created":
                kind = str(props.get("kind") or "")
                if objects.get(kind, {}).get("id") == props.get("object_id"):
                    objects.pop(kind, None)
            case _:
                pass
    contact["tags"] = sorted(tags)
    return msgspec.structs.replace(
        facts,
        contact=contact,
        tags=frozenset(tags),
        segments=frozenset(segments),
        objects=objects,
        scores=scores,
    )


def forward(facts: Facts, change: FeedEvent) -> Facts:  # noqa: PLR0911 - one per change
    """The facts after a recorded change, as they were when the event was recorded."""
    props = change.properties
    match change.name:
        case "contact.field_changed":
            name = str(props.get("field") or "")
            if not name:
                return facts
            return msgspec.structs.replace(
                facts, contact={**facts.contact, name: props.get("current")}
            )
        case "contact.tagged" | "contact.untagged":
            tag = str(props.get("tag"))
            tags = facts.tags | {tag} if change.name == "contact.tagged" else facts.tags - {tag}
            return msgspec.structs.replace(
                facts, tags=tags, contact={**facts.contact, "tags": sorted(tags)}
            )
        case "contact.score_changed":
            current = props.get("current")
            if not isinstance(current, int):
                return facts
            return msgspec.structs.replace(
                facts,
                scores={**facts.scores, SCORE_NAME: current},
                contact={**facts.contact, "score": current},
            )
        case "contact.opted_in" | "contact.opted_out":
            channel = str(props.get("channel") or "")
            allowed = change.name == "contact.opted_in"
            return msgspec.structs.replace(facts, consent={**facts.consent, channel: allowed})
        case "segment.entered" | "segment.left":
            name = str(props.get("segment"))
            entered = change.name == "segment.entered"
            segments = facts.segments | {name} if entered else facts.segments - {name}
            return msgspec.structs.replace(facts, segments=segments)
        case "object.created" | "object.updated" | "object.status_changed":
            kind = str(props.get("kind") or "")
            view = {
                **{k: v for k, v in props.items() if k not in ("actor_id", "origin")},
                "id": props.get("object_id"),
            }
            return msgspec.structs.replace(facts, objects={**facts.objects, kind: view})
        case "object.deleted":
            kind = str(props.get("kind") or "")
            if facts.objects.get(kind, {}).get("id") != props.get("object_id"):
                return facts
            objects = {k: v for k, v in facts.objects.items() if k != kind}
            return msgspec.structs.replace(facts, objects=objects)
        case _:
            return facts


CHANGES: Final = frozenset(
    {
        "contact.field_changed",
        "contact.tagged",
        "contact.untagged",
        "contact.score_changed",
        "contact.opted_in",
        "contact.opted_out",
        "segment.entered",
        "segment.left",
        "object.created",
        "object.updated",
        "object.status_changed",
        "object.deleted",
    }
)


# ---- one contact -----------------------------------------------------------------------


@dataclass(slots=True)
class _Enrollment:
    state: EnrollmentState
    timers: dict[str, datetime] = field(default_factory=dict)
    entered_at: datetime | None = None


class _Contact:
    """One contact's replay: its enrollments, facts and clock."""

    __slots__ = ("cid", "contact_id", "enrollments", "facts", "feed", "plan", "tally", "wake")

    def __init__(self, plan: Plan, feed: Feed, tally: Tally) -> None:
        self.plan = plan
        self.feed = feed
        self.tally = tally
        self.contact_id = feed.contact_id
        self.cid = str(feed.contact_id)
        self.facts = feed.facts
        self.enrollments: list[_Enrollment] = []
        # The earliest timer of a live enrollment (None: none): most events find nothing
        # due, and are told so without a look at every enrollment's timers.
        self.wake: datetime | None = None

    def facts_at(self, upto: int | None) -> Facts:
        feed = self.feed
        if not feed.opened and not feed.history:
            return self.facts
        opened = tuple(r for i, r in feed.opened if upto is None or i <= upto)
        events = tuple(r for i, r in feed.history if upto is None or i <= upto)
        return msgspec.structs.replace(self.facts, emails_opened=opened, events=events)

    def run(self) -> None:
        for event in self.feed.events:
            self.fire_timers(event.occurred_at)
            if event.name in CHANGES:
                self.facts = forward(self.facts, event)
            self.on_event(event)
            self.tally.events += 1
        self.fire_timers(self.plan.period_end)
        for enrollment in self.enrollments:
            if enrollment.state.status in LIVE:
                for token in enrollment.state.tokens:
                    self.tally.waiting[token.node_id].add(self.contact_id)

    def earliest(self) -> datetime | None:
        return min(
            (
                wake_at
                for enrollment in self.enrollments
                if enrollment.state.status in LIVE
                for wake_at in enrollment.timers.values()
            ),
            default=None,
        )

    def fire_timers(self, until: datetime) -> None:
        if self.wake is None or self.wake > until:
            return
        while True:
            due = [
                (wake_at, n, token_id)
                for n, enrollment in enumerate(self.enrollments)
                if enrollment.state.status in LIVE
                for token_id, wake_at in enrollment.timers.items()
                if wake_at <= until
            ]
            if not due:
                return
            wake_at, n, token_id = min(due)
            enrollment = self.enrollments[n]
            before = enrollment.state
            outcome = advance(
                self.plan.definition,
                before,
                TimerDue(token_id=token_id, now=wake_at),
                self.with_object(self.facts_at(None), before),
                wake_at,
            )
            if outcome.state == before and not outcome.steps:
                enrollment.timers.pop(token_id, None)
                self.wake = self.earliest()
                continue
            self.record(enrollment, before, outcome, wake_at)

    def with_object(self, facts: Facts, state: EnrollmentState) -> Facts:
        if not facts.object and started_by(state):
            return msgspec.structs.replace(facts, object=started_by(state))
        return facts

    def on_event(self, event: FeedEvent) -> None:
        plan = self.plan
        # The enrollments it can move (one moved does not change what another can do).
        moved = [
            enrollment
            for enrollment in self.enrollments
            if enrollment.state.status in LIVE and plan.moves(enrollment.state, event.name)
        ]
        starts = plan.trigger_names is None or event.name in plan.trigger_names
        if not moved and not starts:
            return  # most of a contact's events (a page viewed…): nothing to do
        facts = self.facts_at(event.id)
        at = event.occurred_at
        stimulus = EventArrived(
            name=event.name,
            properties=dict(event.properties),
            occurred_at=at,
            source=event.source,
            event_id=event.id,
        )
        for enrollment in moved:
            before = enrollment.state
            outcome = advance(
                plan.definition, before, stimulus, self.with_object(facts, before), at
            )
            if outcome.state == before and not outcome.steps and not outcome.effects:
                continue
            self.record(enrollment, before, outcome, at)
        if not starts:
            return
        history = EnrollmentHistory(
            last_entered_at=self.last_entered(),
            active={plan.journey_id: sum(1 for e in self.enrollments if e.state.status in LIVE)},
        )
        decided = decide_triggers(
            [(plan.journey_id, plan.version, plan.definition)], stimulus, facts, history, at
        )
        for enrol in decided.enrol:
            number = len(self.enrollments)
            outcome = start(
                plan.definition,
                enrollment_id=f"what-if:{self.cid}:{number}",
                journey_id=plan.journey_id,
                version=plan.version,
                contact_id=self.cid,
                trigger_node_id=enrol.trigger_node_id,
                facts=facts
                if facts.object
                else msgspec.structs.replace(facts, object=stimulus.properties),
                now=at,
                event=stimulus.properties,
            )
            enrollment = _Enrollment(state=outcome.state, entered_at=at)
            self.enrollments.append(enrollment)
            self.tally.enrolled.add(self.contact_id)
            self.tally.enrollments += 1
            self.record(enrollment, None, outcome, at)

    def last_entered(self) -> dict[str, datetime]:
        last = self.enrollments[-1].entered_at if self.enrollments else None
        return {self.plan.journey_id: last} if last is not None else {}

    def record(
        self,
        enrollment: _Enrollment,
        before: EnrollmentState | None,
        outcome: Outcome,
        at: datetime,
    ) -> None:
        """Count an outcome's steps and effects; answer its jobs and webhook calls at
        once (which moves the enrollment on again)."""
        self.chain(enrollment, before, outcome, at)
        self.wake = self.earliest()

    def chain(
        self,
        enrollment: _Enrollment,
        before: EnrollmentState | None,
        outcome: Outcome,
        at: datetime,
    ) -> None:
        for _ in range(MAX_CHAIN):
            enrollment.state = outcome.state
            enrollment.timers = {t.token_id: t.wake_at for t in outcome.timers}
            self.count(before, outcome)
            answer = self.answers(outcome)
            if answer is None or enrollment.state.status not in LIVE:
                return
            before = enrollment.state
            outcome = advance(
                self.plan.definition,
                before,
                answer,
                self.with_object(self.facts_at(None), before),
                at,
            )

    def count(self, before: EnrollmentState | None, outcome: Outcome) -> None:
        tally, me = self.tally, self.contact_id
        at_node = {t.token_id: t.node_id for t in before.tokens} if before else {}
        for step in outcome.steps:
            if at_node.get(step.token_id) != step.node_id:
                tally.entered[step.node_id].add(me)
            at_node[step.token_id] = step.node_id
            if step.exit_taken is not None:
                tally.exits[(step.node_id, step.exit_taken)].add(me)
            if step.node_id in self.plan.ends:
                tally.ends[step.node_id].add(me)
        for effect in outcome.effects:
            channel = MESSAGE_CHANNELS.get(type(effect))
            if channel is not None:
                template = getattr(effect, "template", None) or "(written in the step)"
                tally.messages[(channel, template)] += 1
                tally.message_contacts[(channel, template)].add(me)
            elif isinstance(effect, fx.CreateJob):
                tally.jobs[effect.queue] += 1
                tally.job_contacts[effect.queue].add(me)
            elif isinstance(effect, fx.UpdateContact):
                self.change_contact(effect)

    def answers(self, outcome: Outcome) -> Stimulus | None:
        """The first job or webhook call of the outcome, answered as planned."""
        for effect in outcome.effects:
            if isinstance(effect, fx.CreateJob):
                chosen = self.plan.jobs.outcome(self.cid, effect.node_id)
                return JobFinished(
                    job_ref=effect.job_ref,
                    outcome=chosen,
                    job_type=effect.job_type,
                    cancelled=chosen is None,
                )
            if isinstance(effect, fx.Webhook):
                return WebhookAnswered(webhook_ref=effect.key, ok=True, status=200, saved={})
        return None

    def change_contact(self, effect: fx.UpdateContact) -> None:
        facts = self.facts
        contact = {**facts.contact, **effect.set_fields}
        for name in effect.clear_fields:
            contact[name] = None
        tags = (facts.tags | set(effect.add_tags)) - set(effect.remove_tags)
        contact["tags"] = sorted(tags)
        scores = dict(facts.scores)
        if effect.score_change:
            scores[SCORE_NAME] = scores.get(SCORE_NAME, 0) + effect.score_change
            contact["score"] = scores[SCORE_NAME]
        consent = {**facts.consent, **{c.channel: c.granted for c in effect.consent}}
        self.facts = msgspec.structs.replace(
            facts, contact=contact, tags=frozenset(tags), scores=scores, consent=consent
        )


def replay_contacts(plan: Plan, feeds: Iterable[Feed]) -> Tally:
    """Replay a chunk of contacts (run in a thread: pure CPU, no I/O)."""
    tally = Tally()
    for feed in feeds:
        _Contact(plan, feed, tally).run()
        tally.contacts += 1
    return tally
