"""Running automatic processes (the worker's sales loop calls `work_once`).

A run is a row: opened when its process is due (one per process and due time, so
workers ticking at once open it once) or asked for ("run now"). Runs are worked in
priority order, 1 first: a worker takes the first unfinished run of an active process
under its row lock, or does nothing when another worker holds it, so a lower priority
never overtakes a higher one. Each pass handles one batch of that run's cards in one
transaction: the cards are locked (`FOR UPDATE SKIP LOCKED`), placed (app.sales.placement),
moved, and each move written to the audit log (`sales_process_moves`) whose unique key —
process, card and the processing it moved — makes a card processed once move once, even
across runs, restarts and workers. A worker that dies mid-batch leaves nothing of it;
the next pass takes the run up where its last committed batch left it.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Final, Literal

import msgspec
from sqlalchemy import ColumnElement, Select, exists, func, select
from sqlalchemy.dialects.postgresql import distinct_on, insert
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from app.auth.models import User
from app.contacts.models import Contact
from app.engine.conditions import ConditionGroup
from app.lib.db import any_uuid
from app.lib.problems import UnprocessableError
from app.sales.cards import contacts_of
from app.sales.frequency import next_run
from app.sales.models import (
    Bucket,
    Card,
    CardOutcome,
    Member,
    Process,
    ProcessMove,
    ProcessRun,
    ProcessSource,
    Project,
)
from app.sales.people import people
from app.sales.placement import EXPLAINED, CardFacts, Destination, Rule, Target, place
from app.sales.processes import process_row
from app.sales.schemas import Person, Placement, PreviewItem, ProjectRef, RunPreview
from app.segments.services import compile_group, saved_conditions

# Cards per transaction: a batch's locks are held until it commits.
BATCH: Final = 500
# How many cards a dry run lists (it counts them all).
PREVIEW_ITEMS: Final = 100
ALREADY_THERE: Final = "already_in_destination"
ALREADY_THERE_TEXT: Final = "The contact already has a card in the destination: left where it is."


@dataclass(frozen=True, slots=True)
class Scope:
    """What a run of one process looks at, read once per batch."""

    process: Process
    # Source project id -> name.
    sources: dict[uuid.UUID, str]
    destination: Project
    rule: Rule
    # The criteria's condition over the contact, compiled to SQL; None: no condition.
    predicate: ColumnElement[bool] | None


class CannotRunError(Exception):
    """The process cannot run as it stands (its condition names a segment since deleted)."""


async def scope_of(session: AsyncSession, process: Process, now: datetime) -> Scope:
    sources = dict(
        (
            await session.execute(
                select(Project.id, Project.name)
                .join(ProcessSource, ProcessSource.project_id == Project.id)
                .where(ProcessSource.process_id == process.id)
            )
        ).all()
    )
    destination = await session.get(Project, process.destination_id)
    assert destination is not None  # the foreign key has no cascade: it stays
    bucket_name = None
    if process.bucket_id is not None:
        bucket_name = await session.scalar(
            select(Bucket.name).where(
                Bucket.id == process.bucket_id, Bucket.project_id == destination.id
            )
        )
    predicate = None
    if process.condition is not None:
        group = msgspec.convert(process.condition, ConditionGroup)
        compiled = compile_group(group, await saved_conditions(session), now)
        if compiled.problems:
            path, message = compiled.problems[0]
            raise CannotRunError(f"Its condition cannot be used ({path}: {message}): change it.")
        predicate = compiled.predicate
    placement: Placement = process.placement  # type: ignore[assignment]
    return Scope(
        process=process,
        sources=sources,
        destination=destination,
        rule=Rule(placement, process.bucket_id, bucket_name),
        predicate=predicate,
    )


def matching(scope: Scope, scan_from: datetime, scan_until: datetime) -> Select[Card]:
    """The cards a run moves, oldest processing first: processed in a source project, in
    the window, with one of the outcomes, meeting the condition, and not already moved by
    this process for this processing."""
    moved = exists().where(
        ProcessMove.process_id == scope.process.id,
        ProcessMove.card_id == Card.id,
        ProcessMove.card_processed_at == Card.processed_at,
    )
    query = select(Card).where(
        Card.project_id == any_uuid(scope.sources),
        Card.processed,
        Card.processed_at >= scan_from,
        Card.processed_at <= scan_until,
        Card.last_outcome.in_(scope.process.outcomes),
        ~moved,
    )
    if scope.predicate is not None:
        query = query.join(Contact, Contact.id == Card.contact_id).where(scope.predicate)
    return query.order_by(Card.processed_at, Card.id)


# ---- deciding ------------------------------------------------------------------------


@dataclass(slots=True)
class Facts:
    """The destination as a batch finds it, kept up to date as the batch is decided."""

    destination: Destination
    # Bucket name (case folded) -> id.
    buckets: dict[str, uuid.UUID]
    # Contacts with a card in the destination.
    present: set[uuid.UUID]
    # Card -> the last outcome set on it in the destination (it was processed there).
    history: dict[uuid.UUID, CardOutcome]
    bucket_names: dict[uuid.UUID, str] = field(default_factory=dict)


async def facts_for(session: AsyncSession, scope: Scope, cards: Sequence[Card]) -> Facts:
    destination_id = scope.destination.id
    members = list(
        await session.scalars(
            select(Member.user_id)
            .join(User, User.id == Member.user_id)
            .where(Member.project_id == destination_id, User.is_active)
        )
    )
    load = dict.fromkeys(members, 0)
    for holder, count in await session.execute(
        select(Card.holder_id, func.count())
        .where(Card.project_id == destination_id, Card.holder_id == any_uuid(members))
        .group_by(Card.holder_id)
    ):
        if holder is not None:
            load[holder] = count
    buckets = list(
        await session.execute(
            select(Bucket.id, Bucket.name).where(Bucket.project_id == destination_id)
        )
    )
    present = set(
        await session.scalars(
            select(Card.contact_id).where(
                Card.project_id == destination_id,
                Card.contact_id == any_uuid({card.contact_id for card in cards}),
            )
        )
    )
    history = {
        row.card_id: row
        for row in await session.scalars(
            select(CardOutcome)
            .where(
                CardOutcome.card_id == any_uuid({card.id for card in cards}),
                CardOutcome.project_id == destination_id,
            )
            .ext(distinct_on(CardOutcome.card_id))
            .order_by(CardOutcome.card_id, CardOutcome.at.desc(), CardOutcome.id.desc())
        )
    }
    return Facts(
        destination=Destination(load),
        buckets={name.casefold(): bucket_id for bucket_id, name in buckets},
        present=present,
        history=history,
        bucket_names=dict(buckets),
    )


@dataclass(frozen=True, slots=True)
class Decision:
    card: Card
    action: Literal["moved", "skipped"]
    reason: str
    target: Target | None


def decide(scope: Scope, facts: Facts, card: Card) -> Decision:
    if card.contact_id in facts.present:
        return Decision(card, "skipped", ALREADY_THERE, None)
    target = place(
        scope.rule,
        CardFacts(
            processed_by=card.processed_by,
            booking=card.last_outcome_booking,
            booking_user_id=card.booking_user_id,
            source_name=scope.sources.get(card.project_id, ""),
        ),
        facts.destination,
    )
    facts.present.add(card.contact_id)
    if target.user_id is not None:
        facts.destination.took(target.user_id)
    return Decision(card, "moved", target.reason, target)


def _existing(facts: Facts, target: Target) -> uuid.UUID | None:
    """The bucket a target goes into, when it is there already."""
    if target.bucket_id is not None:
        return target.bucket_id
    if target.new_bucket is not None:
        return facts.buckets.get(target.new_bucket.casefold())
    return None


# ---- carrying out --------------------------------------------------------------------


async def _bucket_named(
    session: AsyncSession, facts: Facts, project_id: uuid.UUID, name: str, now: datetime
) -> uuid.UUID:
    """The destination's bucket of that name, made when missing."""
    found = facts.buckets.get(name.casefold())
    if found is not None:
        return found
    made = await session.scalar(
        insert(Bucket)
        .values(project_id=project_id, name=name, created_at=now)
        .on_conflict_do_nothing()
        .returning(Bucket.id)
    )
    if made is None:  # made meanwhile (same name, another case or another worker)
        made = await session.scalar(
            select(Bucket.id).where(
                Bucket.project_id == project_id, func.lower(Bucket.name) == name.lower()
            )
        )
    assert isinstance(made, uuid.UUID)
    facts.buckets[name.casefold()] = made
    facts.bucket_names[made] = name
    return made


