"""Applying a migration plan: running contacts moved to a newer version, in batches, under
their row locks, while the workers keep running.

The API checks the plan and stores it (`queued`, with an audit entry); workers apply it
(app.worker.loops runs `apply_once` beside the event and timer drainers). Every step is
one transaction holding the migration's row lock (SKIP LOCKED: one worker at a time):

1. Start: check again that the plan's version is still the published one (else the
   migration is `refused`, with nothing moved), and note every enrollment it covers as
   a `pending` item (the enrollments running on older versions now).
2. Each batch: lock the contacts of the next pending items (SKIP LOCKED, so a worker
   handling a contact's events is never waited for: its items come round in the next
   pass), decide each with the pure `app.engine.migration.relocate`, write the moves
   (state, version, timers, a step row caused by `migration:<id>`) and mark the items
   decided, with the progress, in the same commit.

Each enrollment is decided once: its item leaves `pending` in the commit that moves it
(a conditional update checked before commit), and the step rows' unique (enrollment,
cause, seq) could not take a second move anyway. A worker killed mid-batch rolls back
the batch; the next one takes the same items again.

Cancelling (`cancel`) takes the same row lock, so it waits for a batch in progress to
commit: the contacts that batch moved stay moved (their step rows say so), no later
batch starts (workers take only `queued` and `running` migrations), and the items still
`pending` stay on their versions.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Final

import msgspec
import structlog
from sqlalchemy import select, text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from app.auth import audit
from app.auth.principal import Actor
from app.engine.definition import Node
from app.engine.interpreter import StepLog
from app.engine.migration import Left, Moved, Stays, StepFate, relocate, steps_of
from app.engine.state import decode_state
from app.jobs.services import cancel_for_enrollments, cancel_unawaited
from app.journeys.models import Journey
from app.journeys.versions import definition_of
from app.lib.clock import Clock
from app.lib.problems import ConflictError, NotFoundError
from app.lib.unit_of_work import Bell, UnitOfWork, unit_of_work
from app.runs import migration_plans
from app.runs.models import JourneyMigration, StepDetail
from app.runs.schemas import Migration, MigrationPerson, MigrationPlan, StepMapping

log = structlog.get_logger(__name__)

# Enrollments decided per transaction: a batch holds its contacts' locks for a few
# hundred milliseconds at most, so their events wait no longer than that.
BATCH: Final = 1000
TARGET: Final = "journey"
# The statuses the workers apply; the others are final.
UNFINISHED: Final = ("queued", "running")
_mappings = msgspec.json.Decoder(list[StepMapping])
_encode = msgspec.json.Encoder()


def _json(value: Any) -> str:
    return _encode.encode(value).decode()


# ---- the API's side ----------------------------------------------------------------


async def create(
    db: AsyncSession,
    *,
    actor: Actor,
    journey_id: uuid.UUID,
    plan: MigrationPlan,
    now: datetime,
) -> Migration:
    """Store a checked plan for the workers to apply (refused whole if it cannot be)."""
    # Locked, so a publish and a plan of the same journey take turns.
    await db.execute(select(Journey.id).where(Journey.id == journey_id).with_for_update())
    await migration_plans.check(db, journey_id, plan)
    busy = await db.scalar(
        select(JourneyMigration.id).where(
            JourneyMigration.journey_id == journey_id,
            JourneyMigration.status.in_(UNFINISHED),
        )
    )
    if busy is not None:
        raise ConflictError(
            f"Migration {busy} of this journey is still being applied: wait for it to "
            "finish, then plan again.",
            extensions={"active_migration": str(busy)},
        )
    row = JourneyMigration(
        id=uuid.uuid4(),
        journey_id=journey_id,
        to_version=plan.to_version,
        plan=msgspec.to_builtins(plan.mappings),
        status="queued",
        created_at=now,
        created_by=actor.user_id,
        updated_at=now,
    )
    db.add(row)
    await db.flush()
    await audit.record(
        db,
        actor_id=actor.user_id,
        action="journey.migration_planned",
        target_type=TARGET,
        target_id=journey_id,
        changes=actor.audited(
            {
                "migration": {"from": None, "to": str(row.id)},
                "to_version": {"from": None, "to": plan.to_version},
                "mappings": {"from": None, "to": msgspec.to_builtins(plan.mappings)},
            }
        ),
        at=now,
    )
    return (await views(db, [row]))[0]


async def cancel(
    db: AsyncSession,
    *,
    actor: Actor,
    journey_id: uuid.UUID,
    migration_id: uuid.UUID,
    now: datetime,
) -> Migration:
    """Stop a migration being applied: no further batch is moved; those already moved
    stay moved. Refused (409) once it has finished, been refused or been cancelled."""
    # The workers' lock: a batch being written commits first, and is counted below.
    row = await db.scalar(
        select(JourneyMigration)
        .where(JourneyMigration.id == migration_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    if row is None or row.journey_id != journey_id:
        raise NotFoundError(f"This journey has no migration {migration_id}.")
    if row.status not in UNFINISHED:
        raise ConflictError(
            f"Migration {migration_id} is {row.status} already: there is nothing to cancel.",
            extensions={"migration_status": row.status},
        )
    before = row.status
    pending = max(0, row.total - row.moved - row.stayed - row.left - row.ended)
    row.status = "cancelled"
    row.finished_at = row.updated_at = now
    row.detail = (
        f"Cancelled after {row.moved} moved to version {row.to_version} (they stay there)"
        + (f"; {pending} not yet moved stay on their versions." if row.total else ".")
        if before == "running"
        else "Cancelled before a worker started it: nothing was moved."
    )
    await audit.record(
        db,
        actor_id=actor.user_id,
        action="journey.migration_cancelled",
        target_type=TARGET,
        target_id=journey_id,
        changes=actor.audited(
            {
                "migration": {"from": None, "to": str(row.id)},
                "status": {"from": before, "to": "cancelled"},
                "moved": {"from": None, "to": row.moved},
                "stayed": {"from": None, "to": row.stayed},
                "left": {"from": None, "to": row.left},
                "not_moved": {"from": None, "to": pending},
            }
        ),
        at=now,
    )
    log.info("migration.cancelled", migration=str(row.id), moved=row.moved, pending=pending)
    return (await views(db, [row]))[0]


async def get(db: AsyncSession, journey_id: uuid.UUID, migration_id: uuid.UUID) -> Migration:
    row = await db.get(JourneyMigration, migration_id)
    if row is None or row.journey_id != journey_id:
        raise NotFoundError(f"This journey has no migration {migration_id}.")
    return (await views(db, [row]))[0]


async def list_for(db: AsyncSession, journey_id: uuid.UUID) -> list[Migration]:
    if await db.get(Journey, journey_id) is None:
        raise NotFoundError(f"There is no journey {journey_id}.")
    rows = await db.scalars(
        select(JourneyMigration)
        .where(JourneyMigration.journey_id == journey_id)
        .order_by(JourneyMigration.created_at.desc())
        .limit(50)
    )
    return await views(db, list(rows))


async def views(db: AsyncSession, rows: Sequence[JourneyMigration]) -> list[Migration]:
    ids = {row.created_by for row in rows if row.created_by is not None}
    names: dict[uuid.UUID, str] = {}
    if ids:
        found = await db.execute(
            text(
                "SELECT u.id, coalesce(nullif(c.name, ''), u.email) FROM users u"
                " LEFT JOIN contacts c ON c.id = u.contact_id WHERE u.id = ANY(:ids)"
            ),
            {"ids": list(ids)},
        )
        names = {user_id: str(name) for user_id, name in found}
    return [
        Migration(
            id=row.id,
            journey_id=row.journey_id,
            to_version=row.to_version,
            status=row.status,  # type: ignore[arg-type]  # the check constraint's values
            detail=row.detail,
            plan=_mappings.decode(_encode.encode(row.plan)),
            created_at=row.created_at,
            created_by=(
                MigrationPerson(row.created_by, names.get(row.created_by, ""))
                if row.created_by is not None
                else None
            ),
            started_at=row.started_at,
            finished_at=row.finished_at,
            total=row.total,
            moved=row.moved,
            stayed=row.stayed,
            left=row.left,
            ended=row.ended,
            pending=max(0, row.total - row.moved - row.stayed - row.left - row.ended),
        )
        for row in rows
    ]


# ---- the worker's side -------------------------------------------------------------


async def apply_once(
    sessions: async_sessionmaker[AsyncSession], clock: Clock, bell: Bell, *, batch: int = BATCH
) -> int:
    """One step of the oldest unfinished migration nobody else is applying: its start or
    one batch. How many enrollments it decided (or covered, on its start); 0 when there
    was nothing to do."""
    async with unit_of_work(sessions, bell, clock.now(), origin="journey") as unit:
        row = await unit.session.scalar(
            select(JourneyMigration)
            .where(JourneyMigration.status.in_(UNFINISHED))
            .order_by(JourneyMigration.created_at)
            .limit(1)
            .with_for_update(skip_locked=True)
        )
        if row is None:
            return 0
        if row.status == "queued":
            return await _start(unit, row)
        return await _batch(unit, row, batch)


async def _start(unit: UnitOfWork, row: JourneyMigration) -> int:
    session, now = unit.session, unit.now
    published = await session.scalar(
        select(Journey.published_version).where(Journey.id == row.journey_id)
    )
    if published != row.to_version:
        # The graph changed before it started: refused whole, nothing moved.
        row.status = "refused"
        row.detail = (
            f"Version {published} was published after this plan was made for version "
            f"{row.to_version}: nothing was moved. Make the plan again."
        )
        row.finished_at = row.updated_at = now
        await _audit(unit, row, "journey.migration_refused")
        return 1
    covered = await session.execute(
        text(
            "INSERT INTO journey_migration_items (migration_id, enrollment_id, from_version)"
            " SELECT :m, id, version FROM enrollments WHERE journey_id = :j AND version < :to"
            " AND status IN ('active', 'paused')"
        ),
        {"m": row.id, "j": row.journey_id, "to": row.to_version},
    )
    total: int = covered.rowcount  # type: ignore[attr-defined]  # a CursorResult
    row.status = "running"
    row.total = total
    row.passes = 1
    row.started_at = row.updated_at = now
    log.info("migration.started", migration=str(row.id), enrollments=total)
    return max(total, 1)


@dataclass(slots=True)
class _Decided:
    """What one batch decided, written in a few statements."""

    moved: list[tuple[uuid.UUID, Moved]] = field(default_factory=list)
    left: list[tuple[uuid.UUID, Left, int]] = field(default_factory=list)
    stayed: list[uuid.UUID] = field(default_factory=list)
    ended: list[uuid.UUID] = field(default_factory=list)

    def count(self) -> int:
        return len(self.moved) + len(self.left) + len(self.stayed) + len(self.ended)


async def _batch(unit: UnitOfWork, row: JourneyMigration, batch: int) -> int:
    session = unit.session
    picked = await session.execute(
        text(
            "SELECT e.id, e.version, e.status, CAST(e.state AS text)"
            " FROM journey_migration_items i"
            " JOIN enrollments e ON e.id = i.enrollment_id"
            " JOIN contacts c ON c.id = e.contact_id"
            " WHERE i.migration_id = :m AND i.outcome = 'pending'"
            " AND (CAST(:cursor AS uuid) IS NULL OR i.enrollment_id > CAST(:cursor AS uuid))"
            " ORDER BY i.enrollment_id LIMIT :n"
            " FOR UPDATE OF c SKIP LOCKED"
        ),
        {"m": row.id, "cursor": row.cursor, "n": batch},
    )
    rows = picked.all()
    if not rows:
        return await _end_of_pass(unit, row)
    decided = await _decide(session, row, rows, unit.now)
    await _write(unit, row, decided)
    row.cursor = max(r[0] for r in rows)
    row.moved += len(decided.moved)
    row.left += len(decided.left)
    row.stayed += len(decided.stayed)
    row.ended += len(decided.ended)
    row.updated_at = unit.now
    return decided.count()


async def _end_of_pass(unit: UnitOfWork, row: JourneyMigration) -> int:
    """The pass reached the end: another pass for items whose contacts were locked, or
    the migration is done."""
    pending = await unit.session.scalar(
        text(
            "SELECT count(*) FROM journey_migration_items"
            " WHERE migration_id = :m AND outcome = 'pending'"
        ),
        {"m": row.id},
    )
    row.updated_at = unit.now
    if pending:
        row.passes += 1
        row.cursor = None
        return 0
    row.status = "done"
    row.finished_at = unit.now
    await _audit(unit, row, "journey.migration_applied")
    log.info(
        "migration.done",
        migration=str(row.id),
        moved=row.moved,
        stayed=row.stayed,
        left=row.left,
        ended=row.ended,
        passes=row.passes,
    )
    return 1


async def _decide(
    session: AsyncSession, row: JourneyMigration, rows: Sequence[Any], now: datetime
) -> _Decided:
    new = await definition_of(session, row.journey_id, row.to_version)
    if new is None:  # a published version is never deleted
        raise RuntimeError(f"version {row.to_version} of journey {row.journey_id} is gone")
    fates: dict[int, dict[str, StepFate]] = {}
    for mapping in _mappings.decode(_encode.encode(row.plan)):
        fates.setdefault(mapping.version, {})[mapping.node_id] = migration_plans.fate_of(mapping)
    new_nodes = steps_of(new)
    olds: dict[int, dict[str, Node] | None] = {}
    decided = _Decided()
    for enrollment_id, version, status, state_text in rows:
        if status not in migration_plans.LIVE:
            decided.ended.append(enrollment_id)
            continue
        if version not in olds:
            found = await definition_of(session, row.journey_id, version)
            olds[version] = steps_of(found) if found is not None else None
        old = olds[version]
        if old is None or version >= row.to_version:
            decided.stayed.append(enrollment_id)
            continue
        result = relocate(
            decode_state(state_text),
            fates.get(version, {}),
            old,
            new_nodes,
            to_version=row.to_version,
            now=now,
        )
        match result:
            case Moved():
                decided.moved.append((enrollment_id, result))
            case Left():
                decided.left.append((enrollment_id, result, version))
            case Stays():
                decided.stayed.append(enrollment_id)
    return decided


async def _write(unit: UnitOfWork, row: JourneyMigration, decided: _Decided) -> None:
    session, now = unit.session, unit.now
    cause = f"migration:{row.id}"
    changed = [(eid, r.state, None, row.to_version) for eid, r in decided.moved] + [
        (eid, r.state, now, version) for eid, r, version in decided.left
    ]
    if changed:
        await session.execute(
            text(
                "UPDATE enrollments AS e SET version = u.version, status = u.status,"
                " state = u.state::jsonb, ended_at = coalesce(e.ended_at, u.ended_at),"
                " updated_at = :now"
                " FROM unnest(CAST(:id AS uuid[]), CAST(:version AS int[]),"
                " CAST(:status AS text[]), CAST(:state AS text[]),"
                " CAST(:ended_at AS timestamptz[])) AS u(id, version, status, state, ended_at)"
                " WHERE e.id = u.id"
            ),
            {
                "now": now,
                "id": [c[0] for c in changed],
                "version": [c[3] for c in changed],
                "status": [c[1].status for c in changed],
                "state": [_json(c[1]) for c in changed],
                "ended_at": [c[2] for c in changed],
            },
        )
    # A move that kept every due time leaves its timer rows as they are.
    retimed = [eid for eid, r in decided.moved if r.timers_changed]
    dropped = retimed + [eid for eid, _, _ in decided.left]
    if dropped:
        await session.execute(
            text("DELETE FROM enrollment_timers WHERE enrollment_id = ANY(CAST(:ids AS uuid[]))"),
            {"ids": dropped},
        )
    timers = [
        (eid, t.token_id, t.wake_at)
        for eid, r in decided.moved
        if r.timers_changed
        for t in r.timers
    ]
    if timers:
        await session.execute(
            text(
                "INSERT INTO enrollment_timers (enrollment_id, token_id, wake_at)"
                " SELECT * FROM unnest(CAST(:e AS uuid[]), CAST(:t AS text[]),"
                " CAST(:w AS timestamptz[]))"
            ),
            {"e": [t[0] for t in timers], "t": [t[1] for t in timers], "w": [t[2] for t in timers]},
        )
        unit.wake(min(t[2] for t in timers))
    # A moved path enters its new step; one that leaves is noted at the step it was at.
    steps = [
        (eid, row.to_version, seq, step, True)
        for eid, r in decided.moved
        for seq, step in enumerate(r.steps)
    ] + [
        (eid, version, seq, step, False)
        for eid, r, version in decided.left
        for seq, step in enumerate(r.steps)
    ]
    await _insert_steps(session, row.journey_id, cause, steps)
    await cancel_for_enrollments(unit, [eid for eid, _, _ in decided.left])
    # A path moved off the step whose job it waited for: nobody would ever take that
    # job's outcome, so it is cancelled (its step row above says so too).
    await cancel_unawaited(
        unit,
        [ref for _, r in decided.moved for ref in r.dropped_jobs],
        f"The contact was moved to version {row.to_version} of the journey, where nothing"
        f" waits for this job (migration {row.id}).",
    )
    for outcome, ids in (
        ("moved", [eid for eid, _ in decided.moved]),
        ("left", [eid for eid, _, _ in decided.left]),
        ("stayed", decided.stayed),
        ("ended", decided.ended),
    ):
        if not ids:
            continue
        marked = await session.execute(
            text(
                "UPDATE journey_migration_items SET outcome = :o, decided_at = :now"
                " WHERE migration_id = :m AND enrollment_id = ANY(CAST(:ids AS uuid[]))"
                " AND outcome = 'pending'"
            ),
            {"o": outcome, "now": now, "m": row.id, "ids": ids},
        )
        if marked.rowcount != len(ids):  # type: ignore[attr-defined]  # a CursorResult
            # Only the holder of the migration's lock decides its items: roll back
            # rather than move anyone twice.
            raise RuntimeError("migration items decided elsewhere while this batch held them")


async def _insert_steps(
    session: AsyncSession,
    journey_id: uuid.UUID,
    cause: str,
    steps: Sequence[tuple[uuid.UUID, int, int, StepLog, bool]],
) -> None:
    if not steps:
        return
    await session.execute(
        text(
            "INSERT INTO journey_steps (enrollment_id, journey_id, version, node_id,"
            " exit_taken, at, cause, seq, detail)"
            " SELECT e, :j, v, n, NULL, at, :c, s, d::jsonb"
            " FROM unnest(CAST(:e AS uuid[]), CAST(:v AS int[]), CAST(:n AS text[]),"
            " CAST(:at AS timestamptz[]), CAST(:s AS int[]), CAST(:d AS text[]))"
            " AS u(e, v, n, at, s, d)"
        ),
        {
            "j": journey_id,
            "c": cause,
            "e": [s[0] for s in steps],
            "v": [s[1] for s in steps],
            "n": [s[3].node_id for s in steps],
            "at": [s[3].at for s in steps],
            "s": [s[2] for s in steps],
            "d": [
                _json(StepDetail(text=s[3].detail, entered=s[4], token=s[3].token_id or None))
                for s in steps
            ],
        },
    )


async def _audit(unit: UnitOfWork, row: JourneyMigration, action: str) -> None:
    await audit.record(
        unit.session,
        actor_id=None,
        action=action,
        target_type=TARGET,
        target_id=row.journey_id,
        changes={
            "migration": {"from": None, "to": str(row.id)},
            "status": {"from": "running" if row.status == "done" else "queued", "to": row.status},
            "moved": {"from": None, "to": row.moved},
            "stayed": {"from": None, "to": row.stayed},
            "left": {"from": None, "to": row.left},
            "ended": {"from": None, "to": row.ended},
        },
        at=unit.now,
    )
