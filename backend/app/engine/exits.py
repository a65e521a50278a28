"""The exits of each node kind: the handles the canvas draws and validation checks.

Each kind declares them as data (`EXITS` on its Struct, app.engine.nodes_base); `exits`
reads that declaration, and so does the canvas (`exitsOf` in
frontend/src/features/journeys/model/exits.ts) from `schemas/node-exits.json`, which
`document` builds. Both are checked against one table (tests/contract/node-exits.json).

A job node's outcomes come from its job type, so `exits` takes the catalog: without it
(or with an unknown job type) a job node offers only its optional “cancelled” exit.
"""

from __future__ import annotations

from typing import Any, assert_never

import msgspec

from app.engine.catalog import Catalog
from app.engine.definition import NODE_TYPES, Node
from app.engine.nodes_base import ExitRule, FixedExit, ItemExits, OutcomeExits
from app.engine.primitives import Frozen


class Exit(Frozen, frozen=True):
    """One exit of a node. An optional exit may stay unconnected: the contact then ends."""

    id: str
    label: str
    required: bool = True


def humanize(identifier: str) -> str:
    """`apply_discount` → `Apply discount`: a label for an id that has none."""
    words = identifier.replace("_", " ").replace("-", " ").strip()
    return words[:1].upper() + words[1:] if words else identifier


def exits(node: Node, catalog: Catalog | None = None) -> list[Exit]:
    """The exits of `node`, in the order the canvas shows them."""
    found: list[Exit] = []
    for rule in type(node).EXITS:
        found.extend(_exits_of(rule, node.config, catalog))
    return found


def _exits_of(rule: ExitRule, config: Any, catalog: Catalog | None) -> list[Exit]:
    match rule:
        case FixedExit():
            return [Exit(rule.id, rule.label, rule.required)]
        case ItemExits():
            return [
                Exit(item.id, _item_label(item, weighted=rule.weighted))
                for item in getattr(config, rule.field)
            ]
        case OutcomeExits():
            outcomes = catalog.job_types.get(getattr(config, rule.field)) if catalog else None
            return [Exit(outcome, humanize(outcome)) for outcome in outcomes or ()]
        case _:
            assert_never(rule)


def _item_label(item: Any, *, weighted: bool) -> str:
    label: str = item.label or humanize(item.id)
    return f"{label} ({item.weight})" if weighted else label


class NodeExits(msgspec.Struct, frozen=True):
    """`schemas/node-exits.json`: each node kind's exit rules, in palette order."""

    kinds: dict[str, tuple[ExitRule, ...]]


def document() -> NodeExits:
    return NodeExits({kind: cls.EXITS for kind, cls in NODE_TYPES.items()})
