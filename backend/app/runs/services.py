"""Moving enrollments: events and timers, a batch of contacts per transaction.

The worker locks a set of contacts (`SELECT … FOR UPDATE [SKIP LOCKED]` on `contacts`),
loads what the engine needs for all of them in a handful of queries, lets the pure engine
decide in memory, and writes the outcome (state, steps, timers, outbox rows, processed
marks) in a handful of bulk statements before one commit. One contact's events run one at
a time and in id order (nobody else holds its row lock meanwhile); different contacts run
in parallel on other workers. Every step row is keyed by (enrollment, cause, seq), where
the cause is the event or the timer that moved the enrollment, so a second handling of
the same event or timer cannot even be written.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Final, NamedTuple

import msgspec
from sqlalchemy import Text, cast, select, text
from sqlalchemy.dialects.postgresql import distinct_on
from sqlalchemy.ext.asyncio import AsyncSession

from app.contacts.models import Contact
from app.contacts.profile import SCORE_NAME
from app.engine.definition import JourneyDefinition, history_events
from app.engine.facts import EmailRecord, EventRecord, Facts
from app.engine.interpreter import Outcome, StepLog, advance, start
from app.engine.state import EnrollmentState, decode_state, jobs_awaited, started_by
from app.engine.stimuli import (
    EventArrived,
    JobChanged,
    JobFinished,
    JourneyPaused,
    JourneyResumed,
    Stimulus,
    TimerDue,
    WebhookAnswered,
)
from app.engine.triggers_match import EnrollmentHistory, Refused, decide_triggers
from app.eventlog import kinds
from app.eventlog.models import Event
from app.jobs.services import cancel_for_enrollments, cancel_unawaited
from app.journeys.models import Journey
from app.journeys.versions import definition_of, loaded_definition
from app.lib.db import any_uuid
from app.lib.unit_of_work import UnitOfWork
from app.runs import traces
from app.runs.facts import OPENED, event_history, facts_of_contacts
from app.runs.models import Enrollment, EnrollmentTimer, StepDetail
from app.runs.scoring import active_rules, score_event

# Enrollment ids derive from (event, journey): a replayed transaction makes the same ids,
# hence the same outbox keys.
_NAMESPACE: Final = uuid.UUID("0b7e6a3c-52f4-4e0a-9a61-3f1c2d8e7b90")
LIVE_STATUSES: Final = ("active", "paused")


def enrollment_id_for(event_id: int, journey_id: str) -> uuid.UUID:
    """The id of the enrollment an event starts in a journey (the same on every replay)."""
    return uuid.uuid5(_NAMESPACE, f"{event_id}:{journey_id}")


ENDED: Final = ("completed", "exited")


@dataclass(slots=True)
class Work:
    """How much a transaction did: a drainer goes again at once while there is work.
    (What to ring after its commit is on its unit of work.)"""

    events: int = 0
    timers: int = 0
    contacts: int = 0

    def merge(self, other: Work) -> None:
        self.events += other.events
        self.timers += other.timers
        self.contacts += other.contacts


async def lock_contact(session: AsyncSession, contact_id: uuid.UUID) -> bool:
    """Take the contact's row lock for the rest of the transaction (waiting for it)."""
    locked = await session.scalar(
        select(Contact.id).where(Contact.id == contact_id).with_for_update()
    )
    return locked is not None


def state_of(row: Enrollment) -> EnrollmentState:
    return decode_state(msgspec.json.encode(row.state))


# ---- the batch -----------------------------------------------------------------------


@dataclass(slots=True)
class _Live:
    """An enrollment as the batch sees it: loaded or started here, maybe moved."""

    id: uuid.UUID
    journey_id: uuid.UUID
    version: int
    contact_id: uuid.UUID
    state: EnrollmentState
    entered_at: datetime
    ended_at: datetime | None
    new: bool = False
    changed: bool = False
    timers: dict[str, datetime] = field(default_factory=dict)
    # The timers as loaded: written back only if the set changed.
    loaded_timers: dict[str, datetime] = field(default_factory=dict)


