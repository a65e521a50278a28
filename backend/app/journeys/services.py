"""Journeys: drafts with optimistic locking, publishing immutable versions, status changes.

Every change writes its audit entry in the caller's transaction; every refusal leaves the
database as it was. Reading, import/export and templates live in `documents.py`.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from datetime import datetime
from typing import Any, Final

import msgspec
from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from app.auth import audit
from app.auth.principal import Actor
from app.engine.definition import JourneyDefinition
from app.engine.problems import Problem, has_errors
from app.journeys import catalog, views
from app.journeys.models import Journey as JourneyRow
from app.journeys.models import JourneyVersion as VersionRow
from app.journeys.schemas import (
    DraftSave,
    Journey,
    JourneyStatus,
    JourneySummary,
    JourneyVersion,
    PublishRequest,
)
from app.lib.problems import (
    ConflictError,
    FieldError,
    InvalidInputError,
    NotFoundError,
    UnprocessableError,
)

TARGET: Final = "journey"
STALE = "Someone else saved this journey since you opened it."
ARCHIVED = "This journey is archived, so it is read-only. Duplicate it to work on a copy."


def stored(definition: JourneyDefinition) -> dict[str, Any]:
    """A definition as the JSONB column holds it."""
    result: dict[str, Any] = msgspec.to_builtins(definition)
    return result


async def decode(
    db: AsyncSession, raw: Mapping[str, Any]
) -> tuple[JourneyDefinition, list[Problem]]:
    """Decode and validate a definition as sent; 400 with per-part errors when it does not
    decode (nothing is saved then)."""
    definition, problems = await catalog.check_document(db, raw)
    if definition is None:
        errors = [FieldError(_where(p, raw), p.message) for p in problems if p.severity == "error"]
        shown = "; ".join(f"{e.field}: {e.message}" for e in errors[:3])
        more = f" (and {len(errors) - 3} more)" if len(errors) > 3 else ""
        raise InvalidInputError(
            f"The journey could not be read: {shown}{more}",
            errors=errors,
            extensions={"problems": problems},
        )
    return definition, problems


def _where(problem: Problem, raw: Mapping[str, Any]) -> str:
    """The problem's place in the sent document, e.g. `nodes[3].config.delay` or
    `edges[2].target` (a connection's problem is the connection's, not its step's)."""
    field = problem.field or ""
    if field.startswith(("nodes[", "edges[", "nodes", "edges", "settings")):
        return field
    edges = raw.get("edges")
    if problem.edge_id is not None and isinstance(edges, list):
        for index, edge in enumerate(edges):
            if isinstance(edge, Mapping) and edge.get("id") == problem.edge_id:
                return f"edges[{index}].{field}" if field else f"edges[{index}]"
    nodes = raw.get("nodes")
    if problem.node_id is not None and isinstance(nodes, list):
        for index, node in enumerate(nodes):
            if isinstance(node, Mapping) and node.get("id") == problem.node_id:
                return f"nodes[{index}].{field}" if field else f"nodes[{index}]"
    return field or "definition"


def _audited(actor: Actor | None, changes: dict[str, Any]) -> dict[str, Any]:
    return actor.audited(changes) if actor else changes


async def _row(db: AsyncSession, journey_id: uuid.UUID, *, lock: bool = False) -> JourneyRow:
    query = select(JourneyRow).where(JourneyRow.id == journey_id)
    row = await db.scalar(query.with_for_update() if lock else query)
    if row is None:
        raise NotFoundError(f"There is no journey {journey_id}.")
    return row


async def get_row(db: AsyncSession, journey_id: uuid.UUID) -> JourneyRow:
    return await _row(db, journey_id)


async def insert(
    db: AsyncSession,
    *,
    actor: Actor | None,
    name: str,
    description: str,
    definition: JourneyDefinition,
    problems: list[Problem],
    now: datetime,
    action: str = "journey.created",
    origin: Mapping[str, Any] | None = None,
) -> Journey:
    actor_id = actor.user_id if actor else None
    row = JourneyRow(
        name=name,
        description=description,
        status="draft",
        definition=stored(definition),
        draft_revision=1,
        created_at=now,
        created_by=actor_id,
        updated_at=now,
        updated_by=actor_id,
    )
    db.add(row)
    await db.flush()
    await audit.record(
        db,
        actor_id=actor_id,
        action=action,
        target_type=TARGET,
        target_id=row.id,
        changes=_audited(actor, audit.created({"name": name, "status": "draft", **(origin or {})})),
        at=now,
    )
    return await views.journey(db, row, definition, problems)


async def save_draft(
    db: AsyncSession, *, actor: Actor, journey_id: uuid.UUID, data: DraftSave, now: datetime
) -> Journey:
    definition, problems = await decode(db, data.definition)
    values: dict[str, Any] = {
        "definition": stored(definition),
        "draft_revision": JourneyRow.draft_revision + 1,
        "updated_at": now,
        "updated_by": actor.user_id,
    }
    if data.name is not None:
        values["name"] = data.name
    if data.description is not None:
        values["description"] = data.description
    # One conditional UPDATE: of two saves from the same revision, exactly one matches.
    row = await db.scalar(
        update(JourneyRow)
        .where(
            JourneyRow.id == journey_id,
            JourneyRow.draft_revision == data.revision,
            JourneyRow.status != "archived",
        )
        .values(**values)
        .returning(JourneyRow)
        .execution_options(populate_existing=True)
    )
    if row is None:
        await _refuse_save(db, journey_id, data.revision)
    assert row is not None
    changes: dict[str, Any] = {"draft_revision": {"from": data.revision, "to": row.draft_revision}}
    for field in ("name", "description"):
        if getattr(data, field) is not None:
            changes[field] = {"to": getattr(data, field)}
    await audit.record(
        db,
        actor_id=actor.user_id,
        action="journey.draft_saved",
        target_type=TARGET,
        target_id=journey_id,
        changes=actor.audited(changes),
        at=now,
    )
    return await views.journey(db, row, definition, problems)


async def _refuse_save(db: AsyncSession, journey_id: uuid.UUID, revision: int) -> None:
    row = await _row(db, journey_id)
    if row.status == "archived":
        raise ConflictError(ARCHIVED)
    raise await _stale(db, row, revision)


async def _stale(db: AsyncSession, row: JourneyRow, revision: int) -> ConflictError:
    people = await views.people(db, [row.updated_by])
    by = people.get(row.updated_by) if row.updated_by else None
    who = f" ({by.name})" if by is not None else ""
    return ConflictError(
        f"{STALE[:-1]}{who}: you have revision {revision}, the journey is at revision "
        f"{row.draft_revision}. Reload it to see their changes; yours were not saved.",
        extensions={"current_revision": row.draft_revision, "updated_by": by},
    )


async def publish(
    db: AsyncSession,
    *,
    actor: Actor,
    journey_id: uuid.UUID,
    data: PublishRequest,
    now: datetime,
) -> JourneyVersion:
    # Locked, so two publishes of one journey take turns (the version number is max + 1).
    row = await _row(db, journey_id, lock=True)
    if row.status == "archived":
        raise ConflictError(ARCHIVED)
    if row.draft_revision != data.revision:
        raise await _stale(db, row, data.revision)
    definition = msgspec.convert(row.definition, JourneyDefinition)
    problems = await catalog.check(db, definition)
    if has_errors(problems):
        count = sum(p.severity == "error" for p in problems)
        raise UnprocessableError(
            f"This journey has {count} problem{'s' if count != 1 else ''} to fix before it "
            "can be published.",
            extensions={"problems": problems},
        )
    latest = await db.scalar(
        select(func.max(VersionRow.version)).where(VersionRow.journey_id == journey_id)
    )
    version = VersionRow(
        journey_id=journey_id,
        version=(latest or 0) + 1,
        definition=row.definition,
        published_at=now,
        published_by=actor.user_id,
        note=data.note,
    )
    db.add(version)
    before = row.status
    row.status = "paused" if row.status == "paused" else "active"
    row.published_version = version.version
    row.published_revision = row.draft_revision
    row.updated_at, row.updated_by = now, actor.user_id
    await db.flush()
    await audit.record(
        db,
        actor_id=actor.user_id,
        action="journey.published",
        target_type=TARGET,
        target_id=journey_id,
        changes=actor.audited(
            {
                "published_version": {"from": latest, "to": version.version},
                **audit.diff({"status": before}, {"status": row.status}),
            }
        ),
        at=now,
    )
    return (await views.versions(db, [version]))[0]


# action -> (statuses it may start from, status it leads to, audit action, why it is
# refused from each other status)
_TRANSITIONS: Final[dict[str, tuple[frozenset[str], JourneyStatus, str, dict[str, str]]]] = {
    "pause": (
        frozenset({"active"}),
        "paused",
        "journey.paused",
        {
            "draft": "This journey has never been published, so it is not running: "
            "there is nothing to pause.",
            "paused": "This journey is already paused.",
            "archived": ARCHIVED,
        },
    ),
    "resume": (
        frozenset({"paused"}),
        "active",
        "journey.resumed",
        {
            "draft": "This journey has never been published: publish it to start it.",
            "active": "This journey is already running.",
            "archived": ARCHIVED,
        },
    ),
    "archive": (
        frozenset({"draft", "active", "paused"}),
        "archived",
        "journey.archived",
        {"archived": "This journey is already archived."},
    ),
}


async def transition(
    db: AsyncSession, *, actor: Actor, journey_id: uuid.UUID, action: str, now: datetime
) -> JourneySummary:
    allowed, to, audit_action, refusals = _TRANSITIONS[action]
    before = await _row(db, journey_id, lock=True)
    if before.status not in allowed:
        raise ConflictError(refusals[before.status])
    previous = before.status
    before.status, before.updated_at, before.updated_by = to, now, actor.user_id
    await db.flush()
    await audit.record(
        db,
        actor_id=actor.user_id,
        action=audit_action,
        target_type=TARGET,
        target_id=journey_id,
        changes=actor.audited(audit.diff({"status": previous}, {"status": to})),
        at=now,
    )
    return (await views.summaries(db, [before]))[0]
