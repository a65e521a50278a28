"""Management reports, computed from the jobs audit log (`job_events`).

Time to claim = first claim (or assignment to someone) - creation; time to complete =
completion - creation; both in seconds, as average, median and 90th percentile
(Postgres `percentile_cont`), grouped by job type, queue, staff member or journey.
"""

from __future__ import annotations

import csv
import io
import uuid
from datetime import datetime, timedelta
from typing import Any, Final, Literal

from sqlalchemy import func, select, text
from sqlalchemy.ext.asyncio import AsyncSession

from app.auth.models import Role, User
from app.jobs import views
from app.jobs.models import OPEN_STATUSES, Job, JobEvent, JobType
from app.jobs.schemas import (
    Durations,
    JobEventPage,
    OverrunRow,
    TimesReport,
    TimesRow,
    TrendPoint,
)
from app.journeys.models import Journey
from app.lib.problems import InvalidInputError

GroupBy = Literal["type", "queue", "assignee", "journey"]
Bucket = Literal["day", "week"]
AUDIT_PAGE: Final = 50

_KEYS: Final[dict[str, str]] = {
    "type": "jobs.type_name",
    "queue": "jobs.queue",
    "assignee": "jobs.assignee_id::text",
    "journey": "jobs.journey_id::text",
}

_TIMES = """
WITH j AS (
    SELECT {key} AS key, jobs.created_at,
        (SELECT min(e.at) FROM job_events e WHERE e.job_id = jobs.id AND (
            e.action = 'job.claimed'
            OR (e.action = 'job.assigned' AND e.changes -> 'assignee_id' ->> 'to' IS NOT NULL)
        )) AS claimed_at,
        (SELECT min(e.at) FROM job_events e
         WHERE e.job_id = jobs.id AND e.action = 'job.completed') AS completed_at
    FROM jobs
    WHERE jobs.created_at >= :start AND jobs.created_at < :end
), d AS (
    SELECT key,
        extract(epoch FROM claimed_at - created_at) AS claim_s,
        extract(epoch FROM completed_at - created_at) AS complete_s
    FROM j
)
SELECT key, count(*), count(claim_s), count(complete_s),
    avg(claim_s), percentile_cont(0.5) WITHIN GROUP (ORDER BY claim_s),
    percentile_cont(0.9) WITHIN GROUP (ORDER BY claim_s),
    avg(complete_s), percentile_cont(0.5) WITHIN GROUP (ORDER BY complete_s),
    percentile_cont(0.9) WITHIN GROUP (ORDER BY complete_s)
FROM d GROUP BY key ORDER BY key NULLS LAST
"""


def _durations(avg: Any, median: Any, p90: Any) -> Durations | None:
    if avg is None:
        return None
    return Durations(
        avg=round(float(avg), 1), median=round(float(median), 1), p90=round(float(p90), 1)
    )


async def _labels(db: AsyncSession, group_by: GroupBy, keys: list[str]) -> dict[str, str]:
    if group_by == "type":
        rows = await db.execute(select(JobType.name, JobType.label).where(JobType.name.in_(keys)))
        return {row.name: row.label for row in rows}
    if group_by == "queue":
        rows = await db.execute(select(Role.queue, Role.label).where(Role.queue.in_(keys)))
        return {str(queue): label for queue, label in rows}
    ids = [uuid.UUID(k) for k in keys]
    if group_by == "assignee":
        refs = await views.user_refs(db, ids)
        return {str(k): v.name for k, v in refs.items()}
    rows = await db.execute(select(Journey.id, Journey.name).where(Journey.id.in_(ids)))
    return {str(i): name for i, name in rows}


async def times(db: AsyncSession, group_by: GroupBy, start: datetime, end: datetime) -> TimesReport:
    rows = list(
        await db.execute(text(_TIMES.format(key=_KEYS[group_by])), {"start": start, "end": end})
    )
    labels = await _labels(db, group_by, [r[0] for r in rows if r[0] is not None])
    none_label = {"assignee": "Unassigned", "journey": "Not from a journey"}.get(group_by, "—")
    return TimesReport(
        rows=[
            TimesRow(
                key=key or "",
                label=labels.get(key, key) if key is not None else none_label,
                created=created,
                claimed=claimed,
                completed=completed,
                time_to_claim=_durations(c_avg, c_med, c_p90),
                time_to_complete=_durations(d_avg, d_med, d_p90),
            )
            for key, created, claimed, completed, c_avg, c_med, c_p90, d_avg, d_med, d_p90 in rows
        ]
    )


