"""Who is in each watched segment, so that entering (or leaving) one is an event.

A segment is watched while an active journey starts on entering it
(`trigger.segment_entered`). Each refresh works its members out in SQL (the segment's
compiled condition, as the contacts list and the live count use), adds the newcomers and
removes the leavers in `segment_members`, and records `segment.entered` /
`segment.left` events (source `system`) for them in the same transaction; the worker
then starts journeys on the entered events. Time alone can move a contact in or out
("no activity for 90 days"), so the worker refreshes on a timer, not only on events.

The first refresh of a segment only takes stock: contacts already in it when a journey
starts watching it did not just enter it. A segment nobody watches any more is
forgotten, so watching it again later starts from a fresh stock-take.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime
from typing import Final

import structlog
from sqlalchemy import (
    ColumnElement,
    and_,
    delete,
    exists,
    func,
    literal,
    select,
    update,
)
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from app.contacts.models import Contact
from app.engine.triggers import SegmentEnteredTrigger
from app.eventlog.kinds import SegmentEntered, SegmentLeft, name_of
from app.eventlog.writer import new_event, write_many
from app.journeys.models import Journey, JourneyVersion
from app.journeys.versions import definition_of
from app.lib.unit_of_work import UnitOfWork
from app.segments.models import Segment, SegmentMember
from app.segments.services import compile_group, saved_conditions

log = structlog.get_logger(__name__)

ENTERED: Final = name_of(SegmentEntered)
LEFT: Final = name_of(SegmentLeft)
# One refresh at a time across every worker (the others skip this round).
_LOCK: Final = 0x5E6_3E75


@dataclass(slots=True)
class Refreshed:
    segments: int = 0
    entered: int = 0
    left: int = 0
    # The `segment.entered` / `segment.left` events recorded.
    event_ids: list[int] = field(default_factory=list)


async def watched_segments(session: AsyncSession) -> set[str]:
    """Names of the segments an active journey's published version starts on entering."""
    rows = await session.execute(
        select(Journey.id, JourneyVersion.version)
        .join(
            JourneyVersion,
            and_(
                JourneyVersion.journey_id == Journey.id,
                JourneyVersion.version == Journey.published_version,
            ),
        )
        .where(Journey.status == "active")
    )
    names: set[str] = set()
    for journey_id, version in rows:
        definition = await definition_of(session, journey_id, version)
        if definition is not None:
            names.update(
                node.config.segment
                for node in definition.nodes
                if isinstance(node, SegmentEnteredTrigger)
            )
    return names


async def refresh(unit: UnitOfWork) -> Refreshed:
    """Bring every watched segment's members up to date, in the caller's unit of work
    (which rings the worker for the `segment.entered` / `segment.left` events)."""
    session, now = unit.session, unit.now
    done = Refreshed()
    if not await session.scalar(select(func.pg_try_advisory_xact_lock(_LOCK))):
        return done
    watched = await watched_segments(session)
    # Forget segments nobody watches: a later watcher starts with a fresh stock-take.
    unwatched = Segment.name.not_in(watched) if watched else literal(True)
    forgotten = select(Segment.id).where(unwatched, Segment.members_refreshed_at.is_not(None))
    await session.execute(delete(SegmentMember).where(SegmentMember.segment_id.in_(forgotten)))
    await session.execute(
        update(Segment)
        .where(Segment.id.in_(forgotten))
        .values(members_refreshed_at=None)
        .execution_options(synchronize_session=False)
    )
    if not watched:
        return done
    saved = await saved_conditions(session)
    rows = await session.execute(
        select(Segment.id, Segment.name, Segment.members_refreshed_at).where(
            Segment.name.in_(watched)
        )
    )
    for segment_id, name, refreshed_at in rows:
        group = saved.get(name)
        if group is None:
            continue
        compiled = compile_group(group, saved, now, name=name)
        if compiled.problems:
            log.warning("segment.unusable", segment=name, problem=compiled.problems[0][1])
            continue
        entered, left = await _refresh_one(session, segment_id, compiled.predicate, now)
        done.segments += 1
        if refreshed_at is None:
            continue  # the first look only takes stock
        done.entered += len(entered)
        done.left += len(left)
        # Keyed per refresh: a contact may enter the same segment again another day.
        for kind, moved, contacts in (
            (ENTERED, SegmentEntered(segment=name), entered),
            (LEFT, SegmentLeft(segment=name), left),
        ):
            keys = (f"{kind}:{segment_id}:{contact}:{now.isoformat()}" for contact in contacts)
            news = [new_event(c, moved, key=k) for c, k in zip(contacts, keys, strict=True)]
            done.event_ids += [event_id for event_id, _ in await write_many(unit, news)]
    return done


async def _refresh_one(
    session: AsyncSession, segment_id: uuid.UUID, predicate: ColumnElement[bool], now: datetime
) -> tuple[list[uuid.UUID], list[uuid.UUID]]:
    """Add the newcomers, remove the leavers: (entered, left) contact ids."""
    member = select(SegmentMember.contact_id).where(SegmentMember.segment_id == segment_id)
    entered = list(
        await session.scalars(
            insert(SegmentMember)
            .from_select(
                ["segment_id", "contact_id", "entered_at"],
                select(literal(segment_id), Contact.id, literal(now)).where(
                    predicate,
                    Contact.id.not_in(member),
                ),
            )
            .on_conflict_do_nothing()
            .returning(SegmentMember.contact_id)
        )
    )
    still_in = exists(select(Contact.id).where(Contact.id == SegmentMember.contact_id, predicate))
    left = list(
        await session.scalars(
            delete(SegmentMember)
            .where(SegmentMember.segment_id == segment_id, ~still_in)
            .returning(SegmentMember.contact_id)
        )
    )
    await session.execute(
        update(Segment).where(Segment.id == segment_id).values(members_refreshed_at=now)
    )
    return entered, left
