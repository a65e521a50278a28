"""Running schedule triggers: pick the contacts a due run is for, record the run once.

Every worker ticks this often (a cron); Postgres decides. A run is one row per (journey,
trigger, due time) (`INSERT … ON CONFLICT DO NOTHING`), so ticks on many workers, or
twice on one, record and enrol once. Only the latest due time counts: after downtime a
missed run runs once, not once per missed day.

A schedule in the contacts' own time zone (`timezone: contact`) is due at a different
instant per zone: each distinct instant is a run of its own, for the contacts of the zones
due then, and "today" for a date match is the date on those contacts' clocks.

The run enrols by recording one `schedule.fired` event per picked contact, keyed
`schedule:<run>:<contact>` (a contact enters at most once per run); the worker handles it
like any event, and the engine's schedule trigger checks it (segment, date match, re-entry).
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Final

import structlog
from sqlalchemy import (
    ColumnElement,
    and_,
    exists,
    false,
    func,
    or_,
    select,
    true,
)
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from app.automation.models import ScheduleRun
from app.automation.schedule_times import latest_due
from app.contacts.models import Contact, ContactObject
from app.engine.timing import zone
from app.engine.triggers import DateMatch, ScheduleTrigger
from app.eventlog.kinds import ScheduleFired
from app.eventlog.writer import record_for_each
from app.journeys.models import Journey, JourneyVersion
from app.journeys.versions import definition_of
from app.lib.unit_of_work import Bell, UnitOfWork, unit_of_work
from app.segments.services import compile_group, saved_conditions

log = structlog.get_logger(__name__)

# Contact columns a date match reads directly; any other `contact.<name>` is an attribute.
_DATE_COLUMNS: Final = {"birthday": Contact.birthday, "created_at": Contact.created_at}
_OBJECT_DATES: Final = {"due_at": ContactObject.due_at, "starts_at": ContactObject.starts_at}


@dataclass(frozen=True, slots=True)
class Schedule:
    """A schedule trigger of a journey's published version."""

    journey_id: uuid.UUID
    journey_name: str
    version: int
    published_at: datetime
    node: ScheduleTrigger


@dataclass(slots=True)
class Ticked:
    runs: int = 0
    enrolled: int = 0


async def active_schedules(session: AsyncSession) -> list[Schedule]:
    rows = await session.execute(
        select(Journey.id, Journey.name, JourneyVersion.version, JourneyVersion.published_at)
        .join(
            JourneyVersion,
            and_(
                JourneyVersion.journey_id == Journey.id,
                JourneyVersion.version == Journey.published_version,
            ),
        )
        .where(Journey.status == "active")
        .order_by(Journey.created_at, Journey.id)
    )
    found: list[Schedule] = []
    for journey_id, name, version, published_at in rows:
        definition = await definition_of(session, journey_id, version)
        if definition is None:
            continue
        found.extend(
            Schedule(journey_id, name, version, published_at, node)
            for node in definition.nodes
            if isinstance(node, ScheduleTrigger)
        )
    return found


async def contact_zones(session: AsyncSession) -> list[str]:
    """The time zones contacts live in (no zone known = UTC)."""
    named = func.coalesce(Contact.timezone, "UTC")
    rows = await session.scalars(select(named).distinct().order_by(named))
    return list(rows) or ["UTC"]


def due_runs(schedule: Schedule, zones: list[str], now: datetime) -> dict[datetime, list[str]]:
    """Due instant -> the zones it serves (a fixed-zone schedule has one zone)."""
    config = schedule.node.config
    served = zones if config.timezone == "contact" else [config.timezone]
    runs: dict[datetime, list[str]] = defaultdict(list)
    for name in served:
        due = latest_due(config.repeat, zone(name), now)
        # Only run times since this version was published: no backfill of older ones.
        if due >= schedule.published_at:
            runs[due].append(name)
    return dict(runs)


def _date_text(path: str) -> tuple[ColumnElement[str], str | None] | None:
    """A SQL text `YYYY-MM-DD…` for the date at `path`, and the object kind it needs
    (for `objects.<kind>.<field>`); None when the path is not one SQL can read."""
    parts = path.split(".")
    if parts[0] == "contact" and len(parts) in (2, 3):
        name = parts[-1] if len(parts) == 2 or parts[1] == "attributes" else None
        if name is None:
            return None
        if name in _DATE_COLUMNS:
            return func.to_char(_DATE_COLUMNS[name], "YYYY-MM-DD"), None
        return Contact.attributes[name].astext, None
    if parts[0] == "objects" and len(parts) == 3:
        kind, name = parts[1], parts[2]
        if name in _OBJECT_DATES:
            at_utc = func.timezone("UTC", _OBJECT_DATES[name])
            return func.to_char(at_utc, "YYYY-MM-DD"), kind
        return ContactObject.data[name].astext, kind
    return None