class _Event(NamedTuple):
    id: int
    contact_id: uuid.UUID
    name: str
    properties: dict[str, Any]
    occurred_at: datetime
    source: str = "api"


def _job_finished(event: kinds.Kind | None) -> JobFinished | None:
    """What the job step that made a job hears when the job ends: completed (its outcome
    and form data) or cancelled. Only the jobs code records `job.status_changed` with its
    source (`decode` checks it), so no caller can fake one."""
    if not isinstance(event, kinds.JobStatusChanged) or not event.finished or not event.job_ref:
        return None
    return JobFinished(
        job_ref=event.job_ref,
        outcome=event.outcome,
        data=dict(event.data),
        job_type=event.job_type,
        cancelled=event.to == "cancelled",
    )


def _webhook_answered(event: kinds.Kind | None) -> WebhookAnswered | None:
    """What the webhook step that made a call hears: answered (with the saved fields)
    or failed."""
    if not isinstance(event, kinds.WebhookAnswered):
        return None
    return WebhookAnswered(
        webhook_ref=event.webhook_ref,
        ok=event.ok,
        status=event.status,
        saved=dict(event.saved),
        error=event.error,
    )


def _job_status(event: kinds.Kind | None) -> JobChanged | JobFinished | None:
    """What a job-status trigger hears in a job's `job.status_changed`: created, claimed,
    completed (with its outcome) or cancelled. Other changes are for event triggers."""
    if not isinstance(event, kinds.JobStatusChanged):
        return None
    ref = event.job_ref or event.job_id
    if event.finished:
        return JobFinished(
            job_ref=ref,
            outcome=event.outcome,
            job_type=event.job_type,
            cancelled=event.to == "cancelled",
        )
    if event.previous is None and event.to == "new":
        return JobChanged(job_ref=ref, job_type=event.job_type, status="created")
    if event.action == "job.claimed":
        return JobChanged(job_ref=ref, job_type=event.job_type, status="claimed")
    return None


@dataclass(slots=True)
class _Contact:
    facts: Facts
    # email.opened events (id, record): an event's facts see the ones up to itself.
    opened: list[tuple[int, EmailRecord]] = field(default_factory=list)
    # Events "did event X" rules count (id, record), with the same rule.
    events: list[tuple[int, EventRecord]] = field(default_factory=list)
    enrollments: list[_Live] = field(default_factory=list)
    last_entered: dict[str, datetime] = field(default_factory=dict)
    # The latest enrollment per journey: a refused trigger's note goes on it.
    last_enrollment: dict[str, uuid.UUID] = field(default_factory=dict)


