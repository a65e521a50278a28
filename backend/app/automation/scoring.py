"""Scoring rules, as staff manage them: points added (or removed) when an event is handled.

A rule names an event and, optionally, a condition (the journeys' condition data, over
`event.*` and the contact's facts). The worker applies them as it handles events
(app.runs.scoring).
"""

from __future__ import annotations

import uuid
from datetime import datetime

import msgspec
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.automation import schemas
from app.automation.models import ScoreRule
from app.engine.conditions import ConditionGroup, check_group
from app.lib.problems import FieldError, InvalidInputError, NotFoundError
from app.runs.scoring import REFUSED_EVENTS, rule_condition


def view(row: ScoreRule) -> schemas.ScoreRule:
    return schemas.ScoreRule(
        id=row.id,
        name=row.name,
        event_name=row.event_name,
        condition=rule_condition(row.condition),
        points=row.points,
        active=row.active,
        created_at=row.created_at,
        updated_at=row.updated_at,
    )


def _check(event_name: str, points: int, condition: ConditionGroup | None) -> None:
    errors: list[FieldError] = []
    if event_name in REFUSED_EVENTS:
        errors.append(
            FieldError(
                "event_name",
                f"A rule cannot score “{event_name}”: each score change would score again.",
            )
        )
    if points == 0:
        errors.append(FieldError("points", "A rule must add or remove at least one point."))
    if condition is not None:
        errors.extend(
            FieldError(path, message) for path, message in check_group(condition, "condition")
        )
    if errors:
        shown = "; ".join(f"{e.field}: {e.message}" for e in errors)
        raise InvalidInputError(f"The scoring rule cannot be saved: {shown}", errors=errors)


async def list_rules(session: AsyncSession) -> list[schemas.ScoreRule]:
    rows = await session.scalars(select(ScoreRule).order_by(ScoreRule.event_name, ScoreRule.name))
    return [view(row) for row in rows]


async def _row(session: AsyncSession, rule_id: uuid.UUID) -> ScoreRule:
    row = await session.get(ScoreRule, rule_id)
    if row is None:
        raise NotFoundError(f"There is no scoring rule {rule_id}.")
    return row


async def create_rule(
    session: AsyncSession,
    data: schemas.ScoreRuleCreate,
    *,
    actor_id: uuid.UUID | None,
    now: datetime,
) -> schemas.ScoreRule:
    _check(data.event_name, data.points, data.condition)
    row = ScoreRule(
        name=data.name,
        event_name=data.event_name,
        condition=msgspec.to_builtins(data.condition) if data.condition else None,
        points=data.points,
        active=data.active,
        created_by=actor_id,
        created_at=now,
        updated_at=now,
    )
    session.add(row)
    await session.flush()
    return view(row)


async def update_rule(
    session: AsyncSession, rule_id: uuid.UUID, data: schemas.ScoreRuleUpdate, *, now: datetime
) -> schemas.ScoreRule:
    row = await _row(session, rule_id)
    event_name = row.event_name if data.event_name is msgspec.UNSET else data.event_name
    points = row.points if data.points is msgspec.UNSET else data.points
    condition = rule_condition(row.condition) if data.condition is msgspec.UNSET else data.condition
    _check(event_name, points, condition)
    if data.name is not msgspec.UNSET:
        row.name = data.name
    if data.active is not msgspec.UNSET:
        row.active = data.active
    row.event_name, row.points = event_name, points
    row.condition = msgspec.to_builtins(condition) if condition else None
    row.updated_at = now
    await session.flush()
    return view(row)


async def delete_rule(session: AsyncSession, rule_id: uuid.UUID) -> None:
    await session.delete(await _row(session, rule_id))
