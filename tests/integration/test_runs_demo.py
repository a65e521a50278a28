"""Demo data runs its events through the journeys: customers part-way, messages, counts."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select

from app.demo.loader import load_demo_data
from app.journeys.models import Journey
from app.reports import enrollments
from app.reports.steps import journey_stats as stats
from app.resources import Resources
from app.runs.models import Enrollment, JourneyStep, OutboxMessage
from app.settings import Settings
from app.worker.runner import run_burst


async def _counts(resources: Resources) -> dict[str, int]:
    async with resources.sessions() as db:
        return {
            model.__tablename__: int(await db.scalar(select(func.count()).select_from(model)) or 0)
            for model in (Enrollment, JourneyStep, OutboxMessage)
        }


async def test_demo_customers_are_part_way_through_s1_s5_and_s9_once(
    settings: Settings, resources: Resources
) -> None:
    first = await load_demo_data(settings)
    # What the demo leaves for the worker (the intake's events: Ada's newsletter sign-up
    # enters "Welcome tips"), handled as `make run`'s worker would, so the second load is
    # compared with a settled first one.
    await run_burst(settings)
    after_first = await _counts(resources)
    second = await load_demo_data(settings)
    await run_burst(settings)

    assert first.events_handled == 10  # 4 orders, 2 page views, 2 missed payments, 2 bookings
    assert second.events_handled == 0
    assert await _counts(resources) == after_first
    async with resources.sessions() as db:
        for name, enrolled in (
            ("Order to delivery", 4),
            ("Payment collection", 2),
            ("Appointment reminders", 2),
        ):
            journey_id = await db.scalar(select(Journey.id).where(Journey.name == name))
            assert journey_id is not None
            live = await db.scalar(
                select(func.count())
                .select_from(Enrollment)
                .where(Enrollment.journey_id == journey_id, Enrollment.status == "active")
            )
            assert live == enrolled, name
            nodes = (await stats(db, journey_id)).nodes
            assert sum(node.waiting for node in nodes.values()) == enrolled, name
            assert sum(node.entered for node in nodes.values()) > enrolled, name
        kinds = set(await db.scalars(select(OutboxMessage.kind)))
    assert {"send_email", "send_sms", "create_job"} <= kinds


async def test_the_demos_waiting_contacts_show_where_they_wait_and_why(
    settings: Settings, resources: Resources
) -> None:
    await load_demo_data(settings)
    async with resources.sessions() as db:
        journey_id = await db.scalar(select(Journey.id).where(Journey.name == "Payment collection"))
        assert journey_id is not None
        page = await enrollments.list_enrollments(
            db, enrollments.Filters(journey_id=journey_id, statuses=("active",))
        )
    assert len(page.items) == 2
    for item in page.items:
        [position] = item.at
        assert isinstance(position.waiting_for, enrollments.WaitTimer)
        assert position.since is not None
        # Each step that decided or queued something says why, as the worker stored it.
        # (A step's later note, e.g. "Not sent: no consent", is a line of its own.)
        whys: dict[str, dict[str, Any] | None] = {}
        for step in item.path:
            whys.setdefault(step.step.node_id, step.why)
        assert whys["email-reminder"] is not None
        assert whys["email-reminder"]["kind"] == "effect"
        assert whys[position.step.node_id] == {
            "kind": "timer",
            "due_at": position.waiting_for.due_at.isoformat().replace("+00:00", "Z"),
        }
