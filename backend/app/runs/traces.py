"""A step's trace as stored: the engine's `Why`, cut to a bounded size.

A condition may read a 50 kB event property and a job form may hold a long text; the
step log must not grow with them. So each stored trace is at most `MAX_TRACE_BYTES` of
JSON: strings longer than `MAX_TEXT` characters are cut (ending in "…"), objects and
lists keep their first `MAX_ITEMS` entries (a `"…"` entry counts the rest), nesting
deeper than `MAX_DEPTH` becomes "…"; a trace still too big keeps as many condition
checks as fit, else only its kind. A cut trace says so (`"clipped": true`).
(docs/enrollments-api.md, "Traces".)
"""

from __future__ import annotations

from typing import Any, Final

import msgspec

from app.engine.traces import Why

MAX_TRACE_BYTES: Final = 4096
MAX_TEXT: Final = 200
MAX_ITEMS: Final = 20
MAX_DEPTH: Final = 4
ELLIPSIS: Final = "…"


def _size(data: Any) -> int:
    return len(msgspec.json.encode(data))


def _clip(value: Any, depth: int, cut: list[bool]) -> Any:
    if isinstance(value, str):
        if len(value) > MAX_TEXT:
            cut.append(True)
            return value[:MAX_TEXT] + ELLIPSIS
        return value
    if isinstance(value, dict | list) and depth >= MAX_DEPTH:
        cut.append(True)
        return ELLIPSIS
    if isinstance(value, dict):
        items = list(value.items())
        kept = {str(k): _clip(v, depth + 1, cut) for k, v in items[:MAX_ITEMS]}
        if len(items) > MAX_ITEMS:
            cut.append(True)
            kept[ELLIPSIS] = f"{len(items) - MAX_ITEMS} more"
        return kept
    if isinstance(value, list):
        kept_list = [_clip(v, depth + 1, cut) for v in value[:MAX_ITEMS]]
        if len(value) > MAX_ITEMS:
            cut.append(True)
            kept_list.append(f"{ELLIPSIS} {len(value) - MAX_ITEMS} more")
        return kept_list
    return value


def stored(why: Why | None) -> dict[str, Any] | None:
    """The trace to store with a step (JSON-ready), never over `MAX_TRACE_BYTES`."""
    if why is None:
        return None
    data: dict[str, Any] = msgspec.to_builtins(why)
    checks = data.pop("checks", None)
    cut: list[bool] = []
    trace: dict[str, Any] = _clip(data, 0, cut)
    if checks is not None:
        # Each check is clipped on its own: a condition's list of rules is bounded by
        # bytes (below), not by MAX_ITEMS.
        trace["checks"] = [_clip(check, 1, cut) for check in checks]
    if cut:
        trace["clipped"] = True
    if _size(trace) <= MAX_TRACE_BYTES:
        return trace
    trace["clipped"] = True
    if checks is not None:
        trace["checks_total"] = len(checks)
        kept: list[Any] = trace["checks"]
        while kept and _size(trace) > MAX_TRACE_BYTES:
            kept.pop()
        if _size(trace) <= MAX_TRACE_BYTES:
            return trace
    return {"kind": data["kind"], "clipped": True}
