"""The event envelope: the one shape every incoming event takes, whatever its source."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Any, Literal

import msgspec
from msgspec import Meta

from app.contacts.schemas import ContactRef

# Where an event came from (`track`: a website): defined with the journeys' triggers, which
# may start only for events from some sources.
from app.engine.primitives import EventSource as EventSource  # noqa: PLC0414 - re-export

EventName = Annotated[
    str,
    Meta(
        min_length=1,
        max_length=120,
        pattern=r"^[a-z][a-z0-9_]*(\.[a-z0-9_]+)*$",
        description="Dotted lower-case name, e.g. `order.placed` or `email.opened`.",
        examples=["order.placed"],
    ),
]


class EventEnvelope(msgspec.Struct, frozen=True, forbid_unknown_fields=True, omit_defaults=True):
    """An event as it arrives from the API, track.js, the portal, a job or a channel."""

    name: EventName
    contact: Annotated[ContactRef, Meta(extra_json_schema={"minProperties": 1})]
    properties: dict[str, Any] = msgspec.field(default_factory=dict)
    occurred_at: datetime | None = None
    # A repeat with the same key is accepted and not processed twice.
    idempotency_key: Annotated[str, Meta(min_length=1, max_length=200)] | None = None
    source: EventSource = "api"


# ---- answers -------------------------------------------------------------------------


class FieldProblem(msgspec.Struct, frozen=True):
    """What is wrong with one field of one event: `batch[3].contact.email`."""

    field: str
    message: str


class Accepted(msgspec.Struct, frozen=True, omit_defaults=True):
    """The answer to one event."""

    id: int
    # True when the idempotency key had been seen: the first event stands.
    duplicate: bool
    # Accepted, but not all as sent (a website's unproven identity claim was dropped).
    warnings: list[FieldProblem] = msgspec.field(default_factory=list)


EventOutcome = Literal["accepted", "duplicate", "rejected"]


class EventResult(msgspec.Struct, frozen=True, omit_defaults=True):
    """One event of a batch: its place in the batch and what became of it."""

    index: int
    status: EventOutcome
    # The stored event: the new one, or for a duplicate the one that stood first.
    id: int | None = None
    errors: list[FieldProblem] = msgspec.field(default_factory=list)
    # Accepted, but not all as sent: e.g. a website's unproven identity claim was dropped
    # and the event kept on the anonymous visitor (docs/events-api.md).
    warnings: list[FieldProblem] = msgspec.field(default_factory=list)


class BatchAccepted(msgspec.Struct, frozen=True):
    """The answer to a batch: counts, then one result per event in the order sent."""

    accepted: int
    duplicates: int
    rejected: int
    results: list[EventResult]


# ---- reading -------------------------------------------------------------------------

ProcessingStatus = Literal["pending", "processed"]


class EventContact(msgspec.Struct, frozen=True):
    id: uuid.UUID
    name: str
    email: str | None
    external_id: str | None


class EventSummary(msgspec.Struct, frozen=True):
    id: int
    name: str
    source: str
    occurred_at: datetime
    received_at: datetime
    # pending: committed, not yet handled by the worker; processed: handled.
    status: ProcessingStatus
    contact: EventContact


class EventDetail(EventSummary, frozen=True):
    properties: dict[str, Any]
    idempotency_key: str | None
    processed_at: datetime | None


class EventPage(msgspec.Struct, frozen=True):
    items: list[EventSummary]
    # Pass as `before` for the next (older) page; None on the last page.
    next_before: int | None


class EventNames(msgspec.Struct, frozen=True):
    names: list[str]


class EventsApi(msgspec.Struct, frozen=True):
    """The answers the SPA reads that have no schema file of their own
    (schemas/events-api.schema.json), so its TypeScript types are generated."""

    accepted: Accepted
    event_names: EventNames