def times_csv(report: TimesReport, group_by: GroupBy) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(
        [
            group_by,
            "label",
            "created",
            "claimed",
            "completed",
            "claim_avg_s",
            "claim_median_s",
            "claim_p90_s",
            "complete_avg_s",
            "complete_median_s",
            "complete_p90_s",
        ]
    )
    for row in report.rows:
        claim = row.time_to_claim
        done = row.time_to_complete
        writer.writerow(
            [
                row.key,
                row.label,
                row.created,
                row.claimed,
                row.completed,
                *((claim.avg, claim.median, claim.p90) if claim else ("", "", "")),
                *((done.avg, done.median, done.p90) if done else ("", "", "")),
            ]
        )
    return out.getvalue()


async def overrunning(db: AsyncSession, now: datetime) -> list[OverrunRow]:
    rows = await db.execute(
        select(Job.queue, func.count(), func.count().filter(Job.due_at < now))
        .where(Job.status.in_(OPEN_STATUSES))
        .group_by(Job.queue)
        .order_by(Job.queue)
    )
    counted = list(rows)
    labels = {
        str(q): label
        for q, label in await db.execute(
            select(Role.queue, Role.label).where(Role.queue.in_([r[0] for r in counted]))
        )
    }
    return [
        OverrunRow(queue=queue, label=labels.get(queue, queue), overrunning=late, open=total)
        for queue, total, late in counted
    ]


async def trend(
    db: AsyncSession, start: datetime, end: datetime, bucket: Bucket
) -> list[TrendPoint]:
    step = timedelta(days=1 if bucket == "day" else 7)
    if (end - start) / step > 400:
        raise InvalidInputError.on_field("from", "the range holds more than 400 buckets")
    rows = await db.execute(
        text(
            "SELECT date_trunc(:bucket, at AT TIME ZONE 'UTC') AT TIME ZONE 'UTC', action, "
            "count(*) "
            "FROM job_events WHERE at >= :start AND at < :end AND action IN "
            "('job.created', 'job.claimed', 'job.completed', 'job.cancelled') GROUP BY 1, 2"
        ),
        {"bucket": bucket, "start": start, "end": end},
    )
    counts: dict[tuple[datetime, str], int] = {(at, action): n for at, action, n in rows}
    first = start.replace(hour=0, minute=0, second=0, microsecond=0)
    if bucket == "week":
        first -= timedelta(days=first.weekday())
    points = []
    cursor = first
    while cursor < end:
        points.append(
            TrendPoint(
                start=cursor,
                created=counts.get((cursor, "job.created"), 0),
                claimed=counts.get((cursor, "job.claimed"), 0),
                completed=counts.get((cursor, "job.completed"), 0),
                cancelled=counts.get((cursor, "job.cancelled"), 0),
            )
        )
        cursor += step
    return points


async def audit_page(
    db: AsyncSession,
    *,
    job_id: uuid.UUID | None,
    actor: str | None,
    action: str | None,
    start: datetime | None,
    end: datetime | None,
    page: int,
) -> JobEventPage:
    query = select(JobEvent)
    if job_id:
        query = query.where(JobEvent.job_id == job_id)
    if actor:
        try:
            query = query.where(JobEvent.actor_id == uuid.UUID(actor))
        except ValueError:
            query = query.join(User, User.id == JobEvent.actor_id).where(
                func.lower(User.email) == actor.strip().lower()
            )
    if action:
        query = query.where(JobEvent.action == action)
    if start:
        query = query.where(JobEvent.at >= start)
    if end:
        query = query.where(JobEvent.at < end)
    total = await db.scalar(select(func.count()).select_from(query.subquery())) or 0
    rows = list(
        await db.scalars(
            query.order_by(JobEvent.id.desc()).offset((page - 1) * AUDIT_PAGE).limit(AUDIT_PAGE)
        )
    )
    return JobEventPage(items=await views.events(db, rows), total=total)
