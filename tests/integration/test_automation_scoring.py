"""Scoring rules: points on events, `contact.score_changed` events, threshold triggers
both ways, a condition on the score; and the rules API."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from sqlalchemy import select

from app.automation import scoring
from app.automation.schemas import ScoreRuleCreate
from app.contacts.models import Contact
from app.engine.conditions import ConditionGroup, EventPropertyRule
from app.eventlog.models import Event
from app.resources import Resources
from tests.fixtures import SignedIn
from tests.support.accounts import MutableClock
from tests.support.automation import settle
from tests.support.runs import T0, chain, node, publish, send


@pytest.fixture
def clock() -> MutableClock:
    return MutableClock(T0)


def _rule(name: str, event_name: str, points: int, condition: Any = None) -> ScoreRuleCreate:
    group = None if condition is None else ConditionGroup(rules=[condition])
    return ScoreRuleCreate(name=name, event_name=event_name, points=points, condition=group)


async def _contact(resources: Resources, external_id: str) -> Contact:
    async with resources.sessions() as db:
        found = await db.scalar(select(Contact).where(Contact.external_id == external_id))
        assert found is not None
        return found


@pytest.fixture
async def scored(resources: Resources, clock: MutableClock, standard_roles: None) -> None:
    async with resources.sessions.begin() as db:
        for data in (
            _rule(
                "Pricing page",
                "page.viewed",
                5,
                EventPropertyRule(property="url", operator="contains", value="/pricing"),
            ),
            _rule("Unsubscribed", "newsletter.unsubscribed", -20),
        ):
            await scoring.create_rule(db, data, actor_id=None, now=clock.now())
    await publish(
        resources,
        "hot lead",
        chain(
            node("trigger.score_threshold", "hot", threshold=20),
            node("action.update_contact", "tag", add_tags=["hot-lead"]),
            node("flow.end", "end"),
        ),
    )
    await publish(
        resources,
        "cooled",
        chain(
            node("trigger.score_threshold", "cool", threshold=20, direction="falls_below"),
            node("action.update_contact", "tag", add_tags=["cooled"]),
            node("flow.end", "end"),
        ),
    )


async def test_points_add_up_and_crossing_the_threshold_starts_a_journey_each_way(
    resources: Resources, clock: MutableClock, scored: None
) -> None:
    for _ in range(3):
        await send(resources, clock, "page.viewed", "lead-1", url="/pricing")
    await send(resources, clock, "page.viewed", "lead-1", url="/blog")  # no points
    await settle(resources, clock)
    contact = await _contact(resources, "lead-1")
    assert (contact.score, contact.tags) == (15, [])

    await send(resources, clock, "page.viewed", "lead-1", url="/pricing")  # 20: crossed
    await send(resources, clock, "page.viewed", "lead-1", url="/pricing#faq")  # 25: above
    await settle(resources, clock)
    contact = await _contact(resources, "lead-1")
    assert (contact.score, contact.tags) == (25, ["hot-lead"])

    await send(resources, clock, "newsletter.unsubscribed", "lead-1")  # 5: fell below
    await settle(resources, clock)
    contact = await _contact(resources, "lead-1")
    assert (contact.score, contact.tags) == (5, ["hot-lead", "cooled"])
    async with resources.sessions() as db:
        changes = await db.scalars(
            select(Event.properties).where(Event.name == "contact.score_changed").order_by(Event.id)
        )
        moves = [(p["previous"], p["current"], p["origin"]) for p in changes]
    assert moves == [
        (0, 5, "scoring"),
        (5, 10, "scoring"),
        (10, 15, "scoring"),
        (15, 20, "scoring"),
        (20, 25, "scoring"),
        (25, 5, "scoring"),
    ]


async def test_a_condition_on_the_score_reads_the_current_score(
    resources: Resources, clock: MutableClock, scored: None
) -> None:
    score_at_least_20 = {
        "type": "group",
        "rules": [{"type": "contact_field", "field": "score", "operator": "gte", "value": 20}],
    }
    journey = chain(
        node("trigger.event", "asked", event_name="demo.requested"),
        node("flow.condition", "qualified", condition=score_at_least_20),
        node("flow.end", "end"),
    )
    journey["nodes"].append(node("action.update_contact", "nurture", add_tags=["nurture"]))
    journey["nodes"].append(node("action.update_contact", "sales", add_tags=["qualified"]))
    journey["edges"] = [edge for edge in journey["edges"] if edge["source"] != "qualified"] + [
        {"id": "q-yes", "source": "qualified", "source_handle": "yes", "target": "sales"},
        {"id": "q-no", "source": "qualified", "source_handle": "no", "target": "nurture"},
        {"id": "s-end", "source": "sales", "source_handle": "next", "target": "end"},
        {"id": "n-end", "source": "nurture", "source_handle": "next", "target": "end"},
    ]
    await publish(resources, "qualify", journey, now=clock.now())
    await send(resources, clock, "page.viewed", "cold", url="/pricing")
    await send(resources, clock, "demo.requested", "cold")
    for _ in range(4):
        await send(resources, clock, "page.viewed", "warm", url="/pricing")
    await send(resources, clock, "demo.requested", "warm")
    await settle(resources, clock)

    assert (await _contact(resources, "cold")).tags == ["nurture"]
    assert set((await _contact(resources, "warm")).tags) == {"hot-lead", "qualified"}


Signer = Callable[..., Awaitable[SignedIn]]


async def test_rules_api_creates_lists_changes_and_deletes_rules(
    signed_in: Signer, resources: Resources
) -> None:
    _, marketer = await signed_in("marketer")
    created = await marketer.post(
        "/api/v1/scoring/rules",
        json={
            "name": "Clicked an email",
            "event_name": "email.clicked",
            "points": 10,
            "condition": {
                "type": "group",
                "rules": [{"type": "event_property", "property": "url", "operator": "is_set"}],
            },
        },
    )
    assert created.status_code == 201, created.text
    rule = created.json()
    assert (rule["points"], rule["active"], rule["event_name"]) == (10, True, "email.clicked")

    # PATCH changes only what it is sent: the name, event and state stay.
    changed = await marketer.request(
        "PATCH", f"/api/v1/scoring/rules/{rule['id']}", json={"points": -3, "condition": None}
    )
    assert changed.status_code == 200, changed.text
    assert (changed.json()["points"], changed.json()["condition"]) == (-3, None)
    assert (changed.json()["name"], changed.json()["active"]) == (rule["name"], True)
    listed = (await marketer.get("/api/v1/scoring/rules")).json()
    assert [r["id"] for r in listed] == [rule["id"]]

    deleted = await marketer.request("DELETE", f"/api/v1/scoring/rules/{rule['id']}")
    assert deleted.status_code == 204
    assert (await marketer.get("/api/v1/scoring/rules")).json() == []


@pytest.mark.parametrize(
    ("body", "field", "words"),
    [
        (
            {"name": "x", "event_name": "contact.score_changed", "points": 1},
            "event_name",
            "each score change would score again",
        ),
        ({"name": "x", "event_name": "page.viewed", "points": 0}, "points", "at least one point"),
        (
            {
                "name": "x",
                "event_name": "page.viewed",
                "points": 1,
                "condition": {"type": "group", "rules": []},
            },
            "condition.rules",
            "at least one rule",
        ),
        ({"name": "x", "event_name": "Page Viewed", "points": 1}, "event_name", ""),
        ({"name": "x", "event_name": "page.viewed", "points": 99999}, "points", ""),
    ],
)
async def test_a_bad_rule_is_refused_with_the_field_and_nothing_is_saved(
    signed_in: Signer, body: dict[str, Any], field: str, words: str
) -> None:
    _, marketer = await signed_in("marketer")
    answer = await marketer.post("/api/v1/scoring/rules", json=body)
    assert answer.status_code == 400, answer.text
    problem = answer.json()
    assert any(e["field"].endswith(field) and words in e["message"] for e in problem["errors"])
    assert (await marketer.get("/api/v1/scoring/rules")).json() == []


async def test_staff_without_journey_rights_cannot_change_rules(signed_in: Signer) -> None:
    _, packer = await signed_in("warehouse")
    answer = await packer.post(
        "/api/v1/scoring/rules", json={"name": "x", "event_name": "a.b", "points": 1}
    )
    assert answer.status_code == 403
