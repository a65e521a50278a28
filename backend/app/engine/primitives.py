"""Small shared shapes of a journey definition: ids, names, durations, times, values.

Every Struct is frozen and forbids unknown fields, so a typo in an imported document is a
reported problem instead of a silently dropped setting. Field titles and descriptions are
written for the marketer: the inspector's forms are rendered from them.
"""

from __future__ import annotations

from typing import Annotated, Literal

import msgspec
from msgspec import Meta

_ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_.:-]*$"

NodeId = Annotated[
    str,
    Meta(min_length=1, max_length=64, pattern=_ID_PATTERN, description="Unique within a journey."),
]
EdgeId = Annotated[str, Meta(min_length=1, max_length=64, pattern=_ID_PATTERN)]
# An exit of a node: "next", "yes", "no", a switch case id, a job outcome…
ExitId = Annotated[str, Meta(min_length=1, max_length=64, pattern=_ID_PATTERN)]
# Ids a marketer types for switch cases and split branches; also the exits' ids.
BranchId = Annotated[
    str,
    Meta(
        title="Exit id",
        min_length=1,
        max_length=40,
        pattern=r"^[a-z0-9][a-z0-9_-]*$",
        description="Short lower-case id for this exit, e.g. `north` or `variant-b`.",
    ),
]
Label = Annotated[str, Meta(max_length=120)]

EventName = Annotated[
    str,
    Meta(
        title="Event",
        min_length=1,
        max_length=120,
        pattern=r"^[a-z][a-z0-9_]*(\.[a-z0-9_]+)*$",
        description="Dotted lower-case event name, e.g. `order.placed`.",
        examples=["order.placed"],
    ),
]
# Where an event came from, stored on every event: `track` is a website (track.js and
# /api/v1/track with a public key), `api` a server (or staff) through the API, `portal` the
# customer portal, `job` a job's change, `email` / `sms` a channel (opens, clicks,
# replies), `schedule` a schedule run, `system` Waymark itself. The events domain takes
# its list from here.
EventSource = Literal["api", "track", "portal", "job", "email", "sms", "schedule", "system"]
# A path into the data a journey sees: `contact.email`, `event.order_id`,
# `object.appointment_at`, `vars.score`, `job.form.tracking_number`.
FieldPath = Annotated[
    str,
    Meta(
        title="Field",
        min_length=1,
        max_length=200,
        pattern=r"^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z0-9_]+)*$",
        description="Dotted path, e.g. `contact.first_name` or `object.appointment_at`.",
    ),
]
# A name that must exist in the catalog (queue, template, job type, segment).
CatalogName = Annotated[str, Meta(min_length=1, max_length=120)]
# Jinja2 text, rendered in a sandbox when the step runs.
TemplateText = Annotated[str, Meta(max_length=100_000)]
TimeOfDay = Annotated[
    str,
    Meta(
        title="Time of day",
        pattern=r"^([01][0-9]|2[0-3]):[0-5][0-9]$",
        description="24-hour clock, e.g. `09:00` or `18:30`.",
        examples=["09:00"],
    ),
]
TimeZone = Annotated[
    str,
    Meta(
        title="Time zone",
        min_length=1,
        max_length=64,
        pattern=r"^(contact|UTC|[A-Za-z]+(/[A-Za-z0-9_+-]+)+)$",
        description="`contact` for each contact's own time zone, or a zone such as "
        "`Europe/London`.",
    ),
]
Weekday = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
TimeUnit = Literal["minutes", "hours", "days", "weeks"]
Priority = Literal["low", "normal", "high", "urgent"]
# A literal a condition compares with or an assignment writes.
Scalar = str | int | float | bool
Value = Scalar | list[str | int | float] | None


class Frozen(msgspec.Struct, frozen=True, forbid_unknown_fields=True, omit_defaults=True):
    """Base of every definition Struct: immutable, strict, compact when encoded."""


class Position(Frozen, frozen=True):
    """Where the step sits on the canvas."""

    x: float
    y: float


class Duration(Frozen, frozen=True):
    """A length of time, e.g. 3 days."""

    amount: Annotated[int, Meta(title="How many", ge=1, le=10_000)]
    unit: Annotated[TimeUnit, Meta(title="Unit")]


class FieldAssignment(Frozen, frozen=True):
    """Set one field, either to a fixed value or to a value copied from other data."""

    field: Annotated[
        str,
        Meta(
            title="Field to set",
            min_length=1,
            max_length=120,
            pattern=r"^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z0-9_]+)*$",
        ),
    ]
    value: Annotated[Value, Meta(title="Value")] = None
    value_from: Annotated[
        FieldPath | None,
        Meta(
            title="Copy the value from",
            description="Instead of a fixed value, e.g. `job.form.discount`.",
        ),
    ] = None
