"""Demo data, so a new user sees the product alive. Safe to load any number of times."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import msgspec

from app.events.schemas import ContactRef, EventEnvelope
from app.events.services import record_event
from app.resources import open_resources
from app.settings import Settings

# Filled in as accounts arrive; the run command prints these lines.
DEMO_LOGINS: tuple[str, ...] = ()

_DEMO_CONTACTS = (
    ("cust-1001", "ada@example.com", "+441632960001"),
    ("cust-1002", "grace@example.com", "+441632960002"),
    ("cust-1003", "alan@example.com", "+441632960003"),
    ("cust-1004", "katherine@example.com", "+441632960004"),
)


class DemoSummary(msgspec.Struct, frozen=True):
    events_created: int
    events_already_there: int
    worker_rung: int

    def __str__(self) -> str:
        return (
            f"demo data: {self.events_created} events created, "
            f"{self.events_already_there} already there, {self.worker_rung} queued for the worker"
        )


def demo_events(now: datetime) -> list[EventEnvelope]:
    events = []
    for index, (external_id, email, phone) in enumerate(_DEMO_CONTACTS):
        contact = ContactRef(external_id=external_id, email=email, phone=phone)
        placed = now - timedelta(days=3 - index % 3, hours=index)
        events.append(
            EventEnvelope(
                name="order.placed",
                contact=contact,
                properties={"order_id": f"ORD-{2000 + index}", "value": 120 + 450 * index},
                occurred_at=placed,
                idempotency_key=f"demo:order.placed:{external_id}",
            )
        )
        if index % 2 == 0:
            events.append(
                EventEnvelope(
                    name="page.viewed",
                    contact=contact,
                    properties={"url": "/pricing"},
                    occurred_at=placed + timedelta(minutes=30),
                    idempotency_key=f"demo:page.viewed:{external_id}",
                    source="track",
                )
            )
    return events


async def load_demo_data(settings: Settings) -> DemoSummary:
    now = datetime.now(UTC)
    created = existing = 0
    async with open_resources(settings) as resources:
        async with resources.sessions.begin() as session:
            recorded = [await record_event(session, event, now=now) for event in demo_events(now)]
        for item in recorded:
            created += item.created
            existing += not item.created
        # Ring only after commit: a ring for an uncommitted event would find nothing.
        rung = sum(
            [await resources.queue.process_event(item.id) for item in recorded if item.created]
        )
    return DemoSummary(events_created=created, events_already_there=existing, worker_rung=rung)
