"""Helpers for the sales tests: projects, cards and processes made through the API, and
the worker's sales passes run on the test's clock."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import select

from app.contacts.models import Contact
from app.resources import Resources
from app.sales import runs
from app.sales.models import Card
from tests.support.accounts import Browser, MutableClock

SALES = "/api/v1/sales"
OUTCOMES = ({"name": "Booking", "is_booking": True}, {"name": "Call back"}, {"name": "No"})


async def new_project(
    manager: Browser,
    name: str,
    *,
    members: Iterable[uuid.UUID] = (),
    buckets: Sequence[str] = (),
    outcomes: Sequence[dict[str, Any]] = OUTCOMES,
    stages: Sequence[str] = (),
) -> dict[str, Any]:
    response = await manager.post(
        f"{SALES}/projects",
        json={
            "name": name,
            "outcomes": list(outcomes),
            "buckets": list(buckets),
            "stages": [{"name": s} for s in stages],
            "member_ids": [str(m) for m in members],
        },
    )
    assert response.status_code == 201, response.text
    project: dict[str, Any] = response.json()
    return project


def outcome_id(project: dict[str, Any], name: str) -> str:
    return str(next(o["id"] for o in project["outcomes"] if o["name"] == name))


def bucket_id(project: dict[str, Any], name: str) -> str:
    return str(next(b["id"] for b in project["buckets"] if b["name"] == name))


async def add_contact(resources: Resources, name: str, *, tags: Sequence[str] = ()) -> uuid.UUID:
    async with resources.sessions.begin() as db:
        contact = Contact(
            name=name, email=f"{name.lower().replace(' ', '.')}@example.test", tags=list(tags)
        )
        db.add(contact)
        await db.flush()
        return contact.id


async def new_card(
    browser: Browser, project: dict[str, Any], contact_id: uuid.UUID, **place: str
) -> dict[str, Any]:
    response = await browser.post(
        f"{SALES}/projects/{project['id']}/cards", json={"contact_id": str(contact_id), **place}
    )
    assert response.status_code == 201, response.text
    card: dict[str, Any] = response.json()
    return card


async def process_card(
    browser: Browser,
    card: dict[str, Any],
    project: dict[str, Any],
    outcome: str,
    *,
    booking: tuple[uuid.UUID, str] | None = None,
) -> dict[str, Any]:
    body: dict[str, Any] = {"outcome_id": outcome_id(project, outcome)}
    if booking is not None:
        body["booking"] = {"user_id": str(booking[0]), "at": booking[1]}
    response = await browser.post(f"{SALES}/cards/{card['id']}/outcome", json=body)
    assert response.status_code == 200, response.text
    processed: dict[str, Any] = response.json()
    return processed


def process_body(
    name: str,
    sources: Sequence[dict[str, Any]],
    destination: dict[str, Any],
    *,
    priority: int = 1,
    placement: str = "new_bucket",
    bucket: str | None = None,
    outcomes: Sequence[str] = ("Booking",),
    condition: dict[str, Any] | None = None,
    frequency: str = "5m",
    daily_at: str | None = None,
) -> dict[str, Any]:
    return {
        "name": name,
        "priority": priority,
        "source_ids": [s["id"] for s in sources],
        "destination_id": destination["id"],
        "placement": placement,
        "bucket_id": bucket_id(destination, bucket) if bucket else None,
        "criteria": {"outcomes": list(outcomes), "condition": condition},
        "frequency": frequency,
        "daily_at": daily_at,
    }


async def new_process(manager: Browser, **body: Any) -> dict[str, Any]:
    response = await manager.post(f"{SALES}/processes", json=process_body(**body))
    assert response.status_code == 201, response.text
    process: dict[str, Any] = response.json()
    return process


async def run_processes(resources: Resources, clock: MutableClock, *, batch: int = 500) -> int:
    """The worker's sales passes until one finds nothing: how many cards were handled."""
    handled = 0
    while True:
        found = await runs.work_once(resources.sessions, clock.now(), batch=batch)
        if not found:
            return handled
        handled += found


async def card_row(resources: Resources, card_id: str) -> Card:
    async with resources.sessions() as db:
        card = await db.scalar(select(Card).where(Card.id == uuid.UUID(card_id)))
    assert card is not None
    return card
