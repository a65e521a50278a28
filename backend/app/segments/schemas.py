"""What the segments API shows and accepts."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated

import msgspec
from msgspec import UNSET, Meta, UnsetType

from app.engine.conditions import ConditionGroup

SegmentName = Annotated[
    str,
    Meta(
        min_length=1,
        max_length=80,
        pattern=r"^[a-z][a-z0-9_]*$",
        description="What journeys call it, e.g. `no_activity_90_days`. Never changes.",
    ),
]
SegmentLabel = Annotated[str, Meta(min_length=1, max_length=120)]


class SampleContact(msgspec.Struct, frozen=True):
    id: uuid.UUID
    name: str
    email: str | None


class Segment(msgspec.Struct, frozen=True):
    id: uuid.UUID
    name: str
    label: str
    description: str
    condition: ConditionGroup
    # Contacts in it now; None when the condition cannot be counted (see `problems`).
    count: int | None
    problems: list[str]
    created_at: datetime
    updated_at: datetime


class SegmentCreate(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    name: SegmentName
    label: SegmentLabel
    condition: ConditionGroup
    description: Annotated[str, Meta(max_length=2000)] = ""


class SegmentUpdate(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    label: SegmentLabel | UnsetType = UNSET
    description: Annotated[str, Meta(max_length=2000)] | UnsetType = UNSET
    condition: ConditionGroup | UnsetType = UNSET


class PreviewRequest(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    condition: ConditionGroup
    # The segment being edited, so an `in_segment` rule naming itself is caught as a loop.
    name: SegmentName | None = None


class Preview(msgspec.Struct, frozen=True):
    count: int
    sample: list[SampleContact]


class SegmentsApi(msgspec.Struct, frozen=True):
    """Every shape of the segments API in one schema (schemas/segments-api.schema.json), so
    the SPA's TypeScript types are generated from these."""

    segment: Segment
    segment_create: SegmentCreate
    segment_update: SegmentUpdate
    preview_request: PreviewRequest
    preview: Preview
    sample_contact: SampleContact
