"""What changed between two versions of a journey: steps added, removed and changed, with
a field-level diff of each changed step (its label, kind, config and where its exits
lead; not its place on the canvas) and of the journey's settings.

Pure: two definitions in, a `GraphDiff` out. The publish dialog shows it (the draft
against the published version) and the migration plan reads which steps were removed.
"""

from __future__ import annotations

from typing import Any, Final

import msgspec

from app.engine.definition import JourneyDefinition, Node

# A diff of a large config stops listing fields here (the rest is summed up in one line).
MAX_FIELDS: Final = 200


class FieldChange(msgspec.Struct, frozen=True):
    """One field that differs: its path (`label`, `config.duration.amount`,
    `exits.yes`, `settings.reentry.rule`), the value before and after (null when absent)."""

    path: str
    before: Any
    after: Any


class StepRef(msgspec.Struct, frozen=True):
    node_id: str
    label: str
    kind: str


class StepChange(msgspec.Struct, frozen=True):
    node_id: str
    label: str
    kind: str
    changes: list[FieldChange]


class GraphDiff(msgspec.Struct, frozen=True):
    added: list[StepRef]
    removed: list[StepRef]
    changed: list[StepChange]
    # Journey-wide settings (re-entry, exit criteria).
    settings: list[FieldChange]


def _kind(node: Node) -> str:
    return str(node.__struct_config__.tag)


def _ref(node: Node) -> StepRef:
    return StepRef(node.id, node.label, _kind(node))


def _meaning(node: Node, definition: JourneyDefinition) -> dict[str, Any]:
    """What a step means: kind, label, config and its exits' targets (not its position)."""
    raw = msgspec.to_builtins(node)
    raw.pop("position", None)
    raw.pop("id", None)
    exits = {e.source_handle: e.target for e in definition.edges if e.source == node.id}
    return {**raw, "exits": dict(sorted(exits.items()))}


def fields(before: Any, after: Any, path: str, out: list[FieldChange]) -> None:
    """Append each leaf that differs between two JSON values, by its dotted path."""
    if before == after or len(out) > MAX_FIELDS:
        return
    if isinstance(before, dict) and isinstance(after, dict):
        for key in sorted(before.keys() | after.keys()):
            sub = f"{path}.{key}" if path else str(key)
            fields(before.get(key), after.get(key), sub, out)
        return
    if isinstance(before, list) and isinstance(after, list):
        for index in range(max(len(before), len(after))):
            old = before[index] if index < len(before) else None
            new = after[index] if index < len(after) else None
            fields(old, new, f"{path}[{index}]", out)
        return
    out.append(FieldChange(path, before, after))


def diff_definitions(before: JourneyDefinition | None, after: JourneyDefinition) -> GraphDiff:
    """`after` against `before` (None: everything in `after` is added)."""
    old = {node.id: node for node in (before.nodes if before else [])}
    new = {node.id: node for node in after.nodes}
    added = [_ref(node) for node_id, node in new.items() if node_id not in old]
    removed = [_ref(node) for node_id, node in old.items() if node_id not in new]
    changed: list[StepChange] = []
    for node_id, node in new.items():
        previous = old.get(node_id)
        if previous is None or before is None:
            continue
        found: list[FieldChange] = []
        fields(_meaning(previous, before), _meaning(node, after), "", found)
        if found:
            changed.append(StepChange(node_id, node.label, _kind(node), found[:MAX_FIELDS]))
    settings: list[FieldChange] = []
    fields(
        msgspec.to_builtins(before.settings) if before else None,
        msgspec.to_builtins(after.settings),
        "settings",
        settings,
    )
    return GraphDiff(added, removed, changed, settings[:MAX_FIELDS])
