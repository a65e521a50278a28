"""How the demo loader does its work: in units of work stamped with its one `now`, and
running its own events through the journeys as the worker would (under each contact's
lock), so a new user finds customers part-way through."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from contextlib import AbstractAsyncContextManager
from datetime import datetime

from sqlalchemy import select

from app.eventlog.models import Event
from app.lib.unit_of_work import UnitOfWork
from app.resources import Resources
from app.runs.services import handle_event


def demo_unit(
    resources: Resources, now: datetime, *, origin: str = "demo"
) -> AbstractAsyncContextManager[UnitOfWork]:
    return resources.unit_of_work(origin=origin, now=now)


async def handle_events(resources: Resources, event_ids: Iterable[int], now: datetime) -> int:
    """Each event (and its contact's earlier unhandled ones) through the journeys, each in
    a unit of work of its own; returns how many were handled."""
    handled = 0
    for event_id in event_ids:
        async with demo_unit(resources, now, origin="journey") as unit:
            handled += (await handle_event(unit, event_id)).events
    return handled


async def handle_contact(resources: Resources, contact_id: uuid.UUID, now: datetime) -> int:
    """The contact's unhandled events through the journeys (a demo change just made)."""
    async with resources.sessions() as db:
        rows = await db.scalars(
            select(Event.id)
            .where(Event.contact_id == contact_id, Event.processed_at.is_(None))
            .order_by(Event.id.desc())
            .limit(1)
        )
        newest = list(rows)
    # The newest one takes every earlier unhandled event of its contact with it.
    return await handle_events(resources, newest, now)
