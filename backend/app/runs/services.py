"""Moving enrollments: one event or one timer, one transaction, under the contact's lock.

`handle_event` and `handle_timer` are the only writers of enrollments. Each takes the
contact's row lock first (`SELECT … FOR UPDATE` on contacts), so one contact's events run
one at a time and in order while other contacts run in parallel; the engine decides, and
its outcome (state, steps, timers, outbox rows) is written before the commit. A second
delivery finds the event already marked processed and changes nothing.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Final

import msgspec
from sqlalchemy import delete, func, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from app.contacts.models import Contact
from app.engine.definition import JourneyDefinition
from app.engine.facts import Facts
from app.engine.interpreter import Outcome, advance, start
from app.engine.state import EnrollmentState, decode_state
from app.engine.stimuli import (
    EventArrived,
    JourneyPaused,
    JourneyResumed,
    Stimulus,
    TimerDue,
)
from app.engine.triggers_match import EnrollmentHistory, match_triggers
from app.events.models import Event
from app.events.services import mark_event_processed
from app.journeys.models import Journey, JourneyVersion
from app.runs.facts import contact_facts, enrollment_facts
from app.runs.models import Enrollment, EnrollmentTimer, JourneyStep, OutboxMessage

# Enrollment ids derive from (event, journey): a replayed transaction makes the same ids,
# hence the same outbox keys.
_NAMESPACE: Final = uuid.UUID("0b7e6a3c-52f4-4e0a-9a61-3f1c2d8e7b90")
LIVE_STATUSES: Final = ("active", "paused")

# Published versions never change (a trigger refuses updates), so a process caches them.
_definitions: dict[tuple[uuid.UUID, int], JourneyDefinition] = {}


@dataclass(slots=True)
class Work:
    """What a transaction did, so the caller knows what to ring after commit."""

    events: int = 0
    timers: int = 0
    effects: int = 0
    next_wake: datetime | None = None

    def merge(self, other: Work) -> None:
        self.events += other.events
        self.timers += other.timers
        self.effects += other.effects
        if other.next_wake is not None and (
            self.next_wake is None or other.next_wake < self.next_wake
        ):
            self.next_wake = other.next_wake


async def definition_of(
    session: AsyncSession, journey_id: uuid.UUID, version: int
) -> JourneyDefinition | None:
    key = (journey_id, version)
    cached = _definitions.get(key)
    if cached is None:
        row = await session.get(JourneyVersion, key)
        if row is None:
            return None
        cached = _definitions[key] = msgspec.convert(row.definition, JourneyDefinition)
    return cached


async def _active_definitions(
    session: AsyncSession,
) -> list[tuple[str, int, JourneyDefinition]]:
    rows = await session.execute(
        select(Journey.id, Journey.published_version)
        .where(Journey.status == "active", Journey.published_version.is_not(None))
        .order_by(Journey.created_at, Journey.id)
    )
    found = []
    for journey_id, version in rows:
        if version is None:  # pragma: no cover - the query asks for published ones
            continue
        definition = await definition_of(session, journey_id, version)
        if definition is not None:
            found.append((str(journey_id), version, definition))
    return found


async def lock_contact(session: AsyncSession, contact_id: uuid.UUID) -> bool:
    """Take the contact's row lock for the rest of the transaction."""
    locked = await session.scalar(
        select(Contact.id).where(Contact.id == contact_id).with_for_update()
    )
    return locked is not None


def state_of(row: Enrollment) -> EnrollmentState:
    return decode_state(msgspec.json.encode(row.state))


# ---- events ------------------------------------------------------------------------


