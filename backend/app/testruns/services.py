"""Test runs: a journey (draft, version or unsaved definition) tried for one contact.

`run` reads (never writes) what a run needs — the definition, the catalog, a real
contact's facts — then replays the request's choices through `Simulation`. The caller
gives it a session it will not commit and the effects registry, whose `preview` faces
show what each step would do.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

import msgspec
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.contacts.models import Contact
from app.contacts.profile import SCORE_NAME
from app.effects.handlers import Handlers
from app.engine import decode_errors
from app.engine.actions import CreateJob
from app.engine.definition import TRIGGER_TYPES, JourneyDefinition, Node
from app.engine.facts import Facts
from app.engine.flow import RandomSplit
from app.engine.interpreter import Trial
from app.engine.stimuli import EventArrived
from app.engine.triggers import EventTrigger
from app.engine.triggers_match import trigger_matches
from app.jobs.models import JobType
from app.journeys.catalog import engine_catalog
from app.journeys.models import Journey, JourneyVersion
from app.lib.problems import NotFoundError
from app.runs.facts import contact_facts
from app.testruns.schemas import (
    ExistingContact,
    MadeUpContact,
    StartEvent,
    StepProblem,
    TestContact,
    TestRun,
    TestRunRequest,
    Waiting,
)
from app.testruns.simulation import Simulation, refuse

# The version number a draft runs as (versions start at 1).
DRAFT = 0


async def run(
    session: AsyncSession,
    handlers: Handlers,
    *,
    journey_id: uuid.UUID,
    data: TestRunRequest,
    now: datetime,
) -> TestRun:
    definition = await _definition(session, journey_id, data)
    _check_forced(definition, data.forced_branches)
    trigger = _trigger(definition, data.start)
    facts, contact_id = await _facts(session, data.contact, now)
    started_at = data.start.at or now
    event_name = data.start.event_name or _event_name(trigger)
    simulation = Simulation(
        session,
        handlers,
        definition=definition,
        catalog=await engine_catalog(session),
        facts=facts,
        contact_id=contact_id,
        trial=Trial(forced_branches=dict(data.forced_branches)),
        clock=started_at,
    )
    mismatch = _mismatch(trigger, event_name, data.start, journey_id, facts, started_at)
    await simulation.begin(
        str(journey_id), data.version or DRAFT, trigger, dict(data.start.properties)
    )
    if mismatch is not None and simulation.steps:
        first = simulation.steps[0]
        simulation.steps[0] = msgspec.structs.replace(first, problems=[*first.problems, mismatch])
    for index, choice in enumerate(data.choices):
        await simulation.choose(index, choice)
    state = simulation.state
    assert state is not None
    path: list[str] = []
    for step in simulation.steps:
        if step.node_id not in path:
            path.append(step.node_id)
    return TestRun(
        journey_id=journey_id,
        version=data.version,
        status=state.status,
        ended_reason=state.ended_reason,
        started_at=started_at,
        clock=simulation.clock,
        contact=_shown(simulation.facts),
        steps=simulation.steps,
        waiting=await _with_forms(session, definition, simulation.waiting()),
        path=path,
    )


async def journey_row(session: AsyncSession, journey_id: uuid.UUID) -> Journey:
    journey = await session.get(Journey, journey_id)
    if journey is None:
        raise NotFoundError("There is no journey with that id.")
    return journey


async def _definition(
    session: AsyncSession, journey_id: uuid.UUID, data: TestRunRequest
) -> JourneyDefinition:
    journey = await journey_row(session, journey_id)
    raw: dict[str, Any] = journey.definition
    if data.version is not None and data.definition is not None:
        raise refuse("definition", "give a definition to try or a version, not both.")
    if data.version is not None:
        version = await session.get(JourneyVersion, (journey_id, data.version))
        if version is None:
            raise NotFoundError(f"This journey has no published version {data.version}.")
        raw = version.definition
    elif data.definition is not None:
        raw = data.definition
    try:
        return msgspec.convert(raw, JourneyDefinition)
    except msgspec.ValidationError as error:
        path, sentence = decode_errors.explain(error)
        where = f"definition.{path}" if path and data.definition is not None else "definition"
        raise refuse(where, f"{path or 'it'} {sentence}".strip()) from error


def _check_forced(definition: JourneyDefinition, forced: dict[str, str]) -> None:
    nodes = {node.id: node for node in definition.nodes}
    for node_id, branch in forced.items():
        where = f"forced_branches.{node_id}"
        node = nodes.get(node_id)
        if not isinstance(node, RandomSplit):
            raise refuse(where, f"“{node_id}” is not a random split of this journey.")
        branches = [b.id for b in node.config.branches]
        if branch not in branches:
            raise refuse(where, f"“{branch}” is not a branch of it: " + ", ".join(branches))


def _trigger(definition: JourneyDefinition, start: StartEvent) -> Node:
    triggers: list[Node] = [node for node in definition.nodes if isinstance(node, TRIGGER_TYPES)]
    if start.trigger_node_id is None:
        if not triggers:
            raise refuse("start.trigger_node_id", "this journey has no trigger to start at.")
        return triggers[0]
    for node in triggers:
        if node.id == start.trigger_node_id:
            return node
    raise refuse(
        "start.trigger_node_id",
        f"“{start.trigger_node_id}” is not a trigger of this journey: "
        + (", ".join(node.id for node in triggers) or "it has none"),
    )


def _event_name(trigger: Node) -> str | None:
    return trigger.config.event_name if isinstance(trigger, EventTrigger) else None


def _mismatch(  # noqa: PLR0917 - each is one part of the start
    trigger: Node,
    event_name: str | None,
    start: StartEvent,
    journey_id: uuid.UUID,
    facts: Facts,
    at: datetime,
) -> StepProblem | None:
    """Whether the starting event would not have fired this (event) trigger live."""
    if not isinstance(trigger, EventTrigger):
        return None
    event = EventArrived(
        name=event_name or "",
        properties=dict(start.properties),
        occurred_at=at,
        source=trigger.config.sources[0] if trigger.config.sources else None,
    )
    if trigger_matches(trigger, str(journey_id), event, facts, at):
        return None
    why = (
        f"it listens for “{trigger.config.event_name}”, not “{event_name}”"
        if event_name != trigger.config.event_name
        else "the event's properties do not pass its filter"
    )
    return StepProblem("trigger_mismatch", f"This event would not start the journey: {why}.")


async def _facts(
    session: AsyncSession, contact: TestContact, now: datetime
) -> tuple[Facts, uuid.UUID | None]:
    match contact:
        case ExistingContact():
            if await session.get(Contact, contact.contact_id) is None:
                raise NotFoundError(
                    f"contact.contact_id: there is no contact {contact.contact_id}."
                )
            return await contact_facts(session, contact.contact_id, now=now), contact.contact_id
        case MadeUpContact():
            return made_up_facts(contact), None


def made_up_facts(contact: MadeUpContact) -> Facts:
    """A made-up contact's facts, shaped as `contact_facts` shapes a real one's."""
    name = str(contact.fields.get("name") or "")
    first, _, last = name.partition(" ")
    fields = {
        **contact.attributes,
        "attributes": dict(contact.attributes),
        "name": name,
        "first_name": first,
        "last_name": last,
        "score": contact.score,
        "tags": sorted(contact.tags),
        **contact.fields,
    }
    return Facts(
        contact=fields,
        tags=frozenset(contact.tags),
        scores={SCORE_NAME: contact.score},
        consent=dict(contact.consent),
        timezone=contact.timezone,
        objects={kind: dict(data) for kind, data in contact.objects.items()},
        segments=frozenset(contact.segments),
    )


async def _with_forms(
    session: AsyncSession, definition: JourneyDefinition, waiting: list[Waiting]
) -> list[Waiting]:
    """Each job it waits at, with its job type's form: the outcome's data is filled in it."""
    types = {
        node.id: node.config.job_type for node in definition.nodes if isinstance(node, CreateJob)
    }
    wanted = {types[w.node_id] for w in waiting if w.kind == "job" and w.node_id in types}
    if not wanted:
        return waiting
    rows = await session.execute(
        select(JobType.name, JobType.form_schema, JobType.ui_schema).where(JobType.name.in_(wanted))
    )
    forms = {name: (form, ui) for name, form, ui in rows}
    shown: list[Waiting] = []
    for held in waiting:
        form, ui = forms.get(types.get(held.node_id, ""), ({}, {}))
        shown.append(
            msgspec.structs.replace(held, form_schema=form, ui_schema=ui)
            if held.kind == "job"
            else held
        )
    return shown


def _shown(facts: Facts) -> dict[str, Any]:
    return {
        **facts.contact,
        "consent": dict(facts.consent),
        "objects": dict(facts.objects),
        "timezone": facts.timezone,
    }
