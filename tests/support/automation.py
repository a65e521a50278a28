"""Helpers for the automation tests: run every pending event and outbox row to the end."""

from __future__ import annotations

from sqlalchemy import select

from app.effects.handlers import Recorder
from app.eventlog.models import Event
from app.resources import Resources
from app.runs import outbox as dispatcher
from app.worker.assembly import effect_handlers
from tests.support.accounts import MutableClock
from tests.support.runs import handle


async def settle(resources: Resources, clock: MutableClock) -> None:
    """Handle every unhandled event and send the outbox, until nothing is left."""
    for _ in range(20):
        async with resources.sessions() as db:
            pending = list(
                await db.scalars(
                    select(Event.id).where(Event.processed_at.is_(None)).order_by(Event.id)
                )
            )
        async with resources.unit_of_work(now=clock.now()) as unit:
            sent = await dispatcher.dispatch_batch(unit, effect_handlers(channels=Recorder()))
        if not pending and not sent.total:
            return
        for event_id in pending:
            await handle(resources, clock, event_id)
    raise AssertionError("the events never settled")