def _move(
    card: Card, scope: Scope, facts: Facts, target: Target, bucket_id: uuid.UUID | None
) -> None:
    card.project_id = scope.destination.id
    card.bucket_id = bucket_id
    card.holder_id = target.user_id
    # Stages are the source project's: the card starts the destination's funnel afresh.
    card.stage_id = None
    past = facts.history.get(card.id)
    if past is None:
        # Never processed there: unprocessed, its outcome from the source kept on show.
        card.processed = False
        return
    # Processed there before: it is again, as it was left there.
    card.processed = True
    card.processed_at = past.at
    card.processed_by = past.user_id
    card.last_outcome_id = past.outcome_id
    card.last_outcome = past.outcome
    card.last_outcome_booking = past.is_booking
    card.booking_user_id = past.booking_user_id
    card.booking_at = past.booking_at


async def carry_out(  # noqa: PLR0917 - what a batch decided, and where
    session: AsyncSession,
    scope: Scope,
    facts: Facts,
    run: ProcessRun,
    decisions: Sequence[Decision],
    now: datetime,
) -> None:
    names = await people(session, [d.target.user_id for d in decisions if d.target])
    for decision in decisions:
        card = decision.card
        assert card.processed_at is not None  # only processed cards match
        entry = ProcessMove(
            run_id=run.id,
            process_id=scope.process.id,
            card_id=card.id,
            from_project_id=card.project_id,
            to_project_id=scope.destination.id,
            outcome=card.last_outcome,
            card_processed_at=card.processed_at,
            action=decision.action,
            reason=decision.reason,
            at=now,
        )
        target = decision.target
        if target is None:
            entry.detail = ALREADY_THERE_TEXT
            run.skipped += 1
        else:
            existing = _existing(facts, target)
            bucket_id = existing
            if target.new_bucket is not None and existing is None:
                bucket_id = await _bucket_named(
                    session, facts, scope.destination.id, target.new_bucket, now
                )
            entry.detail = (
                f"{EXPLAINED[target.reason]} {_where(target, bucket_id, existing, facts, names)}"
            )
            entry.to_bucket_id, entry.to_user_id = bucket_id, target.user_id
            _move(card, scope, facts, target, bucket_id)
            card.updated_at = now
            run.moved += 1
        session.add(entry)
    await session.flush()


