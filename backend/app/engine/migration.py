"""Moving a running enrollment to a newer version of its journey: pure bookkeeping.

A migration plan says, for each step of an older version where contacts may wait, what
becomes of them (`StepFate`): move to a step of the new version (keeping the due time of
what they wait for, or starting the step afresh), finish on the old version, or leave the
journey. `relocate` applies it to one enrollment's state; the caller (app.runs.migrations)
holds the contact's row lock and writes the result.

A token that starts its new step afresh is parked `ready` with a wake-up due now: the
timer drainer runs it at once with the contact's full facts, exactly as it continues a
token the step cap parked. So nothing here evaluates a condition or sends a message.

A token that waited for a job and does not keep that wait (it restarts, or moves to a
step that waits otherwise) leaves the job with nobody waiting for it: `Moved.dropped_jobs`
names those jobs, for the caller to cancel (else they stay open in a queue forever).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Final, Literal

import msgspec

from app.engine.actions import CreateJob, Webhook
from app.engine.definition import JourneyDefinition, Node
from app.engine.flow import Join, WaitDuration, WaitForEvent, WaitUntilDate, WaitUntilTime
from app.engine.interpreter import StepLog, Timer, pending_timers
from app.engine.state import (
    AwaitEvent,
    AwaitJob,
    EnrollmentState,
    TokenState,
    TokenStatus,
    jobs_awaited,
)

TimerChoice = Literal["keep", "restart"]


class MoveTo(msgspec.Struct, frozen=True, tag_field="action", tag="move", kw_only=True):
    """Move to `target` in the new version; `keep` the due time of the wait (timer, event
    timeout, the open job or webhook call) or `restart` the step there."""

    target: str
    timers: TimerChoice = "keep"


class FinishOnOld(msgspec.Struct, frozen=True, tag_field="action", tag="finish"):
    """Stay on the old version and finish there."""


class LeaveJourney(msgspec.Struct, frozen=True, tag_field="action", tag="leave"):
    """Leave the journey now."""


StepFate = MoveTo | FinishOnOld | LeaveJourney

# What a token waits for at each kind of step, and so which steps of the new version can
# keep that wait (same status): a timer for another timer, an event for an event…
_WAITS: Final[tuple[tuple[tuple[type, ...], TokenStatus], ...]] = (
    ((WaitDuration, WaitUntilDate, WaitUntilTime), "waiting_timer"),
    ((WaitForEvent,), "waiting_event"),
    ((CreateJob,), "waiting_job"),
    ((Webhook,), "waiting_answer"),
    ((Join,), "waiting_join"),
)

ENDED_REASON: Final = "migration"


def waits_as(node: Node) -> TokenStatus | None:
    """How a token waits at this kind of step (None: it never waits there)."""
    for kinds, status in _WAITS:
        if isinstance(node, kinds):
            return status
    return None


def can_keep(source: Node, target: Node) -> bool:
    """A wait's due time can be kept only at a step that waits the same way."""
    waits = waits_as(source)
    return waits is not None and waits == waits_as(target)


class Moved(msgspec.Struct, frozen=True, kw_only=True):
    state: EnrollmentState
    steps: list[StepLog]
    timers: list[Timer]
    # False when every wait kept its due time: the stored timers stand as they are.
    timers_changed: bool = True
    # Jobs (their refs) a path waited for before the move and none waits for after it:
    # the caller cancels them.
    dropped_jobs: list[str] = msgspec.field(default_factory=list)


class Left(msgspec.Struct, frozen=True, kw_only=True):
    state: EnrollmentState
    steps: list[StepLog]


class Stays(msgspec.Struct, frozen=True):
    """Not moved: a token waits at a step the plan finishes on the old version (or does
    not name)."""


Relocation = Moved | Left | Stays


def _name(node: Node | None, node_id: str) -> str:
    return f"“{node.label or node_id}”" if node is not None else f"“{node_id}”"


def steps_of(definition: JourneyDefinition) -> dict[str, Node]:
    """A version's steps by id (`relocate` takes them so a batch indexes each version once)."""
    return {node.id: node for node in definition.nodes}


def relocate(
    state: EnrollmentState,
    fates: Mapping[str, StepFate],
    old_nodes: Mapping[str, Node],
    new_nodes: Mapping[str, Node],
    *,
    to_version: int,
    now: datetime,
) -> Relocation:
    """What the plan does to one enrollment. Every live token must move for it to move:
    one that leaves makes the whole enrollment leave, one that finishes on the old version
    (or waits where the plan says nothing) keeps it there."""
    tokens = sorted(state.tokens, key=lambda t: t.order)
    if not tokens:
        return Stays()
    chosen = [(token, fates.get(token.node_id, FinishOnOld())) for token in tokens]
    if any(isinstance(fate, LeaveJourney) for _, fate in chosen):
        steps = [
            StepLog(
                node_id=token.node_id,
                exit_taken=None,
                at=now,
                detail=f"Left the journey: the plan to move to version {to_version} takes "
                f"contacts at {_name(old_nodes.get(token.node_id), token.node_id)} out.",
                token_id=token.token_id,
            )
            for token in tokens
        ]
        left = msgspec.structs.replace(state, status="exited", ended_reason=ENDED_REASON, tokens=[])
        return Left(state=left, steps=steps)
    moves: list[tuple[TokenState, MoveTo]] = []
    for token, fate in chosen:
        if not isinstance(fate, MoveTo) or fate.target not in new_nodes:
            return Stays()
        moves.append((token, fate))
    moved_tokens: list[TokenState] = []
    steps = []
    for token, fate in moves:
        target = new_nodes[fate.target]
        source = old_nodes.get(token.node_id)
        where = (
            f"Moved from version {state.version} {_name(source, token.node_id)} to "
            f"version {to_version} {_name(target, target.id)}"
        )
        keep = (
            fate.timers == "keep"
            and source is not None
            and can_keep(source, target)
            and token.status == waits_as(source)
        )
        if keep:
            awaiting = token.awaiting
            if isinstance(awaiting, AwaitEvent) and isinstance(target, WaitForEvent):
                awaiting = AwaitEvent(target.config.event_name, awaiting.timeout_at)
            moved = msgspec.structs.replace(token, node_id=target.id, awaiting=awaiting)
            due = moved.wake_at or (
                awaiting.timeout_at if isinstance(awaiting, AwaitEvent) else None
            )
            detail = f"{where}: it keeps waiting" + (f" until {due.isoformat()}." if due else ".")
        else:
            # Parked with a wake-up due now: the timer drainer enters the step afresh.
            moved = msgspec.structs.replace(
                token, node_id=target.id, status="ready", wake_at=now, awaiting=None
            )
            detail = f"{where}: it starts that step afresh."
            if isinstance(token.awaiting, AwaitJob):
                detail += " The job it waited for is cancelled (nobody waits for it now)."
        moved_tokens.append(moved)
        steps.append(
            StepLog(
                node_id=target.id, exit_taken=None, at=now, detail=detail, token_id=token.token_id
            )
        )
    after = msgspec.structs.replace(state, version=to_version, tokens=moved_tokens)
    timers = pending_timers(after)
    return Moved(
        state=after,
        steps=steps,
        timers=timers,
        timers_changed=timers != pending_timers(state),
        dropped_jobs=sorted(jobs_awaited(state) - jobs_awaited(after)),
    )
