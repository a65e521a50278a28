"""What the jobs API sends and receives (docs/jobs-api.md)."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Any, Literal

import msgspec
from msgspec import Meta

from app.lib.params import INTEGER_MAX

JobStatus = Literal["new", "in_progress", "on_hold", "completed", "cancelled"]
EditableStatus = Literal["new", "in_progress", "on_hold"]
Priority = Literal["low", "normal", "high", "urgent"]
MachineName = Annotated[str, Meta(min_length=1, max_length=60, pattern=r"^[a-z][a-z0-9_]*$")]
Outcome = Annotated[str, Meta(min_length=1, max_length=64, pattern=r"^[a-z][a-z0-9_]*$")]
Label = Annotated[str, Meta(min_length=1, max_length=120)]
Version = Annotated[int, Meta(ge=1, le=INTEGER_MAX)]  # jobs.version, job_types.version


class UserRef(msgspec.Struct, frozen=True):
    id: uuid.UUID
    name: str
    email: str


class JobTypeRef(msgspec.Struct, frozen=True):
    name: str
    label: str


class ContactRef(msgspec.Struct, frozen=True):
    id: uuid.UUID
    name: str


class ObjectFacts(msgspec.Struct, frozen=True, kw_only=True):
    """A related object's key facts (one of the job's contact's own objects)."""

    id: uuid.UUID
    kind: str
    status: str
    # The object's own number, e.g. the order number.
    reference: str | None
    # From its data: `total`, `amount`, `value` or `price` (the first that is a number).
    amount: float | None
    currency: str | None
    due_at: datetime | None
    starts_at: datetime | None
    created_at: datetime
    # A few more of its data fields (scalars only).
    fields: dict[str, str | int | float | bool]


class ContactFacts(msgspec.Struct, frozen=True, kw_only=True):
    """The job's contact at a glance."""

    id: uuid.UUID
    name: str
    email: str | None
    phone: str | None
    tags: list[str]
    score: int


class RelatedObject(msgspec.Struct, frozen=True):
    type: str
    id: str
    # None when the contact has no object of that kind and reference (or id).
    object: ObjectFacts | None = None


class JourneyRef(msgspec.Struct, frozen=True):
    journey_id: uuid.UUID
    journey_name: str
    enrollment_id: uuid.UUID | None
    node_id: str | None


# ---- job types -----------------------------------------------------------------------


class JobType(msgspec.Struct, frozen=True):
    id: uuid.UUID
    name: str
    label: str
    queue: str
    guidance: str
    form_schema: dict[str, Any]
    ui_schema: dict[str, Any]
    outcomes: list[str]
    default_due_minutes: int | None
    priority: Priority
    version: int
    created_at: datetime
    updated_at: datetime


class JobTypeFields(msgspec.Struct, frozen=True, forbid_unknown_fields=True, kw_only=True):
    label: Label
    queue: MachineName
    guidance: Annotated[str, Meta(max_length=20_000)] = ""
    form_schema: dict[str, Any] = msgspec.field(default_factory=dict)
    ui_schema: dict[str, Any] = msgspec.field(default_factory=dict)
    outcomes: Annotated[list[Outcome], Meta(min_length=1, max_length=20)]
    default_due_minutes: Annotated[int, Meta(ge=1, le=366 * 24 * 60)] | None = None
    priority: Priority = "normal"


class JobTypeCreate(JobTypeFields, frozen=True, forbid_unknown_fields=True, kw_only=True):
    name: MachineName


class JobTypeUpdate(JobTypeFields, frozen=True, forbid_unknown_fields=True, kw_only=True):
    """A PUT replaces the type: every field is required (no default fills a gap)."""

    version: Version
    guidance: Annotated[str, Meta(max_length=20_000)]
    form_schema: dict[str, Any]
    ui_schema: dict[str, Any]
    default_due_minutes: Annotated[int, Meta(ge=1, le=366 * 24 * 60)] | None
    priority: Priority


# ---- jobs ----------------------------------------------------------------------------


class JobSummary(msgspec.Struct, frozen=True, kw_only=True):
    id: uuid.UUID
    type: JobTypeRef
    title: str
    queue: str
    status: JobStatus
    priority: Priority
    assignee: UserRef | None
    contact: ContactRef | None
    created_at: datetime
    due_at: datetime | None
    claimed_at: datetime | None
    completed_at: datetime | None
    overrunning: bool
    version: int


class Job(JobSummary, frozen=True, kw_only=True):
    guidance: str
    form_schema: dict[str, Any]
    ui_schema: dict[str, Any]
    outcomes: list[str]
    form_data: dict[str, Any]
    outcome: str | None
    related: list[RelatedObject]
    # The contact's key facts (None without a contact).
    contact_facts: ContactFacts | None
    journey: JourneyRef | None
    cancel_reason: str | None
    notes_count: int
    files_count: int


class JobPage(msgspec.Struct, frozen=True):
    items: list[JobSummary]
    next_cursor: str | None


class JobPatch(msgspec.Struct, frozen=True, forbid_unknown_fields=True, kw_only=True):
    version: Version
    status: EditableStatus | None = None
    priority: Priority | None = None
    due_at: datetime | None = None
    title: Annotated[str, Meta(min_length=1, max_length=300)] | None = None
    form_data: dict[str, Any] | None = None


