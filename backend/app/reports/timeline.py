"""A contact's timeline: what happened to them, newest first, merged from several sources.

Each source is one async function reading one table (events, journey steps, outbox
messages…); `SOURCES` lists them. Adding a source (e.g. jobs) is one function and one
line. Pages are cut by an opaque cursor `at|kind|id`, ordered by (at, kind, id) newest
first, so items sharing a timestamp — a unit of work's change events do — are neither
lost nor repeated across pages.
"""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Any, Final

import msgspec
from sqlalchemy import ColumnElement, or_, select, tuple_
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import InstrumentedAttribute

from app.channels.models import ChannelMessage
from app.eventlog.models import Event
from app.jobs.models import Job, JobEvent
from app.journeys.models import Journey
from app.journeys.versions import definition_of
from app.lib.problems import InvalidInputError
from app.runs.models import Enrollment, JourneyStep, OutboxMessage

MAX_LIMIT: Final = 200


class TimelineItem(msgspec.Struct, frozen=True):
    # `event`, `journey_step`, `message`, `job` (and whatever sources are added).
    kind: str
    id: str
    at: datetime
    title: str
    detail: dict[str, Any]


class TimelinePage(msgspec.Struct, frozen=True):
    items: list[TimelineItem]
    # Pass as `before` for the next (older) page; None at the end.
    next_cursor: str | None


class Cursor(msgspec.Struct, frozen=True):
    at: datetime
    kind: str
    id: int

    def encode(self) -> str:
        return f"{self.at.isoformat()}|{self.kind}|{self.id}"

    @classmethod
    def decode(cls, text: str) -> Cursor:
        try:
            at, kind, row_id = text.split("|")
            return cls(datetime.fromisoformat(at), kind, int(row_id))
        except ValueError as error:
            raise InvalidInputError.on_field(
                "before", "Not a timeline cursor: pass `next_cursor` from the previous page."
            ) from error


def older_than(
    cursor: Cursor | None,
    kind: str,
    at: InstrumentedAttribute[datetime],
    row_id: InstrumentedAttribute[int],
) -> ColumnElement[bool] | None:
    """Rows of source `kind` that come after `cursor` in newest-first order."""
    if cursor is None:
        return None
    if kind < cursor.kind:
        return at <= cursor.at
    if kind > cursor.kind:
        return at < cursor.at
    return tuple_(at, row_id) < tuple_(cursor.at, cursor.id)


Source = Callable[[AsyncSession, uuid.UUID, Cursor | None, int], Awaitable[list[TimelineItem]]]


async def events_source(
    session: AsyncSession, contact_id: uuid.UUID, cursor: Cursor | None, limit: int
) -> list[TimelineItem]:
    # A job's own events (source `job`) show as the `job` source's richer items instead.
    query = select(Event).where(Event.contact_id == contact_id, Event.source != "job")
    where = older_than(cursor, "event", Event.occurred_at, Event.id)
    if where is not None:
        query = query.where(where)
    rows = await session.scalars(
        query.order_by(Event.occurred_at.desc(), Event.id.desc()).limit(limit)
    )
    return [
        TimelineItem(
            kind="event",
            id=str(row.id),
            at=row.occurred_at,
            title=row.name,
            detail={"source": row.source, "properties": row.properties},
        )
        for row in rows
    ]


async def journey_steps_source(
    session: AsyncSession, contact_id: uuid.UUID, cursor: Cursor | None, limit: int
) -> list[TimelineItem]:
    query = (
        select(JourneyStep, Journey.name)
        .join(Enrollment, Enrollment.id == JourneyStep.enrollment_id)
        .join(Journey, Journey.id == JourneyStep.journey_id)
        .where(Enrollment.contact_id == contact_id)
    )
    where = older_than(cursor, "journey_step", JourneyStep.at, JourneyStep.id)
    if where is not None:
        query = query.where(where)
    rows = await session.execute(
        query.order_by(JourneyStep.at.desc(), JourneyStep.id.desc()).limit(limit)
    )
    found = list(rows)
    labels = await _step_labels(session, {(step.journey_id, step.version) for step, _ in found})

    def label(step: JourneyStep) -> str:
        return labels.get((step.journey_id, step.version, step.node_id), step.node_id)

    return [
        TimelineItem(
            kind="journey_step",
            id=str(step.id),
            at=step.at,
            title=f"{journey_name}: {label(step)}",
            detail={
                "journey_id": str(step.journey_id),
                "journey": journey_name,
                "version": step.version,
                "node_id": step.node_id,
                # The step's label in the enrollment's own version (its id if it has none).
                "step_label": label(step),
                "exit_taken": step.exit_taken,
                "text": step.detail.get("text"),
                # What the step saw and why it left by its exit (docs/enrollments-api.md).
                "why": step.detail.get("why"),
                # `not_sent` (its message was never sent) or `trigger_refused` (the
                # re-entry rule kept the contact out), with `reason`; null on a move.
                "note": step.detail.get("note"),
                "reason": step.detail.get("reason"),
                "enrollment_id": str(step.enrollment_id),
            },
        )
        for step, journey_name in found
    ]


