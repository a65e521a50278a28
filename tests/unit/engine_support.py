"""Helpers for the interpreter's tests: build small journeys, start and drive them."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import msgspec

from app.engine.definition import JourneyDefinition, JourneySettings
from app.engine.facts import Facts
from app.engine.interpreter import Outcome, advance, start
from app.engine.stimuli import Stimulus
from tests.unit.journey_samples import edge, journey, node

T0 = datetime(2025, 3, 3, 9, 0, tzinfo=UTC)  # a Monday


def flow(
    steps: list[tuple[str, str, dict[str, Any] | None]],
    links: list[tuple[str, str, str]],
    settings: dict[str, Any] | None = None,
) -> JourneyDefinition:
    """A journey from (kind, id, config) steps and (source, exit, target) links."""
    definition = journey(
        [node(kind, node_id, config) for kind, node_id, config in steps],
        [edge(source, handle, target) for source, handle, target in links],
    )
    if settings is not None:
        definition = msgspec.structs.replace(
            definition, settings=msgspec.convert(settings, JourneySettings)
        )
    return definition


def begin(
    definition: JourneyDefinition,
    facts: Facts | None = None,
    now: datetime = T0,
    event: dict[str, Any] | None = None,
    contact_id: str = "c1",
) -> Outcome:
    trigger = definition.nodes[0].id
    return start(
        definition,
        enrollment_id="e1",
        journey_id="j1",
        version=1,
        contact_id=contact_id,
        trigger_node_id=trigger,
        facts=facts or Facts(),
        now=now,
        event=event,
    )


def step(
    definition: JourneyDefinition,
    outcome: Outcome,
    stimulus: Stimulus,
    now: datetime,
    facts: Facts | None = None,
) -> Outcome:
    return advance(definition, outcome.state, stimulus, facts or Facts(), now)


def path(outcome: Outcome) -> list[tuple[str, str | None]]:
    """(node, exit) of every logged step."""
    return [(s.node_id, s.exit_taken) for s in outcome.steps]


def kinds(outcome: Outcome) -> list[str]:
    return [str(effect.__struct_config__.tag) for effect in outcome.effects]