def _where(
    target: Target,
    bucket_id: uuid.UUID | None,
    existing: uuid.UUID | None,
    facts: Facts,
    names: dict[uuid.UUID, Person],
) -> str:
    """Where the card went, in words, for the audit log."""
    if target.user_id is not None:
        person = names.get(target.user_id)
        return f"To {person.name if person else target.user_id}."
    if bucket_id is None:
        return "Into no bucket."
    made = " (made now)" if existing is None else ""
    return f"Into bucket “{facts.bucket_names.get(bucket_id, '')}”{made}."


# ---- the worker's passes -------------------------------------------------------------


async def open_due(session: AsyncSession, now: datetime) -> int:
    """A run for each active process that is due (unless one of it is still going); each
    process's next run set. How many runs were opened."""
    due = await session.scalars(
        select(Process)
        .where(Process.active, Process.next_run_at <= now)
        .order_by(Process.priority, Process.id)
        .with_for_update(skip_locked=True)
    )
    opened = 0
    for process in due:
        assert process.next_run_at is not None
        going = await session.scalar(
            select(
                exists().where(ProcessRun.process_id == process.id, ProcessRun.status == "running")
            )
        )
        if not going:
            made = await session.scalar(
                insert(ProcessRun)
                .values(
                    process_id=process.id,
                    kind="schedule",
                    status="running",
                    due_at=process.next_run_at,
                    scan_from=process.scan_from,
                    scan_until=now,
                    started_at=now,
                )
                .on_conflict_do_nothing()
                .returning(ProcessRun.id)
            )
            opened += made is not None
        process.next_run_at = next_run(process.frequency, now, process.daily_at)  # type: ignore[arg-type]
    await session.flush()
    return opened


