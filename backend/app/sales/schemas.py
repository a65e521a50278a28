"""What the sales API shows and accepts (docs/sales-api.md, "Shapes")."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Any, Literal

import msgspec
from msgspec import UNSET, Meta, UnsetType

from app.engine.conditions import ConditionGroup

ProjectName = Annotated[str, Meta(min_length=1, max_length=120)]
BucketName = Annotated[str, Meta(min_length=1, max_length=120)]
OutcomeName = Annotated[str, Meta(min_length=1, max_length=80)]
StageName = Annotated[str, Meta(min_length=1, max_length=80)]
Description = Annotated[str, Meta(max_length=2000)]
Note = Annotated[str, Meta(max_length=4000)]
# A project's lists and memberships are short; these bound a request, not the product.
MAX_LIST = 100
MAX_MEMBERS = 500
UserIds = Annotated[list[uuid.UUID], Meta(max_length=MAX_MEMBERS)]
Placement = Literal["bucket", "active_user", "same_user", "new_bucket"]
Frequency = Literal["5m", "15m", "1h", "1d"]
Priority = Annotated[int, Meta(ge=1, le=1000, description="Processes run in this order, 1 first.")]
TimeOfDay = Annotated[
    str, Meta(pattern=r"^([01][0-9]|2[0-3]):[0-5][0-9]$", description="HH:MM, UTC")
]
# A CSV import's text: about 20,000 rows of a few columns.
MAX_CSV_CHARS = 2_000_000


# ---- projects ------------------------------------------------------------------------


class Person(msgspec.Struct, frozen=True):
    id: uuid.UUID
    name: str
    email: str
    active: bool


class ProjectRef(msgspec.Struct, frozen=True):
    id: uuid.UUID
    name: str


class ProcessRef(msgspec.Struct, frozen=True):
    id: uuid.UUID
    name: str


class BucketRef(msgspec.Struct, frozen=True):
    id: uuid.UUID
    name: str


class OutcomeView(msgspec.Struct, frozen=True):
    id: uuid.UUID
    name: str
    is_booking: bool


class StageView(msgspec.Struct, frozen=True):
    id: uuid.UUID
    name: str
    position: int
    cards: int


class BucketView(msgspec.Struct, frozen=True):
    id: uuid.UUID
    name: str
    # The users it is handed to.
    user_ids: list[uuid.UUID]
    cards: int


class ProjectSummary(msgspec.Struct, frozen=True):
    id: uuid.UUID
    name: str
    description: str
    cards: int
    unprocessed: int
    members: int
    # Cards the caller holds here, and whether the caller is a member.
    my_cards: int
    is_member: bool
    created_at: datetime


class ProjectDetail(msgspec.Struct, frozen=True):
    id: uuid.UUID
    name: str
    description: str
    outcomes: list[OutcomeView]
    stages: list[StageView]
    buckets: list[BucketView]
    members: list[Person]
    cards: int
    is_member: bool
    # May the caller change the project (sales:manage)?
    can_manage: bool
    created_at: datetime
    updated_at: datetime


class OutcomeInput(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    name: OutcomeName
    is_booking: bool = False
    # An outcome kept from the list as it was (renamed, perhaps); None: a new one.
    id: uuid.UUID | None = None


class StageInput(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    name: StageName
    id: uuid.UUID | None = None


class ProjectCreate(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    name: ProjectName
    outcomes: Annotated[list[OutcomeInput], Meta(max_length=MAX_LIST)]
    description: Description = ""
    stages: Annotated[list[StageInput], Meta(max_length=MAX_LIST)] = msgspec.field(
        default_factory=list
    )
    buckets: Annotated[list[BucketName], Meta(max_length=MAX_LIST)] = msgspec.field(
        default_factory=list
    )
    member_ids: UserIds = msgspec.field(default_factory=list)


class ProjectUpdate(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    name: ProjectName | UnsetType = UNSET
    description: Description | UnsetType = UNSET


class OutcomesReplace(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    outcomes: Annotated[list[OutcomeInput], Meta(max_length=MAX_LIST)]


class StagesReplace(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    stages: Annotated[list[StageInput], Meta(max_length=MAX_LIST)]


class MembersReplace(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    user_ids: UserIds


class BucketCreate(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    name: BucketName
    user_ids: UserIds = msgspec.field(default_factory=list)


class BucketUpdate(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    name: BucketName | UnsetType = UNSET
    user_ids: UserIds | UnsetType = UNSET


# ---- cards ---------------------------------------------------------------------------


class CardContact(msgspec.Struct, frozen=True):
    id: uuid.UUID
    name: str
    email: str | None
    phone: str | None


class CardView(msgspec.Struct, frozen=True):
    id: uuid.UUID
    project_id: uuid.UUID
    contact: CardContact
    bucket_id: uuid.UUID | None
    holder_id: uuid.UUID | None
    stage_id: uuid.UUID | None
    processed: bool
    processed_at: datetime | None
    processed_by: uuid.UUID | None
    # The last outcome set on it (here, or where it came from when it is unprocessed).
    last_outcome: str | None
    last_outcome_booking: bool
    booking_user_id: uuid.UUID | None
    booking_at: datetime | None
    created_at: datetime
    updated_at: datetime


class CardPage(msgspec.Struct, frozen=True):
    items: list[CardView]
    total: int


class HistoryEntry(msgspec.Struct, frozen=True):
    id: int
    project: ProjectRef
    outcome: str
    is_booking: bool
    user: Person | None
    booking_user: Person | None
    booking_at: datetime | None
    note: str
    at: datetime


class ContactFacts(msgspec.Struct, frozen=True):
    """The contact's key facts, for the card panel."""

    id: uuid.UUID
    name: str
    email: str | None
    phone: str | None
    tags: list[str]
    score: int
    attributes: dict[str, Any]


