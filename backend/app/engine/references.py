"""Names a node refers to (queues, templates, job types, segments, events), and where.

Each node kind says which names it uses (`NodeBase.references`); validation checks every
one against the catalog, so a journey never points at a queue or template that does not
exist.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Literal

import msgspec

from app.engine.conditions import (
    ClickedLinkRule,
    ConditionGroup,
    EventHistoryRule,
    HasOpenJobRule,
    InSegmentRule,
    OpenedEmailRule,
)

RefKind = Literal[
    "queue", "email_template", "sms_template", "letter_template", "job_type", "segment", "event"
]


class Reference(msgspec.Struct, frozen=True):
    """A name a node uses, where it uses it, and what kind of thing it names."""

    kind: RefKind
    name: str
    field: str


def condition_references(group: ConditionGroup | None, where: str) -> Iterator[Reference]:
    """Names used by the rules of a condition group (segments, templates, queues…)."""
    if group is None:
        return
    for path, rule in rules_with_paths(group, where):
        match rule:
            case InSegmentRule():
                yield Reference("segment", rule.segment, f"{path}.segment")
            case OpenedEmailRule() | ClickedLinkRule() if rule.template is not None:
                yield Reference("email_template", rule.template, f"{path}.template")
            case HasOpenJobRule():
                if rule.job_type is not None:
                    yield Reference("job_type", rule.job_type, f"{path}.job_type")
                if rule.queue is not None:
                    yield Reference("queue", rule.queue, f"{path}.queue")
            case EventHistoryRule():
                yield Reference("event", rule.event_name, f"{path}.event_name")
            case _:
                pass


def group_history_events(group: ConditionGroup | None) -> frozenset[str]:
    """The event names one condition group's "did event X" rules ask about."""
    if group is None:
        return frozenset()
    return frozenset(
        rule.event_name
        for _, rule in rules_with_paths(group, "")
        if isinstance(rule, EventHistoryRule)
    )


def rules_with_paths(group: ConditionGroup, where: str) -> Iterator[tuple[str, object]]:
    """Every rule of a group, nested ones too, with its field path (`….rules[2]`)."""
    for index, rule in enumerate(group.rules):
        path = f"{where}.rules[{index}]"
        yield path, rule
        if isinstance(rule, ConditionGroup):
            yield from rules_with_paths(rule, path)
