"""Entering a segment is an event: the watcher works out watched segments' members in
SQL, records `segment.entered` / `segment.left`, and journeys start on entering."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select, update

from app.contacts import profile
from app.contacts.models import Contact
from app.eventlog.models import Event
from app.journeys.models import Journey
from app.resources import Resources
from app.runs.models import Enrollment
from app.segments import membership
from app.segments.models import Segment, SegmentMember
from app.settings import Settings
from app.worker import tasks
from tests.support.accounts import MutableClock
from tests.support.channels import add_contact
from tests.support.runs import chain, handle, node, publish
from tests.support.worker import sweep, worker_ctx

pytestmark = pytest.mark.usefixtures("standard_roles")

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
VIP = {"type": "group", "rules": [{"type": "has_tag", "tag": "vip"}]}


async def _setup(resources: Resources) -> uuid.UUID:
    async with resources.sessions.begin() as db:
        db.add(Segment(name="vips", label="VIPs", condition=VIP))
    return await publish(
        resources,
        "VIP welcome",
        chain(
            node("trigger.segment_entered", "joined", segment="vips"),
            node("action.update_contact", "greet", add_tags=["welcomed-vip"]),
            node("flow.end", "end"),
        ),
    )


async def _tag(resources: Resources, contact_id: uuid.UUID, *, add: bool) -> None:
    async with resources.unit_of_work(now=T0, origin="system") as unit:
        if add:
            await profile.add_tags(unit, contact_id, ["vip"])
        else:
            await profile.remove_tags(unit, contact_id, ["vip"])


async def _refresh(resources: Resources, now: datetime) -> membership.Refreshed:
    async with resources.unit_of_work(now=now, origin="system") as unit:
        return await membership.refresh(unit)


async def _members(resources: Resources) -> set[str]:
    async with resources.sessions() as db:
        rows = await db.scalars(
            select(Contact.external_id).join(SegmentMember, SegmentMember.contact_id == Contact.id)
        )
        return {str(r) for r in rows}


async def _enrolled(resources: Resources) -> set[str]:
    async with resources.sessions() as db:
        rows = await db.scalars(
            select(Contact.external_id).join(Enrollment, Enrollment.contact_id == Contact.id)
        )
        return {str(r) for r in rows}


async def test_entering_a_watched_segment_starts_the_journey_and_old_members_do_not(
    resources: Resources,
) -> None:
    journey_id = await _setup(resources)
    already = await add_contact(resources, "already", tags=["vip"])
    newbie = await add_contact(resources, "newbie")
    clock = MutableClock(T0)

    first = await _refresh(resources, T0)  # a stock-take: nobody just entered
    assert (first.segments, first.event_ids) == (1, [])
    assert await _members(resources) == {"already"}

    await _tag(resources, newbie, add=True)
    entered = await _refresh(resources, T0 + timedelta(seconds=30))
    assert (entered.entered, entered.left) == (1, 0)
    for event_id in entered.event_ids:
        await handle(resources, clock, event_id)
    assert await _enrolled(resources) == {"newbie"}
    assert await _members(resources) == {"already", "newbie"}

    # Nothing changed: nothing recorded.
    assert (await _refresh(resources, T0 + timedelta(minutes=1))).event_ids == []

    await _tag(resources, already, add=False)
    left = await _refresh(resources, T0 + timedelta(minutes=2))
    assert (left.entered, left.left) == (0, 1)
    async with resources.sessions() as db:
        [event] = list(await db.scalars(select(Event).where(Event.id.in_(left.event_ids))))
    assert (event.name, event.properties, event.source) == (
        "segment.left",
        {"segment": "vips"},
        "system",
    )
    assert await _members(resources) == {"newbie"}

    # No active journey watches it any more: its members are forgotten.
    async with resources.sessions.begin() as db:
        await db.execute(update(Journey).where(Journey.id == journey_id).values(status="paused"))
    assert (await _refresh(resources, T0 + timedelta(minutes=3))).segments == 0
    assert await _members(resources) == set()
    async with resources.sessions() as db:
        assert await db.scalar(select(Segment.members_refreshed_at)) is None


async def test_the_worker_cron_refreshes_and_rings_for_the_entered(
    resources: Resources, settings: Settings
) -> None:
    await _setup(resources)
    newbie = await add_contact(resources, "newbie")
    clock = MutableClock(T0)
    ctx = worker_ctx(resources, settings, clock)

    assert await tasks.refresh_segments(ctx) == 0
    await _tag(resources, newbie, add=True)
    clock.advance(seconds=30)
    assert await tasks.refresh_segments(ctx) == 1
    await sweep(ctx)  # the worker drains what the ring (or the sweep) finds
    assert await _enrolled(resources) == {"newbie"}
