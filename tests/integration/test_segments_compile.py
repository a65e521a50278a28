"""Segments compile the journeys' condition data to SQL that agrees with the engine.

Each condition is counted in SQL and evaluated by `app.engine.evaluate.check` over the
facts the worker loads, for every contact: the two must pick the same contacts.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import msgspec
import pytest
from sqlalchemy import select

from app.contacts import consent, objects, profile
from app.contacts.models import Contact
from app.contacts.schemas import ContactCreate, ObjectCreate
from app.engine.conditions import ConditionGroup
from app.engine.evaluate import Scope, check
from app.engine.references import group_history_events
from app.eventlog.models import Event
from app.jobs.models import Job, JobType
from app.resources import Resources
from app.runs.facts import contact_facts
from app.segments.services import compile_group, memberships

NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)


def group(*rules: dict[str, Any], op: str = "all", negate: bool = False) -> ConditionGroup:
    return msgspec.convert(
        {"type": "group", "op": op, "negate": negate, "rules": list(rules)}, ConditionGroup
    )


def field(name: str, operator: str, value: Any = None) -> dict[str, Any]:
    rule = {"type": "contact_field", "field": name, "operator": operator}
    return rule if value is None else {**rule, "value": value}


def did(name: str, **fields: Any) -> dict[str, Any]:
    return {"type": "event_history", "event_name": name, **fields}


async def _people(resources: Resources) -> dict[str, uuid.UUID]:
    people = {
        "ada": ContactCreate(
            name="Ada Lovelace",
            email="ada@example.com",
            timezone="Europe/London",
            birthday=datetime(1815, 12, 10).date(),
            attributes={"region": "north", "renewal_date": "2026-12-23", "visits": 12},
            tags=["vip", "newsletter"],
        ),
        "grace": ContactCreate(
            name="Grace Hopper",
            email="grace@example.com",
            phone="+441632960002",
            attributes={"region": "South", "visits": "3", "interests": ["ships", "cobol"]},
            tags=["newsletter"],
        ),
        "alan": ContactCreate(name="Alan", attributes={"renewal_date": "2026-02-30"}),
        "empty": ContactCreate(),
    }
    ids = {}
    async with resources.unit_of_work() as unit:
        for key, data in people.items():
            ids[key] = (await profile.create_contact(unit, data)).id
        await profile.change_score(unit, ids["ada"], value=70)
        await profile.change_score(unit, ids["grace"], value=20)
        await consent.set_consent(unit, ids["ada"], "email", "opted_in", source="t")
        await consent.set_consent(unit, ids["grace"], "email", "opted_out", source="t")
        await consent.set_consent(unit, ids["alan"], "letter", "opted_out", source="t")
        await objects.create_object(
            unit,
            ids["ada"],
            ObjectCreate(kind="order", status="shipped", data={"value": 1200}),
        )
        await objects.create_object(
            unit,
            ids["grace"],
            ObjectCreate(kind="order", status="cancelled", data={"value": 80}),
        )
        # Activity: an event from the outside world, 10 days ago for Ada, 200 for Grace.
        for key, days in (("ada", 10), ("grace", 200)):
            unit.session.add(
                Event(
                    contact_id=ids[key],
                    name="page.viewed",
                    properties={},
                    source="track",
                    occurred_at=NOW - timedelta(days=days),
                    received_at=NOW,
                )
            )
        unit.session.add(
            Event(
                contact_id=ids["ada"],
                name="email.opened",
                properties={"template": "welcome"},
                source="email",
                occurred_at=NOW - timedelta(days=2),
                received_at=NOW,
            )
        )
        # Jobs: Ada has an open one in Administration; Grace a finished one and an open
        # one on hold in Sales.
        unit.session.add_all(
            JobType(name=name, label=name, queue=queue, outcomes=["done"])
            for name, queue in (("confirm_order", "administration"), ("call_lead", "sales"))
        )
        await unit.session.flush()
        for key, type_name, queue, status in (
            ("ada", "confirm_order", "administration", "in_progress"),
            ("grace", "confirm_order", "administration", "completed"),
            ("grace", "call_lead", "sales", "on_hold"),
            ("alan", "call_lead", "sales", "cancelled"),
        ):
            unit.session.add(
                Job(
                    type_name=type_name,
                    title=f"{type_name} for {key}",
                    queue=queue,
                    status=status,
                    contact_id=ids[key],
                    created_at=NOW,
                    updated_at=NOW,
                )
            )
    return ids


CASES: list[tuple[str, ConditionGroup]] = [
    ("tag", group({"type": "has_tag", "tag": "vip"})),
    ("not tag", group({"type": "has_tag", "tag": "vip"}, negate=True)),
    ("name contains", group(field("name", "contains", "HOP"))),
    ("first name", group(field("first_name", "equals", "ada"))),
    ("email set", group(field("email", "is_set"))),
    ("phone not set", group(field("phone", "is_not_set"))),
    ("region equals any case", group(field("region", "equals", "south"))),
    ("region not equals", group(field("region", "not_equals", "north"))),
    ("region in", group(field("region", "in", ["north", "east"]))),
    ("visits gt (number and string)", group(field("visits", "gt", 5))),
    ("visits lte", group(field("attributes.visits", "lte", 3))),
    ("score gte", group(field("score", "gte", 50))),
    ("interests contains", group(field("interests", "contains", "COBOL"))),
    ("tags contains", group(field("tags", "contains", "Newsletter"))),
    ("renewal before (bad date is false)", group(field("renewal_date", "before", "2027-01-01"))),
    ("renewal after", group(field("renewal_date", "after", "2026-12-01"))),
    ("timezone", group(field("timezone", "equals", "Europe/London"))),
    ("email consent", group(field("consent.email", "equals", True))),
    ("no email consent", group(field("consent.email", "equals", False))),
    ("letter consent", group(field("consent.letter", "equals", True))),
    (
        "any of",
        group({"type": "has_tag", "tag": "vip"}, field("region", "equals", "south"), op="any"),
    ),
    (
        "nested not",
        group(
            {"type": "has_tag", "tag": "newsletter"},
            {
                "type": "group",
                "negate": True,
                "rules": [field("score", "gt", 50)],
            },
        ),
    ),
    (
        "order status",
        group(
            {
                "type": "object_field",
                "object_type": "order",
                "field": "status",
                "operator": "equals",
                "value": "shipped",
            }
        ),
    ),
    (
        "order value gt",
        group(
            {
                "type": "object_field",
                "object_type": "order",
                "field": "value",
                "operator": "gt",
                "value": 1000,
            }
        ),
    ),
    (
        "order status not cancelled",
        group(
            {
                "type": "object_field",
                "object_type": "order",
                "field": "status",
                "operator": "not_equals",
                "value": "cancelled",
            }
        ),
    ),
    ("opened any email", group({"type": "opened_email"})),
    (
        "opened welcome in 7 days",
        group({"type": "opened_email", "template": "welcome", "within_days": 7}),
    ),
    ("opened other", group({"type": "opened_email", "template": "other"})),
    ("has an open job", group({"type": "has_open_job"})),
    ("has no open job", group({"type": "has_open_job"}, negate=True)),
    ("open job of a type", group({"type": "has_open_job", "job_type": "confirm_order"})),
    ("open job in a queue", group({"type": "has_open_job", "queue": "sales"})),
    (
        "open job of a type in another queue",
        group({"type": "has_open_job", "job_type": "confirm_order", "queue": "sales"}),
    ),
    ("did event ever", group(did("page.viewed"))),
    ("did not do event", group(did("page.viewed", done=False))),
    (
        "did event within 30 days",
        group(did("page.viewed", since="period", period={"amount": 30, "unit": "days"})),
    ),
    (
        "did not do event within 30 days",
        group(
            did("page.viewed", done=False, since="period", period={"amount": 30, "unit": "days"})
        ),
    ),
    ("did event twice", group(did("page.viewed", count=2))),
    ("did event exactly once", group(did("page.viewed", comparison="exactly", count=1))),
    ("did event at most 0 times", group(did("page.viewed", comparison="at_most", count=0))),
    (
        "did event with a property",
        group(
            did(
                "email.opened",
                where=[{"property": "template", "operator": "equals", "value": "WELCOME"}],
            )
        ),
    ),
    (
        "did event with a property that does not match",
        group(
            did(
                "email.opened", where=[{"property": "template", "operator": "equals", "value": "x"}]
            )
        ),
    ),
    (
        "did event with a property not set",
        group(did("page.viewed", where=[{"property": "url", "operator": "is_not_set"}])),
    ),
]


@pytest.mark.parametrize(("title", "condition"), CASES, ids=[c[0] for c in CASES])
async def test_sql_and_engine_pick_the_same_contacts(
    resources: Resources, title: str, condition: ConditionGroup
) -> None:
    ids = await _people(resources)
    async with resources.sessions() as session:
        compiled = compile_group(condition, {}, NOW)
        assert compiled.problems == [], title
        in_sql = set(await session.scalars(select(Contact.id).where(compiled.predicate)))
        by_engine = set()
        history = group_history_events(condition)
        for contact_id in ids.values():
            facts = await contact_facts(session, contact_id, history=history)
            if check(condition, Scope(facts=facts, now=NOW)):
                by_engine.add(contact_id)
    names = {v: k for k, v in ids.items()}
    assert sorted(names[i] for i in in_sql) == sorted(names[i] for i in by_engine), title


async def test_activity_is_compared_in_sql(resources: Resources) -> None:
    ids = await _people(resources)
    sleepy = group(field("last_activity_at", "within_last_days", 90), negate=True)
    async with resources.sessions() as session:
        compiled = compile_group(sleepy, {}, NOW)
        found = set(await session.scalars(select(Contact.id).where(compiled.predicate)))
    assert found == {ids["grace"], ids["alan"], ids["empty"]}


async def test_rules_a_segment_cannot_hold_are_problems_with_paths() -> None:
    condition = group(
        {"type": "event_property", "property": "value", "operator": "gt", "value": 1},
        {"type": "group", "rules": [{"type": "variable", "variable": "x", "operator": "is_set"}]},
        {"type": "in_segment", "segment": "nope"},
        field("consent.email", "gt", 3),
        {"type": "has_open_job", "job_type": "confirm_order"},
        did("order.placed", since="journey_entry"),
    )
    compiled = compile_group(condition, {}, NOW)
    paths = [path for path, _ in compiled.problems]
    assert paths == [
        "condition.rules[0].property",
        "condition.rules[1].rules[0].variable",
        "condition.rules[2].segment",
        "condition.rules[3].operator",
        "condition.rules[5].since",
    ]


async def test_segments_nest_and_loops_are_refused(resources: Resources) -> None:
    ids = await _people(resources)
    saved = {
        "vips": group({"type": "has_tag", "tag": "vip"}),
        "loop_a": group({"type": "in_segment", "segment": "loop_b"}),
        "loop_b": group({"type": "in_segment", "segment": "loop_a"}),
    }
    nested = compile_group(group({"type": "in_segment", "segment": "vips"}), saved, NOW)
    async with resources.sessions() as session:
        found = set(await session.scalars(select(Contact.id).where(nested.predicate)))
    assert found == {ids["ada"]}
    looped = compile_group(saved["loop_a"], saved, NOW, name="loop_a")
    assert looped.problems
    assert "loop" in looped.problems[0][1]


async def test_memberships_are_one_probe_per_contact(resources: Resources) -> None:
    from app.segments.models import Segment  # noqa: PLC0415

    ids = await _people(resources)
    async with resources.sessions.begin() as session:
        for name, condition in (
            ("vips", group({"type": "has_tag", "tag": "vip"})),
            ("newsletter", group({"type": "has_tag", "tag": "newsletter"})),
            ("with_jobs", group({"type": "has_open_job"})),
        ):
            session.add(Segment(name=name, label=name, condition=msgspec.to_builtins(condition)))
    async with resources.sessions() as session:
        assert await memberships(session, ids["ada"], NOW) == {"vips", "newsletter", "with_jobs"}
        assert await memberships(session, ids["grace"], NOW) == {"newsletter", "with_jobs"}
        assert await memberships(session, ids["alan"], NOW) == frozenset()
        assert await memberships(session, ids["empty"], NOW) == frozenset()


async def test_open_jobs_pick_the_contacts_that_have_them(resources: Resources) -> None:
    ids = await _people(resources)
    async with resources.sessions() as session:
        for condition, expected in (
            (group({"type": "has_open_job"}), {"ada", "grace"}),
            (group({"type": "has_open_job", "job_type": "call_lead"}), {"grace"}),
            (group({"type": "has_open_job", "queue": "administration"}), {"ada"}),
        ):
            compiled = compile_group(condition, {}, NOW)
            found = set(await session.scalars(select(Contact.id).where(compiled.predicate)))
            engine = {
                key
                for key, contact_id in ids.items()
                if check(condition, Scope(facts=await contact_facts(session, contact_id), now=NOW))
            }
            assert {k for k, v in ids.items() if v in found} == expected == engine
