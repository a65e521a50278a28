"""The what-if replay (app.whatif.replay): recorded events through a definition on a
virtual clock, job outcomes as planned, contact facts rewound and moved forward."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import msgspec

from app.engine.definition import JourneyDefinition
from app.engine.facts import Facts
from app.whatif.replay import Feed, FeedEvent, JobPlan, Plan, forward, replay_contacts, rewind

T0 = datetime(2026, 11, 1, 9, tzinfo=UTC)


def _node(kind: str, node_id: str, **config: Any) -> dict[str, Any]:
    return {
        "kind": kind,
        "id": node_id,
        "label": node_id,
        "position": {"x": 0, "y": 0},
        "config": config,
    }


def _edges(*links: tuple[str, str, str]) -> list[dict[str, Any]]:
    return [{"id": f"{a}-{h}", "source": a, "source_handle": h, "target": b} for a, h, b in links]


DEFINITION = msgspec.convert(
    {
        "nodes": [
            _node("trigger.event", "placed", event_name="order.placed"),
            _node(
                "flow.wait_for_event",
                "shipped",
                event_name="order.shipped",
                timeout={"amount": 3, "unit": "days"},
            ),
            _node("action.send_sms", "on-its-way", text="On its way"),
            _node("action.create_job", "chase", job_type="check", queue="support", title="Chase"),
            _node("action.send_email", "sorry", template="sorry"),
            _node("flow.end", "end"),
        ],
        "edges": _edges(
            ("placed", "next", "shipped"),
            ("shipped", "received", "on-its-way"),
            ("shipped", "timeout", "chase"),
            ("on-its-way", "next", "end"),
            ("chase", "found", "end"),
            ("chase", "lost", "sorry"),
            ("sorry", "next", "end"),
        ),
        "settings": {"reentry": {"rule": "always"}},
    },
    JourneyDefinition,
)


def _event(n: int, name: str, at: datetime, **props: Any) -> FeedEvent:
    return FeedEvent(n, name, props, at, "api")


def _plan(jobs: JobPlan) -> Plan:
    return Plan.of("journey", 0, DEFINITION, jobs, T0 + timedelta(days=30))


def test_an_awaited_event_moves_the_draft_on_and_a_missing_one_times_out_on_the_clock() -> None:
    shipped, late = uuid.uuid4(), uuid.uuid4()
    tally = replay_contacts(
        _plan(JobPlan(outcomes={"chase": "lost"})),
        [
            Feed(
                shipped,
                Facts(),
                [
                    _event(1, "order.placed", T0),
                    _event(2, "page.viewed", T0 + timedelta(hours=1)),
                    _event(3, "order.shipped", T0 + timedelta(days=1)),
                ],
            ),
            Feed(late, Facts(), [_event(4, "order.placed", T0)]),
        ],
    )
    assert tally.exits[("shipped", "received")] == {shipped}
    assert tally.exits[("shipped", "timeout")] == {late}
    assert tally.exits[("chase", "lost")] == {late}
    assert tally.messages == {("sms", "(written in the step)"): 1, ("email", "sorry"): 1}
    assert tally.jobs == {"support": 1}
    assert tally.ends["end"] == {shipped, late}
    assert (tally.events, tally.contacts, tally.enrolled) == (4, 2, {shipped, late})


def test_a_split_gives_each_contact_one_outcome_by_weight_the_same_every_time() -> None:
    people = [uuid.uuid4() for _ in range(200)]
    feeds = [Feed(p, Facts(), [_event(n, "order.placed", T0)]) for n, p in enumerate(people)]
    plan = _plan(JobPlan(splits={"chase": [("found", 3), ("lost", 1)]}))
    first = replay_contacts(plan, feeds)
    again = replay_contacts(plan, feeds)
    found, lost = first.exits[("chase", "found")], first.exits[("chase", "lost")]
    assert found | lost == set(people)
    assert 110 < len(found) < 190
    assert again.exits[("chase", "found")] == found


def test_the_period_end_leaves_contacts_waiting() -> None:
    person = uuid.uuid4()
    plan = Plan.of("journey", 0, DEFINITION, JobPlan(), T0 + timedelta(days=1))
    tally = replay_contacts(plan, [Feed(person, Facts(), [_event(1, "order.placed", T0)])])
    assert tally.waiting["shipped"] == {person}
    assert ("shipped", "timeout") not in tally.exits


def test_facts_are_rewound_to_the_period_start_then_moved_forward_as_recorded() -> None:
    now = Facts(
        contact={"region": "south", "score": 30, "tags": ["vip"]},
        tags=frozenset({"vip"}),
        scores={"lead_score": 30},
        segments=frozenset({"big-spenders"}),
    )
    changes = [
        _event(1, "contact.field_changed", T0, field="region", previous="north", current="south"),
        _event(2, "contact.tagged", T0, tag="vip"),
        _event(
            3, "contact.score_changed", T0, score="lead_score", previous=10, current=30, delta=20
        ),
        _event(4, "segment.entered", T0, segment="big-spenders"),
    ]
    then = rewind(now, changes)
    assert then.contact["region"] == "north"
    assert then.tags == frozenset()
    assert then.scores == {"lead_score": 10}
    assert then.segments == frozenset()
    moved = then
    for change in changes:
        moved = forward(moved, change)
    assert (moved.contact["region"], moved.tags, moved.scores) == (
        "south",
        frozenset({"vip"}),
        {"lead_score": 30},
    )
    opted = forward(moved, _event(5, "contact.opted_out", T0, channel="email", source="portal"))
    assert opted.consent == {"email": False}
