"""What-if runs: asked for by the API, run by the worker, read back with their contacts.

`create` checks the request and stores a queued run with the definition it tries (the
draft as it is now, or a version). A worker takes it (`run_next`: `FOR UPDATE SKIP
LOCKED`) and goes through the audience a chunk of contacts at a time (`chunks`): loads
them (`feeds`: their facts rewound to the period's start through their recorded changes,
their events of the period), replays them (`replay.replay_contacts`), writes the
contacts behind each number with the progress; a run cancelled or deleted meanwhile
stops there. At the end it counts what the live version did in the same period
(`results`) and keeps both.

A run writes only its own two tables: never an event, enrollment, step, timer, outbox
row, message or job (tests/integration/test_what_ifs.py proves it).
"""

from __future__ import annotations

import time
import uuid
from datetime import datetime, timedelta
from typing import Any, Final

import msgspec
import structlog
from sqlalchemy import (
    Select,
    and_,
    delete,
    func,
    or_,
    select,
    text,
    update,
)
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from app.contacts.models import Contact
from app.engine import decode_errors
from app.engine.actions import CreateJob
from app.engine.catalog import Catalog
from app.engine.definition import JourneyDefinition, history_events
from app.engine.exits import exits
from app.eventlog.models import Event
from app.journeys.catalog import engine_catalog
from app.journeys.models import Journey, JourneyVersion
from app.lib.db import any_uuid
from app.lib.problems import FieldError, InvalidInputError, NotFoundError, UnprocessableError
from app.runs.models import Enrollment, JourneyStep, OutboxMessage
from app.segments.models import Segment
from app.segments.services import predicate_for
from app.whatif import schemas as api
from app.whatif.chunks import forget_contacts, replay_audience
from app.whatif.models import WhatIfContact, WhatIfRun
from app.whatif.replay import JobPlan, Plan
from app.whatif.results import MESSAGE_KINDS, WRITTEN, audience, live_numbers, result_of

log = structlog.get_logger(__name__)

DRAFT: Final = 0
CHUNK: Final = 1000
# A running run's worker moves `heartbeat_at` on after every chunk; one silent this long
# died, and the next worker takes the run up again from the start.
STALE: Final = timedelta(minutes=2)
PAGE: Final = 100

LIMITATIONS: Final = [
    "Job outcomes: no job of the draft was ever done, so each job step ends at once with "
    "the outcome chosen for it (or split by the ratio given); a step not named takes its "
    "first outcome. Jobs take no time in a replay.",
    "Webhook calls are taken to answer at once, successfully, with nothing saved.",
    "Contact facts: each contact starts from its record rewound to the period's start "
    "through the changes the event log recorded (fields, tags, score, consent, segments "
    "entered and left, objects created); a change recorded without an event, an object's "
    "fields before an update, and saved segments' conditions are taken as they are now.",
    "Events the live journeys caused (emails opened, job status changes, events a step "
    "emitted) are replayed as they really happened: the draft's own messages and jobs "
    "cause none, and an event a draft step would emit is not replayed.",
    "Only events start and move the draft: contacts with no event in the period are not "
    "in the audience (schedules and dates fire only through their recorded events), and "
    "a contact's time in the journey before the period is not known to re-entry rules.",
    "Open jobs (“has an open job” rules) are the contact's jobs open now.",
    "The live side counts what the live version's steps logged in the period; it has no "
    "“waiting at the end” figure.",
]


def refuse(where: str, message: str) -> UnprocessableError:
    return UnprocessableError(f"{where}: {message}", errors=[FieldError(where, message)])


# ---- asking for one ----------------------------------------------------------------------


async def _journey(session: AsyncSession, journey_id: uuid.UUID) -> Journey:
    journey = await session.get(Journey, journey_id)
    if journey is None:
        raise NotFoundError("There is no journey with that id.")
    return journey


def _decode(raw: dict[str, Any]) -> JourneyDefinition:
    try:
        return msgspec.convert(raw, JourneyDefinition)
    except msgspec.ValidationError as error:
        path, sentence = decode_errors.explain(error)
        raise refuse("version", f"its definition does not decode: {path} {sentence}") from error