async def handle_event(session: AsyncSession, event_id: int, now: datetime) -> Work:
    """Handle an event and every earlier unhandled event of its contact, in id order."""
    contact_id = await session.scalar(select(Event.contact_id).where(Event.id == event_id))
    work = Work()
    if contact_id is None or not await lock_contact(session, contact_id):
        return work
    # Read after the lock: what another worker handled meanwhile is no longer listed.
    pending = await session.scalars(
        select(Event)
        .where(Event.contact_id == contact_id, Event.processed_at.is_(None), Event.id <= event_id)
        .order_by(Event.id)
    )
    for event in list(pending):
        # The conditional update is the last word: a second delivery is a no-op.
        if await mark_event_processed(session, event.id, now=now):
            work.events += 1
            work.merge(await _apply_event(session, event, now))
    return work


async def _apply_event(session: AsyncSession, event: Event, now: datetime) -> Work:
    work = Work()
    facts = await contact_facts(session, event.contact_id)
    stimulus = EventArrived(
        name=event.name, properties=dict(event.properties), occurred_at=event.occurred_at
    )
    # Enrollments already running first: an enrollment this event starts never sees it twice.
    running = await session.scalars(
        select(Enrollment)
        .where(Enrollment.contact_id == event.contact_id, Enrollment.status.in_(LIVE_STATUSES))
        .order_by(Enrollment.entered_at, Enrollment.id)
    )
    for row in list(running):
        work.merge(await _advance(session, row, stimulus, facts, now))
    history = await _history(session, event.contact_id)
    definitions = await _active_definitions(session)
    by_key = {(j, v): d for j, v, d in definitions}
    for enrol in match_triggers(definitions, stimulus, facts, history, now):
        row = Enrollment(
            id=uuid.uuid5(_NAMESPACE, f"{event.id}:{enrol.journey_id}"),
            journey_id=uuid.UUID(enrol.journey_id),
            version=enrol.version,
            contact_id=event.contact_id,
            status="active",
            state={},
            entered_at=now,
            updated_at=now,
        )
        session.add(row)
        await session.flush()
        outcome = start(
            by_key[(enrol.journey_id, enrol.version)],
            enrollment_id=str(row.id),
            journey_id=enrol.journey_id,
            version=enrol.version,
            contact_id=str(event.contact_id),
            trigger_node_id=enrol.trigger_node_id,
            facts=facts
            if facts.object
            else msgspec.structs.replace(facts, object=stimulus.properties),
            now=now,
            event=stimulus.properties,
        )
        work.merge(await write_outcome(session, row, None, outcome, now))
    return work


def _with_object(facts: Facts, properties: dict[str, Any]) -> Facts:
    # Until the CRM's objects land, the triggering event's data is the related object.
    return facts if facts.object else msgspec.structs.replace(facts, object=properties)


async def _history(session: AsyncSession, contact_id: uuid.UUID) -> EnrollmentHistory:
    rows = await session.execute(
        select(
            Enrollment.journey_id,
            func.max(Enrollment.entered_at),
            func.count().filter(Enrollment.status.in_(LIVE_STATUSES)),
        )
        .where(Enrollment.contact_id == contact_id)
        .group_by(Enrollment.journey_id)
    )
    last: dict[str, datetime] = {}
    active: dict[str, int] = {}
    for journey_id, entered_at, live in rows:
        last[str(journey_id)] = entered_at
        active[str(journey_id)] = live
    return EnrollmentHistory(last_entered_at=last, active=active)


async def _advance(
    session: AsyncSession, row: Enrollment, stimulus: Stimulus, facts: Facts, now: datetime
) -> Work:
    definition = await definition_of(session, row.journey_id, row.version)
    if definition is None:
        return Work()
    before = state_of(row)
    facts = enrollment_facts(facts, before)
    # Pause and resume reach an enrollment when it next moves: a paused journey's
    # enrollments hold where they are (only goal events act), a resumed one's go on.
    journey_status = await session.scalar(
        select(Journey.status).where(Journey.id == row.journey_id)
    )
    held: Outcome | None = None
    if journey_status == "paused" and before.status == "active":
        held = advance(definition, before, JourneyPaused(), facts, now)
    elif journey_status == "active" and before.status == "paused":
        held = advance(definition, before, JourneyResumed(), facts, now)
    outcome = advance(definition, held.state if held else before, stimulus, facts, now)
    if held is not None:
        outcome = msgspec.structs.replace(
            outcome, steps=held.steps + outcome.steps, effects=held.effects + outcome.effects
        )
    return await write_outcome(session, row, before, outcome, now)