class CardDetail(msgspec.Struct, frozen=True):
    card: CardView
    contact: ContactFacts
    project: ProjectRef
    history: list[HistoryEntry]
    # Where automatic processes moved it from and to, newest first.
    moves: list[MoveView]


class CardCreate(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    contact_id: uuid.UUID
    bucket_id: uuid.UUID | None = None
    holder_id: uuid.UUID | None = None
    stage_id: uuid.UUID | None = None


class CardMove(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """Move a card within its project: into a bucket, to a user, to a stage. A bucket and
    a user exclude each other; null takes the card out of one."""

    bucket_id: uuid.UUID | UnsetType | None = UNSET
    holder_id: uuid.UUID | UnsetType | None = UNSET
    stage_id: uuid.UUID | UnsetType | None = UNSET


class BookingInput(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    user_id: uuid.UUID
    at: datetime


class OutcomeSet(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    outcome_id: uuid.UUID
    # Only with a booking outcome: the resource (a user) booked, and when.
    booking: BookingInput | None = None
    note: Note = ""


class CardImport(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """A CSV with a header row: `email`, `external_id` or `phone` (at least one per row),
    and optionally `name`, `bucket`, `stage`, `holder` (a member's email)."""

    csv: Annotated[str, Meta(min_length=1, max_length=MAX_CSV_CHARS)]


class ImportReport(msgspec.Struct, frozen=True):
    rows: int
    created: int
    # Rows whose contact already had a card in the project: left as they are.
    already_there: int
    contacts_created: int


# ---- automatic processes -------------------------------------------------------------


class Criteria(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    # Outcome names, each on the list of at least one source project.
    outcomes: Annotated[list[OutcomeName], Meta(max_length=MAX_LIST)]
    # Any condition of the shared condition builder, over the card's contact.
    condition: ConditionGroup | None = None


class ProcessInput(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    name: ProjectName
    priority: Priority
    source_ids: Annotated[list[uuid.UUID], Meta(max_length=MAX_LIST)]
    destination_id: uuid.UUID
    # `bucket`: into `bucket_id`; `active_user`: to the user who set the outcome (any
    # active member when that user is not one); `same_user`: to that user, else into
    # `bucket_id` (or a new bucket); `new_bucket`: into a bucket named after the source.
    placement: Placement
    bucket_id: uuid.UUID | None
    criteria: Criteria
    frequency: Frequency
    # Daily processes only: when (UTC).
    daily_at: TimeOfDay | None


class RunView(msgspec.Struct, frozen=True):
    id: uuid.UUID
    process_id: uuid.UUID
    kind: Literal["schedule", "manual"]
    status: Literal["running", "done", "stopped"]
    due_at: datetime
    scan_from: datetime
    scan_until: datetime
    started_at: datetime
    finished_at: datetime | None
    moved: int
    skipped: int
    detail: str


class ProcessView(msgspec.Struct, frozen=True):
    id: uuid.UUID
    name: str
    priority: int
    active: bool
    sources: list[ProjectRef]
    destination: ProjectRef
    placement: Placement
    bucket: BucketRef | None
    criteria: Criteria
    frequency: Frequency
    daily_at: str | None
    created_at: datetime
    updated_at: datetime
    # It looks at cards processed from then on.
    scan_from: datetime
    deactivated_at: datetime | None
    next_run_at: datetime | None
    last_run: RunView | None
    moved_total: int


class MoveView(msgspec.Struct, frozen=True):
    id: int
    run_id: uuid.UUID
    process: ProcessRef
    card_id: uuid.UUID
    contact: CardContact
    from_project: ProjectRef
    to_project: ProjectRef
    to_bucket: BucketRef | None
    to_user: Person | None
    outcome: str | None
    action: Literal["moved", "skipped"]
    reason: str
    detail: str
    at: datetime


class PreviewItem(msgspec.Struct, frozen=True):
    card_id: uuid.UUID
    contact: CardContact
    from_project: ProjectRef
    outcome: str | None
    processed_at: datetime
    action: Literal["moved", "skipped"]
    # Where it would go: a user, a bucket, or a bucket the run would make.
    to_kind: Literal["user", "bucket", "new_bucket", "none"]
    to_name: str
    to_id: uuid.UUID | None
    reason: str
    detail: str


class RunPreview(msgspec.Struct, frozen=True):
    total: int
    # The first of them, in the order a run takes them.
    items: list[PreviewItem]
    scan_from: datetime
    scan_until: datetime


class SalesApi(msgspec.Struct, frozen=True):
    """Every shape of the sales API in one schema (schemas/sales-api.schema.json), so the
    SPA's TypeScript types are generated from these."""

    person: Person
    project_summary: ProjectSummary
    project_detail: ProjectDetail
    project_create: ProjectCreate
    project_update: ProjectUpdate
    outcomes_replace: OutcomesReplace
    stages_replace: StagesReplace
    members_replace: MembersReplace
    bucket_create: BucketCreate
    bucket_update: BucketUpdate
    bucket_view: BucketView
    card_view: CardView
    card_page: CardPage
    card_detail: CardDetail
    card_create: CardCreate
    card_move: CardMove
    outcome_set: OutcomeSet
    card_import: CardImport
    import_report: ImportReport
    process_input: ProcessInput
    process_view: ProcessView
    run_view: RunView
    move_view: MoveView
    run_preview: RunPreview
