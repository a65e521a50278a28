"""POST /api/v1/events with {"batch": [...]}: per-event results, errors that name the
index and field, good events kept, idempotency, the 1,000 limit, one ring per contact."""

from __future__ import annotations

from typing import Any

import pytest
from litestar.testing import AsyncTestClient
from litestar.types import ASGIApp
from sqlalchemy import func, select

from app.contacts.models import Contact
from app.eventlog.models import Event
from app.resources import Resources
from app.settings import Settings
from app.worker.queue import event_job_id
from app.worker.runner import run_burst
from tests.support.accounts import create_api_key, create_user

pytestmark = pytest.mark.usefixtures("standard_roles")


async def _server_key(resources: Resources) -> dict[str, str]:
    owner = await create_user(resources, role="super_user")
    return {"Authorization": f"Bearer {await create_api_key(resources, created_by=owner.id)}"}


def _event(n: int, **extra: Any) -> dict[str, Any]:
    return {
        "name": "order.placed",
        "contact": {"external_id": f"cust-{n % 7}"},
        "properties": {"order_id": f"ORD-{n}"},
        **extra,
    }


async def _stored(resources: Resources) -> list[tuple[str, str]]:
    async with resources.sessions() as db:
        rows = await db.execute(
            select(Event.properties["order_id"].astext, Contact.external_id)
            .join(Contact, Contact.id == Event.contact_id)
            .order_by(Event.id)
        )
        return [(str(order), str(external)) for order, external in rows]


async def test_a_mixed_batch_keeps_the_good_events_and_names_each_bad_field(
    resources: Resources, client: AsyncTestClient[ASGIApp]
) -> None:
    batch = [
        _event(1),
        {"name": "Order Placed", "contact": {"external_id": "x"}},  # bad name
        _event(2, contact={"email": "not-an-email"}),
        _event(3, contact={}),
        {"contact": {"external_id": "x"}},  # no name
        _event(4, colour="red"),
        _event(5, occurred_at="yesterday"),
        _event(6),
    ]
    response = await client.post(
        "/api/v1/events", json={"batch": batch}, headers=await _server_key(resources)
    )
    assert response.status_code == 202
    body = response.json()
    assert (body["accepted"], body["duplicates"], body["rejected"]) == (2, 0, 6)
    results = body["results"]
    assert [r["index"] for r in results] == list(range(8))
    assert [r["status"] for r in results] == ["accepted"] + ["rejected"] * 6 + ["accepted"]
    fields = {r["index"]: [e["field"] for e in r["errors"]] for r in results if "errors" in r}
    assert fields == {
        1: ["batch[1].name"],
        2: ["batch[2].contact.email"],
        3: ["batch[3].contact"],
        4: ["batch[4].name"],
        5: ["batch[5].colour"],
        6: ["batch[6].occurred_at"],
    }
    assert "at least one of external_id" in results[3]["errors"][0]["message"]
    assert "missing required field" in results[4]["errors"][0]["message"]
    assert "unknown field" in results[5]["errors"][0]["message"]
    # The good events are committed (read on another connection), in the order sent.
    assert await _stored(resources) == [("ORD-1", "cust-1"), ("ORD-6", "cust-6")]
    assert [results[0]["id"], results[7]["id"]] == sorted([results[0]["id"], results[7]["id"]])


async def test_a_batch_with_no_good_event_is_a_400_listing_every_problem(
    resources: Resources, client: AsyncTestClient[ASGIApp]
) -> None:
    response = await client.post(
        "/api/v1/events",
        json={"batch": [{"name": "x"}, _event(1, properties=[1])]},
        headers=await _server_key(resources),
    )
    assert response.status_code == 400
    problem = response.json()
    assert [e["field"] for e in problem["errors"]] == ["batch[0].contact", "batch[1].properties"]
    assert "nothing was stored" in problem["detail"]
    assert await _stored(resources) == []


