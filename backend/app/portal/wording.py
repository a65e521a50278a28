"""Statuses in the customer's words. Staff and journeys set short machine statuses
(`requested`, `validated`, `in_progress`…); the portal says what they mean to the person
waiting. A status nobody listed here reads as itself, made readable."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Final

_COMMON: Final[dict[str, str]] = {
    "requested": "We have your request",
    "received": "We have received it",
    "new": "We have received it",
    "open": "We are looking into it",
    "in_progress": "We are working on it",
    "on_hold": "Waiting for something before we carry on",
    "completed": "Done",
    "closed": "Closed",
    "cancelled": "Cancelled",
    "rejected": "We could not accept it",
    "declined": "We could not accept it",
}

_BY_KIND: Final[dict[str, dict[str, str]]] = {
    "order": {
        "placed": "Order placed",
        "confirmed": "Order confirmed",
        "in_production": "Being made",
        "manufactured": "Made, waiting to be sent",
        "despatched": "On its way",
        "shipped": "On its way",
        "delivered": "Delivered",
        "completed": "Delivered",
    },
    "return": {
        "requested": "Return requested: we will check it shortly",
        "validating": "We are checking your return",
        "valid": "Return accepted: a replacement is being prepared",
        "validated": "Return accepted: a replacement is being prepared",
        "approved": "Return accepted: a replacement is being prepared",
        "replacement_sent": "Your replacement is on its way",
        "replaced": "Your replacement is on its way",
        "refunded": "Refunded",
        "rejected": "We could not accept this return (we have written to you)",
    },
    "ticket": {
        "raised": "We have your message",
        "answered": "We have answered",
        "resolved": "Resolved",
    },
    "enquiry": {
        "raised": "We have your question",
        "answered": "We have answered",
    },
    "appointment": {
        "requested": "Requested: we will confirm the time",
        "scheduled": "Confirmed",
        "confirmed": "Confirmed",
        "moved": "Moved: we will confirm the new time",
        "attended": "Done",
        "missed": "Missed",
    },
}


def status_label(kind: str, status: str) -> str:
    words = _BY_KIND.get(kind, {}).get(status) or _COMMON.get(status)
    return words or status.replace("_", " ").capitalize()


# ---- the stages of the jobs staff work on a record ------------------------------------
#
# A job linked to a record (its `related` names the record) moves through stages the
# customer may see: made ("created"), picked up ("claimed"), paused ("on_hold"), done
# ("completed", or "completed:<outcome>" for one outcome). Only these words are shown,
# never the job's title, notes, form or who worked it. A stage with no words here shows
# nothing (a cancelled job, an unclaim, a reassignment are internal).

# job type -> (the record kinds its stages describe, stage -> words)
_JOB_STAGES: Final[dict[str, tuple[frozenset[str], dict[str, str]]]] = {
    "validate_product": (
        frozenset({"return"}),
        {
            "created": "Return received — we are checking it",
            "claimed": "We are inspecting your item",
            "completed:valid": "Return accepted: a replacement is being prepared",
            "completed:invalid": "We could not accept this return (we have written to you)",
        },
    ),
    "send_replacement": (
        frozenset({"return"}),
        {
            "created": "Your replacement is being prepared",
            "claimed": "Your replacement is being packed",
            "completed": "Your replacement is on its way",
        },
    ),
    "refund": (
        frozenset({"return", "order"}),
        {
            "created": "We are looking at your refund",
            "completed:approved": "Refund approved",
            "completed:refunded": "Refunded",
            "completed:rejected": "We could not refund this (we have written to you)",
        },
    ),
    "senior_approval": (
        frozenset({"order"}),
        {
            "created": "We are checking your order",
            "completed:approved": "Order approved",
            "completed:rejected": "We could not accept this order (we have written to you)",
        },
    ),
    "confirm_order": (
        frozenset({"order"}),
        {
            "created": "We are checking your order",
            "completed:confirmed": "Order confirmed",
            "completed:apply_discount": "Order confirmed",
            "completed:cancel": "Order cancelled",
        },
    ),
    "manufacture": (
        frozenset({"order"}),
        {
            "created": "Waiting to be made",
            "claimed": "Being made",
            "completed": "Made, waiting to be sent",
        },
    ),
    "despatch": (
        frozenset({"order"}),
        {"created": "Being packed", "completed": "On its way"},
    ),
    "resend_order": (
        frozenset({"order"}),
        {"created": "We are sending it again", "completed": "Sent again: on its way"},
    ),
    "service_visit": (
        frozenset({"appointment"}),
        {"created": "We are arranging the visit", "completed": "Visit done"},
    ),
    "call_unhappy_customer": (
        frozenset({"ticket", "enquiry", "order"}),
        {
            "created": "We will call you about this",
            "completed:resolved": "Resolved",
            "completed": "We have called you",
        },
    ),
}

# Any other job type linked to a record: what every job means to the person waiting.
_DEFAULT_STAGES: Final[dict[str, str]] = {
    "created": "We have started on it",
    "claimed": "Someone is working on it",
    "on_hold": "Waiting for something before we carry on",
    "completed": "This step is done",
}


def job_describes(job_type: str, kind: str) -> bool:
    """Whether a job of this type tells the story of a record of this kind (a return's
    job also names the order, but it is the return's progress, not the order's)."""
    known = _JOB_STAGES.get(job_type)
    return known is None or kind in known[0]


def job_stage_label(
    job_type: str, stage: str, overrides: Mapping[str, str] | None = None
) -> str | None:
    """The customer's words for a job's stage; None when the customer is not told.

    `overrides` are staff's own words for this job type (stage -> words, from
    app.portal.stage_words): a stage's own words win over the code's, then the words for
    its base stage (`completed` for `completed:<outcome>`), staff's before the code's."""
    custom = overrides or {}
    words = _JOB_STAGES[job_type][1] if job_type in _JOB_STAGES else _DEFAULT_STAGES
    base = stage.split(":", 1)[0]
    found = custom.get(stage) or words.get(stage) or custom.get(base) or words.get(base)
    if found is None and job_type in _JOB_STAGES and base in ("claimed", "on_hold"):
        # A known type that names no words for picking up or pausing keeps the defaults.
        found = _DEFAULT_STAGES.get(base)
    if found is None and base == "completed":
        found = _DEFAULT_STAGES["completed"]
    return found


# The stages every job goes through, in the order a customer sees them.
BASE_STAGES: Final[tuple[str, ...]] = ("created", "claimed", "on_hold", "completed")


def stages_of(job_type: str, outcomes: Sequence[str]) -> list[str]:
    """The stages of a job type a customer can be told about: the base stages, then one
    `completed:<outcome>` per outcome (and any the code's words name)."""
    named = _JOB_STAGES[job_type][1] if job_type in _JOB_STAGES else {}
    ends = [f"completed:{outcome}" for outcome in outcomes]
    ends += [stage for stage in named if stage.startswith("completed:") and stage not in ends]
    return [*BASE_STAGES, *ends]
