"""What-if runs (docs/what-if.md): a draft replayed by the worker over the events really
recorded in a period, its numbers next to what the live version did — and nothing live
touched: no event, enrollment, step, timer, outbox row, message, letter or job appears."""

from __future__ import annotations

import copy
import uuid
from collections.abc import Awaitable, Callable
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import func, select

from app.channels.models import ChannelMessage, Letter
from app.demo.journeys import seed_catalog
from app.eventlog.models import Event
from app.jobs.models import Job
from app.journeys.models import Journey
from app.lib.db import Base
from app.resources import Resources
from app.runs.models import Enrollment, EnrollmentTimer, JourneyStep, OutboxMessage
from app.settings import Settings
from app.whatif import services
from app.whatif.models import WhatIfContact, WhatIfRun
from app.worker.runner import run_burst
from tests.fixtures import SignedIn
from tests.support.accounts import Browser, MutableClock
from tests.support.runs import publish_template, send

SignIn = Callable[..., Awaitable[SignedIn]]
LIVE: tuple[type[Base], ...] = (
    OutboxMessage,
    ChannelMessage,
    Letter,
    Job,
    Enrollment,
    EnrollmentTimer,
    JourneyStep,
    Event,
)
PEOPLE = 12


@pytest.fixture
async def marketer(resources: Resources, signed_in: SignIn) -> Browser:
    async with resources.sessions.begin() as db:
        await seed_catalog(db)
    _, browser = await signed_in("marketer", name="Priya Shah")
    return browser


async def _counts(resources: Resources) -> dict[str, int]:
    async with resources.sessions() as db:
        return {
            table.__tablename__: int(await db.scalar(select(func.count()).select_from(table)) or 0)
            for table in LIVE
        }


async def _live_returns(resources: Resources, settings: Settings, clock: MutableClock) -> str:
    """The return journey published, and twelve customers' returns handled live over the
    past days (their jobs still open)."""
    journey_id = await publish_template(resources, "return-and-replacement", clock.now())
    clock.advance(days=-10)
    for n in range(PEOPLE):
        await send(
            resources,
            clock,
            "return.requested",
            f"customer-{n}",
            return_number=f"R-{n}",
            order_number=f"ORD-{n}",
        )
        await run_burst(settings, clock=clock)
        clock.advance(hours=6)
    clock.advance(hours=-6 * PEOPLE, days=10)
    return str(journey_id)


def _period(clock: MutableClock) -> dict[str, str]:
    return {
        "period_start": (clock.now() - timedelta(days=30)).isoformat(),
        "period_end": clock.now().isoformat(),
    }


def _step(result: dict[str, Any], node_id: str) -> dict[str, Any]:
    return next(s for s in result["steps"] if s["node_id"] == node_id)


