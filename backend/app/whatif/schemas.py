"""What the what-if API takes and gives (docs/what-if.md).

A what-if replays a journey's draft (or one of its versions) over the events really
recorded in a period, for every contact who had one (or a segment's members), on a
virtual clock, and counts what the draft would have done next to what the live version
did. It runs in the background on the worker; its result is kept until deleted.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Literal

import msgspec
from msgspec import Meta, field

NodeRef = Annotated[str, Meta(min_length=1, max_length=120)]
Outcome = Annotated[str, Meta(min_length=1, max_length=120)]
# The longest period a what-if replays: a bound on one run's work.
MAX_DAYS = 366
Status = Literal["queued", "running", "completed", "cancelled", "failed"]


class Share(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    outcome: Outcome
    weight: Annotated[int, Meta(ge=0, le=1000)]


class WhatIfJobChoice(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """What a job step's jobs are taken to end with, since no job of the draft was ever
    done: one `outcome` for every contact, or a `split` of the contacts by weight (the
    same contact always gets the same outcome)."""

    outcome: Outcome | None = None
    # `[{"outcome": "approved", "weight": 80}, {"outcome": "rejected", "weight": 20}]`
    split: Annotated[list[Share], Meta(max_length=50)] | None = None


class WhatIfCreate(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    period_start: datetime
    period_end: datetime
    segment_id: Annotated[
        uuid.UUID | None, Meta(description="Only this saved segment's members; everyone if null.")
    ] = None
    # A published version; the draft (as it is now) if null.
    version: Annotated[int, Meta(ge=1, le=2_147_483_647)] | None = None
    job_steps: Annotated[
        dict[NodeRef, WhatIfJobChoice],
        Meta(description="Job step id -> its outcome; a step not named takes its first outcome."),
    ] = field(default_factory=dict)


class Numbers(msgspec.Struct, frozen=True, kw_only=True):
    """One step's numbers: distinct contacts brought there, and down each exit."""

    entered: int = 0
    exits: dict[str, int] = field(default_factory=dict)
    # Still held at the step when the period ended (a wait, an event not come).
    waiting: int = 0


class StepComparison(msgspec.Struct, frozen=True, kw_only=True):
    node_id: str
    kind: str
    label: str
    draft: Numbers
    live: Numbers


class Total(msgspec.Struct, frozen=True, kw_only=True):
    """A line of the totals: `bucket` is what the contacts endpoint takes to list them."""

    bucket: str
    label: str
    draft: int
    live: int


class WhatIfResult(msgspec.Struct, frozen=True, kw_only=True):
    steps: list[StepComparison]
    # Messages per channel and template, jobs per queue, contacts at each end step.
    messages: list[Total]
    jobs: list[Total]
    ends: list[Total]
    contacts: int
    events: int
    # Contacts who entered the journey at all.
    enrolled: Total
    # What the replay took as given (job outcomes chosen, steps not known to the live
    # version…), in words.
    assumptions: list[str]
    seconds: float


class WhatIfRun(msgspec.Struct, frozen=True, kw_only=True):
    id: uuid.UUID
    journey_id: uuid.UUID
    version: int | None
    period_start: datetime
    period_end: datetime
    segment_id: uuid.UUID | None
    segment_name: str | None
    job_steps: dict[str, WhatIfJobChoice]
    status: Status
    contacts_total: int
    contacts_done: int
    events_done: int
    # 0-100, from contacts done.
    progress: int
    error: str | None
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None
    result: WhatIfResult | None
    # What a replay cannot know, whatever the run (the same words for every run).
    limitations: list[str]


class WhatIfContactRow(msgspec.Struct, frozen=True, kw_only=True):
    contact_id: uuid.UUID
    name: str
    email: str | None


class WhatIfContacts(msgspec.Struct, frozen=True, kw_only=True):
    bucket: str
    side: Literal["draft", "live"]
    items: list[WhatIfContactRow]
    # Pass as `after` for the next page; null on the last.
    next_after: uuid.UUID | None


class WhatIfApi(msgspec.Struct, frozen=True):
    """Every shape of the what-if API in one schema (schemas/what-if-api.schema.json)."""

    create: WhatIfCreate
    run: WhatIfRun
    result: WhatIfResult
    contacts: WhatIfContacts
