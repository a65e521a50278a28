"""What publishing the draft would do, from past data: how many contacts its triggers would
let in during a typical week, and how many contacts are in the journey now (they finish
on the version they entered with). The publish dialog shows it with the draft's messages,
jobs and warnings, which the canvas reads from the definition itself."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from typing import Final, get_args

from sqlalchemy import distinct, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.engine.definition import JourneyDefinition, ReentryAlways
from app.engine.triggers import EventTrigger, SegmentEnteredTrigger, TriggerNode
from app.eventlog.models import Event
from app.journeys import services, views
from app.journeys.schemas import EntryEstimate, PublishReview, RunningVersion
from app.runs.models import Enrollment
from app.segments.models import Segment, SegmentMember

# The past the estimate reads: four whole weeks, so a weekly rhythm counts once each day.
HISTORY_DAYS: Final = 28
_WEEKS: Final = HISTORY_DAYS / 7


async def publish_review(db: AsyncSession, journey_id: uuid.UUID, now: datetime) -> PublishReview:
    row = await services.get_row(db, journey_id)
    definition = views.definition_of(row)
    since = now - timedelta(days=HISTORY_DAYS)
    entries = [await _estimate(db, definition, node, since) for node in _triggers(definition)]
    running = await db.execute(
        select(Enrollment.version, func.count())
        .where(Enrollment.journey_id == journey_id, Enrollment.status.in_(("active", "paused")))
        .group_by(Enrollment.version)
        .order_by(Enrollment.version)
    )
    return PublishReview(
        revision=row.draft_revision,
        history_days=HISTORY_DAYS,
        entries=entries,
        running=[RunningVersion(version, count) for version, count in running.all()],
    )


def _triggers(definition: JourneyDefinition) -> list[TriggerNode]:
    kinds = get_args(TriggerNode)
    return [node for node in definition.nodes if isinstance(node, kinds)]


def _weekly(count: int) -> float:
    return round(count / _WEEKS, 1)


async def _estimate(
    db: AsyncSession, definition: JourneyDefinition, node: TriggerNode, since: datetime
) -> EntryEstimate:
    match node:
        case EventTrigger() if node.config.event_name:
            name = node.config.event_name
            events, contacts = (
                await db.execute(
                    select(func.count(), func.count(distinct(Event.contact_id))).where(
                        Event.name == name, Event.occurred_at >= since
                    )
                )
            ).one()
            # Without re-entry a contact enters once: count people, not events.
            again = isinstance(definition.settings.reentry, ReentryAlways)
            per_week = _weekly(events if again else contacts)
            filtered = node.config.filter is not None and bool(node.config.filter.rules)
            words = (
                f"“{name}” happened {events} times to {contacts} contacts in the last "
                f"{HISTORY_DAYS} days: about {per_week:g} contacts a week"
                + (" before the trigger's filter (fewer will match)." if filtered else ".")
            )
            return EntryEstimate(node.id, per_week, _weekly(events), filtered, words)
        case SegmentEnteredTrigger():
            joined = await db.scalar(
                select(func.count())
                .select_from(SegmentMember)
                .join(Segment, Segment.id == SegmentMember.segment_id)
                .where(Segment.name == node.config.segment, SegmentMember.entered_at >= since)
            )
            per_week = _weekly(joined or 0)
            words = (
                f"{joined or 0} contacts joined “{node.config.segment}” in the last "
                f"{HISTORY_DAYS} days: about {per_week:g} a week."
            )
            return EntryEstimate(node.id, per_week, None, False, words)
        case _:
            return EntryEstimate(
                node.id, None, None, False, "No estimate: this trigger has no past to count."
            )
