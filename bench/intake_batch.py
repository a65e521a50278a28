"""How fast batches of events are taken in: `record_events` (one multi-row INSERT … ON
CONFLICT per batch, contacts resolved in a few queries), and optionally the whole HTTP
path, `POST /api/v1/events {"batch": [...]}` against a running API.

Records into whatever database DATABASE_URL names, under contacts named `bench-*`, and
deletes them (and its API key) afterwards.

    .venv/bin/python -m bench.intake_batch --events 50000 --contacts 5000 \\
        [--base-url http://127.0.0.1:8000]
"""

from __future__ import annotations

import argparse
import asyncio
import time
from datetime import UTC, datetime
from typing import Any

import httpx
from sqlalchemy import delete, select

from app.auth.models import ApiKey, User
from app.auth.tokens import hash_token, new_token
from app.contacts.models import Contact
from app.contacts.schemas import ContactRef
from app.events.schemas import EventEnvelope
from app.events.services import record_events
from app.resources import open_resources
from app.settings import get_settings

BATCH = 1000


def _event(index: int, contacts: int, run: str) -> dict[str, Any]:
    return {
        "name": "order.placed",
        "contact": {"external_id": f"bench-{run}-{index % contacts}"},
        "properties": {"order_id": f"B-{index}", "value": index % 1000},
        "idempotency_key": f"bench-{run}-{index}",
    }


async def _in_process(count: int, contacts: int) -> float:
    run = f"db-{time.monotonic_ns()}"
    events = [
        EventEnvelope(
            name="order.placed",
            contact=ContactRef(external_id=e["contact"]["external_id"]),
            properties=e["properties"],
            idempotency_key=e["idempotency_key"],
        )
        for e in (_event(i, contacts, run) for i in range(count))
    ]
    async with open_resources(get_settings()) as resources:
        started = time.perf_counter()
        for offset in range(0, count, BATCH):
            async with resources.unit_of_work(origin="api") as unit:
                await record_events(unit, events[offset : offset + BATCH])
        elapsed = time.perf_counter() - started
        async with resources.sessions.begin() as session:
            await session.execute(delete(Contact).where(Contact.external_id.like(f"bench-{run}-%")))
    return count / elapsed


async def _over_http(base_url: str, count: int, contacts: int) -> float:
    run = f"http-{time.monotonic_ns()}"
    secret = new_token("wm_sk_")
    async with open_resources(get_settings()) as resources:
        async with resources.sessions.begin() as session:
            owner = await session.scalar(select(User.id).limit(1))
            assert owner is not None, "the database needs a user (load the demo data)"
            key = ApiKey(
                name="bench",
                kind="server",
                prefix=secret[:14],
                secret_hash=hash_token(secret),
                scopes=["events:write"],
                created_by=owner,
                created_at=datetime.now(UTC),
            )
            session.add(key)
        headers = {"Authorization": f"Bearer {secret}"}
        try:
            async with httpx.AsyncClient(base_url=base_url, timeout=120) as client:
                started = time.perf_counter()
                for offset in range(0, count, BATCH):
                    batch = [_event(i, contacts, run) for i in range(offset, offset + BATCH)]
                    answer = await client.post(
                        "/api/v1/events", json={"batch": batch}, headers=headers
                    )
                    answer.raise_for_status()
                    assert answer.json()["accepted"] == BATCH
                elapsed = time.perf_counter() - started
        finally:
            async with resources.sessions.begin() as session:
                await session.execute(
                    delete(Contact).where(Contact.external_id.like(f"bench-{run}-%"))
                )
                await session.execute(delete(ApiKey).where(ApiKey.id == key.id))
    return count / elapsed


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.intake_batch")
    parser.add_argument("--events", type=int, default=50_000)
    parser.add_argument("--contacts", type=int, default=5_000)
    parser.add_argument("--base-url", help="also measure POST /api/v1/events on this API")
    args = parser.parse_args()
    rate = asyncio.run(_in_process(args.events, args.contacts))
    print(f"record_events, {BATCH} per INSERT and transaction: {rate:8.0f} events/s")
    if args.base_url:
        rate = asyncio.run(_over_http(args.base_url, args.events, args.contacts))
        print(f"POST /api/v1/events, {BATCH} per batch, committed:  {rate:8.0f} events/s")


if __name__ == "__main__":
    main()
