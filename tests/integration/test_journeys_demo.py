"""Demo journeys: a new user sees published, draft and archived journeys, and the published
ones are valid against the catalog the demo data creates."""

from __future__ import annotations

from collections.abc import Callable

from app.demo.accounts import DEMO_PASSWORD
from app.demo.loader import load_demo_data
from app.journeys.catalog import engine_catalog
from app.journeys.library import DEMO_CATALOG
from app.resources import Resources
from app.settings import Settings
from tests.support.accounts import Browser


async def test_demo_journeys_are_alive_and_valid(
    settings: Settings, resources: Resources, browser: Callable[[], Browser]
) -> None:
    await load_demo_data(settings)
    async with resources.sessions() as db:
        catalog = await engine_catalog(db)
    # The database catalog holds everything the library's demo catalog names.
    assert DEMO_CATALOG.queues <= catalog.queues
    assert DEMO_CATALOG.job_types.items() <= catalog.job_types.items()
    assert DEMO_CATALOG.email_templates <= catalog.email_templates
    assert DEMO_CATALOG.sms_templates <= catalog.sms_templates
    assert DEMO_CATALOG.letter_templates <= catalog.letter_templates

    marketer = browser()
    await marketer.sign_in("marketer@waymark.local", DEMO_PASSWORD)
    listed = (await marketer.get("/api/v1/journeys")).json()["items"]
    status = {j["name"]: (j["status"], j["published_version"]) for j in listed}
    assert status == {
        "Order to delivery": ("active", 1),
        "Payment collection": ("active", 1),
        "Appointment reminders": ("active", 1),
        "Return and replacement": ("active", 1),
        "Birthdays and renewals": ("draft", None),
        # The automation demo's schedule-triggered journey.
        "Birthday greetings": ("active", 1),
        "VIP welcome": ("active", 1),
        # Version 2 published while readers still wait on version 1 (a migration to plan).
        "Welcome tips": ("active", 2),
        # Manual enrolment's demo journey (app.demo.whereabouts).
        "Hand-picked follow-up": ("active", 1),
    }
    archived = (await marketer.get("/api/v1/journeys", params={"status": "archived"})).json()
    assert [j["name"] for j in archived["items"]] == ["Course by SMS"]
    for journey in listed:
        if journey["status"] != "active":
            continue
        version = (await marketer.get(f"/api/v1/journeys/{journey['id']}/versions/1")).json()
        assert version["published_by"]["name"] == "Priya Shah"
        full = (await marketer.get(f"/api/v1/journeys/{journey['id']}")).json()
        assert [p for p in full["problems"] if p.get("severity", "error") == "error"] == []
        assert full["has_unpublished_changes"] is False
    # The Return and replacement journey carries saved test cases that still end as saved.
    returns = next(j for j in listed if j["name"] == "Return and replacement")
    checked = (
        await marketer.post(f"/api/v1/journeys/{returns['id']}/test-cases/check", json={})
    ).json()
    assert [(c["verdict"], c["problem"]) for c in checked] == [("same", None), ("same", None)]
    # Run in the editor's Test panel, each shows every step working: the tracking email
    # and the rejection letter render, nothing is missing.
    cases = (await marketer.get(f"/api/v1/journeys/{returns['id']}/test-cases")).json()
    for case in cases:
        run = (
            await marketer.post(f"/api/v1/journeys/{returns['id']}/test-runs", json=case["request"])
        ).json()
        assert [(s["node_id"], s["problems"]) for s in run["steps"] if s["problems"]] == []
