"""Helpers for the runs tests: publish a library journey, send events, read what ran."""

from __future__ import annotations

import itertools
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import msgspec
from sqlalchemy import func, select

from app.contacts.schemas import ContactRef
from app.engine.definition import JourneyDefinition
from app.events.schemas import EventEnvelope
from app.events.services import record_event
from app.journeys.library import load_template
from app.journeys.models import Journey, JourneyVersion
from app.journeys.services import stored
from app.resources import Resources
from app.runs.models import Enrollment, EnrollmentTimer, JourneyStep, OutboxMessage
from app.runs.services import Work, handle_event
from app.runs.sweeper import drain_timers
from tests.support.accounts import MutableClock, create_user

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


async def publish_template(resources: Resources, slug: str, now: datetime = T0) -> uuid.UUID:
    """An active journey whose version 1 is the library template `slug`."""
    return await publish(resources, slug, load_template(slug), now)


async def publish(
    resources: Resources, name: str, graph: JourneyDefinition | dict[str, Any], now: datetime = T0
) -> uuid.UUID:
    """An active journey whose version 1 is `graph`."""
    author = await create_user(resources, role="marketer")
    definition = stored(msgspec.convert(graph, JourneyDefinition))
    async with resources.sessions.begin() as db:
        journey = Journey(
            name=name,
            status="active",
            definition=definition,
            published_version=1,
            published_revision=1,
            created_at=now,
            updated_at=now,
        )
        db.add(journey)
        await db.flush()
        db.add(
            JourneyVersion(
                journey_id=journey.id,
                version=1,
                definition=definition,
                published_at=now,
                published_by=author.id,
            )
        )
    return journey.id


async def send(
    resources: Resources, clock: MutableClock, name: str, contact: str, **properties: Any
) -> int:
    """Commit an event for contact `contact` (an external id) at the clock's time."""
    async with resources.unit_of_work(now=clock.now()) as unit:
        recorded = await record_event(
            unit,
            EventEnvelope(
                name=name,
                contact=ContactRef(external_id=contact),
                properties=properties,
                occurred_at=clock.now(),
            ),
        )
    return recorded.id


@dataclass(frozen=True)
class Handled:
    """What handling an event did: its counts, and what its unit of work rang for."""

    events: int
    effects: int
    next_wake: datetime | None
    notices: list[tuple[str, bytes]]


async def handle(resources: Resources, clock: MutableClock, event_id: int) -> Handled:
    async with resources.unit_of_work(now=clock.now()) as unit:
        work = await handle_event(unit, event_id)
    return Handled(work.events, unit.outbox, unit.next_wake, unit.notices)


async def fire_timers(resources: Resources, clock: MutableClock) -> Work:
    return await drain_timers(resources.sessions, clock, resources.bell)


async def enrollments(resources: Resources) -> list[Enrollment]:
    async with resources.sessions() as db:
        return list(await db.scalars(select(Enrollment).order_by(Enrollment.entered_at)))


async def steps(resources: Resources, enrollment_id: uuid.UUID) -> list[tuple[str, str | None]]:
    async with resources.sessions() as db:
        rows = await db.execute(
            select(JourneyStep.node_id, JourneyStep.exit_taken)
            .where(JourneyStep.enrollment_id == enrollment_id)
            .order_by(JourneyStep.id)
        )
        return [(node, exit_taken) for node, exit_taken in rows]


async def outbox(resources: Resources) -> list[OutboxMessage]:
    async with resources.sessions() as db:
        return list(await db.scalars(select(OutboxMessage).order_by(OutboxMessage.id)))


async def timers(resources: Resources) -> list[tuple[str, datetime]]:
    async with resources.sessions() as db:
        rows = await db.execute(
            select(EnrollmentTimer.token_id, EnrollmentTimer.wake_at).order_by(
                EnrollmentTimer.wake_at
            )
        )
        return [(token, wake_at) for token, wake_at in rows]


async def count(resources: Resources, model: type[Any]) -> int:
    async with resources.sessions() as db:
        return int(await db.scalar(select(func.count()).select_from(model)) or 0)


def node(kind: str, node_id: str, **config: Any) -> dict[str, Any]:
    position = {"x": 0, "y": 0}
    return {"kind": kind, "id": node_id, "label": node_id, "position": position, "config": config}


def chain(*nodes: dict[str, Any]) -> dict[str, Any]:
    """A straight journey: each node's `next` exit leads to the following node."""
    edges = [
        {"id": f"{a['id']}--next", "source": a["id"], "source_handle": "next", "target": b["id"]}
        for a, b in itertools.pairwise(nodes)
    ]
    return {"nodes": list(nodes), "edges": edges}
