"""Automatic processes: saved (checked whole: a bad one names its field and changes
nothing), listed active then inactive in priority order, deactivated instead of deleted,
reactivated with a look 30 days back (never before the process was first created), and
run on demand. The runs themselves are app.sales.runs."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Final, Literal, cast

import msgspec
from sqlalchemy import delete, func, select
from sqlalchemy.dialects.postgresql import distinct_on
from sqlalchemy.ext.asyncio import AsyncSession

from app.auth import audit
from app.engine.conditions import ConditionGroup
from app.lib.db import any_uuid
from app.lib.problems import ConflictError, FieldError, InvalidInputError, NotFoundError
from app.sales.frequency import format_time_of_day, next_run, parse_time_of_day
from app.sales.models import (
    Bucket,
    Outcome,
    Process,
    ProcessMove,
    ProcessRun,
    ProcessSource,
    Project,
)
from app.sales.schemas import (
    BucketRef,
    Criteria,
    Frequency,
    Placement,
    ProcessInput,
    ProcessView,
    ProjectRef,
    RunView,
)
from app.segments.services import compile_group, saved_conditions

# How far back a reactivated process looks (never before it was first created).
REACTIVATION_LOOKBACK: Final = timedelta(days=30)
# Placements that take the process's bucket: as the place, or as the fallback.
_TAKES_BUCKET: Final = ("bucket", "same_user")


def _refuse(errors: list[FieldError]) -> None:
    if errors:
        raise InvalidInputError(
            f"The process cannot be saved. {errors[0].field}: {errors[0].message}", errors=errors
        )


async def check(session: AsyncSession, data: ProcessInput, now: datetime) -> None:
    """Every rule a process must keep, each broken one named by its field."""
    errors: list[FieldError] = []
    if not data.name.strip():
        errors.append(FieldError("name", "Give the process a name."))
    sources = list(dict.fromkeys(data.source_ids))
    found = dict(
        (
            await session.execute(
                select(Project.id, Project.name).where(
                    Project.id == any_uuid([*sources, data.destination_id])
                )
            )
        ).all()
    )
    if not sources:
        errors.append(FieldError("source_ids", "Choose at least one source project."))
    errors += [
        FieldError(f"source_ids[{index}]", f"There is no project {project_id}.")
        for index, project_id in enumerate(data.source_ids)
        if project_id not in found
    ]
    if data.destination_id not in found:
        errors.append(FieldError("destination_id", f"There is no project {data.destination_id}."))
    elif data.destination_id in sources:
        errors.append(
            FieldError(
                "destination_id",
                f"“{found[data.destination_id]}” is both a source and the destination: a "
                "process moves cards out of its sources into another project.",
            )
        )
    errors += await _check_outcomes(session, data.criteria, [s for s in sources if s in found])
    errors += await _check_condition(session, data.criteria.condition, now)
    errors += await _check_bucket(session, data)
    if data.frequency == "1d" and data.daily_at is None:
        errors.append(
            FieldError("daily_at", "A daily process needs the time it runs (HH:MM, UTC).")
        )
    if data.frequency != "1d" and data.daily_at is not None:
        errors.append(FieldError("daily_at", "Only a daily process takes a time of day."))
    _refuse(errors)


async def _check_outcomes(
    session: AsyncSession, criteria: Criteria, sources: list[uuid.UUID]
) -> list[FieldError]:
    if not criteria.outcomes:
        return [
            FieldError(
                "criteria.outcomes",
                "Choose at least one outcome: a process moves cards processed with one of them.",
            )
        ]
    known = set(
        await session.scalars(
            select(Outcome.name).where(Outcome.project_id == any_uuid(sources)).distinct()
        )
    )
    shown = ", ".join(f"“{name}”" for name in sorted(known)) or "none"
    return [
        FieldError(
            f"criteria.outcomes[{index}]",
            f"“{name}” is not an outcome of any source project (their outcomes: {shown}).",
        )
        for index, name in enumerate(criteria.outcomes)
        if name not in known
    ]


async def _check_condition(
    session: AsyncSession, condition: ConditionGroup | None, now: datetime
) -> list[FieldError]:
    if condition is None:
        return []
    compiled = compile_group(condition, await saved_conditions(session), now)
    return [
        FieldError(path.replace("condition", "criteria.condition", 1), message)
        for path, message in compiled.problems
    ]


async def _check_bucket(session: AsyncSession, data: ProcessInput) -> list[FieldError]:
    if data.bucket_id is None:
        if data.placement == "bucket":
            return [
                FieldError("bucket_id", "Choose the bucket in the destination the cards go into.")
            ]
        return []
    if data.placement not in _TAKES_BUCKET:
        return [
            FieldError(
                "bucket_id",
                "Only the `bucket` and `same_user` placements take a bucket: send null.",
            )
        ]
    in_destination = await session.scalar(
        select(Bucket.id).where(
            Bucket.id == data.bucket_id, Bucket.project_id == data.destination_id
        )
    )
    if in_destination is None:
        return [FieldError("bucket_id", "Not a bucket of the destination project.")]
    return []


# ---- views ---------------------------------------------------------------------------


def run_view(run: ProcessRun) -> RunView:
    return RunView(
        id=run.id,
        process_id=run.process_id,
        kind=cast(Literal["schedule", "manual"], run.kind),
        status=cast(Literal["running", "done", "stopped"], run.status),
        due_at=run.due_at,
        scan_from=run.scan_from,
        scan_until=run.scan_until,
        started_at=run.started_at,
        finished_at=run.finished_at,
        moved=run.moved,
        skipped=run.skipped,
        detail=run.detail,
    )


async def _views(session: AsyncSession, processes: list[Process]) -> list[ProcessView]:
    ids = [p.id for p in processes]
    sources: dict[uuid.UUID, list[uuid.UUID]] = {}
    for process_id, project_id in await session.execute(
        select(ProcessSource.process_id, ProcessSource.project_id).where(
            ProcessSource.process_id == any_uuid(ids)
        )
    ):
        sources.setdefault(process_id, []).append(project_id)
    project_ids = {p.destination_id for p in processes} | {
        s for listed in sources.values() for s in listed
    }
    names = dict(
        (
            await session.execute(
                select(Project.id, Project.name).where(Project.id == any_uuid(project_ids))
            )
        ).all()
    )
    buckets = dict(
        (
            await session.execute(
                select(Bucket.id, Bucket.name).where(
                    Bucket.id == any_uuid({p.bucket_id for p in processes if p.bucket_id})
                )
            )
        ).all()
    )
    last_runs = {
        run.process_id: run
        for run in await session.scalars(
            select(ProcessRun)
            .where(ProcessRun.process_id == any_uuid(ids))
            .ext(distinct_on(ProcessRun.process_id))
            .order_by(ProcessRun.process_id, ProcessRun.started_at.desc(), ProcessRun.id)
        )
    }
    moved = dict(
        (
            await session.execute(
                select(ProcessMove.process_id, func.count())
                .where(ProcessMove.process_id == any_uuid(ids), ProcessMove.action == "moved")
                .group_by(ProcessMove.process_id)
            )
        ).all()
    )
    return [
        ProcessView(
            id=p.id,
            name=p.name,
            priority=p.priority,
            active=p.active,
            sources=sorted(
                (ProjectRef(s, names.get(s, "")) for s in sources.get(p.id, [])),
                key=lambda ref: ref.name.lower(),
            ),
            destination=ProjectRef(p.destination_id, names.get(p.destination_id, "")),
            placement=cast(Placement, p.placement),
            bucket=BucketRef(p.bucket_id, buckets.get(p.bucket_id, "")) if p.bucket_id else None,
            criteria=Criteria(
                outcomes=list(p.outcomes),
                condition=msgspec.convert(p.condition, ConditionGroup)
                if p.condition is not None
                else None,
            ),
            frequency=cast(Frequency, p.frequency),
            daily_at=format_time_of_day(p.daily_at),
            created_at=p.created_at,
            updated_at=p.updated_at,
            scan_from=p.scan_from,
            deactivated_at=p.deactivated_at,
            next_run_at=p.next_run_at,
            last_run=run_view(last_runs[p.id]) if p.id in last_runs else None,
            moved_total=moved.get(p.id, 0),
        )
        for p in processes
    ]


async def list_processes(session: AsyncSession) -> list[ProcessView]:
    """Active ones first, then inactive ones; each group in priority order."""
    rows = await session.scalars(
        select(Process).order_by(Process.active.desc(), Process.priority, Process.created_at)
    )
    return await _views(session, list(rows))


async def process_row(
    session: AsyncSession, process_id: uuid.UUID, *, lock: bool = False
) -> Process:
    process = await session.get(Process, process_id, with_for_update=lock)
    if process is None:
        raise NotFoundError(f"There is no automatic process {process_id}.")
    return process


async def get_process(session: AsyncSession, process_id: uuid.UUID) -> ProcessView:
    return (await _views(session, [await process_row(session, process_id)]))[0]


# ---- writing -------------------------------------------------------------------------


def _fields(data: ProcessInput) -> dict[str, object]:
    """What an audit entry says about a process."""
    return {
        "name": data.name,
        "priority": data.priority,
        "source_ids": sorted(str(s) for s in dict.fromkeys(data.source_ids)),
        "destination_id": str(data.destination_id),
        "placement": data.placement,
        "bucket_id": str(data.bucket_id) if data.bucket_id else None,
        "outcomes": list(data.criteria.outcomes),
        "condition": msgspec.to_builtins(data.criteria.condition),
        "frequency": data.frequency,
        "daily_at": data.daily_at,
    }


def _apply(process: Process, data: ProcessInput) -> None:
    process.name = data.name.strip()
    process.priority = data.priority
    process.destination_id = data.destination_id
    process.placement = data.placement
    process.bucket_id = data.bucket_id
    process.outcomes = list(dict.fromkeys(data.criteria.outcomes))
    process.condition = (
        msgspec.to_builtins(data.criteria.condition) if data.criteria.condition else None
    )
    process.frequency = data.frequency
    process.daily_at = parse_time_of_day(data.daily_at)


async def _write_sources(session: AsyncSession, process_id: uuid.UUID, data: ProcessInput) -> None:
    await session.execute(delete(ProcessSource).where(ProcessSource.process_id == process_id))
    session.add_all(
        ProcessSource(process_id=process_id, project_id=s) for s in dict.fromkeys(data.source_ids)
    )


async def create_process(
    session: AsyncSession, data: ProcessInput, *, actor_id: uuid.UUID, now: datetime
) -> ProcessView:
    await check(session, data, now)
    process = Process(
        active=True,
        created_at=now,
        updated_at=now,
        created_by=actor_id,
        # Only cards processed from now on: never what was there before it existed.
        scan_from=now,
    )
    _apply(process, data)
    process.next_run_at = next_run(data.frequency, now, process.daily_at)
    session.add(process)
    await session.flush()
    await _write_sources(session, process.id, data)
    await _audit(session, actor_id, "created", process.id, audit.created(_fields(data)), now)
    await session.flush()
    return await get_process(session, process.id)


async def update_process(
    session: AsyncSession,
    process_id: uuid.UUID,
    data: ProcessInput,
    *,
    actor_id: uuid.UUID,
    now: datetime,
) -> ProcessView:
    """The whole process replaced; when it was created, what it scans from and whether it
    is active stay as they were."""
    process = await process_row(session, process_id, lock=True)
    await check(session, data, now)
    before = _fields(
        ProcessInput(
            name=process.name,
            priority=process.priority,
            source_ids=list(
                await session.scalars(
                    select(ProcessSource.project_id).where(ProcessSource.process_id == process.id)
                )
            ),
            destination_id=process.destination_id,
            placement=cast(Placement, process.placement),
            bucket_id=process.bucket_id,
            criteria=Criteria(
                outcomes=list(process.outcomes),
                condition=msgspec.convert(process.condition, ConditionGroup)
                if process.condition is not None
                else None,
            ),
            frequency=cast(Frequency, process.frequency),
            daily_at=format_time_of_day(process.daily_at),
        )
    )
    timing = (process.frequency, process.daily_at)
    _apply(process, data)
    if process.active and timing != (process.frequency, process.daily_at):
        process.next_run_at = next_run(data.frequency, now, process.daily_at)
    process.updated_at = now
    await _write_sources(session, process.id, data)
    changes = audit.diff(before, _fields(data))
    if changes:
        await _audit(session, actor_id, "updated", process.id, changes, now)
    await session.flush()
    return await get_process(session, process.id)


async def deactivate(
    session: AsyncSession, process_id: uuid.UUID, *, actor_id: uuid.UUID, now: datetime
) -> None:
    """ "Delete": the process is kept, inactive (not run, listed under Inactive); a run of
    it in progress stops where it is."""
    process = await process_row(session, process_id, lock=True)
    if not process.active:
        return
    process.active = False
    process.deactivated_at = now
    process.next_run_at = None
    process.updated_at = now
    running = await session.scalar(
        select(ProcessRun)
        .where(ProcessRun.process_id == process.id, ProcessRun.status == "running")
        .with_for_update()
    )
    if running is not None:
        running.status, running.finished_at = "stopped", now
        running.detail = "The process was deactivated."
    await _audit(session, actor_id, "deactivated", process.id, {"active": _was(True)}, now)


async def activate(
    session: AsyncSession, process_id: uuid.UUID, *, actor_id: uuid.UUID, now: datetime
) -> ProcessView:
    """Active again: due at once, over the cards processed in the last 30 days (but never
    before the process was first created)."""
    process = await process_row(session, process_id, lock=True)
    if not process.active:
        process.active = True
        process.deactivated_at = None
        process.scan_from = max(now - REACTIVATION_LOOKBACK, process.created_at)
        process.next_run_at = now
        process.updated_at = now
        await _audit(session, actor_id, "activated", process.id, {"active": _was(False)}, now)
        await session.flush()
    return await get_process(session, process.id)


def _was(before: bool) -> dict[str, bool]:
    return {"from": before, "to": not before}


async def _audit(  # noqa: PLR0917 - an audit entry's parts
    session: AsyncSession,
    actor_id: uuid.UUID | None,
    verb: str,
    process_id: uuid.UUID,
    changes: Mapping[str, object],
    now: datetime,
) -> None:
    await audit.record(
        session,
        actor_id=actor_id,
        action=f"sales_process.{verb}",
        target_type="sales_process",
        target_id=process_id,
        changes=changes,
        at=now,
    )


# ---- runs on demand -----------------------------------------------------------------


async def request_run(
    session: AsyncSession, process_id: uuid.UUID, *, actor_id: uuid.UUID, now: datetime
) -> RunView:
    """ "Run now": a run for a worker to take (at once: the API rings it)."""
    process = await process_row(session, process_id, lock=True)
    if not process.active:
        raise ConflictError(
            f"“{process.name}” is inactive: reactivate it before running it.",
        )
    running = await session.scalar(
        select(ProcessRun).where(
            ProcessRun.process_id == process.id, ProcessRun.status == "running"
        )
    )
    if running is not None:
        raise ConflictError(
            f"A run of “{process.name}” is in progress (since {running.started_at:%H:%M:%S} "
            "UTC): wait for it to finish.",
            extensions={"run_id": str(running.id)},
        )
    # A run is keyed by its process and due time: a second "run now" within the same
    # instant (a test's stopped clock) is due a microsecond later.
    latest = await session.scalar(
        select(func.max(ProcessRun.due_at)).where(
            ProcessRun.process_id == process.id, ProcessRun.due_at >= now
        )
    )
    run = ProcessRun(
        process_id=process.id,
        kind="manual",
        status="running",
        due_at=now if latest is None else latest + timedelta(microseconds=1),
        scan_from=process.scan_from,
        scan_until=now,
        started_at=now,
        requested_by=actor_id,
        moved=0,
        skipped=0,
        batches=0,
        detail="",
    )
    session.add(run)
    await session.flush()
    return run_view(run)


async def list_runs(session: AsyncSession, process_id: uuid.UUID, limit: int) -> list[RunView]:
    await process_row(session, process_id)
    rows = await session.scalars(
        select(ProcessRun)
        .where(ProcessRun.process_id == process_id)
        .order_by(ProcessRun.started_at.desc(), ProcessRun.id)
        .limit(limit)
    )
    return [run_view(run) for run in rows]