async def _head(session: AsyncSession) -> ProcessRun | None:
    """The first unfinished run in priority order, locked; None when there is none or
    another worker is working it."""
    head = await session.scalar(
        select(ProcessRun.id)
        .join(Process, Process.id == ProcessRun.process_id)
        .where(ProcessRun.status == "running", Process.active)
        .order_by(Process.priority, ProcessRun.due_at, ProcessRun.id)
        .limit(1)
    )
    if head is None:
        return None
    run: ProcessRun | None = await session.scalar(
        select(ProcessRun)
        .where(ProcessRun.id == head, ProcessRun.status == "running")
        .with_for_update(skip_locked=True)
    )
    return run


async def work_batch(session: AsyncSession, now: datetime, batch: int = BATCH) -> int:
    """One batch of the head run; how many cards it handled (plus one when it finished
    the run, so a caller goes on to the next run)."""
    run = await _head(session)
    if run is None:
        return 0
    process = await process_row(session, run.process_id)
    try:
        scope = await scope_of(session, process, now)
    except CannotRunError as error:
        run.status, run.finished_at, run.detail = "stopped", now, str(error)
        await session.flush()
        return 1
    cards = list(
        await session.scalars(
            matching(scope, run.scan_from, run.scan_until)
            .limit(batch)
            .with_for_update(of=Card, skip_locked=True)
        )
    )
    facts = await facts_for(session, scope, cards)
    decisions = [decide(scope, facts, card) for card in cards]
    await carry_out(session, scope, facts, run, decisions, now)
    run.batches += 1
    finished = len(cards) < batch
    if finished:
        run.status, run.finished_at = "done", now
    await session.flush()
    return len(cards) + finished


async def work_once(
    sessions: async_sessionmaker[AsyncSession], now: datetime, *, batch: int = BATCH
) -> int:
    """The worker's pass: open the runs that are due, then a batch of the head run."""
    async with sessions.begin() as session:
        opened = await open_due(session, now)
    async with sessions.begin() as session:
        worked = await work_batch(session, now, batch)
    return opened + worked


# ---- a dry run -----------------------------------------------------------------------


async def preview(session: AsyncSession, process_id: uuid.UUID, now: datetime) -> RunPreview:
    """What a run now would move (the first PREVIEW_ITEMS of it) and where, writing
    nothing."""
    process = await process_row(session, process_id)
    try:
        scope = await scope_of(session, process, now)
    except CannotRunError as error:
        raise UnprocessableError(f"“{process.name}” cannot run: {error}") from error
    query = matching(scope, process.scan_from, now)
    total = await session.scalar(select(func.count()).select_from(query.subquery()))
    cards = list(await session.scalars(query.limit(PREVIEW_ITEMS)))
    facts = await facts_for(session, scope, cards)
    decisions = [decide(scope, facts, card) for card in cards]
    contacts = await contacts_of(session, [card.contact_id for card in cards])
    names = await people(session, [d.target.user_id for d in decisions if d.target])
    items = []
    for decision in decisions:
        card, target = decision.card, decision.target
        assert card.processed_at is not None
        to_kind: Literal["user", "bucket", "new_bucket", "none"] = "none"
        to_name, to_id = "", None
        detail = ALREADY_THERE_TEXT
        if target is not None:
            detail = EXPLAINED[target.reason]
            existing = _existing(facts, target)
            if target.user_id is not None:
                to_kind, to_id = "user", target.user_id
                to_name = names[target.user_id].name if target.user_id in names else ""
            elif existing is not None:
                to_kind, to_id = "bucket", existing
                to_name = facts.bucket_names.get(existing, target.new_bucket or "")
            else:
                to_kind, to_name = "new_bucket", target.new_bucket or ""
        items.append(
            PreviewItem(
                card_id=card.id,
                contact=contacts[card.contact_id],
                from_project=ProjectRef(card.project_id, scope.sources.get(card.project_id, "")),
                outcome=card.last_outcome,
                processed_at=card.processed_at,
                action=decision.action,
                to_kind=to_kind,
                to_name=to_name,
                to_id=to_id,
                reason=decision.reason,
                detail=detail,
            )
        )
    return RunPreview(
        total=int(total or 0), items=items, scan_from=process.scan_from, scan_until=now
    )