class _Batch:
    """Everything one transaction reads once and writes once."""

    def __init__(self, unit: UnitOfWork) -> None:
        self.unit = unit
        self.session = unit.session
        self.now = unit.now
        self.contacts: dict[uuid.UUID, _Contact] = {}
        self.journey_status: dict[uuid.UUID, str] = {}
        self.active: list[tuple[str, int, JourneyDefinition]] = []
        self.steps: list[dict[str, Any]] = []
        self.effects: list[dict[str, Any]] = []
        self.processed: list[int] = []
        self.work = Work()

    async def load(self, contact_ids: Sequence[uuid.UUID]) -> None:
        session = self.session
        contacts = list(
            await session.scalars(select(Contact).where(Contact.id == any_uuid(contact_ids)))
        )
        for contact_id, facts in (await facts_of_contacts(session, contacts, now=self.now)).items():
            self.contacts[contact_id] = _Contact(facts=facts)
        ids = list(self.contacts)
        self.work.contacts = len(ids)
        if not ids:
            return
        opened = await session.execute(
            select(Event.contact_id, Event.id, Event.occurred_at, Event.properties)
            .where(Event.contact_id == any_uuid(ids), Event.name == OPENED)
            .order_by(Event.id)
        )
        for contact_id, event_id, at, props in opened:
            template = str(props.get("template") or "") or None
            self.contacts[contact_id].opened.append((event_id, EmailRecord(at, template)))
        history = await session.execute(
            select(
                Enrollment.contact_id, Enrollment.journey_id, Enrollment.entered_at, Enrollment.id
            )
            .where(Enrollment.contact_id == any_uuid(ids))
            .ext(distinct_on(Enrollment.contact_id, Enrollment.journey_id))
            .order_by(
                Enrollment.contact_id,
                Enrollment.journey_id,
                Enrollment.entered_at.desc(),
                Enrollment.id.desc(),
            )
        )
        for contact_id, journey_id, entered_at, enrollment_id in history:
            self.contacts[contact_id].last_entered[str(journey_id)] = entered_at
            self.contacts[contact_id].last_enrollment[str(journey_id)] = enrollment_id
        rows = await session.execute(
            select(
                Enrollment.id,
                Enrollment.journey_id,
                Enrollment.version,
                Enrollment.contact_id,
                cast(Enrollment.state, Text),
                Enrollment.entered_at,
                Enrollment.ended_at,
            )
            .where(Enrollment.contact_id == any_uuid(ids), Enrollment.status.in_(LIVE_STATUSES))
            .order_by(Enrollment.entered_at, Enrollment.id)
        )
        by_id: dict[uuid.UUID, _Live] = {}
        for eid, journey_id, version, contact_id, state, entered_at, ended_at in rows:
            decoded = decode_state(state)
            if decoded.entered_at is None:
                # Written before states kept it: "since entering" counts from the row's.
                decoded = msgspec.structs.replace(decoded, entered_at=entered_at)
            live = _Live(
                id=eid,
                journey_id=journey_id,
                version=version,
                contact_id=contact_id,
                state=decoded,
                entered_at=entered_at,
                ended_at=ended_at,
            )
            by_id[eid] = live
            self.contacts[contact_id].enrollments.append(live)
        if by_id:
            timers = await session.execute(
                select(
                    EnrollmentTimer.enrollment_id, EnrollmentTimer.token_id, EnrollmentTimer.wake_at
                ).where(EnrollmentTimer.enrollment_id == any_uuid(list(by_id)))
            )
            for eid, token_id, wake_at in timers:
                by_id[eid].timers[token_id] = wake_at
                by_id[eid].loaded_timers[token_id] = wake_at
        await self._load_journeys(by_id.values())

    async def _load_journeys(self, enrollments: Iterable[_Live]) -> None:
        """Active journeys' definitions, the running enrollments' own, and the events
        their "did event X" rules ask about."""
        session = self.session
        # In creation order: a stimulus starts journeys in the same order every time.
        journeys = await session.execute(
            select(Journey.id, Journey.status, Journey.published_version).order_by(
                Journey.created_at, Journey.id
            )
        )
        for journey_id, status, published in journeys:
            self.journey_status[journey_id] = status
            if status == "active" and published is not None:
                definition = await definition_of(session, journey_id, published)
                if definition is not None:
                    self.active.append((str(journey_id), published, definition))
        names: set[str] = set()
        for _, _, definition in self.active:
            names |= history_events(definition)
        for live in enrollments:
            definition = await definition_of(session, live.journey_id, live.version)
            if definition is not None:
                names |= history_events(definition)
        for contact_id, events in (
            await event_history(session, list(self.contacts), names)
        ).items():
            self.contacts[contact_id].events = events

    # ---- deciding --------------------------------------------------------------------

    def with_score(self, contact_id: uuid.UUID, score: int) -> None:
        """A scoring rule moved the score: what this batch decides next sees it."""
        contact = self.contacts[contact_id]
        contact.facts = msgspec.structs.replace(
            contact.facts,
            contact={**contact.facts.contact, "score": score},
            scores={**contact.facts.scores, SCORE_NAME: score},
        )

    def facts_at(self, contact: _Contact, upto_event: int | None) -> Facts:
        """The contact's facts as of an event: the opens and events up to it (all of
        them for a timer)."""
        opened = tuple(
            record
            for event_id, record in contact.opened
            if upto_event is None or event_id <= upto_event
        )
        events = tuple(
            record
            for event_id, record in contact.events
            if upto_event is None or event_id <= upto_event
        )
        if not opened and not events:
            return contact.facts
        return msgspec.structs.replace(contact.facts, emails_opened=opened, events=events)

    def apply_event(self, event: _Event) -> None:
        contact = self.contacts[event.contact_id]
        facts = self.facts_at(contact, event.id)
        stimulus = EventArrived(
            name=event.name,
            properties=dict(event.properties),
            occurred_at=event.occurred_at,
            source=event.source,
            event_id=event.id,
        )
        cause = f"event:{event.id}"
        internal = kinds.decode(event.name, event.source, event.properties)
        finished = _job_finished(internal)
        answered = _webhook_answered(internal)
        # Enrollments already running first: one this event starts never sees it twice.
        for live in list(contact.enrollments):
            if live.state.status not in LIVE_STATUSES:
                continue
            mine = str(live.id) == event.properties.get("enrollment_id")
            if finished is not None and mine:
                # Its job ended: the job step moves on along the outcome's exit (once: the
                # event is handled once, and the token no longer waits afterwards).
                self.advance(live, finished, facts, f"{cause}:job")
            if answered is not None and mine:
                # Its webhook call ended: "next" with the saved fields, or "failed".
                self.advance(live, answered, facts, f"{cause}:webhook")
            if live.state.status in LIVE_STATUSES:
                self.advance(live, stimulus, facts, cause)
        history = EnrollmentHistory(
            last_entered_at=dict(contact.last_entered),
            active=_active_counts(contact.enrollments),
        )
        by_key = {(j, v): d for j, v, d in self.active}
        decided = decide_triggers(self.active, stimulus, facts, history, self.now)
        enrolments, refused = decided.enrol, decided.refused
        job_status = _job_status(internal)
        if job_status is not None:
            # Job-status triggers hear the job's change; a journey enters once per event.
            also = decide_triggers(self.active, job_status, facts, history, self.now)
            seen = {enrol.journey_id for enrol in enrolments}
            enrolments += [enrol for enrol in also.enrol if enrol.journey_id not in seen]
            refused += also.refused
        self.note_refusals(contact, refused, cause)
        for enrol in enrolments:
            journey_id = uuid.UUID(enrol.journey_id)
            eid = enrollment_id_for(event.id, enrol.journey_id)
            outcome = start(
                by_key[(enrol.journey_id, enrol.version)],
                enrollment_id=str(eid),
                journey_id=enrol.journey_id,
                version=enrol.version,
                contact_id=str(event.contact_id),
                trigger_node_id=enrol.trigger_node_id,
                facts=facts
                if facts.object
                else msgspec.structs.replace(facts, object=stimulus.properties),
                now=self.now,
                event=stimulus.properties,
            )
            live = _Live(
                id=eid,
                journey_id=journey_id,
                version=enrol.version,
                contact_id=event.contact_id,
                state=outcome.state,
                entered_at=self.now,
                ended_at=None,
                new=True,
            )
            contact.enrollments.append(live)
            contact.last_entered[enrol.journey_id] = self.now
            contact.last_enrollment[enrol.journey_id] = eid
            self.record(live, None, outcome, cause)
        self.processed.append(event.id)
        self.work.events += 1

    def note_refusals(self, contact: _Contact, refused: list[Refused], cause: str) -> None:
        """A trigger the re-entry rule refused leaves a note on the contact's latest
        enrollment in that journey (once per journey and event)."""
        noted: set[str] = set()
        for refusal in refused:
            enrollment_id = contact.last_enrollment.get(refusal.journey_id)
            if enrollment_id is None or refusal.journey_id in noted:
                continue
            noted.add(refusal.journey_id)
            detail = StepDetail(
                text=f"Trigger refused: re-entry rule ({refusal.why}).",
                entered=False,
                note="trigger_refused",
                reason="reentry",
            )
            self.steps.append(
                {
                    "enrollment_id": enrollment_id,
                    "journey_id": uuid.UUID(refusal.journey_id),
                    "version": refusal.version,
                    "node_id": refusal.trigger_node_id,
                    "exit_taken": None,
                    "at": self.now,
                    "cause": f"{cause}:refused",
                    "seq": 0,
                    "detail": _json(detail),
                }
            )

    def fire_timer(self, live: _Live, token_id: str) -> None:
        wake_at = live.timers.get(token_id)
        if wake_at is None or wake_at > self.now or live.state.status not in LIVE_STATUSES:
            return
        node_id = next((t.node_id for t in live.state.tokens if t.token_id == token_id), "")
        # Unique per firing: the token must re-enter the node before it can wait there
        # again. The status tells a firing held by a paused journey from the one after.
        visit = live.state.visits.get(node_id, 0)
        cause = f"timer:{token_id}:{node_id}:{visit}:{live.state.status}"
        facts = self.facts_at(self.contacts[live.contact_id], None)
        moved = self.advance(live, TimerDue(token_id=token_id, now=self.now), facts, cause)
        if not moved:
            # The engine found nothing to do (a journey version gone): don't ring for ever.
            live.timers.pop(token_id, None)
            live.changed = True
        self.work.timers += 1

    def advance(self, live: _Live, stimulus: Stimulus, facts: Facts, cause: str) -> bool:
        definition = loaded_definition(live.journey_id, live.version)
        if definition is None:
            return False
        before = live.state
        if not facts.object and started_by(before):
            facts = msgspec.structs.replace(facts, object=started_by(before))
        # Pause and resume reach an enrollment when it next moves: a paused journey's
        # enrollments hold where they are (only goal events act), a resumed one's go on.
        journey_status = self.journey_status.get(live.journey_id)
        held: Outcome | None = None
        if journey_status == "paused" and before.status == "active":
            held = advance(definition, before, JourneyPaused(), facts, self.now)
        elif journey_status == "active" and before.status == "paused":
            held = advance(definition, before, JourneyResumed(), facts, self.now)
        outcome = advance(definition, held.state if held else before, stimulus, facts, self.now)
        if held is not None:
            outcome = msgspec.structs.replace(
                outcome, steps=held.steps + outcome.steps, effects=held.effects + outcome.effects
            )
        if outcome.state == before and not outcome.steps and not outcome.effects:
            return False  # the stimulus meant nothing to this enrollment
        self.record(live, before, outcome, cause)
        return True

    def record(
        self, live: _Live, before: EnrollmentState | None, outcome: Outcome, cause: str
    ) -> None:
        state = outcome.state
        live.state = state
        live.changed = True
        if state.status in ENDED and live.ended_at is None:
            live.ended_at = self.now
        live.timers = {timer.token_id: timer.wake_at for timer in outcome.timers}
        for timer in outcome.timers:
            self.unit.wake(timer.wake_at)
        # A step "enters" its node unless the token was already there (leaving a wait,
        # held by a pause): the per-node "entered" count reads this flag.
        at_node = {t.token_id: t.node_id for t in before.tokens} if before else {}
        for seq, step in enumerate(outcome.steps):
            entered = at_node.get(step.token_id) != step.node_id
            at_node[step.token_id] = step.node_id
            self.steps.append(
                {
                    "enrollment_id": live.id,
                    "journey_id": live.journey_id,
                    "version": live.version,
                    "node_id": step.node_id,
                    "exit_taken": step.exit_taken,
                    "at": step.at,
                    "cause": cause,
                    "seq": seq,
                    "detail": _json(_detail(step, entered)),
                }
            )
        for effect in outcome.effects:
            self.effects.append(
                {
                    "key": effect.key,
                    "enrollment_id": live.id,
                    "kind": str(effect.__struct_config__.tag),
                    "payload": _json(effect),
                }
            )

    # ---- writing ---------------------------------------------------------------------

    async def write(self) -> Work:
        """Write what the batch decided: one statement per table, rows passed as arrays
        (`unnest`), so a batch costs a few round trips whatever its size."""
        changed = [
            live
            for contact in self.contacts.values()
            for live in contact.enrollments
            if live.changed
        ]
        new = [live for live in changed if live.new]
        old = [live for live in changed if not live.new]
        await self._insert_enrollments(new)
        await self._update_enrollments(old)
        # A journey that ends takes its open jobs with it (after the enrollment rows exist).
        ended = [live.id for live in changed if live.state.status in ENDED]
        await cancel_for_enrollments(self.unit, ended)
        await self._insert_steps()
        await self._replace_timers(new, old)
        await self._insert_effects()
        await self._mark_processed()
        return self.work

    async def _insert_enrollments(self, new: list[_Live]) -> None:
        if not new:
            return
        await self.session.execute(
            text(
                "INSERT INTO enrollments (id, journey_id, version, contact_id, status, state,"
                " entered_at, ended_at, updated_at)"
                " SELECT id, journey_id, version, contact_id, status, state::jsonb,"
                " entered_at, ended_at, :now"
                " FROM unnest(CAST(:id AS uuid[]), CAST(:journey_id AS uuid[]),"
                " CAST(:version AS int[]), CAST(:contact_id AS uuid[]),"
                " CAST(:status AS text[]), CAST(:state AS text[]),"
                " CAST(:entered_at AS timestamptz[]), CAST(:ended_at AS timestamptz[]))"
                " AS u(id, journey_id, version, contact_id, status, state, entered_at,"
                " ended_at)"
            ),
            {
                "now": self.now,
                "id": [live.id for live in new],
                "journey_id": [live.journey_id for live in new],
                "version": [live.version for live in new],
                "contact_id": [live.contact_id for live in new],
                "status": [live.state.status for live in new],
                "state": [_json(live.state) for live in new],
                "entered_at": [live.entered_at for live in new],
                "ended_at": [live.ended_at for live in new],
            },
        )

    async def _update_enrollments(self, old: list[_Live]) -> None:
        if not old:
            return
        await self.session.execute(
            text(
                "UPDATE enrollments AS e SET status = u.status, state = u.state::jsonb,"
                " ended_at = u.ended_at, updated_at = :now"
                " FROM unnest(CAST(:id AS uuid[]), CAST(:status AS text[]),"
                " CAST(:state AS text[]), CAST(:ended_at AS timestamptz[]))"
                " AS u(id, status, state, ended_at) WHERE e.id = u.id"
            ),
            {
                "now": self.now,
                "id": [live.id for live in old],
                "status": [live.state.status for live in old],
                "state": [_json(live.state) for live in old],
                "ended_at": [live.ended_at for live in old],
            },
        )

    async def _insert_steps(self) -> None:
        if not self.steps:
            return
        await self.session.execute(
            text(
                "INSERT INTO journey_steps (enrollment_id, journey_id, version, node_id,"
                " exit_taken, at, cause, seq, detail)"
                " SELECT e, j, v, n, x, at, c, s, d::jsonb"
                " FROM unnest(CAST(:e AS uuid[]), CAST(:j AS uuid[]), CAST(:v AS int[]),"
                " CAST(:n AS text[]), CAST(:x AS text[]), CAST(:at AS timestamptz[]),"
                " CAST(:c AS text[]), CAST(:s AS int[]), CAST(:d AS text[]))"
                " AS u(e, j, v, n, x, at, c, s, d)"
            ),
            {
                key: [step[column] for step in self.steps]
                for key, column in (
                    ("e", "enrollment_id"),
                    ("j", "journey_id"),
                    ("v", "version"),
                    ("n", "node_id"),
                    ("x", "exit_taken"),
                    ("at", "at"),
                    ("c", "cause"),
                    ("s", "seq"),
                    ("d", "detail"),
                )
            },
        )

    async def _replace_timers(self, new: list[_Live], old: list[_Live]) -> None:
        """New enrollments' timers, and those of old ones whose set of timers changed."""
        replaced = [live for live in old if live.timers != live.loaded_timers]
        if replaced:
            await self.session.execute(
                text(
                    "DELETE FROM enrollment_timers WHERE enrollment_id = ANY(CAST(:ids AS uuid[]))"
                ),
                {"ids": [live.id for live in replaced]},
            )
        timers = [
            (live.id, token_id, wake_at)
            for live in [*new, *replaced]
            for token_id, wake_at in live.timers.items()
        ]
        if not timers:
            return
        await self.session.execute(
            text(
                "INSERT INTO enrollment_timers (enrollment_id, token_id, wake_at)"
                " SELECT * FROM unnest(CAST(:e AS uuid[]), CAST(:t AS text[]),"
                " CAST(:w AS timestamptz[]))"
            ),
            {
                "e": [row[0] for row in timers],
                "t": [row[1] for row in timers],
                "w": [row[2] for row in timers],
            },
        )

    async def _insert_effects(self) -> None:
        """The outbox rows, once per key: a replayed step writes nothing again."""
        if not self.effects:
            return
        inserted = await self.session.scalars(
            text(
                "INSERT INTO outbox (key, enrollment_id, kind, payload, next_attempt_at,"
                " created_at)"
                " SELECT k, e, kind, p::jsonb, :now, :now"
                " FROM unnest(CAST(:k AS text[]), CAST(:e AS uuid[]), CAST(:kind AS text[]),"
                " CAST(:p AS text[])) AS u(k, e, kind, p)"
                " ON CONFLICT (key) DO NOTHING RETURNING id"
            ),
            {
                "now": self.now,
                "k": [effect["key"] for effect in self.effects],
                "e": [effect["enrollment_id"] for effect in self.effects],
                "kind": [effect["kind"] for effect in self.effects],
                "p": [effect["payload"] for effect in self.effects],
            },
        )
        self.unit.queued(len(list(inserted)))

    async def _mark_processed(self) -> None:
        if not self.processed:
            return
        marked = await self.session.scalars(
            text(
                "UPDATE events SET processed_at = :now"
                " WHERE id = ANY(CAST(:ids AS bigint[])) AND processed_at IS NULL RETURNING id"
            ),
            {"now": self.now, "ids": self.processed},
        )
        if len(list(marked)) != len(self.processed):
            # Only a holder of the contact's lock marks its events: this cannot happen
            # unless something bypassed the lock. Roll back rather than apply twice.
            raise RuntimeError("events handled elsewhere while their contact was locked")


