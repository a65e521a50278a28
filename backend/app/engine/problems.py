"""A validation problem: what is wrong, said for a marketer, and where on the canvas."""

from __future__ import annotations

from typing import Literal

import msgspec

ProblemCode = Literal[
    "invalid_document",
    "too_many_nodes",
    "duplicate_node_id",
    "duplicate_edge_id",
    "unknown_kind",
    "invalid_config",
    "dangling_edge",
    "unknown_exit",
    "exit_not_connected",
    "exit_used_twice",
    "edge_into_trigger",
    "unreachable_node",
    "loop_without_wait",
    "no_trigger",
    "join_needs_two_inputs",
    "unknown_queue",
    "unknown_email_template",
    "unknown_sms_template",
    "unknown_letter_template",
    "unknown_job_type",
    "unknown_job_outcome",
    "unknown_segment",
    "unknown_event",
    "unknown_event_property",
    "template_syntax",
    "template_variable",
    "template_limit",
    "template_forbidden",
]
# An error blocks publishing; a warning is shown but does not.
Severity = Literal["error", "warning"]


class Problem(msgspec.Struct, frozen=True, forbid_unknown_fields=True, omit_defaults=True):
    """One thing wrong with a journey, tied to the node, edge, field or exit it is about."""

    code: ProblemCode
    message: str
    severity: Severity = "error"
    node_id: str | None = None
    edge_id: str | None = None
    # Where in the node (or the document) the problem is, e.g. `config.cases[1].id`.
    field: str | None = None
    # For exit problems: the exit's id, so the canvas can mark the handle.
    handle: str | None = None


class ProblemList(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """The answer of validation: empty when the journey can be published."""

    problems: list[Problem]


def has_errors(problems: list[Problem]) -> bool:
    """True when any problem blocks publishing (warnings do not)."""
    return any(problem.severity == "error" for problem in problems)
