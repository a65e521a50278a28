"""The automation demo: scoring rules, the birthday journey, its runs and staff notifications."""

from __future__ import annotations

from sqlalchemy import func, select

from app.auth.models import User
from app.automation.models import Notification, ScheduleRun, ScoreRule
from app.demo.automation import BIRTHDAY_JOURNEY_ID
from app.demo.loader import load_demo_data
from app.effects.handlers import Recorder
from app.lib.clock import SystemClock
from app.portal.models import PortalMessage
from app.resources import Resources
from app.runs import outbox as dispatcher
from app.runs.models import Enrollment
from app.settings import Settings
from app.worker.assembly import effect_handlers


async def test_demo_has_rules_a_birthday_journey_with_runs_and_staff_notifications(
    settings: Settings, resources: Resources
) -> None:
    first = await load_demo_data(settings)
    second = await load_demo_data(settings)

    # London, New York and Tokyo customers each have their birthday on their run's day.
    assert (first.schedule_picked, second.schedule_picked) == (3, 0)
    assert first.automation_created == 4 + 1 + 3
    assert second.automation_created == 0
    async with resources.sessions() as db:
        assert await db.scalar(select(func.count()).select_from(ScoreRule)) == 4
        runs = list(await db.scalars(select(ScheduleRun).order_by(ScheduleRun.due_at)))
        assert sum(run.enrolled for run in runs) == 3
        # (London shares its run with UTC whenever their clocks agree.)
        served = {zone for run in runs if run.enrolled for zone in run.timezones}
        assert {"Europe/London", "America/New_York", "Asia/Tokyo"} <= served
        entered = await db.scalar(
            select(func.count())
            .select_from(Enrollment)
            .where(Enrollment.journey_id == BIRTHDAY_JOURNEY_ID)
        )
        assert entered == 3
    # The worker's outbox sends the birthday steps: portal messages and notifications.
    async with resources.unit_of_work(now=SystemClock().now(), origin="journey") as unit:
        await dispatcher.dispatch_batch(unit, effect_handlers(channels=Recorder()))
    async with resources.sessions() as db:
        greeted = (
            select(func.count())
            .select_from(PortalMessage)
            .join(Enrollment, Enrollment.id == PortalMessage.enrollment_id)
            .where(Enrollment.journey_id == BIRTHDAY_JOURNEY_ID)
        )
        assert await db.scalar(greeted) == 3
        support = await db.scalar(
            select(User.id).where(User.email == "customer-support@waymark.local")
        )
        told = await db.scalar(
            select(func.count()).select_from(Notification).where(Notification.user_id == support)
        )
        assert told == 3
