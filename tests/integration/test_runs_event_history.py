"""“Did event X” through the real worker: the abandoned cart (cart.abandoned → wait an hour
→ if no order since entering → email) with the events loaded in batch from Postgres."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select, text

from app.contacts.models import Contact
from app.resources import Resources
from tests.support.accounts import MutableClock
from tests.support.runs import (
    T0,
    enrollments,
    fire_timers,
    handle,
    node,
    outbox,
    publish,
    send,
    steps,
)

NO_ORDER_SINCE_ENTERING = {
    "type": "group",
    "rules": [
        {
            "type": "event_history",
            "event_name": "order.placed",
            "done": False,
            "since": "journey_entry",
            "where": [{"property": "total", "operator": "gt", "value": 0}],
        }
    ],
}


def _abandoned_cart() -> dict[str, Any]:
    nodes = [
        node("trigger.event", "cart", event_name="cart.abandoned"),
        node("flow.wait_duration", "hour", duration={"amount": 1, "unit": "hours"}),
        node("flow.condition", "no-order", condition=NO_ORDER_SINCE_ENTERING),
        node("action.send_email", "email", subject="Your cart", body="It waits for you."),
        node("flow.end", "end"),
        node("flow.end", "bought"),
    ]
    links = [
        ("cart", "next", "hour"),
        ("hour", "next", "no-order"),
        ("no-order", "yes", "email"),
        ("no-order", "no", "bought"),
        ("email", "next", "end"),
    ]
    edges = [{"id": f"{a}-{h}", "source": a, "source_handle": h, "target": b} for a, h, b in links]
    return {"nodes": nodes, "edges": edges}


@pytest.fixture
def clock() -> MutableClock:
    return MutableClock(T0)


async def _paths(resources: Resources) -> dict[str, list[tuple[str, str | None]]]:
    async with resources.sessions() as db:
        names = dict((await db.execute(select(Contact.id, Contact.external_id))).all())
    return {
        str(names[e.contact_id]): await steps(resources, e.id) for e in await enrollments(resources)
    }


async def test_abandoned_cart_emails_only_those_who_did_not_order_since(
    resources: Resources, clock: MutableClock, standard_roles: None
) -> None:
    await publish(resources, "Abandoned cart", _abandoned_cart())
    # Earlier buyer: an order yesterday, then a cart abandoned today.
    await handle(resources, clock, await send(resources, clock, "order.placed", "early", total=5))
    clock.advance(days=1)
    for contact in ("idle", "buyer", "early", "free"):
        await handle(resources, clock, await send(resources, clock, "cart.abandoned", contact))
    clock.advance(minutes=20)
    await handle(resources, clock, await send(resources, clock, "order.placed", "buyer", total=80))
    # A free order (total 0) does not match the property filter.
    await handle(resources, clock, await send(resources, clock, "order.placed", "free", total=0))
    # A state written before it kept its entry time: the worker takes the row's.
    async with resources.sessions.begin() as db:
        await db.execute(
            text(
                "UPDATE enrollments SET state = state - 'entered_at' WHERE contact_id ="
                " (SELECT id FROM contacts WHERE external_id = 'early')"
            )
        )

    clock.advance(minutes=40, seconds=1)
    await fire_timers(resources, clock)

    decided = {
        contact: next(exit_ for step, exit_ in path if step == "no-order")
        for contact, path in (await _paths(resources)).items()
    }
    assert decided == {"idle": "yes", "buyer": "no", "early": "yes", "free": "yes"}
    assert [m.kind for m in await outbox(resources)] == ["send_email"] * 3
