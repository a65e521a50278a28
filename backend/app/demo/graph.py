"""The demo's hand-written journeys are graphs as stored: a step is a dict, in one column."""

from __future__ import annotations

from typing import Any


def node(kind: str, node_id: str, label: str, y: float, **config: Any) -> dict[str, Any]:
    """A step of kind `kind` at (0, y) on the canvas, with its config."""
    return {
        "kind": kind,
        "id": node_id,
        "label": label,
        "position": {"x": 0.0, "y": y},
        "config": config,
    }