class UnclaimRequest(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    version: Version | None = None


class AssignRequest(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    assignee_id: uuid.UUID | None
    version: Version | None = None


class CompleteRequest(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    version: Version
    outcome: Annotated[str, Meta(min_length=1, max_length=64)]
    data: dict[str, Any] = msgspec.field(default_factory=dict)


class CancelRequest(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    version: Version
    reason: Annotated[str, Meta(max_length=2000)] | None = None


class JobEvent(msgspec.Struct, frozen=True):
    id: int
    at: datetime
    actor: UserRef | None
    action: str
    job_id: uuid.UUID
    changes: dict[str, Any]


class JobEventPage(msgspec.Struct, frozen=True):
    items: list[JobEvent]
    total: int


class Queue(msgspec.Struct, frozen=True):
    name: str
    label: str
    role: str
    dashboard: str
    open: int
    unassigned: int
    mine: int
    overrunning: int


# ---- notes and files -------------------------------------------------------------------


class Note(msgspec.Struct, frozen=True):
    id: int
    body: str
    author: UserRef | None
    created_at: datetime


class NoteCreate(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    body: Annotated[str, Meta(min_length=1, max_length=10_000)]


class JobFileInfo(msgspec.Struct, frozen=True):
    id: uuid.UUID
    filename: str
    content_type: str
    size: int
    sha256: str
    uploaded_by: UserRef | None
    uploaded_at: datetime


# ---- saved filters ----------------------------------------------------------------------


class JobFilters(msgspec.Struct, frozen=True, forbid_unknown_fields=True, omit_defaults=True):
    """The list query as an object (saved filters store this)."""

    queue: list[str] = msgspec.field(default_factory=list)
    scope: Literal["default", "mine", "unassigned", "all"] = "default"
    status: list[JobStatus] = msgspec.field(default_factory=list)
    type: list[str] = msgspec.field(default_factory=list)
    priority: list[Priority] = msgspec.field(default_factory=list)
    assignee: str | None = None
    q: Annotated[str, Meta(max_length=200)] | None = None
    created_from: datetime | None = None
    created_to: datetime | None = None
    due_from: datetime | None = None
    due_to: datetime | None = None
    overrunning: bool = False
    sort: Literal["created_at", "-created_at", "due_at", "-due_at", "priority", "-priority"] = (
        "-created_at"
    )


class SavedFilter(msgspec.Struct, frozen=True):
    id: uuid.UUID
    name: str
    queue: str | None
    filters: JobFilters
    shared: bool
    role: str | None
    owner: UserRef
    created_at: datetime
    updated_at: datetime


class SavedFilterWrite(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    name: Annotated[str, Meta(min_length=1, max_length=120)]
    filters: dict[str, Any]
    queue: str | None = None
    shared: bool = False


class SavedFilterUpdate(SavedFilterWrite, frozen=True, forbid_unknown_fields=True, kw_only=True):
    """A PUT replaces the filter: every field is required (`queue: null` for none)."""

    queue: str | None
    shared: bool


# ---- supervisors and reports --------------------------------------------------------------


class Workload(msgspec.Struct, frozen=True):
    user: UserRef
    queues: list[str]
    open: int
    in_progress: int
    on_hold: int
    overrunning: int
    completed_today: int


class BulkReassign(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    job_ids: Annotated[list[uuid.UUID], Meta(min_length=1, max_length=500)]
    assignee_id: uuid.UUID | None


class BulkFailure(msgspec.Struct, frozen=True):
    id: uuid.UUID
    detail: str


class BulkResult(msgspec.Struct, frozen=True):
    updated: list[JobSummary]
    failed: list[BulkFailure]


class Durations(msgspec.Struct, frozen=True):
    avg: float
    median: float
    p90: float


class TimesRow(msgspec.Struct, frozen=True):
    key: str
    label: str
    created: int
    claimed: int
    completed: int
    time_to_claim: Durations | None
    time_to_complete: Durations | None


class TimesReport(msgspec.Struct, frozen=True):
    rows: list[TimesRow]


class OverrunRow(msgspec.Struct, frozen=True):
    queue: str
    label: str
    overrunning: int
    open: int


class TrendPoint(msgspec.Struct, frozen=True):
    start: datetime
    created: int
    claimed: int
    completed: int
    cancelled: int


class JobMessage(msgspec.Struct, frozen=True):
    """One server-sent `job` message: a change to a job, after its commit."""

    action: str
    job: JobSummary
    actor_id: uuid.UUID | None
    at: datetime


class JobsApi(msgspec.Struct, frozen=True):
    """Every shape of the jobs API in one schema (schemas/jobs-api.schema.json), so the
    SPA's TypeScript types are generated from the backend's."""

    job_type: JobType
    job_type_create: JobTypeCreate
    job_type_update: JobTypeUpdate
    job_type_ref: JobTypeRef
    job: Job
    job_page: JobPage
    job_patch: JobPatch
    unclaim: UnclaimRequest
    assign: AssignRequest
    complete: CompleteRequest
    cancel: CancelRequest
    job_event: JobEvent
    job_event_page: JobEventPage
    queue: Queue
    note: Note
    note_create: NoteCreate
    job_file: JobFileInfo
    job_filters: JobFilters
    saved_filter: SavedFilter
    saved_filter_write: SavedFilterWrite
    saved_filter_update: SavedFilterUpdate
    workload: Workload
    bulk_reassign: BulkReassign
    bulk_result: BulkResult
    times_report: TimesReport
    overrun_row: OverrunRow
    trend_point: TrendPoint
    job_message: JobMessage
