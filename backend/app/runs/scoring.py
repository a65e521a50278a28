"""Scoring as the worker handles events: the points of every active rule that matches an
event are summed and the contact's score moves once, through the CRM's `change_score`,
so the move is a `contact.score_changed` event: score-threshold triggers start journeys
from it (see app.engine.triggers_match.score_change_of). Staff manage the rules
(app.automation.scoring).
"""

from __future__ import annotations

import uuid
from typing import Any, Final

import msgspec
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.automation.models import ScoreRule
from app.contacts import profile
from app.engine.conditions import ConditionGroup
from app.engine.evaluate import Scope, check
from app.engine.facts import Facts
from app.lib.unit_of_work import UnitOfWork

# A rule on the score's own change event would feed itself.
REFUSED_EVENTS: Final = frozenset({"contact.score_changed"})


def rule_condition(raw: Any) -> ConditionGroup | None:
    """A stored rule's condition; None when there is none, or it does not decode."""
    if raw is None:
        return None
    try:
        return msgspec.convert(raw, ConditionGroup)
    except msgspec.ValidationError:
        return None  # written by a later release: the rule is skipped, not half-read


# Event name -> (points, condition) of each active rule, in creation order.
ActiveRules = dict[str, list[tuple[int, ConditionGroup | None]]]


async def active_rules(session: AsyncSession) -> ActiveRules:
    """Every active rule by event name: read once per batch of events."""
    found: ActiveRules = {}
    rows = await session.execute(
        select(ScoreRule.event_name, ScoreRule.points, ScoreRule.condition)
        .where(ScoreRule.active.is_(True))
        .order_by(ScoreRule.created_at, ScoreRule.id)
    )
    for event_name, points, raw in rows:
        if event_name in REFUSED_EVENTS:
            continue
        condition = rule_condition(raw)
        if raw is not None and condition is None:
            continue  # written by a later release: skipped, not half-read
        found.setdefault(event_name, []).append((points, condition))
    return found


async def score_event(
    unit: UnitOfWork,
    rules: ActiveRules,
    *,
    contact_id: uuid.UUID,
    event_name: str,
    properties: dict[str, Any],
    facts: Facts,
) -> bool:
    """Apply the rules for this event to its contact; True when the score moved (its
    `contact.score_changed` event, origin `scoring`, is recorded in `unit`).

    Runs in the transaction that handles the event, which holds the contact's lock.
    """
    total = 0
    for points, condition in rules.get(event_name, ()):
        if condition is None or check(
            condition, Scope(facts=facts, now=unit.now, event=properties)
        ):
            total += points
    if total == 0:
        return False
    scoring = UnitOfWork(unit.session, unit.now, origin="scoring")
    await profile.change_score(scoring, contact_id, delta=total)
    unit.absorb(scoring)
    return scoring.events > 0