def _date_predicate(match: DateMatch, today: date) -> ColumnElement[bool] | None:
    found = _date_text(match.field)
    if found is None:
        return None  # the engine checks each contact's event instead
    text_value, kind = found
    wanted = today + timedelta(days=match.days_ahead)
    if match.every_year:
        month_day = func.substr(text_value, 6, 5)
        days = [wanted.strftime("%m-%d")]
        # A 29 February date is celebrated on 28 February in other years.
        if (wanted.month, wanted.day) == (2, 28) and not _leap(wanted.year):
            days.append("02-29")
        predicate: ColumnElement[bool] = month_day.in_(days)
    else:
        predicate = func.left(text_value, 10) == wanted.isoformat()
    if kind is None:
        return predicate
    return exists(
        select(ContactObject.id).where(
            ContactObject.contact_id == Contact.id, ContactObject.kind == kind, predicate
        )
    )


def _leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


async def _segment_predicate(
    session: AsyncSession, name: str, now: datetime
) -> ColumnElement[bool]:
    saved = await saved_conditions(session)
    group = saved.get(name)
    if group is None:
        log.warning("schedule.segment_missing", segment=name)
        return false()
    compiled = compile_group(group, saved, now, name=name)
    if compiled.problems:
        log.warning("schedule.segment_unusable", segment=name, problem=compiled.problems[0][1])
        return false()
    return compiled.predicate


def _zone_predicate(zones: list[str]) -> ColumnElement[bool]:
    named = Contact.timezone.in_(zones)
    return or_(named, Contact.timezone.is_(None)) if "UTC" in zones else named


async def run_once(
    unit: UnitOfWork, schedule: Schedule, due: datetime, zones: list[str]
) -> ScheduleRun | None:
    """Record the run at `due` and enrol its contacts; None when it already ran."""
    session, now = unit.session, unit.now
    config = schedule.node.config
    run_id = await session.scalar(
        insert(ScheduleRun)
        .values(
            journey_id=schedule.journey_id,
            version=schedule.version,
            node_id=schedule.node.id,
            due_at=due,
            timezones=sorted(zones),
            started_at=now,
        )
        .on_conflict_do_nothing(index_elements=["journey_id", "node_id", "due_at"])
        .returning(ScheduleRun.id)
    )
    if run_id is None:
        return None
    where: list[ColumnElement[bool]] = [
        _zone_predicate(zones) if config.timezone == "contact" else true()
    ]
    if config.segment is not None:
        # Only the segment's members get an event (the engine checks again when it
        # handles it): a schedule over 100 sleepy customers must not write one event per
        # contact in the database.
        where.append(await _segment_predicate(session, config.segment, now))
    if config.date_match is not None:
        today = due.astimezone(zone(zones[0])).date()
        predicate = _date_predicate(config.date_match, today)
        if predicate is not None:
            where.append(predicate)
    fired = ScheduleFired(
        journey_id=str(schedule.journey_id), node_id=schedule.node.id, run_id=run_id, run_at=due
    )
    picked = select(Contact.id).where(*where)
    inserted = await record_for_each(
        unit, picked, fired, key_prefix=f"schedule:{run_id}:", occurred_at=due
    )
    run = await session.get_one(ScheduleRun, run_id)
    run.enrolled = int(inserted or 0)
    run.finished_at = now
    return run


async def tick(
    sessions: async_sessionmaker[AsyncSession],
    bell: Bell,
    now: datetime,
    *,
    journeys: Collection[uuid.UUID] | None = None,
) -> Ticked:
    """Run every schedule (of `journeys`, or all) whose latest due time has no run yet;
    each run in its own transaction (a failure leaves no half-run: the next tick tries it
    again)."""
    ticked = Ticked()
    async with sessions() as session:
        schedules = [
            schedule
            for schedule in await active_schedules(session)
            if journeys is None or schedule.journey_id in journeys
        ]
        zones = await contact_zones(session) if schedules else []
        done = {
            (journey_id, node_id, due_at)
            for journey_id, node_id, due_at in await session.execute(
                select(ScheduleRun.journey_id, ScheduleRun.node_id, ScheduleRun.due_at).where(
                    ScheduleRun.due_at >= now - timedelta(days=8)
                )
            )
        }
    for schedule in schedules:
        for due, served in due_runs(schedule, zones, now).items():
            if (schedule.journey_id, schedule.node.id, due) in done:
                continue
            async with unit_of_work(sessions, bell, now, origin="schedule") as unit:
                result = await run_once(unit, schedule, due, served)
            if result is None:
                continue
            ticked.runs += 1
            ticked.enrolled += result.enrolled
    return ticked