# ---- timers ------------------------------------------------------------------------


async def handle_timer(
    session: AsyncSession, enrollment_id: uuid.UUID, token_id: str, now: datetime
) -> Work:
    """Fire one due timer under the contact's lock; a timer already handled is a no-op."""
    contact_id = await session.scalar(
        select(Enrollment.contact_id).where(Enrollment.id == enrollment_id)
    )
    if contact_id is None or not await lock_contact(session, contact_id):
        return Work()
    wake_at = await session.scalar(
        select(EnrollmentTimer.wake_at).where(
            EnrollmentTimer.enrollment_id == enrollment_id, EnrollmentTimer.token_id == token_id
        )
    )
    row = await session.get(Enrollment, enrollment_id, populate_existing=True)
    if wake_at is None or wake_at > now or row is None:
        return Work()
    facts = await contact_facts(session, contact_id)
    work = await _advance(session, row, TimerDue(token_id=token_id, now=now), facts, now)
    work.timers += 1
    return work


# ---- writing an outcome --------------------------------------------------------------


async def write_outcome(
    session: AsyncSession,
    row: Enrollment,
    before: EnrollmentState | None,
    outcome: Outcome,
    now: datetime,
) -> Work:
    """Store the new state, append the steps, replace the timers, queue the effects."""
    state = outcome.state
    work = Work()
    if before is not None and state == before and not outcome.steps and not outcome.effects:
        return work  # the stimulus meant nothing to this enrollment
    row.state = msgspec.to_builtins(state)
    row.status = state.status
    row.updated_at = now
    if state.status in ("completed", "exited") and row.ended_at is None:
        row.ended_at = now
    if outcome.steps:
        await session.execute(insert(JourneyStep), _step_rows(row, before, outcome))
    await session.execute(delete(EnrollmentTimer).where(EnrollmentTimer.enrollment_id == row.id))
    wakes = {timer.token_id: timer.wake_at for timer in outcome.timers}
    if wakes:
        await session.execute(
            insert(EnrollmentTimer),
            [{"enrollment_id": row.id, "token_id": t, "wake_at": w} for t, w in wakes.items()],
        )
        work.next_wake = min(wakes.values())
    if outcome.effects:
        inserted = await session.scalars(
            insert(OutboxMessage)
            .values(
                [
                    {
                        "key": effect.key,
                        "enrollment_id": row.id,
                        "kind": str(effect.__struct_config__.tag),
                        "payload": msgspec.to_builtins(effect),
                        "next_attempt_at": now,
                        "created_at": now,
                    }
                    for effect in outcome.effects
                ]
            )
            .on_conflict_do_nothing(index_elements=["key"])
            .returning(OutboxMessage.id)
        )
        work.effects = len(list(inserted))
    return work


def _step_rows(
    row: Enrollment, before: EnrollmentState | None, outcome: Outcome
) -> list[dict[str, Any]]:
    # A step "enters" its node unless the token was already there (leaving a wait, held
    # by a pause): the per-node "entered" count reads this flag.
    at_node = {t.token_id: t.node_id for t in before.tokens} if before else {}
    rows = []
    for step in outcome.steps:
        entered = at_node.get(step.token_id) != step.node_id
        at_node[step.token_id] = step.node_id
        rows.append(
            {
                "enrollment_id": row.id,
                "journey_id": row.journey_id,
                "version": row.version,
                "node_id": step.node_id,
                "exit_taken": step.exit_taken,
                "at": step.at,
                "detail": {"text": step.detail, "token": step.token_id, "entered": entered},
            }
        )
    return rows
