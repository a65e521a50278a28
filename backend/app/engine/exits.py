"""The exits of each node kind: the handles the canvas draws and validation checks.

A job node's outcomes come from its job type, so `exits` takes the catalog: without it
(or with an unknown job type) a job node offers only its optional “cancelled” exit.
"""

from __future__ import annotations

from typing import Final, assert_never

from app.engine.actions import (
    CreateJob,
    CreateLetter,
    EmitEvent,
    NotifyStaff,
    PortalMessage,
    SendEmail,
    SendSms,
    UpdateContact,
    UpdateObject,
    Webhook,
)
from app.engine.catalog import Catalog
from app.engine.definition import Node
from app.engine.flow import (
    DEFAULT_EXIT_ID,
    ConditionSplit,
    End,
    Goal,
    Join,
    ParallelSplit,
    RandomSplit,
    Switch,
    WaitDuration,
    WaitForEvent,
    WaitUntilDate,
    WaitUntilTime,
)
from app.engine.primitives import Frozen
from app.engine.triggers import (
    EventTrigger,
    JobStatusTrigger,
    ManualTrigger,
    ScheduleTrigger,
    ScoreThresholdTrigger,
    SegmentEnteredTrigger,
)


class Exit(Frozen, frozen=True):
    """One exit of a node. An optional exit may stay unconnected: the contact then ends."""

    id: str
    label: str
    required: bool = True


NEXT: Final = Exit("next", "Next")
JOB_CANCELLED: Final = Exit("cancelled", "Job cancelled", required=False)


def humanize(identifier: str) -> str:
    """`apply_discount` → `Apply discount`: a label for an id that has none."""
    words = identifier.replace("_", " ").replace("-", " ").strip()
    return words[:1].upper() + words[1:] if words else identifier


def exits(node: Node, catalog: Catalog | None = None) -> list[Exit]:  # noqa: PLR0911 - one branch per kind
    """The exits of `node`, in the order the canvas shows them."""
    match node:
        case (
            EventTrigger()
            | SegmentEnteredTrigger()
            | ScheduleTrigger()
            | ScoreThresholdTrigger()
            | ManualTrigger()
            | JobStatusTrigger()
        ):
            return [NEXT]
        case WaitDuration() | WaitUntilDate() | WaitUntilTime() | Join():
            return [NEXT]
        case WaitForEvent():
            return [Exit("received", "It happened"), Exit("timeout", "Not in time")]
        case ConditionSplit():
            return [Exit("yes", "Yes"), Exit("no", "No")]
        case Switch():
            cases = [Exit(case.id, case.label or humanize(case.id)) for case in node.config.cases]
            return [*cases, Exit(DEFAULT_EXIT_ID, "Otherwise")]
        case ParallelSplit():
            return [Exit(b.id, b.label or humanize(b.id)) for b in node.config.branches]
        case RandomSplit():
            return [
                Exit(b.id, f"{b.label or humanize(b.id)} ({b.weight})")
                for b in node.config.branches
            ]
        case Goal() | End():
            return []
        case CreateJob():
            outcomes = catalog.job_types.get(node.config.job_type) if catalog else None
            return [*(Exit(o, humanize(o)) for o in outcomes or ()), JOB_CANCELLED]
        case Webhook():
            return [NEXT, Exit("failed", "Failed", required=False)]
        case (
            SendEmail()
            | SendSms()
            | CreateLetter()
            | UpdateContact()
            | UpdateObject()
            | NotifyStaff()
            | EmitEvent()
            | PortalMessage()
        ):
            return [NEXT]
        case _:
            assert_never(node)
