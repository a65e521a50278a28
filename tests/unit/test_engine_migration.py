"""The pure parts of moving running contacts: the graph diff, and what a plan does to one
enrollment (app.engine.diff, app.engine.migration)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import msgspec
import pytest

from app.engine.definition import JourneyDefinition
from app.engine.diff import FieldChange, diff_definitions
from app.engine.interpreter import Timer
from app.engine.migration import (
    FinishOnOld,
    LeaveJourney,
    Left,
    Moved,
    MoveTo,
    Stays,
    StepFate,
    relocate,
    steps_of,
)
from app.engine.state import AwaitEvent, AwaitJob, EnrollmentState, TokenState

NOW = datetime(2026, 6, 1, 9, 0, tzinfo=UTC)
DUE = NOW + timedelta(days=2)


def _node(kind: str, node_id: str, **config: Any) -> dict[str, Any]:
    return {
        "kind": kind,
        "id": node_id,
        "label": node_id,
        "position": {"x": 0, "y": 0},
        "config": config,
    }


def _graph(*nodes: dict[str, Any], edges: list[tuple[str, str, str]]) -> JourneyDefinition:
    return msgspec.convert(
        {
            "nodes": list(nodes),
            "edges": [
                {"id": f"{a}-{b}", "source": a, "source_handle": h, "target": b}
                for a, h, b in edges
            ],
        },
        JourneyDefinition,
    )


DAYS = {"amount": 3, "unit": "days"}
OLD = _graph(
    _node("trigger.event", "go", event_name="signed.up"),
    _node("flow.wait_duration", "wait", duration=DAYS),
    _node("flow.wait_for_event", "reply", event_name="replied", timeout=DAYS),
    _node("flow.end", "end"),
    edges=[("go", "next", "wait"), ("wait", "next", "end")],
)
NEW = _graph(
    _node("trigger.event", "go", event_name="signed.up"),
    _node("flow.wait_duration", "wait-2", duration={"amount": 1, "unit": "days"}),
    _node("flow.wait_for_event", "reply", event_name="answered", timeout=DAYS),
    _node("flow.end", "end"),
    edges=[("go", "next", "wait-2"), ("wait-2", "next", "end")],
)


def _state(*tokens: TokenState) -> EnrollmentState:
    return EnrollmentState(
        enrollment_id="e", journey_id="j", version=1, contact_id="c", tokens=list(tokens)
    )


WAITING = TokenState(token_id="t1", node_id="wait", status="waiting_timer", order=1, wake_at=DUE)
REPLY = TokenState(
    token_id="t2",
    node_id="reply",
    status="waiting_event",
    order=2,
    awaiting=AwaitEvent("replied", DUE),
)


def _relocate(state: EnrollmentState, fates: dict[str, StepFate]) -> Moved | Left | Stays:
    return relocate(state, fates, steps_of(OLD), steps_of(NEW), to_version=2, now=NOW)


def test_the_diff_lists_steps_added_removed_and_changed_by_field() -> None:
    diff = diff_definitions(OLD, NEW)
    assert [s.node_id for s in diff.added] == ["wait-2"]
    assert [s.node_id for s in diff.removed] == ["wait"]
    changed = {c.node_id: c.changes for c in diff.changed}
    assert changed["reply"] == [FieldChange("config.event_name", "replied", "answered")]
    assert changed["go"] == [FieldChange("exits.next", "wait", "wait-2")]
    assert diff_definitions(OLD, OLD).changed == []
    assert [s.node_id for s in diff_definitions(None, OLD).added] == ["go", "wait", "reply", "end"]


def test_keeping_the_due_time_moves_the_token_and_keeps_its_timer() -> None:
    moved = _relocate(_state(WAITING), {"wait": MoveTo(target="wait-2")})
    assert isinstance(moved, Moved)
    assert moved.state.version == 2
    assert moved.state.tokens == [msgspec.structs.replace(WAITING, node_id="wait-2")]
    assert moved.timers == [Timer("t1", DUE)]
    assert moved.timers_changed is False
    assert "keeps waiting until" in moved.steps[0].detail


def test_an_event_wait_kept_waits_for_the_new_steps_event_until_the_same_time() -> None:
    moved = _relocate(_state(REPLY), {"reply": MoveTo(target="reply")})
    assert isinstance(moved, Moved)
    assert moved.state.tokens[0].awaiting == AwaitEvent("answered", DUE)


def test_restarting_parks_the_token_ready_at_the_new_step_due_now() -> None:
    moved = _relocate(_state(WAITING), {"wait": MoveTo(target="wait-2", timers="restart")})
    assert isinstance(moved, Moved)
    [token] = moved.state.tokens
    assert (token.node_id, token.status, token.wake_at) == ("wait-2", "ready", NOW)
    assert moved.timers == [Timer("t1", NOW)]
    assert moved.timers_changed is True


@pytest.mark.parametrize(
    ("fates", "expected"),
    [
        # Every path must move for the enrollment to move.
        ({"wait": MoveTo(target="wait-2")}, Stays),
        ({"wait": MoveTo(target="wait-2"), "reply": FinishOnOld()}, Stays),
        ({"wait": MoveTo(target="wait-2"), "reply": LeaveJourney()}, Left),
        ({"wait": MoveTo(target="wait-2"), "reply": MoveTo(target="reply")}, Moved),
        ({}, Stays),
    ],
)
def test_an_enrollment_moves_only_when_all_its_paths_do(
    fates: dict[str, StepFate], expected: type
) -> None:
    assert isinstance(_relocate(_state(WAITING, REPLY), fates), expected)


def test_leaving_ends_the_enrollment_with_every_path_noted() -> None:
    left = _relocate(_state(WAITING, REPLY), {"reply": LeaveJourney()})
    assert isinstance(left, Left)
    assert (left.state.status, left.state.ended_reason, left.state.tokens) == (
        "exited",
        "migration",
        [],
    )
    assert [s.node_id for s in left.steps] == ["wait", "reply"]


JOB = {"job_type": "callback", "queue": "sales", "title": "Call them"}
WITH_JOBS = steps_of(
    _graph(
        _node("trigger.event", "go", event_name="signed.up"),
        _node("action.create_job", "call", **JOB),
        _node("action.create_job", "call-2", **JOB),
        _node("flow.wait_duration", "wait", duration=DAYS),
        edges=[("go", "next", "call")],
    )
)
AT_JOB = TokenState(
    token_id="t1", node_id="call", status="waiting_job", order=1, awaiting=AwaitJob("e:call:1")
)


@pytest.mark.parametrize(
    ("fate", "dropped"),
    [
        # Moved off the job step, or restarted at one: nobody waits for the old job.
        (MoveTo(target="wait", timers="restart"), ["e:call:1"]),
        (MoveTo(target="call", timers="restart"), ["e:call:1"]),
        # Kept at a step that waits for a job the same way: the path still waits for it.
        (MoveTo(target="call-2", timers="keep"), []),
    ],
)
def test_a_path_moved_off_its_job_names_the_job_nobody_waits_for(
    fate: MoveTo, dropped: list[str]
) -> None:
    moved = relocate(_state(AT_JOB), {"call": fate}, WITH_JOBS, WITH_JOBS, to_version=2, now=NOW)
    assert isinstance(moved, Moved)
    assert moved.dropped_jobs == dropped
    cancelled = "The job it waited for is cancelled" in moved.steps[0].detail
    assert cancelled is bool(dropped)
