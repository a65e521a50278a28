"""Every library journey carries one or two saved test cases, and each still ends as saved:
run through the test-run API as the editor's Test panel runs it, on a journey made from
the template, with the demo data's catalog and staff, and with no problem on any step."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import func, select

from app.demo.accounts import DEMO_PASSWORD
from app.demo.loader import load_demo_data
from app.demo.testcases import CASES, add_test_cases
from app.journeys.library import list_templates
from app.journeys.models import Journey
from app.resources import Resources
from app.settings import Settings
from app.testruns.models import JourneyTestCase
from tests.support.accounts import Browser

SLUGS = [info.slug for info in list_templates()]


def test_every_library_template_has_one_or_two_cases() -> None:
    assert sorted(CASES) == sorted(SLUGS)
    assert {slug: len(cases) for slug, cases in CASES.items() if not 1 <= len(cases) <= 2} == {}


@pytest.fixture
async def marketer(settings: Settings, browser: Callable[[], Browser]) -> Browser:
    await load_demo_data(settings)
    signed_in = browser()
    await signed_in.sign_in("marketer@waymark.local", DEMO_PASSWORD)
    return signed_in


async def test_the_demo_library_journeys_carry_their_cases(
    resources: Resources, marketer: Browser
) -> None:
    del marketer
    async with resources.sessions() as db:
        rows = await db.execute(
            select(Journey.name, func.count(JourneyTestCase.id))
            .join(JourneyTestCase, JourneyTestCase.journey_id == Journey.id)
            .group_by(Journey.name)
        )
        counted = {row[0]: row[1] for row in rows}
    names = {info.slug: info.name for info in list_templates()}
    # The seven demo journeys made from the library (app.demo.journeys).
    assert counted == {
        names[slug]: len(CASES[slug])
        for slug in (
            "order-to-delivery",
            "payment-collection",
            "appointment-reminders",
            "return-and-replacement",
            "birthdays-and-renewals",
            "course-by-sms",
            "vip-welcome",
        )
    }


async def test_every_saved_case_of_every_library_journey_ends_as_expected(
    resources: Resources, marketer: Browser
) -> None:
    found: dict[str, Any] = {}
    wanted: dict[str, Any] = {}
    for slug in SLUGS:
        made = await marketer.post("/api/v1/journeys/from-template", json={"slug": slug})
        assert made.status_code == 201, made.text
        journey_id = uuid.UUID(made.json()["id"])
        async with resources.sessions.begin() as db:
            add_test_cases(db, journey_id, slug, datetime.now(UTC), None)
        url = f"/api/v1/journeys/{journey_id}/test-cases"
        checked = (await marketer.post(f"{url}/check", json={})).json()
        found[slug] = {c["name"]: (c["verdict"], c["problem"], c["actual"]) for c in checked}
        wanted[slug] = {name: ("same", None, result) for name, _, result in CASES[slug]}
        # Each case, run as the Test panel runs it, shows every step working: messages
        # render and would go, jobs and notices find their queue, no value is missing.
        for case in (await marketer.get(url)).json():
            answer = await marketer.post(
                f"/api/v1/journeys/{journey_id}/test-runs", json=case["request"]
            )
            run: dict[str, Any] = answer.json()
            problems = [
                (s["node_id"], s["problems"]) for s in run.get("steps", []) if s["problems"]
            ]
            found[f"{slug}: {case['name']}"] = problems if answer.status_code == 200 else run
            wanted[f"{slug}: {case['name']}"] = []
    assert found == wanted