async def _step_labels(
    session: AsyncSession, versions: set[tuple[uuid.UUID, int]]
) -> dict[tuple[uuid.UUID, int, str], str]:
    """Each step's label by (journey, version, node id), from the versions' definitions
    (read once per version and cached by app.journeys.versions)."""
    labels: dict[tuple[uuid.UUID, int, str], str] = {}
    for journey_id, version in versions:
        definition = await definition_of(session, journey_id, version)
        for node in definition.nodes if definition else ():
            labels[(journey_id, version, node.id)] = node.label or node.id
    return labels


async def messages_source(
    session: AsyncSession, contact_id: uuid.UUID, cursor: Cursor | None, limit: int
) -> list[TimelineItem]:
    query = (
        select(OutboxMessage)
        .join(Enrollment, Enrollment.id == OutboxMessage.enrollment_id)
        .where(Enrollment.contact_id == contact_id)
    )
    where = older_than(cursor, "message", OutboxMessage.created_at, OutboxMessage.id)
    if where is not None:
        query = query.where(where)
    rows = await session.execute(
        query.add_columns(
            ChannelMessage.subject, ChannelMessage.body_text, ChannelMessage.recipient
        )
        .outerjoin(ChannelMessage, ChannelMessage.key == OutboxMessage.key)
        .order_by(OutboxMessage.created_at.desc(), OutboxMessage.id.desc())
        .limit(limit)
    )
    return [
        TimelineItem(
            kind="message",
            id=str(row.id),
            at=row.created_at,
            title=row.kind.replace("_", " "),
            detail={
                "kind": row.kind,
                "status": row.status,
                "attempts": row.attempts,
                "sent_at": row.sent_at.isoformat() if row.sent_at else None,
                "template": row.payload.get("template"),
                # As rendered and sent (the message log), else as the step queued it.
                "subject": subject or row.payload.get("subject"),
                "text": _clip(body) if body else None,
                "recipient": recipient,
                # Why the last try failed (for good when `status` is failed).
                "error": row.last_error,
            },
        )
        for row, subject, body, recipient in rows
    ]


# A rendered message's text on the timeline is cut here (its page has all of it).
_TEXT_SHOWN: Final = 600


def _clip(text: str) -> str:
    return text if len(text) <= _TEXT_SHOWN else text[: _TEXT_SHOWN - 1] + "…"


# What a job's audit row says on the timeline (a job's other changes stay on its page).
_JOB_HEADLINES: Final = {
    "job.created": "Job created",
    "job.claimed": "Job claimed",
    "job.unclaimed": "Job given back",
    "job.updated": "Job status changed",
    "job.completed": "Job completed",
    "job.cancelled": "Job cancelled",
}


async def jobs_source(
    session: AsyncSession, contact_id: uuid.UUID, cursor: Cursor | None, limit: int
) -> list[TimelineItem]:
    """The contact's jobs: created, every status change, completion with its outcome."""
    query = (
        select(JobEvent, Job.title, Job.type_name, Job.queue, Job.outcome)
        .join(Job, Job.id == JobEvent.job_id)
        .where(
            Job.contact_id == contact_id,
            JobEvent.action.in_(list(_JOB_HEADLINES)),
            or_(JobEvent.action == "job.created", JobEvent.changes.has_key("status")),
        )
    )
    where = older_than(cursor, "job", JobEvent.at, JobEvent.id)
    if where is not None:
        query = query.where(where)
    rows = await session.execute(
        query.order_by(JobEvent.at.desc(), JobEvent.id.desc()).limit(limit)
    )
    items = []
    for row, title, type_name, queue, outcome in rows:
        status = row.changes.get("status") or {}
        items.append(
            TimelineItem(
                kind="job",
                id=str(row.id),
                at=row.at,
                title=f"{_JOB_HEADLINES[row.action]}: {title}",
                detail={
                    "job_id": str(row.job_id),
                    "job_title": title,
                    "job_type": type_name,
                    "queue": queue,
                    "action": row.action,
                    "from": status.get("from"),
                    "to": status.get("to"),
                    "outcome": outcome if row.action == "job.completed" else None,
                },
            )
        )
    return items


# Every source of the timeline. Append to add one (its kind must be unique).
SOURCES: list[tuple[str, Source]] = [
    ("event", events_source),
    ("journey_step", journey_steps_source),
    ("message", messages_source),
    ("job", jobs_source),
]


async def timeline(
    session: AsyncSession,
    contact_id: uuid.UUID,
    *,
    before: str | None = None,
    limit: int = 50,
    kinds: frozenset[str] | None = None,
) -> TimelinePage:
    """The newest `limit` items older than the cursor, from every (or the chosen) source."""
    cursor = Cursor.decode(before) if before else None
    items: list[TimelineItem] = []
    for kind, source in SOURCES:
        if kinds is None or kind in kinds:
            items.extend(await source(session, contact_id, cursor, limit + 1))
    items.sort(key=lambda item: (item.at, item.kind, int(item.id)), reverse=True)
    page = items[:limit]
    more = len(items) > limit
    last = page[-1] if page else None
    next_cursor = Cursor(last.at, last.kind, int(last.id)).encode() if more and last else None
    return TimelinePage(items=page, next_cursor=next_cursor)
