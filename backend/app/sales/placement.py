"""Where an automatic process puts a card in its destination project. Pure: the run
(app.sales.runs) gathers the facts and carries the answer out.

The rules, in the order they are tried:
1. The card's outcome was a booking and the booked resource is an active member of the
   destination: straight to that user (whatever the process says).
2. `bucket`: into the process's bucket.
3. `active_user`: to the user who set the outcome when they are an active member of the
   destination; else to any active member (the one holding the fewest cards there).
4. `same_user`: to the user who set the outcome when they are an active member of the
   destination; else into the process's bucket.
5. Nowhere chosen (`new_bucket`), or a fallback with no bucket to fall back on: into a
   bucket named after the source project, made in the destination if it is not there.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal, assert_never

from app.sales.schemas import Placement

Reason = Literal[
    # Rule 1.
    "booked_resource",
    # Rule 2, and its fallback when the bucket is gone.
    "bucket",
    "bucket_missing",
    # Rule 3 and its fallbacks.
    "active_user",
    "any_active_user",
    "no_active_user",
    # Rule 4 and its fallback.
    "same_user",
    "same_user_missing",
    # Rule 5.
    "new_bucket",
]

# What each reason says in the audit log and the preview.
EXPLAINED: Mapping[Reason, str] = {
    "booked_resource": "Booked with a user of the destination: goes to that user.",
    "bucket": "Into the process's bucket.",
    "bucket_missing": "The process's bucket no longer exists: into a bucket named after "
    "the source project.",
    "active_user": "To the user who set the outcome (a member of the destination).",
    "any_active_user": "The user who set the outcome is not an active member of the "
    "destination: to the active member holding the fewest cards.",
    "no_active_user": "The destination has no active member: into a bucket named after the "
    "source project.",
    "same_user": "To the same user (a member of the destination).",
    "same_user_missing": "The same user is not an active member of the destination: into a bucket.",
    "new_bucket": "No bucket or user chosen: into a bucket named after the source project.",
}


@dataclass(frozen=True, slots=True)
class Rule:
    """What the process says: its placement and its bucket (None, or gone: no name)."""

    placement: Placement
    bucket_id: uuid.UUID | None
    bucket_name: str | None


@dataclass(frozen=True, slots=True)
class CardFacts:
    processed_by: uuid.UUID | None
    booking: bool
    booking_user_id: uuid.UUID | None
    source_name: str


@dataclass(slots=True)
class Destination:
    """The destination's active members and how many cards each holds there; `took`
    keeps the count right while a batch is placed."""

    load: dict[uuid.UUID, int] = field(default_factory=dict)

    def has(self, user_id: uuid.UUID | None) -> bool:
        return user_id is not None and user_id in self.load

    def least_loaded(self) -> uuid.UUID | None:
        if not self.load:
            return None
        return min(self.load, key=lambda user: (self.load[user], str(user)))

    def took(self, user_id: uuid.UUID) -> None:
        if user_id in self.load:
            self.load[user_id] += 1


@dataclass(frozen=True, slots=True)
class Target:
    """A user, an existing bucket, or a bucket to make (by name); and why."""

    reason: Reason
    user_id: uuid.UUID | None = None
    bucket_id: uuid.UUID | None = None
    new_bucket: str | None = None


def _bucket_or_new(rule: Rule, card: CardFacts, reason: Reason) -> Target:
    if rule.bucket_id is not None and rule.bucket_name is not None:
        return Target(reason, bucket_id=rule.bucket_id)
    return Target(reason, new_bucket=card.source_name)


def place(rule: Rule, card: CardFacts, destination: Destination) -> Target:  # noqa: PLR0911 - a rule a return
    if card.booking and destination.has(card.booking_user_id):
        assert card.booking_user_id is not None
        return Target("booked_resource", user_id=card.booking_user_id)
    match rule.placement:
        case "bucket":
            if rule.bucket_id is not None and rule.bucket_name is not None:
                return Target("bucket", bucket_id=rule.bucket_id)
            return Target("bucket_missing", new_bucket=card.source_name)
        case "active_user":
            if destination.has(card.processed_by):
                assert card.processed_by is not None
                return Target("active_user", user_id=card.processed_by)
            anyone = destination.least_loaded()
            if anyone is not None:
                return Target("any_active_user", user_id=anyone)
            return Target("no_active_user", new_bucket=card.source_name)
        case "same_user":
            if destination.has(card.processed_by):
                assert card.processed_by is not None
                return Target("same_user", user_id=card.processed_by)
            return _bucket_or_new(rule, card, "same_user_missing")
        case "new_bucket":
            return Target("new_bucket", new_bucket=card.source_name)
    assert_never(rule.placement)