async def test_a_what_if_replays_past_events_through_the_draft_and_touches_nothing_live(
    resources: Resources, settings: Settings, clock: MutableClock, marketer: Browser
) -> None:
    journey_id = await _live_returns(resources, settings, clock)
    before = await _counts(resources)
    assert before["jobs"] == PEOPLE  # the live run made its jobs

    asked = await marketer.post(
        f"/api/v1/journeys/{journey_id}/what-ifs",
        json={
            **_period(clock),
            "job_steps": {
                "validate-product": {
                    "split": [
                        {"outcome": "valid", "weight": 1},
                        {"outcome": "invalid", "weight": 1},
                    ]
                }
            },
        },
    )
    assert asked.status_code == 202, asked.text
    run = asked.json()
    assert (run["status"], run["progress"], run["result"]) == ("queued", 0, None)
    assert run["job_steps"]["send-replacement"]["outcome"]  # the first outcome, filled in
    assert any("Job outcomes" in line for line in run["limitations"])

    await run_burst(settings, clock=clock)

    got = await marketer.get(f"/api/v1/journeys/{journey_id}/what-ifs/{run['id']}")
    assert got.status_code == 200, got.text
    done = got.json()
    assert (done["status"], done["progress"], done["error"]) == ("completed", 100, None)
    assert (done["contacts_total"], done["contacts_done"]) == (PEOPLE, PEOPLE)
    result = done["result"]
    assert result["events"] >= PEOPLE
    assert result["enrolled"] == {
        "bucket": "enrolled",
        "label": "Enrolled",
        "draft": PEOPLE,
        "live": PEOPLE,
    }
    validate = _step(result, "validate-product")
    assert validate["draft"]["entered"] == PEOPLE
    assert validate["live"]["entered"] == PEOPLE
    split = validate["draft"]["exits"]
    assert split.get("valid", 0) + split.get("invalid", 0) == PEOPLE
    assert split.get("valid", 0) > 0
    assert split.get("invalid", 0) > 0
    assert validate["live"]["exits"] == {}  # live jobs are still open
    jobs = {total["label"]: total for total in result["jobs"]}
    assert jobs["customer_support"]["live"] == PEOPLE
    assert jobs["customer_support"]["draft"] >= PEOPLE
    letters = [t for t in result["messages"] if t["bucket"].startswith("message:letter:")]
    assert letters
    assert letters[0]["draft"] == split["invalid"]
    assert letters[0]["live"] == 0
    ends = {total["bucket"]: total for total in result["ends"]}
    assert ends["end:end-rejected"]["draft"] == split["invalid"]

    # Nothing live was written by asking for, running or reading the what-if.
    assert await _counts(resources) == before

    # Each number down to its contacts, paged.
    url = f"/api/v1/journeys/{journey_id}/what-ifs/{run['id']}/contacts"
    first = await marketer.get(url, params={"bucket": "exit:validate-product:invalid", "limit": 2})
    assert first.status_code == 200, first.text
    page = first.json()
    assert len(page["items"]) == min(2, split["invalid"])
    seen = {item["contact_id"] for item in page["items"]}
    after = page["next_after"]
    while after:
        more = (
            await marketer.get(
                url, params={"bucket": "exit:validate-product:invalid", "limit": 2, "after": after}
            )
        ).json()
        seen |= {item["contact_id"] for item in more["items"]}
        after = more["next_after"]
    assert len(seen) == split["invalid"]
    live = await marketer.get(url, params={"bucket": "node:validate-product", "side": "live"})
    assert len(live.json()["items"]) == PEOPLE
    queue = await marketer.get(url, params={"bucket": "job:customer_support", "side": "live"})
    assert len(queue.json()["items"]) == PEOPLE
    wrong = await marketer.get(url, params={"bucket": "nonsense"})
    assert wrong.status_code == 400
    assert wrong.json()["errors"][0]["field"] == "bucket"

    listed = await marketer.get(f"/api/v1/journeys/{journey_id}/what-ifs")
    assert [r["id"] for r in listed.json()] == [run["id"]]
    ended = await marketer.post(f"/api/v1/journeys/{journey_id}/what-ifs/{run['id']}/cancel")
    assert ended.status_code == 422
    gone = await marketer.request("DELETE", f"/api/v1/journeys/{journey_id}/what-ifs/{run['id']}")
    assert gone.status_code == 204
    missing = await marketer.get(f"/api/v1/journeys/{journey_id}/what-ifs/{run['id']}")
    assert missing.status_code == 404
    assert await _counts(resources) == before


async def test_a_what_if_of_a_published_version_replays_that_version_not_the_draft(
    resources: Resources, settings: Settings, clock: MutableClock, marketer: Browser
) -> None:
    journey_id = await _live_returns(resources, settings, clock)
    # The draft moves on after version 1: its job step is named otherwise.
    async with resources.sessions.begin() as db:
        journey = await db.get(Journey, uuid.UUID(journey_id))
        assert journey is not None
        draft = copy.deepcopy(journey.definition)
        for node in draft["nodes"]:
            if node["id"] == "validate-product":
                node["label"] = "Checked in the draft"
        journey.definition = draft

    asked = await marketer.post(
        f"/api/v1/journeys/{journey_id}/what-ifs",
        json={
            **_period(clock),
            "version": 1,
            "job_steps": {"validate-product": {"outcome": "invalid"}},
        },
    )
    assert asked.status_code == 202, asked.text
    assert asked.json()["version"] == 1
    await run_burst(settings, clock=clock)

    done = (await marketer.get(f"/api/v1/journeys/{journey_id}/what-ifs")).json()[0]
    assert (done["status"], done["version"], done["error"]) == ("completed", 1, None)
    validate = _step(done["result"], "validate-product")
    assert validate["label"] != "Checked in the draft"  # version 1's own step
    assert validate["draft"]["exits"] == {"invalid": PEOPLE}
    assert validate["live"]["entered"] == PEOPLE


async def test_a_cancelled_what_if_is_not_run(
    resources: Resources, settings: Settings, clock: MutableClock, marketer: Browser
) -> None:
    journey_id = await _live_returns(resources, settings, clock)
    asked = await marketer.post(f"/api/v1/journeys/{journey_id}/what-ifs", json=_period(clock))
    run = asked.json()
    cancelled = await marketer.post(f"/api/v1/journeys/{journey_id}/what-ifs/{run['id']}/cancel")
    assert cancelled.status_code == 200, cancelled.text
    assert cancelled.json()["status"] == "cancelled"
    await run_burst(settings, clock=clock)
    again = (await marketer.get(f"/api/v1/journeys/{journey_id}/what-ifs/{run['id']}")).json()
    assert (again["status"], again["result"], again["contacts_done"]) == ("cancelled", None, 0)