async def test_repeats_are_duplicates_within_a_batch_and_across_batches(
    resources: Resources, client: AsyncTestClient[ASGIApp], settings: Settings
) -> None:
    headers = await _server_key(resources)
    first = await client.post(
        "/api/v1/events",
        json={"batch": [_event(1, idempotency_key="k1"), _event(2, idempotency_key="k1")]},
        headers=headers,
    )
    one = first.json()["results"]
    assert [r["status"] for r in one] == ["accepted", "duplicate"]
    assert one[0]["id"] == one[1]["id"]
    assert await run_burst(settings) >= 1
    again = await client.post(
        "/api/v1/events",
        json={"batch": [_event(3, idempotency_key="k2"), _event(1, idempotency_key="k1")]},
        headers=headers,
    )
    two = again.json()["results"]
    assert [r["status"] for r in two] == ["accepted", "duplicate"]
    assert two[1]["id"] == one[0]["id"]
    # The first event stands, was processed once, and the repeat was never stored.
    assert await _stored(resources) == [("ORD-1", "cust-1"), ("ORD-3", "cust-3")]
    async with resources.sessions() as db:
        processed = await db.scalar(select(Event.processed_at).where(Event.id == one[0]["id"]))
    assert processed is not None


async def test_one_ring_wakes_the_worker_for_the_whole_batch(
    resources: Resources, client: AsyncTestClient[ASGIApp], settings: Settings
) -> None:
    batch = [_event(n) for n in range(21)]  # 7 contacts, 3 events each
    response = await client.post(
        "/api/v1/events", json={"batch": batch}, headers=await _server_key(resources)
    )
    ids = [r["id"] for r in response.json()["results"]]
    assert await resources.queue.queued_count() == 1
    assert await resources.redis.exists(f"arq:job:{event_job_id(max(ids))}")
    await run_burst(settings)
    async with resources.sessions() as db:
        pending = await db.scalar(
            select(func.count()).select_from(Event).where(Event.processed_at.is_(None))
        )
    assert pending == 0  # the worker found every event of the batch by itself


async def test_a_thousand_events_are_taken_and_a_thousand_and_one_refused(
    resources: Resources, client: AsyncTestClient[ASGIApp]
) -> None:
    headers = await _server_key(resources)
    too_many = await client.post(
        "/api/v1/events", json={"batch": [_event(n) for n in range(1001)]}, headers=headers
    )
    assert too_many.status_code == 413
    problem = too_many.json()
    assert "at most 1,000 events; this one has 1,001" in problem["detail"]
    assert problem["errors"] == [{"field": "batch", "message": "at most 1,000 items, got 1,001"}]
    assert await _stored(resources) == []
    batch = [
        _event(n, contact={"anonymous_id": f"visitor-{n}"}, idempotency_key=f"e-{n}")
        for n in range(1000)
    ]
    taken = await client.post("/api/v1/events", json={"batch": batch}, headers=headers)
    assert taken.status_code == 202
    assert taken.json()["accepted"] == 1000
    async with resources.sessions() as db:
        assert await db.scalar(select(func.count()).select_from(Event)) == 1000
        visitors = select(func.count()).where(Contact.external_id.like("anon:visitor-%"))
        assert await db.scalar(visitors) == 1000


@pytest.mark.parametrize(
    ("body", "field"),
    [
        (b"[1, 2]", "body"),
        (b"{not json", "body"),
        (b'{"batch": {"name": "x"}}', "batch"),
        (b'{"batch": []}', "batch"),
        (b'{"batch": [], "extra": 1}', "extra"),
    ],
)
async def test_a_malformed_body_says_what_is_wrong(
    resources: Resources, client: AsyncTestClient[ASGIApp], body: bytes, field: str
) -> None:
    response = await client.post(
        "/api/v1/events",
        content=body,
        headers={**await _server_key(resources), "Content-Type": "application/json"},
    )
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == field


async def test_a_batch_reuses_known_contacts_by_each_identifier(
    resources: Resources, client: AsyncTestClient[ASGIApp]
) -> None:
    headers = await _server_key(resources)
    await client.post(
        "/api/v1/events",
        json=_event(0, contact={"external_id": "c-1", "email": "Ada@Example.com"}),
        headers=headers,
    )
    batch = [
        _event(1, contact={"email": "ada@example.com"}),  # same person by email
        _event(2, contact={"external_id": "c-1"}),  # by external id
        _event(3, contact={"email": "new@example.com", "phone": "+4400"}),
        _event(4, contact={"phone": "+4400"}),  # the contact the previous event created
    ]
    response = await client.post("/api/v1/events", json={"batch": batch}, headers=headers)
    assert response.json()["accepted"] == 4
    async with resources.sessions() as db:
        by_contact = await db.execute(
            select(Event.contact_id, func.count()).group_by(Event.contact_id)
        )
        counts = sorted(n for _, n in by_contact)
    assert counts == [2, 3]
