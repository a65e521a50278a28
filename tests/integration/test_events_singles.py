"""Single events arriving at once are committed together (app.events.singles), each
request still answered after its own event is committed, a bad one failing alone."""

from __future__ import annotations

import asyncio

import pytest
from litestar.testing import AsyncTestClient
from litestar.types import ASGIApp
from sqlalchemy import func, select, text
from sqlalchemy.exc import DBAPIError

from app.contacts.schemas import ContactRef
from app.eventlog.models import Event
from app.events.schemas import EventEnvelope
from app.events.singles import SingleEvents
from app.resources import Resources
from tests.support.accounts import create_api_key, create_user

pytestmark = pytest.mark.usefixtures("standard_roles")


def _event(n: int, **extra: object) -> dict[str, object]:
    return {
        "name": "page.viewed",
        "contact": {"external_id": f"visitor-{n % 7}"},
        "properties": {"n": n},
        **extra,
    }


async def test_single_events_posted_at_once_are_all_kept_each_with_its_own_answer(
    resources: Resources, client: AsyncTestClient[ASGIApp]
) -> None:
    owner = await create_user(resources, role="super_user")
    headers = {"Authorization": f"Bearer {await create_api_key(resources, created_by=owner.id)}"}
    answers = await asyncio.gather(
        *(client.post("/api/v1/events", json=_event(n), headers=headers) for n in range(40))
    )
    assert [a.status_code for a in answers] == [202] * 40
    ids = [a.json()["id"] for a in answers]
    async with resources.sessions() as db:  # another connection: all committed
        rows: dict[int, dict[str, int]] = dict(
            (await db.execute(select(Event.id, Event.properties).where(Event.id.in_(ids)))).all()
        )
    assert {i: rows[i]["n"] for i in ids} == {ids[n]: n for n in range(40)}


async def test_events_arriving_together_share_a_transaction(resources: Resources) -> None:
    singles = SingleEvents(resources, writers=2)
    recorded = await asyncio.gather(
        *(
            singles.accept(
                EventEnvelope(
                    name="page.viewed",
                    contact=ContactRef(external_id=f"visitor-{n % 7}"),
                    properties={"n": n},
                )
            )
            for n in range(40)
        )
    )
    ids = [r.id for r in recorded]
    assert len(set(ids)) == 40
    assert singles.events == 40
    assert singles.groups < 40
    async with resources.sessions() as db:
        # Rows written by one transaction share its id (xmin).
        transactions = await db.scalar(
            select(func.count(func.distinct(text("xmin::text")))).where(Event.id.in_(ids))
        )
        numbers: dict[int, dict[str, int]] = dict(
            (await db.execute(select(Event.id, Event.properties).where(Event.id.in_(ids)))).all()
        )
    assert transactions == singles.groups
    assert [numbers[i]["n"] for i in ids] == list(range(40))


async def test_a_repeated_key_in_one_group_is_a_duplicate_of_the_first(
    resources: Resources,
) -> None:
    singles = SingleEvents(resources)
    same = EventEnvelope(
        name="order.placed", contact=ContactRef(external_id="buyer"), idempotency_key="o-1"
    )
    first, second = await asyncio.gather(singles.accept(same), singles.accept(same))
    assert first.id == second.id
    assert sorted([first.created, second.created]) == [False, True]


async def test_an_event_that_cannot_be_stored_fails_alone(resources: Resources) -> None:
    """PostgreSQL refuses a NUL in JSON text: that event's request gets the error, the
    others of its group are stored (each tried again on its own, nothing stored twice)."""
    singles = SingleEvents(resources)

    def envelope(n: int, value: str = "fine") -> EventEnvelope:
        return EventEnvelope(
            name="page.viewed", contact=ContactRef(external_id=f"v-{n}"), properties={"v": value}
        )

    results = await asyncio.gather(
        singles.accept(envelope(0)),
        singles.accept(envelope(1)),
        singles.accept(envelope(2, "bad\u0000")),
        singles.accept(envelope(3)),
        return_exceptions=True,
    )
    assert isinstance(results[2], DBAPIError)
    kept = [r for n, r in enumerate(results) if n != 2]
    assert all(not isinstance(r, BaseException) and r.created for r in kept)
    async with resources.sessions() as db:
        stored = await db.scalar(select(func.count()).select_from(Event))
    assert stored == 3
