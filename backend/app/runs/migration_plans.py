"""Migration plans: what one proposes, whether one can be applied, and its dry run.

A plan moves the running contacts of a journey's older versions to its published version
(app.engine.migration says what happens to one enrollment). Checking a plan refuses it
whole, naming the mapping at fault: 422 for a mapping that cannot work (no such step, a
trigger as target, a due time kept at a step that waits differently), 409 when the
journey moved on (a newer version was published since the plan was made, or another
migration is still being applied).
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final, get_args

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from app.engine.definition import JourneyDefinition, Node
from app.engine.diff import StepRef, diff_definitions
from app.engine.migration import (
    FinishOnOld,
    LeaveJourney,
    MoveTo,
    StepFate,
    TimerChoice,
    can_keep,
    waits_as,
)
from app.engine.triggers import TriggerNode
from app.journeys.models import Journey
from app.journeys.versions import definition_of
from app.lib.problems import ConflictError, FieldError, NotFoundError, UnprocessableError
from app.runs.schemas import (
    DryRun,
    MappingCount,
    MigrationPlan,
    PlanProposal,
    StepMapping,
    WaitingStep,
)

LIVE: Final = ("active", "paused")
_TRIGGERS: Final = get_args(TriggerNode)


def _name(node: Node) -> str:
    return f"“{node.label or node.id}”"


def _kind(node: Node) -> str:
    return str(node.__struct_config__.tag)


def fate_of(mapping: StepMapping) -> StepFate:
    match mapping.action:
        case "move":
            return MoveTo(target=mapping.target or "", timers=mapping.timers)
        case "finish":
            return FinishOnOld()
        case "leave":
            return LeaveJourney()


async def _journey(db: AsyncSession, journey_id: uuid.UUID) -> Journey:
    row = await db.get(Journey, journey_id)
    if row is None:
        raise NotFoundError(f"There is no journey {journey_id}.")
    return row


async def _older_versions(db: AsyncSession, journey_id: uuid.UUID, to_version: int) -> list[int]:
    """Older versions with contacts running on them, oldest first."""
    rows = await db.scalars(
        text(
            "SELECT DISTINCT version FROM enrollments WHERE journey_id = :j AND version < :to"
            " AND status IN ('active', 'paused') ORDER BY version"
        ),
        {"j": journey_id, "to": to_version},
    )
    return list(rows)


async def waiting_counts(
    db: AsyncSession, journey_id: uuid.UUID, to_version: int
) -> dict[tuple[int, str], int]:
    """(version, step) -> running enrollments with a path at that step, older versions."""
    rows = await db.execute(
        text(
            "SELECT e.version, t.value->>'node_id' AS node_id, count(DISTINCT e.id)"
            " FROM enrollments e, jsonb_array_elements(e.state->'tokens') t"
            " WHERE e.journey_id = :j AND e.version < :to AND e.status IN ('active', 'paused')"
            " GROUP BY 1, 2"
        ),
        {"j": journey_id, "to": to_version},
    )
    return {(version, node_id): count for version, node_id, count in rows}


def _proposed(version: int, node: Node, new: dict[str, Node]) -> StepMapping:
    """Same step id when the new version has it (keeping the due time when it waits the
    same way), else finish on the old version."""
    same = new.get(node.id)
    if same is None or isinstance(same, _TRIGGERS):
        return StepMapping(version=version, node_id=node.id, action="finish")
    timers: TimerChoice = "keep" if can_keep(node, same) else "restart"
    return StepMapping(
        version=version, node_id=node.id, action="move", target=same.id, timers=timers
    )


async def propose(db: AsyncSession, journey_id: uuid.UUID) -> PlanProposal:
    journey = await _journey(db, journey_id)
    to_version = journey.published_version
    if to_version is None:
        raise ConflictError("This journey has never been published: nobody runs on it yet.")
    new_definition = await definition_of(db, journey_id, to_version)
    assert new_definition is not None  # the published version exists
    new = {node.id: node for node in new_definition.nodes}
    counts = await waiting_counts(db, journey_id, to_version)
    steps: list[WaitingStep] = []
    for version in await _older_versions(db, journey_id, to_version):
        old = await definition_of(db, journey_id, version)
        if old is None:
            continue
        for node in old.nodes:
            # Every step where a path can wait, and any other one where one waits now.
            waiting = counts.get((version, node.id), 0)
            if waits_as(node) is None and not waiting:
                continue
            steps.append(
                WaitingStep(
                    version=version,
                    node_id=node.id,
                    label=node.label,
                    kind=_kind(node),
                    waiting=waiting,
                    in_new_version=node.id in new,
                    proposed=_proposed(version, node, new),
                    keepable=[n.id for n in new_definition.nodes if can_keep(node, n)],
                )
            )
    running = await db.scalar(
        text(
            "SELECT count(*) FROM enrollments WHERE journey_id = :j AND version < :to"
            " AND status IN ('active', 'paused')"
        ),
        {"j": journey_id, "to": to_version},
    )
    active = await db.scalar(
        text(
            "SELECT id FROM journey_migrations WHERE journey_id = :j"
            " AND status IN ('queued', 'running')"
        ),
        {"j": journey_id},
    )
    targets = [
        StepRef(node.id, node.label, _kind(node))
        for node in new_definition.nodes
        if not isinstance(node, _TRIGGERS)
    ]
    return PlanProposal(
        to_version=to_version,
        running=running or 0,
        steps=steps,
        targets=targets,
        active_migration=active,
    )


@dataclass(frozen=True, slots=True)
class CheckedPlan:
    journey: Journey
    new: JourneyDefinition
    # version -> its definition, and its step fates by step id.
    old: dict[int, JourneyDefinition]
    fates: dict[int, dict[str, StepFate]]


def _refuse(errors: list[FieldError]) -> UnprocessableError:
    first = errors[0]
    more = f" ({len(errors) - 1} more below)" if len(errors) > 1 else ""
    return UnprocessableError(
        f"This plan cannot be applied: {first.field}: {first.message}{more}", errors=errors
    )


async def check(db: AsyncSession, journey_id: uuid.UUID, plan: MigrationPlan) -> CheckedPlan:
    """The plan as it can be applied now, or the refusal naming the mapping at fault."""
    journey = await _journey(db, journey_id)
    published = journey.published_version
    if published is None:
        raise ConflictError("This journey has never been published: nobody runs on it yet.")
    if plan.to_version > published:
        raise UnprocessableError(
            f"There is no version {plan.to_version}: version {published} is the newest.",
            errors=[FieldError("to_version", f"version {published} is the newest")],
        )
    new = await definition_of(db, journey_id, plan.to_version)
    if new is None:
        raise UnprocessableError(
            f"There is no version {plan.to_version} of this journey.",
            errors=[FieldError("to_version", "no such version")],
        )
    if plan.to_version != published:
        raise await _stale(db, journey_id, plan, new, published)
    new_nodes = {node.id: node for node in new.nodes}
    errors: list[FieldError] = []
    old: dict[int, JourneyDefinition] = {}
    fates: dict[int, dict[str, StepFate]] = {}
    for index, mapping in enumerate(plan.mappings):
        at = f"mappings[{index}]"
        if mapping.version >= plan.to_version:
            errors.append(
                FieldError(
                    f"{at}.version",
                    f"version {mapping.version} is not older than version {plan.to_version}",
                )
            )
            continue
        if mapping.version not in old:
            found = await definition_of(db, journey_id, mapping.version)
            if found is None:
                errors.append(FieldError(f"{at}.version", f"there is no version {mapping.version}"))
                continue
            old[mapping.version] = found
        source = next((n for n in old[mapping.version].nodes if n.id == mapping.node_id), None)
        if source is None:
            errors.append(
                FieldError(
                    f"{at}.node_id",
                    f"version {mapping.version} has no step “{mapping.node_id}”",
                )
            )
            continue
        by_step = fates.setdefault(mapping.version, {})
        if mapping.node_id in by_step:
            errors.append(
                FieldError(
                    f"{at}.node_id",
                    f"version {mapping.version} step {_name(source)} is mapped twice",
                )
            )
            continue
        problem = _target_problem(mapping, source, new_nodes)
        if problem is not None:
            errors.append(FieldError(f"{at}.{problem[0]}", problem[1]))
            continue
        by_step[mapping.node_id] = fate_of(mapping)
    if errors:
        raise _refuse(errors)
    return CheckedPlan(journey=journey, new=new, old=old, fates=fates)


def _target_problem(  # noqa: PLR0911 - one answer per thing that can be wrong
    mapping: StepMapping, source: Node, new_nodes: dict[str, Node]
) -> tuple[str, str] | None:
    where = f"version {mapping.version} step {_name(source)}"
    if mapping.action != "move":
        if mapping.target is not None:
            return "target", f"{where}: only a move has a target (this one is “{mapping.action}”)"
        return None
    if mapping.target is None:
        return "target", f"{where}: a move needs the step of the new version to move to"
    target = new_nodes.get(mapping.target)
    if target is None:
        return "target", f"{where}: the new version has no step “{mapping.target}”"
    if isinstance(target, _TRIGGERS):
        return "target", f"{where}: {_name(target)} is a trigger; contacts cannot wait there"
    if mapping.timers == "keep" and not can_keep(source, target):
        return (
            "timers",
            f"{where} cannot keep its due time at {_name(target)}, which waits differently "
            "(or not at all): choose “restart”",
        )
    return None


async def _stale(
    db: AsyncSession,
    journey_id: uuid.UUID,
    plan: MigrationPlan,
    planned: JourneyDefinition,
    published: int,
) -> ConflictError:
    """A newer version was published since the plan was made: name each mapping whose
    target is gone or changed in it."""
    newest = await definition_of(db, journey_id, published)
    assert newest is not None
    diff = diff_definitions(planned, newest)
    touched = {ref.node_id: "removed" for ref in diff.removed} | {
        change.node_id: "changed" for change in diff.changed
    }
    errors = [
        FieldError(
            f"mappings[{index}].target",
            f"step “{mapping.target}” was {touched[mapping.target]} in version {published}",
        )
        for index, mapping in enumerate(plan.mappings)
        if mapping.target is not None and mapping.target in touched
    ]
    return ConflictError(
        f"Version {published} was published after this plan was made for version "
        f"{plan.to_version}: nothing was moved. Make the plan again for version {published}.",
        errors=errors,
        extensions={"published_version": published},
    )


async def dry_run(db: AsyncSession, journey_id: uuid.UUID, plan: MigrationPlan) -> DryRun:
    """What applying the plan now would do, counted in the database (nothing changes)."""
    await check(db, journey_id, plan)
    counts = await waiting_counts(db, journey_id, plan.to_version)
    mappings = [
        MappingCount(
            version=m.version,
            node_id=m.node_id,
            action=m.action,
            target=m.target,
            waiting=counts.get((m.version, m.node_id), 0),
        )
        for m in plan.mappings
    ]
    outcome = await _outcomes(db, journey_id, plan.to_version, plan.mappings)
    return DryRun(
        to_version=plan.to_version,
        mappings=mappings,
        move=outcome.get("move", 0),
        stay=outcome.get("stay", 0) + outcome.get("unmapped", 0),
        leave=outcome.get("leave", 0),
        unmapped=outcome.get("unmapped", 0),
    )


async def _outcomes(
    db: AsyncSession, journey_id: uuid.UUID, to_version: int, mappings: Sequence[StepMapping]
) -> dict[str, int]:
    """Enrollments by what the plan does to them, as app.engine.migration.relocate
    decides it: any path leaving makes it leave; any path at a step finished on the old
    version (or not named) keeps it there; else it moves."""
    rows = await db.execute(
        text(
            "WITH m AS (SELECT * FROM unnest(CAST(:v AS int[]), CAST(:n AS text[]),"
            "  CAST(:a AS text[])) AS m(version, node_id, action)),"
            " t AS (SELECT e.id, m.action FROM enrollments e"
            "  CROSS JOIN LATERAL jsonb_array_elements(e.state->'tokens') tok"
            "  LEFT JOIN m ON m.version = e.version AND m.node_id = tok.value->>'node_id'"
            "  WHERE e.journey_id = :j AND e.version < :to"
            "  AND e.status IN ('active', 'paused')),"
            " o AS (SELECT id, CASE WHEN bool_or(action = 'leave') THEN 'leave'"
            "  WHEN bool_or(action IS NULL) THEN 'unmapped'"
            "  WHEN bool_or(action = 'finish') THEN 'stay' ELSE 'move' END AS outcome"
            "  FROM t GROUP BY id)"
            " SELECT outcome, count(*) FROM o GROUP BY outcome"
        ),
        {
            "j": journey_id,
            "to": to_version,
            "v": [m.version for m in mappings],
            "n": [m.node_id for m in mappings],
            "a": [m.action for m in mappings],
        },
    )
    return {str(outcome): int(count) for outcome, count in rows}
