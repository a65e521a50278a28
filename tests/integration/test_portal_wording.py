"""Staff's own words for the stages customers see: permitted staff (`portal:wording`)
override a job type's stage over HTTP, the customer's progress reads them at once, and
removing the override brings the code's words back. Bad input is refused with the field
and changes nothing."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from sqlalchemy import select

from app.auth.models import AuditEntry
from app.portal.models import PortalStageWords
from app.resources import Resources
from tests.fixtures import SignedIn
from tests.support.accounts import Browser, MutableClock
from tests.support.portal import add_job_type, book_appointment, measure_site_job

SignIn = Callable[..., Awaitable[SignedIn]]
pytestmark = pytest.mark.usefixtures("standard_roles")

BASE = "/api/v1/portal-wording"


async def _progress(customer: Browser, record_id: str) -> list[str]:
    response = await customer.get(f"/api/v1/portal/records/{record_id}")
    assert response.status_code == 200, response.text
    return [step["label"] for step in response.json()["progress"]]


def _type(listing: list[dict[str, Any]], name: str) -> dict[str, Any]:
    return next(item for item in listing if item["job_type"] == name)


async def test_staff_words_replace_the_defaults_customers_read_until_reset(
    resources: Resources, clock: MutableClock, signed_in: SignIn
) -> None:
    account, ada = await signed_in("customer", name="Ada Lovelace")
    _, supervisor = await signed_in("supervisor", name="Sam Okafor")
    record = await book_appointment(ada, clock)
    job_id = await measure_site_job(
        resources, clock, account.contact_id, record, outcomes=["ok", "no_access"]
    )

    listing = await supervisor.get(BASE)
    assert listing.status_code == 200, listing.text
    measure = _type(listing.json(), "measure_site")
    assert measure["label"] == "Measure the site"
    # The base stages, then one per outcome; the defaults are the code's words.
    assert [(s["stage"], s["default_words"], s["words"]) for s in measure["stages"]] == [
        ("created", "We have started on it", None),
        ("claimed", "Someone is working on it", None),
        ("on_hold", "Waiting for something before we carry on", None),
        ("completed", "This step is done", None),
        ("completed:ok", "This step is done", None),
        ("completed:no_access", "This step is done", None),
    ]
    assert await _progress(ada, record["id"]) == [
        "Requested: we will confirm the time",
        "We have started on it",
    ]

    changed = await supervisor.put(
        f"{BASE}/measure_site/created", json={"words": "  We will come and   measure  "}
    )
    assert changed.status_code == 200, changed.text
    assert changed.json() == {
        "stage": "created",
        "default_words": "We have started on it",
        "words": "We will come and measure",
        "updated_at": clock.now().isoformat().replace("+00:00", "Z"),
    }
    # An outcome's own words; the stage name has a colon, as the SPA sends it (encoded).
    done = await supervisor.put(
        f"{BASE}/measure_site/completed%3Aok", json={"words": "Measured: we will be in touch"}
    )
    assert done.status_code == 200, done.text
    assert done.json()["words"] == "Measured: we will be in touch"

    claimed = await supervisor.post(f"/api/v1/jobs/{job_id}/claim")
    assert claimed.status_code == 200, claimed.text
    completed = await supervisor.post(
        f"/api/v1/jobs/{job_id}/complete",
        json={"version": claimed.json()["version"], "outcome": "ok", "data": {}},
    )
    assert completed.status_code == 200, completed.text
    assert await _progress(ada, record["id"]) == [
        "Requested: we will confirm the time",
        "We will come and measure",
        "Someone is working on it",
        "Measured: we will be in touch",
    ]
    stages = _type((await supervisor.get(BASE)).json(), "measure_site")["stages"]
    assert {s["stage"]: s["words"] for s in stages}["created"] == "We will come and measure"

    reset = await supervisor.request("DELETE", f"{BASE}/measure_site/created")
    assert reset.status_code == 200, reset.text
    assert reset.json()["words"] is None
    assert (await _progress(ada, record["id"]))[1] == "We have started on it"

    async with resources.sessions() as db:
        audited = list(
            await db.scalars(
                select(AuditEntry)
                .where(AuditEntry.action == "portal_wording.changed")
                .order_by(AuditEntry.id)
            )
        )
    assert [(a.target_id, a.changes) for a in audited] == [
        ("measure_site", {"stage:created": {"from": None, "to": "We will come and measure"}}),
        (
            "measure_site",
            {"stage:completed:ok": {"from": None, "to": "Measured: we will be in touch"}},
        ),
        ("measure_site", {"stage:created": {"from": "We will come and measure", "to": None}}),
    ]


async def test_the_code_words_of_a_known_job_type_are_the_defaults(
    resources: Resources, signed_in: SignIn
) -> None:
    _, supervisor = await signed_in("supervisor")
    await add_job_type(
        resources,
        "validate_product",
        label="Validate a returned product",
        outcomes=["valid", "invalid"],
    )
    listing = (await supervisor.get(BASE)).json()
    stages = {s["stage"]: s["default_words"] for s in _type(listing, "validate_product")["stages"]}
    assert stages["created"] == "Return received — we are checking it"
    assert stages["completed:valid"] == "Return accepted: a replacement is being prepared"


async def test_bad_wording_is_refused_with_where_and_changes_nothing(
    resources: Resources, signed_in: SignIn
) -> None:
    _, supervisor = await signed_in("supervisor")
    await add_job_type(resources, "measure_site", label="Measure", outcomes=["ok"])
    kept = await supervisor.put(f"{BASE}/measure_site/claimed", json={"words": "On it"})
    assert kept.status_code == 200, kept.text

    unknown_type = await supervisor.put(f"{BASE}/no_such_type/created", json={"words": "Hi"})
    assert unknown_type.status_code == 404
    assert unknown_type.headers["content-type"].startswith("application/problem+json")
    assert "no_such_type" in unknown_type.json()["detail"]

    unknown_stage = await supervisor.put(f"{BASE}/measure_site/shipped", json={"words": "Hi"})
    assert unknown_stage.status_code == 400
    problem = unknown_stage.json()
    assert problem["errors"][0]["field"] == "stage"
    assert "created, claimed, on_hold, completed, completed:ok" in problem["errors"][0]["message"]

    blank = await supervisor.put(f"{BASE}/measure_site/claimed", json={"words": "   "})
    assert blank.status_code == 400
    assert blank.json()["errors"][0]["field"] == "words"

    too_long = await supervisor.put(f"{BASE}/measure_site/claimed", json={"words": "x" * 201})
    assert too_long.status_code == 400
    assert "words" in too_long.text

    extra = await supervisor.put(
        f"{BASE}/measure_site/claimed", json={"words": "Fine", "colour": "red"}
    )
    assert extra.status_code == 400
    assert "colour" in extra.text

    async with resources.sessions() as db:
        rows = list(await db.scalars(select(PortalStageWords)))
    assert [(r.job_type, r.stage, r.words) for r in rows] == [("measure_site", "claimed", "On it")]


async def test_only_staff_with_the_permission_edit_wording(signed_in: SignIn) -> None:
    _, support = await signed_in("customer_support")
    _, customer = await signed_in("customer")
    for browser in (support, customer):
        assert (await browser.get(BASE)).status_code == 403
        refused = await browser.put(f"{BASE}/measure_site/created", json={"words": "Hi"})
        assert refused.status_code == 403