def job_outcomes(definition: JourneyDefinition, catalog: Catalog) -> dict[str, list[str]]:
    """Each job step's outcomes (the exits of its job type, without `cancelled`)."""
    return {
        node.id: [e.id for e in exits(node, catalog) if e.id != "cancelled"]
        for node in definition.nodes
        if isinstance(node, CreateJob)
    }


def _check_jobs(
    choices: dict[str, api.WhatIfJobChoice], outcomes: dict[str, list[str]]
) -> dict[str, api.WhatIfJobChoice]:
    """The choices checked, with the first outcome for each job step not named."""
    for node_id, choice in choices.items():
        where = f"job_steps.{node_id}"
        allowed = outcomes.get(node_id)
        if allowed is None:
            raise InvalidInputError.on_field(
                where, f"“{node_id}” is not a job step of this journey."
            )
        if (choice.outcome is None) == (choice.split is None):
            raise InvalidInputError.on_field(where, "give an `outcome` or a `split`, not both.")
        named = (
            [(".outcome", choice.outcome)]
            if choice.outcome is not None
            else [
                (f".split[{n}].outcome", share.outcome)
                for n, share in enumerate(choice.split or [])
            ]
        )
        for place, outcome in named:
            if outcome not in allowed:
                field = where + place
                raise InvalidInputError.on_field(
                    field,
                    f"“{outcome}” is not an outcome of “{node_id}”: "
                    + (", ".join(allowed) or "its job type has none"),
                )
        if choice.split is not None and sum(share.weight for share in choice.split) <= 0:
            raise InvalidInputError.on_field(f"{where}.split", "the weights add up to 0.")
    filled = dict(choices)
    for node_id, allowed in outcomes.items():
        if node_id not in filled and allowed:
            filled[node_id] = api.WhatIfJobChoice(outcome=allowed[0])
    return filled


async def create(
    session: AsyncSession,
    journey_id: uuid.UUID,
    data: api.WhatIfCreate,
    *,
    actor_id: uuid.UUID | None,
    now: datetime,
) -> api.WhatIfRun:
    journey = await _journey(session, journey_id)
    if data.period_start.tzinfo is None:
        raise InvalidInputError.on_field("period_start", "give a time zone (e.g. `Z`).")
    if data.period_end.tzinfo is None:
        raise InvalidInputError.on_field("period_end", "give a time zone (e.g. `Z`).")
    if data.period_end <= data.period_start:
        raise InvalidInputError.on_field("period_end", "the period must end after it starts.")
    if data.period_end - data.period_start > timedelta(days=api.MAX_DAYS):
        raise InvalidInputError.on_field(
            "period_end", f"a what-if covers at most {api.MAX_DAYS} days."
        )
    if data.period_start > now:
        raise InvalidInputError.on_field("period_start", "the period must start in the past.")
    raw: dict[str, Any] = journey.definition
    if data.version is not None:
        version = await session.get(JourneyVersion, (journey_id, data.version))
        if version is None:
            raise NotFoundError(f"version: this journey has no published version {data.version}.")
        raw = version.definition
    definition = _decode(raw)
    segment_name: str | None = None
    if data.segment_id is not None:
        segment = await session.get(Segment, data.segment_id)
        if segment is None:
            raise NotFoundError(f"segment_id: there is no segment {data.segment_id}.")
        segment_name = segment.name
        await predicate_for(session, segment.name, now, field="segment_id")
    catalog = await engine_catalog(session)
    jobs = _check_jobs(dict(data.job_steps), job_outcomes(definition, catalog))
    row = WhatIfRun(
        id=uuid.uuid4(),
        journey_id=journey_id,
        version=data.version,
        definition=raw,
        period_start=data.period_start,
        period_end=data.period_end,
        segment_id=data.segment_id,
        segment_name=segment_name,
        job_steps={k: msgspec.to_builtins(v) for k, v in jobs.items()},
        status="queued",
        contacts_total=0,
        contacts_done=0,
        events_done=0,
        created_at=now,
        created_by=actor_id,
    )
    session.add(row)
    await session.flush()
    return view(row)


# ---- reading them ------------------------------------------------------------------------


