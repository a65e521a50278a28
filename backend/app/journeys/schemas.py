"""What the journeys API sends and receives (docs/journeys-api.md)."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Any, Final, Literal

import msgspec
from msgspec import Meta

from app.engine.definition import JourneyDefinition
from app.engine.problems import Problem
from app.journeys.library import TemplateDocument, TemplateInfo
from app.lib.params import INTEGER_MAX

JourneyStatus = Literal["draft", "active", "paused", "archived"]
EXPORT_FORMAT: Final = "waymark.journey/v1"

Name = Annotated[str, Meta(min_length=1, max_length=120)]
Description = Annotated[str, Meta(max_length=1000)]
Revision = Annotated[int, Meta(ge=1, le=INTEGER_MAX)]  # journeys.draft_revision
# A definition as sent: decoded by the service, so a broken one is reported node by node.
RawDefinition = dict[str, Any]


class Person(msgspec.Struct, frozen=True):
    id: uuid.UUID
    name: str


class JourneySummary(msgspec.Struct, frozen=True):
    id: uuid.UUID
    name: str
    description: str
    status: JourneyStatus
    draft_revision: int
    published_version: int | None
    has_unpublished_changes: bool
    updated_at: datetime
    updated_by: Person | None
    created_at: datetime


class Journey(JourneySummary, frozen=True):
    definition: JourneyDefinition
    # The draft validated against the live catalog.
    problems: list[Problem]


class JourneyPage(msgspec.Struct, frozen=True):
    items: list[JourneySummary]
    total: int


class JourneyVersion(msgspec.Struct, frozen=True):
    journey_id: uuid.UUID
    version: int
    definition: JourneyDefinition
    published_at: datetime
    published_by: Person
    note: str | None


class VersionSummary(msgspec.Struct, frozen=True):
    version: int
    published_at: datetime
    published_by: Person
    note: str | None


class JourneyCreate(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    name: Name
    description: Description = ""
    definition: RawDefinition | None = None


class DraftSave(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    revision: Revision
    definition: RawDefinition
    name: Name | None = None
    description: Description | None = None


class ValidateRequest(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    definition: RawDefinition


class PublishRequest(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    revision: Revision
    note: Annotated[str, Meta(max_length=1000)] | None = None


class DuplicateRequest(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    name: Name | None = None


class FromTemplateRequest(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    slug: Annotated[str, Meta(min_length=1, max_length=80)]
    name: Name | None = None


class JourneyExport(msgspec.Struct, frozen=True):
    """A journey as a file: what export writes and import reads."""

    format: Literal["waymark.journey/v1"]
    name: str
    description: str
    definition: JourneyDefinition


class JourneyImport(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    format: Literal["waymark.journey/v1"]
    name: Name
    definition: RawDefinition
    description: Description = ""


class NodeStats(msgspec.Struct, frozen=True):
    entered: int = 0
    waiting: int = 0
    exits: dict[str, int] = msgspec.field(default_factory=dict)
    # Message steps: what happened to the messages they queued.
    sent: int = 0
    opened: int = 0
    clicked: int = 0
    failed: int = 0
    # Messages the step queued that were never sent, by reason: `no_consent`,
    # `no_address`, `template_failed`, `delivery_failed` (retries ran out), `other`.
    not_sent: dict[str, int] = msgspec.field(default_factory=dict)
    # Triggers: contacts the trigger matched but the re-entry rule kept out.
    refused: int = 0


class JourneyStats(msgspec.Struct, frozen=True):
    nodes: dict[str, NodeStats]


class CatalogItem(msgspec.Struct, frozen=True):
    name: str
    label: str


class CatalogJobType(msgspec.Struct, frozen=True):
    name: str
    label: str
    queue: str
    outcomes: list[str]


class JourneyCatalog(msgspec.Struct, frozen=True):
    """What a journey may refer to: the canvas's pickers, and what validation checks."""

    queues: list[CatalogItem]
    job_types: list[CatalogJobType]
    email_templates: list[CatalogItem]
    sms_templates: list[CatalogItem]
    letter_templates: list[CatalogItem]
    segments: list[CatalogItem]
    # Event names seen so far (at most EVENT_NAMES_LIMIT, alphabetical).
    event_names: list[str]


FieldType = Literal["text", "number", "date", "boolean", "list"]


class FieldInfo(msgspec.Struct, frozen=True):
    """One field: the path a rule stores, what people call it, and its kind of value."""

    path: str
    label: str
    type: FieldType
    # Seen in the data rather than built in (a custom attribute, an object's own field).
    custom: bool = False
    example: str | None = None


class FieldCatalog(msgspec.Struct, frozen=True):
    """`GET /journeys/catalog/fields`: what conditions and messages can read."""

    contact: list[FieldInfo]
    # object kind -> its fields
    objects: dict[str, list[FieldInfo]]
    # event name -> the properties its recent events carried
    events: dict[str, list[FieldInfo]]


class EntryEstimate(msgspec.Struct, frozen=True):
    """How many contacts one trigger would let in during a typical week."""

    node_id: str
    # Contacts a week (None: this kind of trigger has no past to count from).
    per_week: float | None
    # Times the trigger's event happened a week, whoever it happened to (event triggers).
    events_per_week: float | None
    # The trigger has a filter the count does not apply: the estimate is an upper bound.
    before_filter: bool
    # The same in words, for the dialog.
    words: str


class RunningVersion(msgspec.Struct, frozen=True):
    version: int
    contacts: int


class PublishReview(msgspec.Struct, frozen=True):
    """`GET /journeys/{id}/review`: what publishing the saved draft would do."""

    revision: int
    history_days: int
    entries: list[EntryEstimate]
    # Contacts in the journey now (active or paused), by the version they run on.
    running: list[RunningVersion]


class TestSendRequest(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """`POST /journeys/{id}/test-send`: which email step of the saved draft to send to
    yourself, rendered for which contact (yourself when left out)."""

    node_id: Annotated[str, Meta(min_length=1, max_length=120)]
    contact_id: uuid.UUID | None = None


class TestSendResult(msgspec.Struct, frozen=True):
    """The test email is queued: its message key (the message log shows it), where it goes
    and whom it was rendered for."""

    key: str
    to: str
    contact_id: uuid.UUID
    contact_name: str


class JourneysApi(msgspec.Struct, frozen=True):
    """Shapes of the journeys API the SPA reads, in one schema
    (schemas/journeys-api.schema.json), so its TypeScript types are generated."""

    journey_summary: JourneySummary
    journey: Journey
    journey_page: JourneyPage
    journey_version: JourneyVersion
    version_summary: VersionSummary
    journey_create: JourneyCreate
    draft_save: DraftSave
    validate_request: ValidateRequest
    publish_request: PublishRequest
    duplicate_request: DuplicateRequest
    from_template_request: FromTemplateRequest
    journey_export: JourneyExport
    journey_import: JourneyImport
    catalog: JourneyCatalog
    template_info: TemplateInfo
    field_catalog: FieldCatalog
    template: TemplateDocument
    publish_review: PublishReview
    test_send_request: TestSendRequest
    test_send: TestSendResult
