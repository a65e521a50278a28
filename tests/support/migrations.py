"""A journey whose older version has many contacts waiting, for the migration tests and
bench/migrate: version 1 waits at `w-old` (removed in version 2), version 2 waits at
`w-new`. Contacts, enrollments and timers are seeded by SQL, in the state the engine
itself writes."""

from __future__ import annotations

import itertools
import uuid
from datetime import datetime, timedelta
from typing import Any, Final

import msgspec
from sqlalchemy import text

from app.auth.models import User
from app.auth.principal import Actor
from app.contacts.models import Contact
from app.demo.accounts import seed_roles
from app.engine.definition import JourneyDefinition
from app.engine.facts import Facts
from app.engine.interpreter import start
from app.journeys.models import Journey, JourneyVersion
from app.journeys.services import stored
from app.resources import Resources
from app.runs import migrations
from app.runs.schemas import MigrationPlan, StepMapping

NS: Final = uuid.UUID("7a0c7f52-3f7e-4d7c-8f4e-2b1d5c9e6a01")
JOURNEY_ID: Final = uuid.uuid5(NS, "journey")


def _node(kind: str, node_id: str, **config: Any) -> dict[str, Any]:
    return {
        "kind": kind,
        "id": node_id,
        "label": node_id,
        "position": {"x": 0, "y": 0},
        "config": config,
    }


def _chain(*ids: str) -> list[dict[str, Any]]:
    return [
        {"id": f"{a}-{b}", "source": a, "source_handle": "next", "target": b}
        for a, b in itertools.pairwise(ids)
    ]


V1: Final = {
    "nodes": [
        _node("trigger.event", "joined", event_name="signed.up"),
        _node("flow.wait_duration", "w-old", duration={"amount": 3, "unit": "days"}),
        _node("flow.end", "end"),
    ],
    "edges": _chain("joined", "w-old", "end"),
}
V2: Final = {
    "nodes": [
        _node("trigger.event", "joined", event_name="signed.up"),
        _node("flow.wait_duration", "w-new", duration={"amount": 2, "unit": "days"}),
        _node("flow.end", "end"),
    ],
    "edges": _chain("joined", "w-new", "end"),
}
PLAN: Final = MigrationPlan(
    to_version=2,
    mappings=[StepMapping(version=1, node_id="w-old", action="move", target="w-new")],
)


def waiting_state(wake: datetime) -> str:
    """An enrollment of version 1 waiting at `w-old` until `wake` (`{E}`, `{C}`: ids)."""
    outcome = start(
        msgspec.convert(V1, JourneyDefinition),
        enrollment_id="{E}",
        journey_id=str(JOURNEY_ID),
        version=1,
        contact_id="{C}",
        trigger_node_id="joined",
        facts=Facts(),
        now=wake - timedelta(days=3),
    )
    return msgspec.json.encode(outcome.state).decode()


async def seed(resources: Resources, contacts: int, wake: datetime, now: datetime) -> uuid.UUID:
    """Roles, an author, the journey (version 2 published) and `contacts` contacts each
    waiting on version 1 until `wake`; the author's user id."""
    async with resources.sessions.begin() as db:
        await seed_roles(db, now)
        author = Contact(id=uuid.uuid5(NS, "author"), email="migrate-author@example.test")
        db.add(author)
        await db.flush()
        user = User(contact_id=author.id, email=author.email, primary_role="marketer")
        db.add(user)
        await db.flush()
        db.add(
            Journey(
                id=JOURNEY_ID,
                name="Migrating",
                status="active",
                definition=stored(msgspec.convert(V2, JourneyDefinition)),
                published_version=2,
                published_revision=1,
                created_at=now,
                updated_at=now,
            )
        )
        await db.flush()
        for version, graph in ((1, V1), (2, V2)):
            db.add(
                JourneyVersion(
                    journey_id=JOURNEY_ID,
                    version=version,
                    definition=stored(msgspec.convert(graph, JourneyDefinition)),
                    published_at=now,
                    published_by=user.id,
                )
            )
        user_id = user.id
    async with resources.engine.begin() as db:
        await db.execute(
            text(
                "INSERT INTO contacts (id, external_id, name)"
                " SELECT md5('mc' || n)::uuid, 'm-' || n, 'Waiting ' || n"
                " FROM generate_series(1, :n) AS n"
            ),
            {"n": contacts},
        )
        await db.execute(
            text(
                "INSERT INTO enrollments (id, journey_id, version, contact_id, status, state,"
                " entered_at, updated_at)"
                " SELECT md5('me' || n)::uuid, :j, 1, md5('mc' || n)::uuid, 'active',"
                " replace(replace(:t, '{E}', md5('me' || n)::uuid::text),"
                "  '{C}', md5('mc' || n)::uuid::text)::jsonb, :entered, :entered"
                " FROM generate_series(1, :n) AS n"
            ),
            {
                "n": contacts,
                "j": JOURNEY_ID,
                "t": waiting_state(wake),
                "entered": wake - timedelta(days=3),
            },
        )
        await db.execute(
            text(
                "INSERT INTO enrollment_timers (enrollment_id, token_id, wake_at)"
                " SELECT id, 't1', :w FROM enrollments WHERE journey_id = :j"
            ),
            {"w": wake, "j": JOURNEY_ID},
        )
        await db.execute(text("ANALYZE"))
    return user_id


async def queue_migration(
    resources: Resources, user_id: uuid.UUID, now: datetime, plan: MigrationPlan = PLAN
) -> uuid.UUID:
    """Store the plan for the workers, as `POST /journeys/{id}/migrations` does."""
    async with resources.sessions.begin() as db:
        created = await migrations.create(
            db, actor=Actor(user_id), journey_id=JOURNEY_ID, plan=plan, now=now
        )
    return created.id


class Outcome(msgspec.Struct, frozen=True):
    status: str
    moved: int
    on_v1: int
    on_v2_at_new: int
    # Enrollments with more than one move step, or none.
    moved_twice: int
    not_moved: int
    timers_kept: int


async def outcome(resources: Resources, migration_id: uuid.UUID, wake: datetime) -> Outcome:
    """What a migration of the seeded journey left, read from the tables themselves."""
    async with resources.engine.connect() as db:
        row = (
            await db.execute(
                text(
                    "SELECT m.status, m.moved,"
                    " (SELECT count(*) FROM enrollments WHERE journey_id = :j AND version = 1),"
                    " (SELECT count(*) FROM enrollments WHERE journey_id = :j AND version = 2"
                    '  AND state @> \'{"tokens": [{"node_id": "w-new"}]}\'),'
                    " (SELECT count(*) FROM (SELECT enrollment_id FROM journey_steps"
                    "  WHERE cause = :c AND seq = 0 GROUP BY enrollment_id"
                    "  HAVING count(*) > 1) d),"
                    " (SELECT count(*) FROM enrollments e WHERE e.journey_id = :j AND NOT EXISTS"
                    "  (SELECT 1 FROM journey_steps s WHERE s.enrollment_id = e.id"
                    "  AND s.cause = :c)),"
                    " (SELECT count(*) FROM enrollment_timers t JOIN enrollments e"
                    "  ON e.id = t.enrollment_id WHERE e.journey_id = :j AND e.version = 2"
                    "  AND t.wake_at = :w)"
                    " FROM journey_migrations m WHERE m.id = :m"
                ),
                {"j": JOURNEY_ID, "m": migration_id, "c": f"migration:{migration_id}", "w": wake},
            )
        ).one()
    return Outcome(*row)