def view(row: WhatIfRun) -> api.WhatIfRun:
    total = row.contacts_total
    if row.status == "completed":
        progress = 100
    elif total:
        progress = min(99, row.contacts_done * 100 // total)
    else:
        progress = 0
    return api.WhatIfRun(
        id=row.id,
        journey_id=row.journey_id,
        version=row.version,
        period_start=row.period_start,
        period_end=row.period_end,
        segment_id=row.segment_id,
        segment_name=row.segment_name,
        job_steps=msgspec.convert(row.job_steps, dict[str, api.WhatIfJobChoice]),
        status=row.status,  # type: ignore[arg-type]
        contacts_total=total,
        contacts_done=row.contacts_done,
        events_done=row.events_done,
        progress=progress,
        error=row.error,
        created_at=row.created_at,
        started_at=row.started_at,
        finished_at=row.finished_at,
        result=msgspec.convert(row.result, api.WhatIfResult) if row.result else None,
        limitations=LIMITATIONS,
    )


async def list_runs(session: AsyncSession, journey_id: uuid.UUID) -> list[api.WhatIfRun]:
    await _journey(session, journey_id)
    rows = await session.scalars(
        select(WhatIfRun)
        .where(WhatIfRun.journey_id == journey_id)
        .order_by(WhatIfRun.created_at.desc(), WhatIfRun.id)
    )
    return [view(row) for row in rows]


async def _run(session: AsyncSession, journey_id: uuid.UUID, run_id: uuid.UUID) -> WhatIfRun:
    await _journey(session, journey_id)
    row = await session.get(WhatIfRun, run_id)
    if row is None or row.journey_id != journey_id:
        raise NotFoundError("This journey has no what-if with that id.")
    return row


async def get_run(session: AsyncSession, journey_id: uuid.UUID, run_id: uuid.UUID) -> api.WhatIfRun:
    return view(await _run(session, journey_id, run_id))


async def delete_run(session: AsyncSession, journey_id: uuid.UUID, run_id: uuid.UUID) -> None:
    """Delete a run and its results; one still running stops after its current chunk."""
    row = await _run(session, journey_id, run_id)
    await session.delete(row)


async def cancel_run(
    session: AsyncSession, journey_id: uuid.UUID, run_id: uuid.UUID, now: datetime
) -> api.WhatIfRun:
    """Stop a queued or running run (kept, marked cancelled); an ended one is refused."""
    row = await _run(session, journey_id, run_id)
    if row.status not in ("queued", "running"):
        raise UnprocessableError(
            f"This what-if has already ended ({row.status}): there is nothing to cancel.",
            errors=[FieldError("run_id", f"the what-if has already ended ({row.status})")],
        )
    row.status = "cancelled"
    row.finished_at = now
    await session.flush()
    return view(row)


# ---- the contacts behind a number --------------------------------------------------------


async def contacts(
    session: AsyncSession,
    journey_id: uuid.UUID,
    run_id: uuid.UUID,
    *,
    bucket: str,
    side: str,
    after: uuid.UUID | None,
    limit: int,
    now: datetime,
) -> api.WhatIfContacts:
    row = await _run(session, journey_id, run_id)
    _bucket_parts(bucket)
    if side == "draft":
        ids: Select[uuid.UUID] = select(WhatIfContact.contact_id).where(
            WhatIfContact.run_id == row.id, WhatIfContact.bucket == bucket
        )
        column: Any = WhatIfContact.contact_id
    else:
        ids = await _live_contacts(session, row, bucket, now)
        column = ids.selected_columns[0]
    if after is not None:
        ids = ids.where(column > after)
    found = list(await session.scalars(ids.distinct().order_by(column).limit(limit + 1)))
    more = len(found) > limit
    found = found[:limit]
    people = {
        c.id: c for c in await session.scalars(select(Contact).where(Contact.id == any_uuid(found)))
    }
    return api.WhatIfContacts(
        bucket=bucket,
        side="live" if side == "live" else "draft",
        items=[
            api.WhatIfContactRow(
                contact_id=cid,
                name=people[cid].name if cid in people else "(erased)",
                email=people[cid].email if cid in people else None,
            )
            for cid in found
        ],
        next_after=found[-1] if more and found else None,
    )


def _bucket_parts(bucket: str) -> tuple[str, str, str]:
    kind, _, rest = bucket.partition(":")
    if kind in ("exit", "message"):
        first, _, second = rest.partition(":")
        if first and second:
            return kind, first, second
    elif kind in ("node", "end", "job", "waiting") and rest:
        return kind, rest, ""
    elif kind == "enrolled" and not rest:
        return kind, "", ""
    raise InvalidInputError.on_field(
        "bucket",
        "not a number of this what-if: enrolled, node:<step>, exit:<step>:<exit>, "
        "waiting:<step>, end:<step>, message:<channel>:<template> or job:<queue>.",
    )


async def _live_contacts(  # noqa: PLR0911 - one query per kind of number
    session: AsyncSession, run: WhatIfRun, bucket: str, now: datetime
) -> Select[uuid.UUID]:
    kind, first, second = _bucket_parts(bucket)
    people = select(Contact.id).where(await audience(session, run, now))
    in_period = and_(JourneyStep.at >= run.period_start, JourneyStep.at < run.period_end)
    steps = (
        select(Enrollment.contact_id)
        .join(JourneyStep, JourneyStep.enrollment_id == Enrollment.id)
        .where(JourneyStep.journey_id == run.journey_id, in_period)
        .where(Enrollment.contact_id.in_(people))
    )
    entered = JourneyStep.detail["entered"].as_boolean().is_(True)
    match kind:
        case "enrolled":
            return (
                select(Enrollment.contact_id)
                .where(
                    Enrollment.journey_id == run.journey_id,
                    Enrollment.entered_at >= run.period_start,
                    Enrollment.entered_at < run.period_end,
                )
                .where(Enrollment.contact_id.in_(people))
            )
        case "node":
            return steps.where(JourneyStep.node_id == first, entered)
        case "exit":
            return steps.where(JourneyStep.node_id == first, JourneyStep.exit_taken == second)
        case "end":
            return steps.where(JourneyStep.node_id == first)
        case "waiting":
            return steps.where(text("false"))
        case "message" | "job":
            outbox = (
                select(Enrollment.contact_id)
                .join(OutboxMessage, OutboxMessage.enrollment_id == Enrollment.id)
                .where(
                    Enrollment.journey_id == run.journey_id,
                    OutboxMessage.created_at >= run.period_start,
                    OutboxMessage.created_at < run.period_end,
                )
                .where(Enrollment.contact_id.in_(people))
            )
            if kind == "job":
                return outbox.where(
                    OutboxMessage.kind == "create_job",
                    OutboxMessage.payload["queue"].astext == first,
                )
            template = func.coalesce(OutboxMessage.payload["template"].astext, WRITTEN)
            return outbox.where(
                OutboxMessage.kind == MESSAGE_KINDS.get(first, "-"), template == second
            )
        case _:  # pragma: no cover - _bucket_parts allows only these
            raise AssertionError(kind)


# ---- running one (the worker) ------------------------------------------------------------


async def claim(sessions: async_sessionmaker[AsyncSession], now: datetime) -> uuid.UUID | None:
    """Take the oldest queued run (or one whose worker died) and mark it running."""
    async with sessions.begin() as session:
        row = await session.scalar(
            select(WhatIfRun)
            .where(
                or_(
                    WhatIfRun.status == "queued",
                    and_(WhatIfRun.status == "running", WhatIfRun.heartbeat_at < now - STALE),
                )
            )
            .order_by(WhatIfRun.created_at, WhatIfRun.id)
            .limit(1)
            .with_for_update(skip_locked=True)
        )
        if row is None:
            return None
        row.status = "running"
        row.started_at = now
        row.heartbeat_at = now
        row.contacts_done = 0
        row.events_done = 0
        return row.id


async def _audience_ids(session: AsyncSession, run: WhatIfRun, now: datetime) -> list[uuid.UUID]:
    query = (
        select(Event.contact_id)
        .where(Event.occurred_at >= run.period_start, Event.occurred_at < run.period_end)
        .distinct()
        .order_by(Event.contact_id)
    )
    if run.segment_name is not None:
        query = query.where(
            Event.contact_id.in_(select(Contact.id).where(await audience(session, run, now)))
        )
    return list(await session.scalars(query))


def _plan(run: WhatIfRun, definition: JourneyDefinition) -> Plan:
    jobs = JobPlan()
    for node_id, raw in run.job_steps.items():
        choice = msgspec.convert(raw, api.WhatIfJobChoice)
        if choice.split:
            jobs.splits[node_id] = [(share.outcome, share.weight) for share in choice.split]
        elif choice.outcome:
            jobs.outcomes[node_id] = choice.outcome
    return Plan.of(str(run.journey_id), run.version or DRAFT, definition, jobs, run.period_end)


async def _beat(
    sessions: async_sessionmaker[AsyncSession],
    run_id: uuid.UUID,
    now: datetime,
    **values: Any,
) -> bool:
    """Move the run's progress on; False when it was cancelled or deleted meanwhile."""
    async with sessions.begin() as session:
        moved = await session.scalar(
            update(WhatIfRun)
            .where(WhatIfRun.id == run_id, WhatIfRun.status == "running")
            .values(heartbeat_at=now, **values)
            .returning(WhatIfRun.id)
        )
    return moved is not None


async def run_one(
    sessions: async_sessionmaker[AsyncSession],
    run_id: uuid.UUID,
    clock: Any,
    *,
    chunk: int = CHUNK,
) -> str:
    """Replay a claimed run to the end (or until cancelled); its final status."""
    began = time.monotonic()
    async with sessions() as session:
        run = await session.get(WhatIfRun, run_id)
        if run is None:
            return "deleted"
        definition = msgspec.convert(run.definition, JourneyDefinition)
        ids = await _audience_ids(session, run, clock.now())
    plan = _plan(run, definition)
    names = history_events(definition)
    if not await _beat(sessions, run_id, clock.now(), contacts_total=len(ids)):
        return "stopped"
    async with sessions.begin() as session:
        # A run taken up again (its worker died) starts afresh.
        await session.execute(delete(WhatIfContact).where(WhatIfContact.run_id == run_id))
    totals = await replay_audience(sessions, run, plan, ids, names=names, clock=clock, chunk=chunk)
    if totals is None:
        await forget_contacts(sessions, run_id)
        return "stopped"
    async with sessions.begin() as session:
        # Locked first: a cancel or delete meanwhile waits for this commit, or came before.
        still = await session.scalar(
            select(WhatIfRun.status).where(WhatIfRun.id == run_id).with_for_update()
        )
        if still != "running":
            await session.execute(delete(WhatIfContact).where(WhatIfContact.run_id == run_id))
            return "stopped"
        live = await live_numbers(session, run, definition, clock.now())
        result = result_of(run, definition, totals, live, time.monotonic() - began)
        done = await session.scalar(
            update(WhatIfRun)
            .where(WhatIfRun.id == run_id, WhatIfRun.status == "running")
            .values(
                status="completed",
                result=msgspec.to_builtins(result),
                contacts_done=len(ids),
                events_done=totals.events,
                finished_at=clock.now(),
                heartbeat_at=clock.now(),
            )
            .returning(WhatIfRun.id)
        )
        if done is None:
            await session.rollback()
            return "stopped"
    return "completed"


async def fail(
    sessions: async_sessionmaker[AsyncSession], run_id: uuid.UUID, why: str, now: datetime
) -> None:
    async with sessions.begin() as session:
        await session.execute(delete(WhatIfContact).where(WhatIfContact.run_id == run_id))
        await session.execute(
            update(WhatIfRun)
            .where(WhatIfRun.id == run_id, WhatIfRun.status == "running")
            .values(status="failed", error=why[:2000], finished_at=now)
        )


async def run_next(sessions: async_sessionmaker[AsyncSession], clock: Any) -> bool:
    """Claim and run one what-if; False when none was waiting."""
    run_id = await claim(sessions, clock.now())
    if run_id is None:
        return False
    try:
        status = await run_one(sessions, run_id, clock)
    except Exception as error:
        log.exception("what_if.failed", run_id=str(run_id))
        await fail(sessions, run_id, f"{type(error).__name__}: {error}", clock.now())
        return True
    log.info("what_if.ended", run_id=str(run_id), status=status)
    return True
