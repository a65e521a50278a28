"""Demo jobs: S1's orders wait in queues, one moved on to Production, a history for reports."""

from __future__ import annotations

import re
from datetime import UTC, datetime

from sqlalchemy import func, select

from app.auth.models import User
from app.demo.loader import load_demo_data
from app.jobs.models import OPEN_STATUSES, Job, JobEvent
from app.reports.jobs import times
from app.resources import Resources
from app.settings import Settings


async def test_demo_jobs_are_alive_and_load_once(settings: Settings, resources: Resources) -> None:
    first = await load_demo_data(settings)
    async with resources.sessions() as db:
        events_after_first = await db.scalar(select(func.count()).select_from(JobEvent))
    second = await load_demo_data(settings)
    assert first.jobs_created >= 20
    assert second.jobs_created == 0
    now = datetime.now(UTC)
    async with resources.sessions() as db:
        assert await db.scalar(select(func.count()).select_from(JobEvent)) == events_after_first
        # Jobs journeys made, except S2's (Ada's portal return is checked by support).
        s1 = list(
            await db.scalars(
                select(Job).where(
                    Job.enrollment_id.is_not(None), Job.type_name != "validate_product"
                )
            )
        )
        kinds = {(j.type_name, j.status) for j in s1}
        assert ("confirm_order", "completed") in kinds
        assert ("manufacture", "in_progress") in kinds
        assert any(j.queue == "administration" and j.assignee_id is None for j in s1)
        # The demo's orders and S1's title templates agree: every title names its order.
        assert {j.type_name for j in s1} >= {"senior_approval", "confirm_order", "manufacture"}
        for job in s1:
            orders = [r["id"] for r in job.related if r["type"] == "order"]
            assert orders, job.title
            assert re.fullmatch(r"ORD-2\d{3}", orders[0]), orders
            assert orders[0] in job.title, job.title
        pat = await db.scalar(select(User.id).where(User.email == "production@waymark.local"))
        assert any(j.type_name == "manufacture" and j.assignee_id == pat for j in s1)
        late = await db.scalar(
            select(func.count())
            .select_from(Job)
            .where(Job.status.in_(OPEN_STATUSES), Job.due_at < now)
        )
        assert late
        assert late >= 3
        report = await times(db, "type", now.replace(year=now.year - 1), now)
    confirm = next(r for r in report.rows if r.key == "confirm_order")
    assert confirm.completed >= 3
    assert confirm.time_to_claim is not None
    assert confirm.time_to_claim.avg > 0
