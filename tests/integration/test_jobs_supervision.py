"""Saved filters, supervisors (workload, bulk reassign) and reports from the audit log."""

from __future__ import annotations

import csv
import io
import uuid
from collections.abc import Awaitable, Callable

from app.resources import Resources
from tests.fixtures import SignedIn
from tests.support.accounts import MutableClock
from tests.support.jobs import JOBS, s1_order

SignIn = Callable[..., Awaitable[SignedIn]]


async def test_saved_filters_are_private_or_shared_within_a_role(
    resources: Resources, signed_in: SignIn
) -> None:
    _, alex = await signed_in("administration")
    _, jo = await signed_in("administration")
    _, wes = await signed_in("warehouse")
    shared = await alex.post(
        f"{JOBS}/filters",
        json={
            "name": "Urgent, late",
            "queue": "administration",
            "filters": {"priority": ["urgent"], "overrunning": True, "sort": "due_at"},
            "shared": True,
        },
    )
    assert shared.status_code == 201, shared.text
    assert shared.json()["role"] == "administration"
    mine = await alex.post(f"{JOBS}/filters", json={"name": "Mine", "filters": {"scope": "mine"}})
    assert mine.status_code == 201
    assert {f["name"] for f in (await alex.get(f"{JOBS}/filters")).json()} == {
        "Urgent, late",
        "Mine",
    }
    assert [f["name"] for f in (await jo.get(f"{JOBS}/filters")).json()] == ["Urgent, late"]
    assert (await wes.get(f"{JOBS}/filters")).json() == []
    # Only the owner changes or deletes it; others get 404.
    url = f"{JOBS}/filters/{shared.json()['id']}"
    assert (await jo.request("DELETE", url)).status_code == 404
    bad = await alex.put(
        url,
        json={"name": "x", "queue": None, "shared": False, "filters": {"priority": ["whenever"]}},
    )
    assert bad.status_code == 400
    assert bad.json()["errors"][0]["field"] == "filters.priority"
    unknown = await alex.put(
        url, json={"name": "x", "queue": None, "shared": False, "filters": {"colour": "red"}}
    )
    assert unknown.status_code == 400
    assert (await alex.request("DELETE", url)).status_code == 204
    assert [f["name"] for f in (await jo.get(f"{JOBS}/filters")).json()] == []


async def test_supervisors_see_overruns_workload_and_reassign_in_bulk(
    resources: Resources, clock: MutableClock, signed_in: SignIn
) -> None:
    jobs = []
    for i in range(3):
        clock.advance(minutes=1)
        jobs.append(await s1_order(resources, clock, customer=f"s{i}"))
    alex, alex_browser = await signed_in("administration", name="Alex Kim")
    jo, _ = await signed_in("administration", name="Jo Lee")
    _, boss = await signed_in("supervisor")
    await alex_browser.post(f"{JOBS}/{jobs[0].id}/claim")
    await boss.post("/api/v1/test/clock", json={"advance_seconds": 5 * 3600})

    late = (
        await boss.get(JOBS, params={"scope": "all", "overrunning": "true", "sort": "due_at"})
    ).json()["items"]
    assert [j["id"] for j in late] == [str(j.id) for j in jobs]
    load = {w["user"]["name"]: w for w in (await boss.get(f"{JOBS}/workload")).json()}
    assert load["Alex Kim"]["open"] == 1
    assert load["Alex Kim"]["overrunning"] == 1
    assert load["Jo Lee"]["open"] == 0
    assert load["Jo Lee"]["queues"] == ["administration"]

    moved = await boss.post(
        f"{JOBS}/bulk-reassign",
        json={
            "job_ids": [str(j.id) for j in jobs] + [str(uuid.uuid4())],
            "assignee_id": str(jo.id),
        },
    )
    assert moved.status_code == 200, moved.text
    result = moved.json()
    assert len(result["updated"]) == 3
    assert {u["assignee"]["name"] for u in result["updated"]} == {"Jo Lee"}
    assert len(result["failed"]) == 1
    assert "no job" in result["failed"][0]["detail"]
    refused = await alex_browser.post(
        f"{JOBS}/bulk-reassign", json={"job_ids": [str(jobs[0].id)], "assignee_id": None}
    )
    assert refused.status_code == 403
    assert alex.id != jo.id


async def test_reports_come_from_the_audit_log(
    resources: Resources, clock: MutableClock, signed_in: SignIn
) -> None:
    jobs = [await s1_order(resources, clock, customer=f"r{i}") for i in range(3)]
    _, alex = await signed_in("administration", name="Alex Kim")
    _, boss = await signed_in("supervisor")
    # Claimed after 10 and 30 minutes; the first completed after an hour.
    await boss.post("/api/v1/test/clock", json={"offset_seconds": 600})
    first = (await alex.post(f"{JOBS}/{jobs[0].id}/claim")).json()
    await boss.post("/api/v1/test/clock", json={"offset_seconds": 1800})
    await alex.post(f"{JOBS}/{jobs[1].id}/claim")
    await boss.post("/api/v1/test/clock", json={"offset_seconds": 3600})
    done = await alex.post(
        f"{JOBS}/{jobs[0].id}/complete",
        json={"version": first["version"], "outcome": "confirmed", "data": {}},
    )
    assert done.status_code == 200, done.text
    await boss.post("/api/v1/test/clock", json={"offset_seconds": 7200})

    by_type = (await boss.get(f"{JOBS}/reports/times", params={"group_by": "type"})).json()
    row = next(r for r in by_type["rows"] if r["key"] == "confirm_order")
    assert (row["created"], row["claimed"], row["completed"]) == (3, 2, 1)
    assert row["time_to_claim"]["avg"] == 1200
    assert row["time_to_claim"]["median"] == 1200
    assert row["time_to_claim"]["p90"] == 1680
    assert row["time_to_complete"] == {"avg": 3600, "median": 3600, "p90": 3600}
    by_person = (await boss.get(f"{JOBS}/reports/times", params={"group_by": "assignee"})).json()
    assert {r["label"] for r in by_person["rows"]} == {"Alex Kim", "Unassigned"}
    exported = await boss.get(f"{JOBS}/reports/times.csv", params={"group_by": "queue"})
    assert exported.headers["content-type"].startswith("text/csv")
    table = list(csv.DictReader(io.StringIO(exported.text)))
    assert table[0]["queue"] == "administration"
    assert table[0]["claim_avg_s"] == "1200.0"

    overrun = (await boss.get(f"{JOBS}/reports/overrunning")).json()
    assert overrun == [
        {"queue": "administration", "label": "Administration", "overrunning": 0, "open": 2}
    ]
    trend = (await boss.get(f"{JOBS}/reports/trend", params={"bucket": "day"})).json()
    assert sum(p["created"] for p in trend) == 3
    assert sum(p["completed"] for p in trend) == 1
    audit = (await boss.get(f"{JOBS}/audit", params={"action": "job.claimed"})).json()
    assert audit["total"] == 2
    assert all(item["actor"]["name"] == "Alex Kim" for item in audit["items"])
    assert (await alex.get(f"{JOBS}/reports/times")).status_code == 403
