"""A what-if to look at (docs/what-if.md): the Return and replacement journey's draft
replayed over the demo's past 30 days, its numbers next to the live ones on the canvas.
Made once; a later load finds it and changes nothing."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta

from sqlalchemy import select

from app.demo.journeys import _NAMESPACE
from app.journeys.models import Journey
from app.resources import Resources
from app.whatif import schemas as api
from app.whatif import services
from app.whatif.models import WhatIfRun

SLUG = "return-and-replacement"


async def seed_what_if(resources: Resources, now: datetime) -> int:
    journey_id = uuid.uuid5(_NAMESPACE, SLUG)
    async with resources.sessions.begin() as db:
        if await db.get(Journey, journey_id) is None:
            return 0
        if await db.scalar(select(WhatIfRun.id).where(WhatIfRun.journey_id == journey_id)):
            return 0
        run = await services.create(
            db,
            journey_id,
            api.WhatIfCreate(
                period_start=now - timedelta(days=30),
                # The demo's own events and steps are stamped with `now`: the period takes them.
                period_end=now + timedelta(seconds=1),
                job_steps={
                    "validate-product": api.WhatIfJobChoice(
                        split=[
                            api.Share(outcome="valid", weight=80),
                            api.Share(outcome="invalid", weight=20),
                        ]
                    )
                },
            ),
            actor_id=None,
            now=now,
        )
        row = await db.get(WhatIfRun, run.id)
        assert row is not None
        # Run here, not by a worker: the demo is complete when the load ends.
        row.status = "running"
        row.started_at = row.heartbeat_at = now
    status = await services.run_one(resources.sessions, run.id, resources.clock)
    return int(status == "completed")