async def test_a_what_if_in_chunks_gives_the_same_answer_and_a_stopped_one_keeps_no_contacts(
    resources: Resources, settings: Settings, clock: MutableClock, marketer: Browser
) -> None:
    """Chunks of 5 contacts (three, loaded, replayed and written side by side) give the
    numbers and the contacts behind them of one chunk of 1,000."""
    journey_id = await _live_returns(resources, settings, clock)
    body = {
        **_period(clock),
        "job_steps": {
            "validate-product": {
                "split": [{"outcome": "valid", "weight": 1}, {"outcome": "invalid", "weight": 1}]
            }
        },
    }
    answers = []
    for chunk in (5, 1000):
        asked = await marketer.post(f"/api/v1/journeys/{journey_id}/what-ifs", json=body)
        run_id = await services.claim(resources.sessions, clock.now())
        assert run_id is not None
        assert str(run_id) == asked.json()["id"]
        assert await services.run_one(resources.sessions, run_id, clock, chunk=chunk) == (
            "completed"
        )
        async with resources.sessions() as db:
            row = await db.get(WhatIfRun, run_id)
            assert row is not None
            assert row.result is not None
            assert (row.contacts_done, row.contacts_total) == (PEOPLE, PEOPLE)
            kept = set(
                (
                    await db.execute(
                        select(WhatIfContact.bucket, WhatIfContact.contact_id).where(
                            WhatIfContact.run_id == run_id
                        )
                    )
                ).all()
            )
        answers.append(({k: v for k, v in row.result.items() if k != "seconds"}, kept))
    (in_chunks, chunked_kept), (at_once, kept_at_once) = answers
    assert in_chunks == at_once
    assert chunked_kept == kept_at_once
    assert len({cid for bucket, cid in kept_at_once if bucket == "enrolled"}) == PEOPLE

    # Cancelled once claimed: the worker stops at its first chunk and keeps nothing.
    asked = await marketer.post(f"/api/v1/journeys/{journey_id}/what-ifs", json=body)
    run_id = await services.claim(resources.sessions, clock.now())
    assert run_id is not None
    assert str(run_id) == asked.json()["id"]
    cancelled = await marketer.post(f"/api/v1/journeys/{journey_id}/what-ifs/{run_id}/cancel")
    assert cancelled.status_code == 200, cancelled.text
    assert await services.run_one(resources.sessions, run_id, clock, chunk=5) == "stopped"
    async with resources.sessions() as db:
        left = await db.scalar(
            select(func.count()).select_from(WhatIfContact).where(WhatIfContact.run_id == run_id)
        )
    assert left == 0


@pytest.mark.parametrize(
    ("body", "status", "field"),
    [
        (
            {"period_start": "2026-01-10T00:00:00Z", "period_end": "2026-01-01T00:00:00Z"},
            400,
            "period_end",
        ),
        (
            {"period_start": "2020-01-01T00:00:00Z", "period_end": "2026-01-01T00:00:00Z"},
            400,
            "period_end",
        ),
        ({"period_start": None}, 400, "period_start"),
        ({"job_steps": {"nope": {"outcome": "valid"}}}, 400, "job_steps.nope"),
        (
            {"job_steps": {"validate-product": {"outcome": "maybe"}}},
            400,
            "job_steps.validate-product.outcome",
        ),
        (
            {"job_steps": {"validate-product": {"split": [{"outcome": "valid", "weight": 0}]}}},
            400,
            "job_steps.validate-product.split",
        ),
        ({"job_steps": {"validate-product": {}}}, 400, "job_steps.validate-product"),
        ({"version": 7}, 404, None),
        ({"segment_id": "00000000-0000-0000-0000-000000000001"}, 404, None),
        ({"audience": "everyone"}, 400, "audience"),
    ],
)
async def test_bad_input_is_a_4xx_naming_the_field(
    resources: Resources,
    clock: MutableClock,
    marketer: Browser,
    body: dict[str, Any],
    status: int,
    field: str | None,
) -> None:
    journey_id = await publish_template(resources, "return-and-replacement", clock.now())
    full = {**_period(clock), **body}
    answer = await marketer.post(f"/api/v1/journeys/{journey_id}/what-ifs", json=full)
    assert answer.status_code == status, answer.text
    if field is not None:
        assert answer.json()["errors"][0]["field"] == field, answer.text
