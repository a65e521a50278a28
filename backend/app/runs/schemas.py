"""The migration API's shapes (docs/journeys-api.md, "Moving running contacts"): the plan
a marketer makes, its dry run, and a migration's progress. Published as
schemas/migrations-api.schema.json for the SPA's generated types."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Literal

import msgspec
from msgspec import Meta

from app.engine.diff import GraphDiff, StepRef
from app.engine.migration import TimerChoice

MigrationAction = Literal["move", "finish", "leave"]
MigrationStatus = Literal["queued", "running", "done", "refused", "cancelled"]
Version = Annotated[int, Meta(ge=1, le=2_147_483_647)]
StepId = Annotated[str, Meta(min_length=1, max_length=64)]


class StepMapping(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """Where the contacts waiting at one step of an older version go: `move` to `target`
    (a step of the new version; `timers`: `keep` the due time of what they wait for, or
    `restart` the step there), `finish` on the old version, or `leave` the journey."""

    version: Version
    node_id: StepId
    action: MigrationAction
    target: StepId | None = None
    timers: TimerChoice = "keep"


class MigrationPlan(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """`POST /journeys/{id}/migrations` (and its dry run): move the contacts of older
    versions to `to_version`, the journey's published version. Contacts waiting at a step
    no mapping names stay on their version."""

    to_version: Version
    mappings: Annotated[list[StepMapping], Meta(max_length=2000)]


class WaitingStep(msgspec.Struct, frozen=True, kw_only=True):
    """A step of an older version where contacts can wait, how many wait there now, and
    the plan's proposal for them."""

    version: int
    node_id: str
    label: str
    kind: str
    waiting: int
    # Whether the new version has a step with this id.
    in_new_version: bool
    proposed: StepMapping
    # Steps of the new version where these contacts may keep their due time.
    keepable: list[str]


class PlanProposal(msgspec.Struct, frozen=True, kw_only=True):
    """`GET /journeys/{id}/migration-plan`: what a plan to the published version starts
    from."""

    to_version: int
    # Contacts running on older versions (active or paused).
    running: int
    steps: list[WaitingStep]
    # The new version's steps a contact can be moved to (every step but the triggers).
    targets: list[StepRef]
    # A migration of this journey still being applied, if any.
    active_migration: uuid.UUID | None


class MappingCount(msgspec.Struct, frozen=True, kw_only=True):
    version: int
    node_id: str
    action: MigrationAction
    target: str | None
    # Running enrollments with a path waiting at this step now.
    waiting: int


class DryRun(msgspec.Struct, frozen=True, kw_only=True):
    """`POST /journeys/{id}/migrations/dry-run`: what applying the plan now would do
    (nothing is changed)."""

    to_version: int
    mappings: list[MappingCount]
    # Enrollments that would move, stay on their version (finish there, or wait at a
    # step no mapping names) and leave the journey.
    move: int
    stay: int
    leave: int
    # Of `stay`: those waiting at a step the plan does not name.
    unmapped: int


class MigrationPerson(msgspec.Struct, frozen=True):
    id: uuid.UUID
    name: str


class Migration(msgspec.Struct, frozen=True, kw_only=True):
    """A migration and how far applying it has come. `total` enrollments were covered
    when it started; each is decided once: moved, stayed, left, or ended (on its own
    before its turn came); `pending` are still to do (or, once it is `cancelled`, were
    never moved: they stay on their versions). `detail` says why it was refused or what
    cancelling it left."""

    id: uuid.UUID
    journey_id: uuid.UUID
    to_version: int
    status: MigrationStatus
    detail: str | None
    plan: list[StepMapping]
    created_at: datetime
    created_by: MigrationPerson | None
    started_at: datetime | None
    finished_at: datetime | None
    total: int
    moved: int
    stayed: int
    left: int
    ended: int
    pending: int


class MigrationsApi(msgspec.Struct, frozen=True):
    """Shapes of the migration and diff API the SPA reads."""

    graph_diff: GraphDiff
    step_mapping: StepMapping
    migration_plan: MigrationPlan
    plan_proposal: PlanProposal
    dry_run: DryRun
    migration: Migration