_encode = msgspec.json.Encoder()


def _json(value: Any) -> str:
    return _encode.encode(value).decode()


def _detail(step: StepLog, entered: bool) -> StepDetail:
    """`journey_steps.detail`: the step's text, its token, whether it entered the step,
    and its trace (what it saw, why it left by its exit), bounded (app.runs.traces)."""
    return StepDetail(
        text=step.detail, entered=entered, token=step.token_id, why=traces.stored(step.why)
    )


def _active_counts(enrollments: Iterable[_Live]) -> dict[str, int]:
    counts: dict[str, int] = defaultdict(int)
    for live in enrollments:
        if live.state.status in LIVE_STATUSES:
            counts[str(live.journey_id)] += 1
    return dict(counts)


# ---- entry points --------------------------------------------------------------------


async def handle_contacts(
    unit: UnitOfWork,
    contact_ids: Sequence[uuid.UUID],
    *,
    upto_event: int | None = None,
    max_events: int | None = None,
    timers: bool = False,
) -> Work:
    """Handle the unhandled events of contacts whose row locks this transaction holds.

    Events run in id order (a contact's own order); with `timers`, the contacts' due
    timers fire afterwards. The caller took the locks and commits.
    """
    session, now = unit.session, unit.now
    batch = _Batch(unit)
    await batch.load(contact_ids)
    if not batch.contacts:
        return batch.work
    query = (
        select(
            Event.id,
            Event.contact_id,
            Event.name,
            Event.properties,
            Event.occurred_at,
            Event.source,
        )
        .where(Event.contact_id == any_uuid(list(batch.contacts)), Event.processed_at.is_(None))
        .order_by(Event.id)
    )
    if upto_event is not None:
        query = query.where(Event.id <= upto_event)
    if max_events is not None:
        # A prefix in id order is a prefix of every contact's own sequence.
        query = query.limit(max_events)
    rules = await active_rules(session)
    for row in await session.execute(query):
        event = _Event(*row)
        if event.name in rules:
            # Scoring first, so this event's journeys see the score it earned; the move
            # is a `contact.score_changed` event of its own, handled next.
            await score_event(
                unit,
                rules,
                contact_id=event.contact_id,
                event_name=event.name,
                properties=dict(event.properties),
                facts=batch.contacts[event.contact_id].facts,
            )
            scored = await session.get(Contact, event.contact_id)
            if scored is not None:
                batch.with_score(event.contact_id, scored.score)
        batch.apply_event(event)
    if timers:
        due = sorted(
            (wake_at, live.entered_at, str(live.id), token_id, live)
            for contact in batch.contacts.values()
            for live in contact.enrollments
            for token_id, wake_at in live.timers.items()
            if wake_at <= now and not live.new
        )
        for _, _, _, token_id, live in due:
            if batch.journey_status.get(live.journey_id) == "paused" and (
                live.state.status == "paused"
            ):
                continue  # held: it moves when the journey resumes
            batch.fire_timer(live, token_id)
    return await batch.write()


