from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.contacts.models import Contact
from app.contacts.schemas import ContactRef
from app.eventlog.models import Event
from app.events.schemas import EventEnvelope
from app.events.services import mark_event_processed, record_event
from app.lib.unit_of_work import UnitOfWork

NOW = datetime(2026, 6, 1, 9, tzinfo=UTC)


def _event(key: str | None = None, **contact: str) -> EventEnvelope:
    return EventEnvelope(name="order.placed", contact=ContactRef(**contact), idempotency_key=key)


async def test_an_event_for_a_new_email_creates_one_contact(session: AsyncSession) -> None:
    first = await record_event(UnitOfWork(session, NOW), _event(email="Ada@Example.com"))
    second = await record_event(UnitOfWork(session, NOW), _event(email="ada@example.com"))
    await session.commit()
    assert first.created
    assert second.created
    assert await session.scalar(select(func.count()).select_from(Contact)) == 1
    assert await session.scalar(select(func.count()).select_from(Event)) == 2


async def test_a_repeated_idempotency_key_is_accepted_but_stored_once(
    session: AsyncSession,
) -> None:
    first = await record_event(UnitOfWork(session, NOW), _event("k-1", external_id="c-1"))
    repeat = await record_event(UnitOfWork(session, NOW), _event("k-1", external_id="c-1"))
    await session.commit()
    assert first.created
    assert not repeat.created
    assert repeat.id == first.id
    assert await session.scalar(select(func.count()).select_from(Event)) == 1


async def test_marking_processed_happens_once(session: AsyncSession) -> None:
    recorded = await record_event(UnitOfWork(session, NOW), _event(phone="+441632960001"))
    assert await mark_event_processed(session, recorded.id)
    assert not await mark_event_processed(session, recorded.id)
