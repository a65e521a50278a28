"""Demo data: the Return and replacement draft carries a what-if to look at, made once."""

from __future__ import annotations

from sqlalchemy import select

from app.demo.loader import load_demo_data
from app.resources import Resources
from app.settings import Settings
from app.whatif.models import WhatIfContact, WhatIfRun


async def test_the_demo_has_one_completed_what_if_with_numbers_on_both_sides(
    settings: Settings, resources: Resources
) -> None:
    first = await load_demo_data(settings)
    second = await load_demo_data(settings)
    assert (first.what_ifs, second.what_ifs) == (1, 0)
    async with resources.sessions() as db:
        runs = list(await db.scalars(select(WhatIfRun)))
        kept = list(await db.scalars(select(WhatIfContact.bucket)))
    assert len(runs) == 1
    run = runs[0]
    assert (run.status, run.error) == ("completed", None)
    assert run.result is not None
    steps = {step["node_id"]: step for step in run.result["steps"]}
    validate = steps["validate-product"]
    assert validate["draft"]["entered"] >= 1
    assert validate["live"]["entered"] >= 1
    assert "node:validate-product" in kept