async def handle_event(unit: UnitOfWork, event_id: int) -> Work:
    """Handle an event and every earlier unhandled event of its contact, in id order.

    Waits for the contact's lock (the demo loader and tests call this directly).
    """
    session = unit.session
    contact_id = await session.scalar(select(Event.contact_id).where(Event.id == event_id))
    if contact_id is None or not await lock_contact(session, contact_id):
        return Work()
    return await handle_contacts(unit, [contact_id], upto_event=event_id)


async def intervene(
    unit: UnitOfWork,
    contact_id: uuid.UUID,
    enrollment_id: uuid.UUID,
    decide: Callable[[JourneyDefinition, EnrollmentState, Facts], Outcome],
    cause: str,
) -> EnrollmentState | None:
    """Apply a staff action to one live enrollment of a contact whose row lock this
    transaction holds, written exactly as the worker writes a move (steps keyed by
    `cause`, timers, outbox rows, jobs of an ended enrollment cancelled). None when the
    enrollment is not live (it ended, or its version is gone)."""
    batch = _Batch(unit)
    await batch.load([contact_id])
    contact = batch.contacts.get(contact_id)
    live = (
        next((e for e in contact.enrollments if e.id == enrollment_id), None) if contact else None
    )
    definition = loaded_definition(live.journey_id, live.version) if live else None
    if contact is None or live is None or definition is None:
        return None
    before = live.state
    outcome = decide(definition, before, batch.facts_at(contact, None))
    batch.record(live, before, outcome, cause)
    await batch.write()
    # A path taken off the step whose job it waited for: nobody would take that job's
    # outcome (an ended enrollment's jobs were cancelled by the write already).
    await cancel_unawaited(
        unit,
        sorted(jobs_awaited(before) - jobs_awaited(live.state)),
        "The contact was moved off the step that waited for this job: nothing waits for it now.",
    )
    return live.state
