"""Validate a journey: every problem at once, each tied to its node, edge or field.

`validate` checks a decoded definition; `validate_document` starts from raw JSON (an
import, an autosave) and also reports what does not decode, node by node. Neither ever
raises: a broken journey is an answer, not an exception.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, Final

import msgspec

from app.engine.actions import CreateJob, EmitEvent, Webhook
from app.engine.catalog import Catalog, knows
from app.engine.conditions import ConditionGroup, EventPropertyRule, check_group
from app.engine.decode_errors import explain, readable
from app.engine.definition import (
    KINDS,
    MAX_NODES,
    TRIGGER_TYPES,
    Edge,
    JourneyDefinition,
    JourneySettings,
    Node,
)
from app.engine.exits import exits
from app.engine.flow import Join, WaitDuration, WaitForEvent, WaitUntilDate, WaitUntilTime
from app.engine.graph import GraphEdge, GraphNode, check_graph
from app.engine.problems import Problem, ProblemCode, Severity
from app.engine.references import Reference, condition_references, rules_with_paths
from app.engine.templates_check import render_problems, unknown_names
from app.engine.triggers import EventTrigger, JobStatusTrigger
from app.templating.render import RenderError

# Steps where a contact waits for time to pass (or for staff): they break loops.
# A webhook step waits for its call's answer, which comes after a commit.
BLOCKING: Final = (WaitDuration, WaitUntilDate, WaitUntilTime, WaitForEvent, CreateJob, Webhook)

_UNKNOWN: Final[dict[str, tuple[ProblemCode, str]]] = {
    "queue": ("unknown_queue", "There is no queue named “{name}”."),
    "email_template": ("unknown_email_template", "There is no email template “{name}”."),
    "sms_template": ("unknown_sms_template", "There is no SMS template “{name}”."),
    "letter_template": ("unknown_letter_template", "There is no letter template “{name}”."),
    "job_type": ("unknown_job_type", "There is no job type “{name}”."),
    "segment": ("unknown_segment", "There is no segment “{name}”."),
    "event": ("unknown_event", "No event “{name}” has been received yet: check the spelling."),
}
_TOP_LEVEL: Final = frozenset({"nodes", "edges", "settings"})


def validate(definition: JourneyDefinition, catalog: Catalog) -> list[Problem]:
    """Every problem of a definition (empty when it can be published)."""
    nodes: list[Node] = []
    broken: list[GraphNode] = []
    problems: list[Problem] = []
    for node in definition.nodes:
        # Structs built in code skip decode-time constraints: check them the same way.
        try:
            nodes.append(msgspec.convert(msgspec.to_builtins(node), Node))
        except (msgspec.ValidationError, TypeError, ValueError) as error:
            problems.append(_config_problem(node.id, node.label, error))
            broken.append(_opaque(node.id, node.label, type(node) in TRIGGER_TYPES))
    problems.extend(_validate(nodes, definition.edges, definition.settings, catalog, broken))
    return problems


def validate_document(
    raw: bytes | str | Mapping[str, Any], catalog: Catalog
) -> tuple[JourneyDefinition | None, list[Problem]]:
    """Decode and validate raw JSON; the definition is None when any part did not decode."""
    document: object = raw
    if isinstance(raw, bytes | str):
        try:
            document = msgspec.json.decode(raw)
        except msgspec.DecodeError as error:
            return None, [Problem("invalid_document", f"This is not valid JSON ({error}).")]
    if not isinstance(document, Mapping):
        return None, [Problem("invalid_document", "A journey must be a JSON object.")]
    problems = [
        Problem("invalid_document", f"“{key}” is not part of a journey.", field=str(key))
        for key in document
        if key not in _TOP_LEVEL
    ]
    nodes, broken = _decode_nodes(document.get("nodes", []), problems)
    edges = _decode_edges(document.get("edges", []), problems)
    settings = JourneySettings()
    try:
        settings = msgspec.convert(document.get("settings", {}), JourneySettings)
    except msgspec.ValidationError as error:
        where, text = explain(error)
        problems.append(Problem("invalid_config", f"Journey settings: {text}.", field=where))
    decoded = not problems
    problems.extend(_validate(nodes, edges, settings, catalog, broken))
    definition = JourneyDefinition(nodes=nodes, edges=edges, settings=settings)
    return (definition if decoded else None), problems


def events_used(nodes: Iterable[Node]) -> set[str]:
    """The event names the nodes start on or wait for (their event references)."""
    return {ref.name for node in nodes for ref in node.references() if ref.kind == "event"}


def document_events(raw: Mapping[str, Any]) -> set[str]:
    """The event names a raw document's decodable steps start on or wait for: what the
    catalog must describe (their properties) before the document is validated."""
    nodes = raw.get("nodes")
    decoded: list[Node] = []
    for item in nodes if isinstance(nodes, list) else []:
        try:
            decoded.append(msgspec.convert(item, Node))
        except (msgspec.ValidationError, TypeError, ValueError):
            continue
    return events_used(decoded)


def _validate(
    nodes: list[Node],
    edges: Iterable[Edge],
    settings: JourneySettings,
    catalog: Catalog,
    broken: list[GraphNode],
) -> list[Problem]:
    problems: list[Problem] = []
    if len(nodes) + len(broken) > MAX_NODES:
        problems.append(
            Problem(
                "too_many_nodes",
                f"A journey can have at most {MAX_NODES:,} steps: split it into several.",
            )
        )
    emitted = {n.config.event_name for n in nodes if isinstance(n, EmitEvent)}
    for node in nodes:
        problems.extend(_node_problems(node, catalog, emitted))
    problems.extend(_property_problems(nodes, settings, catalog, has_opaque=bool(broken)))
    graph_nodes = [*(_graph_node(node, catalog) for node in nodes), *broken]
    graph_edges = [
        GraphEdge(e.id, e.source, e.source_handle, e.target, index) for index, e in enumerate(edges)
    ]
    problems.extend(check_graph(graph_nodes, graph_edges))
    problems.extend(_settings_problems(settings, catalog, emitted))
    return problems


def _node_problems(node: Node, catalog: Catalog, emitted: set[str]) -> list[Problem]:
    problems = [
        Problem("invalid_config", f"{_name(node.id, node.label)}: {text}", node_id=node.id, field=f)
        for f, text in node.config_problems()
    ]
    if isinstance(node, JobStatusTrigger) and node.config.outcome is not None:
        outcomes = catalog.job_types.get(node.config.job_type)
        if outcomes is not None and node.config.outcome not in outcomes:
            problems.append(
                Problem(
                    "unknown_job_outcome",
                    f"The job type “{node.config.job_type}” has no outcome "
                    f"“{node.config.outcome}” (its outcomes: {', '.join(outcomes)}).",
                    node_id=node.id,
                    field="config.outcome",
                )
            )
    problems.extend(
        _reference_problem(ref, node_id=node.id)
        for ref in node.references()
        if not (knows(catalog, ref) or (ref.kind == "event" and ref.name in emitted))
    )
    for where, error in render_problems(node):
        problems.append(
            Problem(
                _TEMPLATE_CODES[error.kind],
                f"{_name(node.id, node.label)}: {_TEMPLATE_WHY[error.kind]} ({_at(error)}).",
                node_id=node.id,
                field=where,
            )
        )
    for where, text in node.texts():
        for name in unknown_names(text):
            problems.append(
                Problem(
                    "template_variable",
                    f"{_name(node.id, node.label)}: “{name}” is not something a message can "
                    "use; use contact.…, event.…, object.… or journey.… (for example "
                    f"journey.{name}).",
                    node_id=node.id,
                    field=where,
                )
            )
    return problems


_TEMPLATE_CODES: Final[dict[str, ProblemCode]] = {
    "syntax": "template_syntax",
    "limit": "template_limit",
    "forbidden": "template_forbidden",
    "data": "template_syntax",  # never: data problems are left to sending
}
_TEMPLATE_WHY: Final = {
    "syntax": "the text does not compile",
    "limit": "the text cannot be rendered within the limits",
    "forbidden": "the text uses something templates may not",
    "data": "the text does not render",
}


def _at(error: RenderError) -> str:
    return f"line {error.line}: {error.message}" if error.line else error.message


def _settings_problems(
    settings: JourneySettings, catalog: Catalog, emitted: set[str]
) -> list[Problem]:
    refs = [
        Reference("event", name, f"settings.exit_criteria.goal_events[{index}]")
        for index, name in enumerate(settings.exit_criteria.goal_events)
    ]
    refs.extend(
        condition_references(settings.exit_criteria.condition, "settings.exit_criteria.condition")
    )
    problems = [
        _reference_problem(ref)
        for ref in refs
        if not (knows(catalog, ref) or (ref.kind == "event" and ref.name in emitted))
    ]
    if settings.exit_criteria.condition is not None:
        problems.extend(
            Problem("invalid_config", f"Exit criteria: {text}", field=where)
            for where, text in check_group(
                settings.exit_criteria.condition, "settings.exit_criteria.condition"
            )
        )
    return problems


def _property_problems(
    nodes: list[Node], settings: JourneySettings, catalog: Catalog, *, has_opaque: bool
) -> list[Problem]:
    """Warnings for event properties no event seen so far has carried (a typo, or a path
    written differently from how the events nest it). Unknown events are not checked."""
    problems: list[Problem] = []
    # What later steps' conditions see is the event the journey started on or last waited
    # for: only known when every trigger is an event trigger.
    journey_events: set[str] | None = events_used(nodes)
    if has_opaque or not all(
        isinstance(node, EventTrigger) for node in nodes if isinstance(node, TRIGGER_TYPES)
    ):
        journey_events = None
    for node in nodes:
        # A filter reads the event its step hears; a branch, the journey's event.
        events = (
            {node.config.event_name}
            if isinstance(node, EventTrigger | WaitForEvent)
            else journey_events
        )
        for where, group in node.conditions():
            problems.extend(_unknown_properties(group, where, events, catalog, node.id))
    problems.extend(
        _unknown_properties(
            settings.exit_criteria.condition,
            "settings.exit_criteria.condition",
            journey_events,
            catalog,
            None,
        )
    )
    return problems


def _unknown_properties(
    group: ConditionGroup | None,
    where: str,
    events: set[str] | None,
    catalog: Catalog,
    node_id: str | None,
) -> list[Problem]:
    if group is None or not events or any(e not in catalog.event_properties for e in events):
        return []
    carried = set().union(*(catalog.event_properties[e] for e in events))
    names = " or ".join(f"“{e}”" for e in sorted(events))
    problems = []
    for path, rule in rules_with_paths(group, where):
        if not isinstance(rule, EventPropertyRule) or rule.property in carried:
            continue
        tops = sorted(p for p in carried if "." not in p)
        shown = ", ".join(tops[:8]) + (", …" if len(tops) > 8 else "") if tops else "none"
        problems.append(
            Problem(
                "unknown_event_property",
                f"No {names} event received so far has the property “{rule.property}” (their "
                f"properties: {shown}): check the spelling and how it is nested.",
                severity="warning",
                node_id=node_id,
                field=f"{path}.property",
            )
        )
    return problems


def _reference_problem(ref: Reference, node_id: str | None = None) -> Problem:
    code, text = _UNKNOWN[ref.kind]
    severity: Severity = "warning" if ref.kind == "event" else "error"
    return Problem(
        code, text.format(name=ref.name), severity=severity, node_id=node_id, field=ref.field
    )


def _graph_node(node: Node, catalog: Catalog) -> GraphNode:
    known_job = not isinstance(node, CreateJob) or node.config.job_type in catalog.job_types
    return GraphNode(
        id=node.id,
        label=node.label,
        # A job node of an unknown type: its exits are unknown too (already reported).
        exits=tuple(exits(node, catalog)) if known_job else None,
        is_trigger=isinstance(node, TRIGGER_TYPES),
        blocks=isinstance(node, BLOCKING),
        is_join=isinstance(node, Join),
    )


def _opaque(node_id: str, label: str, is_trigger: bool) -> GraphNode:
    # A node that did not decode: no exit checks, and it counts as a wait so a loop
    # through it is not blamed on it.
    return GraphNode(node_id, label, exits=None, is_trigger=is_trigger, blocks=True)


def _decode_nodes(raw: object, problems: list[Problem]) -> tuple[list[Node], list[GraphNode]]:
    if not isinstance(raw, list):
        problems.append(Problem("invalid_document", "“nodes” must be a list.", field="nodes"))
        return [], []
    nodes: list[Node] = []
    broken: list[GraphNode] = []
    for index, item in enumerate(raw):
        if not isinstance(item, Mapping):
            problems.append(
                Problem("invalid_document", "This step is not an object.", field=f"nodes[{index}]")
            )
            continue
        node_id = item.get("id") if isinstance(item.get("id"), str) else None
        raw_label = item.get("label")
        label = raw_label if isinstance(raw_label, str) else ""
        kind = item.get("kind")
        if not isinstance(kind, str) or kind not in KINDS:
            what = f"“{kind}” is not a kind of step" if isinstance(kind, str) else "it has no kind"
            problems.append(
                Problem(
                    "unknown_kind",
                    f"{_name(node_id, label)}: {what} Waymark knows.",
                    node_id=node_id,
                    field=f"nodes[{index}].kind",
                )
            )
        else:
            try:
                nodes.append(msgspec.convert(item, Node))
                continue
            except msgspec.ValidationError as error:
                problems.append(_config_problem(node_id, label, error, index))
        if node_id is not None:
            broken.append(_opaque(node_id, label, str(kind).startswith("trigger.")))
    return nodes, broken


def _decode_edges(raw: object, problems: list[Problem]) -> list[Edge]:
    if not isinstance(raw, list):
        problems.append(Problem("invalid_document", "“edges” must be a list.", field="edges"))
        return []
    edges: list[Edge] = []
    for index, item in enumerate(raw):
        try:
            edges.append(msgspec.convert(item, Edge))
        except msgspec.ValidationError as error:
            where, text = explain(error)
            raw_id = item.get("id") if isinstance(item, Mapping) else None
            problems.append(
                Problem(
                    "invalid_document",
                    f"A connection is broken: {readable(where) or 'it'} {text}.",
                    edge_id=raw_id if isinstance(raw_id, str) else None,
                    field=f"edges[{index}]{'.' + where if where else ''}",
                )
            )
    return edges


def _config_problem(
    node_id: str | None, label: str, error: Exception, index: int | None = None
) -> Problem:
    where, text = explain(error)
    field = where if index is None or node_id is not None else f"nodes[{index}].{where}"
    subject = f"{readable(where)} " if readable(where) else ""
    return Problem(
        "invalid_config",
        f"{_name(node_id, label)}: {subject}{text}.",
        node_id=node_id,
        field=field or None,
    )


def _name(node_id: str | None, label: str) -> str:
    if label.strip():
        return f"“{label}”"
    return f"Step {node_id}" if node_id is not None else "A step"
