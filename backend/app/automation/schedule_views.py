"""What the SPA shows of schedules: each schedule trigger with its next run, and the runs."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.automation.models import ScheduleRun
from app.automation.schedule_times import describe, next_due
from app.automation.schedules import active_schedules, contact_zones
from app.automation.schemas import ScheduleRunPage, ScheduleRunView, ScheduleView
from app.engine.timing import zone
from app.journeys.models import Journey


def _run_view(row: ScheduleRun, journey_name: str) -> ScheduleRunView:
    return ScheduleRunView(
        id=row.id,
        journey_id=row.journey_id,
        journey_name=journey_name,
        version=row.version,
        node_id=row.node_id,
        due_at=row.due_at,
        timezones=list(row.timezones),
        started_at=row.started_at,
        finished_at=row.finished_at,
        enrolled=row.enrolled,
    )


async def list_runs(
    session: AsyncSession, *, journey_id: uuid.UUID | None, page: int, page_size: int
) -> ScheduleRunPage:
    """Newest due time first."""
    query = select(ScheduleRun, Journey.name).join(Journey, Journey.id == ScheduleRun.journey_id)
    counted = select(func.count()).select_from(ScheduleRun)
    if journey_id is not None:
        query = query.where(ScheduleRun.journey_id == journey_id)
        counted = counted.where(ScheduleRun.journey_id == journey_id)
    rows = await session.execute(
        query.order_by(ScheduleRun.due_at.desc(), ScheduleRun.id.desc())
        .offset((page - 1) * page_size)
        .limit(page_size)
    )
    return ScheduleRunPage(
        items=[_run_view(run, name) for run, name in rows],
        total=int(await session.scalar(counted) or 0),
    )


async def list_schedules(session: AsyncSession, now: datetime) -> list[ScheduleView]:
    schedules = await active_schedules(session)
    zones = await contact_zones(session) if schedules else []
    found: list[ScheduleView] = []
    for schedule in schedules:
        config = schedule.node.config
        served = zones if config.timezone == "contact" else [config.timezone]
        next_run = min(next_due(config.repeat, zone(name), now) for name in served)
        last = await session.scalar(
            select(ScheduleRun)
            .where(
                ScheduleRun.journey_id == schedule.journey_id,
                ScheduleRun.node_id == schedule.node.id,
            )
            .order_by(ScheduleRun.due_at.desc())
            .limit(1)
        )
        found.append(
            ScheduleView(
                journey_id=schedule.journey_id,
                journey_name=schedule.journey_name,
                version=schedule.version,
                node_id=schedule.node.id,
                label=schedule.node.label or schedule.node.id,
                description=describe(config.repeat, config.timezone),
                segment=config.segment,
                next_run_at=next_run,
                last_run=_run_view(last, schedule.journey_name) if last else None,
            )
        )
    return found
