"""How fast events are committed: the step every event takes before the API answers 202.

Prints events/s for one transaction per event (what a single API call does) and for
batches (what a batch call does). It records into whatever database DATABASE_URL names,
under contacts named `bench-*`, and deletes them afterwards.
"""

from __future__ import annotations

import argparse
import asyncio
import time

from sqlalchemy import delete

from app.contacts.models import Contact
from app.contacts.schemas import ContactRef
from app.events.schemas import EventEnvelope
from app.events.services import record_event
from app.resources import open_resources
from app.settings import get_settings


def _events(count: int, contacts: int, run: str) -> list[EventEnvelope]:
    return [
        EventEnvelope(
            name="order.placed",
            contact=ContactRef(external_id=f"bench-{run}-{index % contacts}"),
            properties={"order_id": f"B-{index}", "value": index % 1000},
            idempotency_key=f"bench-{run}-{index}",
        )
        for index in range(count)
    ]


async def _measure(count: int, contacts: int, batch: int) -> float:
    run = f"{batch}-{time.monotonic_ns()}"
    events = _events(count, contacts, run)
    async with open_resources(get_settings()) as resources:
        started = time.perf_counter()
        for offset in range(0, count, batch):
            async with resources.unit_of_work() as unit:
                for event in events[offset : offset + batch]:
                    await record_event(unit, event)
        elapsed = time.perf_counter() - started
        async with resources.sessions.begin() as session:
            await session.execute(delete(Contact).where(Contact.external_id.like(f"bench-{run}-%")))
    return count / elapsed


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.event_recording")
    parser.add_argument("--events", type=int, default=20_000)
    parser.add_argument("--contacts", type=int, default=2_000)
    args = parser.parse_args()
    single = asyncio.run(_measure(min(args.events, 5_000), args.contacts, batch=1))
    batched = asyncio.run(_measure(args.events, args.contacts, batch=500))
    print(f"events recorded, one transaction each:  {single:8.0f} events/s")
    print(f"events recorded, 500 per transaction:   {batched:8.0f} events/s")


if __name__ == "__main__":
    main()
