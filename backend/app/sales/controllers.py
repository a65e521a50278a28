"""/api/v1/sales: projects (outcomes, stages, buckets, members), their cards and the
automatic processes (docs/sales-api.md).

Boards and cards need sales:work and membership of the project, or sales:manage, which
also manages projects and processes. A project or card the caller may not see is a 404."""

from __future__ import annotations

import uuid
from typing import Annotated

import structlog
from litestar import Controller, delete, get, patch, post, put
from litestar.params import FromPath, FromQuery, JSONBody, QueryParameter
from redis.exceptions import RedisError

from app.auth.deps import UserDep
from app.auth.guards import requires, requires_any
from app.auth.permissions import Permission
from app.deps import ResourcesDep
from app.lib.openapi import problems
from app.lib.problems import InvalidInputError, problem_response
from app.resources import Resources
from app.sales import cards, imports, moves, people, processes, projects, runs
from app.sales.access import visible_project
from app.sales.schemas import (
    BucketCreate,
    BucketUpdate,
    BucketView,
    CardCreate,
    CardDetail,
    CardImport,
    CardMove,
    CardPage,
    CardView,
    ImportReport,
    MembersReplace,
    MoveView,
    OutcomeSet,
    OutcomesReplace,
    Person,
    ProcessInput,
    ProcessView,
    ProjectCreate,
    ProjectDetail,
    ProjectSummary,
    ProjectUpdate,
    RunPreview,
    RunView,
    StagesReplace,
)

log = structlog.get_logger(__name__)

WORK = [requires_any(Permission.SALES_WORK, Permission.SALES_MANAGE)]
MANAGE = [requires(Permission.SALES_MANAGE)]
ProjectId = FromPath[uuid.UUID]
CardId = FromPath[uuid.UUID]
BucketId = FromPath[uuid.UUID]
ProcessId = FromPath[uuid.UUID]
# A bucket's or stage's id, or `none` for cards in none.
PlaceFilter = Annotated[str | None, QueryParameter(max_length=36)]
HolderFilter = Annotated[
    str | None, QueryParameter(max_length=36, description="`me`, or a user's id")
]
Search = Annotated[str | None, QueryParameter(max_length=200)]
Limit = Annotated[int, QueryParameter(ge=1, le=cards.MAX_PAGE)]
Offset = Annotated[int, QueryParameter(ge=0, le=1_000_000)]
MoveLimit = Annotated[int, QueryParameter(ge=1, le=moves.MAX_MOVES)]
RunLimit = Annotated[int, QueryParameter(ge=1, le=100)]


def _id_or(value: str | None, field: str, word: str) -> uuid.UUID | str | None:
    if value is None or value == word:
        return value
    try:
        return uuid.UUID(value)
    except ValueError:
        raise InvalidInputError.on_field(field, f"Give an id, or `{word}`.") from None


class SalesProjectsController(Controller):
    path = "/api/v1/sales/projects"
    tags = ["sales"]  # noqa: RUF012 - Litestar reads these as class attributes

    @get("/", operation_id="listSalesProjects", guards=WORK, summary="Projects I may see")
    async def list_projects(self, resources: ResourcesDep, user: UserDep) -> list[ProjectSummary]:
        async with resources.sessions() as db:
            return await projects.list_projects(db, user)

    @post(
        "/",
        operation_id="createSalesProject",
        guards=MANAGE,
        responses=problems(409),
        summary="Create a project with its outcome list (and stages, buckets, members)",
    )
    async def create(
        self, resources: ResourcesDep, user: UserDep, data: JSONBody[ProjectCreate]
    ) -> ProjectDetail:
        async with resources.sessions.begin() as db:
            return await projects.create_project(db, data, user, resources.clock.now())

    @get("/{project_id:uuid}", operation_id="getSalesProject", guards=WORK)
    async def get_project(
        self, resources: ResourcesDep, user: UserDep, project_id: ProjectId
    ) -> ProjectDetail:
        async with resources.sessions() as db:
            return await projects.get_project(db, project_id, user)

    @patch(
        "/{project_id:uuid}",
        operation_id="updateSalesProject",
        guards=MANAGE,
        responses=problems(409),
    )
    async def update(
        self,
        resources: ResourcesDep,
        user: UserDep,
        project_id: ProjectId,
        data: JSONBody[ProjectUpdate],
    ) -> ProjectDetail:
        async with resources.sessions.begin() as db:
            return await projects.update_project(db, project_id, data, user, resources.clock.now())

    @put(
        "/{project_id:uuid}/outcomes",
        operation_id="replaceSalesOutcomes",
        guards=MANAGE,
        summary="The outcome list, whole (at least one outcome)",
    )
    async def outcomes(
        self,
        resources: ResourcesDep,
        user: UserDep,
        project_id: ProjectId,
        data: JSONBody[OutcomesReplace],
    ) -> ProjectDetail:
        async with resources.sessions.begin() as db:
            return await projects.replace_outcomes(db, project_id, data.outcomes, user)

    @put(
        "/{project_id:uuid}/stages",
        operation_id="replaceSalesStages",
        guards=MANAGE,
        summary="The funnel stages, whole and in order",
    )
    async def stages(
        self,
        resources: ResourcesDep,
        user: UserDep,
        project_id: ProjectId,
        data: JSONBody[StagesReplace],
    ) -> ProjectDetail:
        async with resources.sessions.begin() as db:
            return await projects.replace_stages(db, project_id, data.stages, user)

    @put(
        "/{project_id:uuid}/members",
        operation_id="replaceSalesMembers",
        guards=MANAGE,
        summary="The users who work the project, whole",
    )
    async def members(
        self,
        resources: ResourcesDep,
        user: UserDep,
        project_id: ProjectId,
        data: JSONBody[MembersReplace],
    ) -> ProjectDetail:
        async with resources.sessions.begin() as db:
            return await projects.replace_members(db, project_id, data, user, resources.clock.now())

    @post(
        "/{project_id:uuid}/buckets",
        operation_id="createSalesBucket",
        guards=MANAGE,
        responses=problems(409),
    )
    async def create_bucket(
        self, resources: ResourcesDep, project_id: ProjectId, data: JSONBody[BucketCreate]
    ) -> BucketView:
        async with resources.sessions.begin() as db:
            return await projects.create_bucket(db, project_id, data, resources.clock.now())

    @get(
        "/{project_id:uuid}/cards",
        operation_id="listSalesCards",
        guards=WORK,
        summary="The board's cards, filtered",
    )
    async def list_cards(  # noqa: PLR0917 - one argument a filter
        self,
        resources: ResourcesDep,
        user: UserDep,
        project_id: ProjectId,
        bucket: PlaceFilter = None,
        stage: PlaceFilter = None,
        holder: HolderFilter = None,
        processed: FromQuery[bool | None] = None,
        q: Search = None,
        limit: Limit = 200,
        offset: Offset = 0,
    ) -> CardPage:
        filters = cards.CardFilters(
            bucket=_id_or(bucket, "bucket", "none"),
            stage=_id_or(stage, "stage", "none"),
            holder=_id_or(holder, "holder", "me"),
            processed=processed,
            q=q,
            limit=limit,
            offset=offset,
        )
        async with resources.sessions() as db:
            return await cards.list_cards(db, project_id, user, filters)

    @post(
        "/{project_id:uuid}/cards",
        operation_id="createSalesCard",
        guards=WORK,
        responses=problems(409),
        summary="Put a contact in the project",
    )
    async def create_card(
        self,
        resources: ResourcesDep,
        user: UserDep,
        project_id: ProjectId,
        data: JSONBody[CardCreate],
    ) -> CardView:
        async with resources.sessions.begin() as db:
            return await cards.create_card(db, project_id, data, user)

    @post(
        "/{project_id:uuid}/cards/import",
        operation_id="importSalesCards",
        guards=MANAGE,
        status_code=200,
        responses={
            422: problem_response(
                "A row is not valid: `errors` names each one (`rows[3].email`); nothing was "
                "imported."
            )
        },
        summary="Cards from a CSV: all rows or none",
    )
    async def import_cards(
        self,
        resources: ResourcesDep,
        user: UserDep,
        project_id: ProjectId,
        data: JSONBody[CardImport],
    ) -> ImportReport:
        async with resources.sessions.begin() as db:
            await visible_project(db, project_id, user)
            return await imports.import_cards(db, project_id, data.csv)


class SalesBucketsController(Controller):
    path = "/api/v1/sales/buckets"
    tags = ["sales"]  # noqa: RUF012 - Litestar reads these as class attributes

    @patch(
        "/{bucket_id:uuid}",
        operation_id="updateSalesBucket",
        guards=MANAGE,
        responses=problems(409),
    )
    async def update(
        self, resources: ResourcesDep, bucket_id: BucketId, data: JSONBody[BucketUpdate]
    ) -> BucketView:
        async with resources.sessions.begin() as db:
            return await projects.update_bucket(db, bucket_id, data)

    @delete(
        "/{bucket_id:uuid}",
        operation_id="deleteSalesBucket",
        guards=MANAGE,
        responses=problems(409),
        summary="Remove a bucket (its cards stay in the project)",
    )
    async def remove(self, resources: ResourcesDep, bucket_id: BucketId) -> None:
        async with resources.sessions.begin() as db:
            await projects.delete_bucket(db, bucket_id)


class SalesCardsController(Controller):
    path = "/api/v1/sales/cards"
    tags = ["sales"]  # noqa: RUF012 - Litestar reads these as class attributes

    @get("/{card_id:uuid}", operation_id="getSalesCard", guards=WORK, summary="The card panel")
    async def get_card(self, resources: ResourcesDep, user: UserDep, card_id: CardId) -> CardDetail:
        async with resources.sessions() as db:
            return await cards.card_detail(db, card_id, user)

    @patch(
        "/{card_id:uuid}",
        operation_id="moveSalesCard",
        guards=WORK,
        summary="Move a card within its project (bucket, holder, stage)",
    )
    async def move(
        self, resources: ResourcesDep, user: UserDep, card_id: CardId, data: JSONBody[CardMove]
    ) -> CardView:
        async with resources.sessions.begin() as db:
            return await cards.move_card(db, card_id, data, user, resources.clock.now())

    @post(
        "/{card_id:uuid}/outcome",
        operation_id="setSalesCardOutcome",
        guards=WORK,
        status_code=200,
        summary="Process a card: its outcome, and a booking with a booking outcome",
    )
    async def set_outcome(
        self, resources: ResourcesDep, user: UserDep, card_id: CardId, data: JSONBody[OutcomeSet]
    ) -> CardView:
        async with resources.sessions.begin() as db:
            return await cards.set_outcome(db, card_id, data, user, resources.clock.now())


class SalesPeopleController(Controller):
    path = "/api/v1/sales/people"
    tags = ["sales"]  # noqa: RUF012 - Litestar reads these as class attributes

    @get(
        "/",
        operation_id="listSalesPeople",
        guards=WORK,
        summary="Active users: members to add, holders, resources to book",
    )
    async def list_people(self, resources: ResourcesDep) -> list[Person]:
        async with resources.sessions() as db:
            return await people.staff(db)


class SalesProcessesController(Controller):
    path = "/api/v1/sales/processes"
    tags = ["sales"]  # noqa: RUF012 - Litestar reads these as class attributes

    @get(
        "/",
        operation_id="listSalesProcesses",
        guards=MANAGE,
        summary="Active processes, then inactive ones, each in priority order",
    )
    async def list_processes(self, resources: ResourcesDep) -> list[ProcessView]:
        async with resources.sessions() as db:
            return await processes.list_processes(db)

    @post("/", operation_id="createSalesProcess", guards=MANAGE, summary="Create a process")
    async def create(
        self, resources: ResourcesDep, user: UserDep, data: JSONBody[ProcessInput]
    ) -> ProcessView:
        async with resources.sessions.begin() as db:
            return await processes.create_process(
                db, data, actor_id=user.user_id, now=resources.clock.now()
            )

    @get("/{process_id:uuid}", operation_id="getSalesProcess", guards=MANAGE)
    async def get_process(self, resources: ResourcesDep, process_id: ProcessId) -> ProcessView:
        async with resources.sessions() as db:
            return await processes.get_process(db, process_id)

    @put(
        "/{process_id:uuid}",
        operation_id="updateSalesProcess",
        guards=MANAGE,
        summary="Change a process, whole (active or not, and its scan start, stay)",
    )
    async def update(
        self,
        resources: ResourcesDep,
        user: UserDep,
        process_id: ProcessId,
        data: JSONBody[ProcessInput],
    ) -> ProcessView:
        async with resources.sessions.begin() as db:
            return await processes.update_process(
                db, process_id, data, actor_id=user.user_id, now=resources.clock.now()
            )

    @delete(
        "/{process_id:uuid}",
        operation_id="deactivateSalesProcess",
        guards=MANAGE,
        summary="Delete: the process becomes inactive (kept, listed under Inactive)",
    )
    async def deactivate(
        self, resources: ResourcesDep, user: UserDep, process_id: ProcessId
    ) -> None:
        async with resources.sessions.begin() as db:
            await processes.deactivate(
                db, process_id, actor_id=user.user_id, now=resources.clock.now()
            )

    @post(
        "/{process_id:uuid}/activate",
        operation_id="activateSalesProcess",
        guards=MANAGE,
        status_code=200,
        summary="Reactivate: runs at once over the last 30 days (not before it was created)",
    )
    async def activate(
        self, resources: ResourcesDep, user: UserDep, process_id: ProcessId
    ) -> ProcessView:
        async with resources.sessions.begin() as db:
            view = await processes.activate(
                db, process_id, actor_id=user.user_id, now=resources.clock.now()
            )
        await _ring(resources)
        return view

    @post(
        "/{process_id:uuid}/preview",
        operation_id="previewSalesProcessRun",
        guards=MANAGE,
        status_code=200,
        responses=problems(422),
        summary="A dry run: what a run now would move, and where (nothing is written)",
    )
    async def preview(self, resources: ResourcesDep, process_id: ProcessId) -> RunPreview:
        async with resources.sessions() as db:
            return await runs.preview(db, process_id, resources.clock.now())

    @post(
        "/{process_id:uuid}/runs",
        operation_id="runSalesProcessNow",
        guards=MANAGE,
        status_code=202,
        responses=problems(409),
        summary="Run now: queued for a worker (poll the runs for its counts)",
    )
    async def run_now(
        self, resources: ResourcesDep, user: UserDep, process_id: ProcessId
    ) -> RunView:
        async with resources.sessions.begin() as db:
            run = await processes.request_run(
                db, process_id, actor_id=user.user_id, now=resources.clock.now()
            )
        await _ring(resources)
        return run

    @get("/{process_id:uuid}/runs", operation_id="listSalesProcessRuns", guards=MANAGE)
    async def list_runs(
        self, resources: ResourcesDep, process_id: ProcessId, limit: RunLimit = 20
    ) -> list[RunView]:
        async with resources.sessions() as db:
            return await processes.list_runs(db, process_id, limit)

    @get(
        "/{process_id:uuid}/moves",
        operation_id="listSalesProcessMoves",
        guards=MANAGE,
        summary="The audit log: what its runs moved (or left) and why, newest first",
    )
    async def list_moves(
        self,
        resources: ResourcesDep,
        process_id: ProcessId,
        run_id: FromQuery[uuid.UUID | None] = None,
        limit: MoveLimit = 100,
    ) -> list[MoveView]:
        async with resources.sessions() as db:
            await processes.process_row(db, process_id)
            return await moves.move_views(db, process_id=process_id, run_id=run_id, limit=limit)


async def _ring(resources: Resources) -> None:
    try:
        await resources.queue.run_sales_processes()
    except RedisError:
        # Postgres holds the run; a worker's sales loop finds it within seconds anyway.
        log.warning("sales.ring_failed", exc_info=True)


SALES_CONTROLLERS = (
    SalesProjectsController,
    SalesBucketsController,
    SalesCardsController,
    SalesPeopleController,
    SalesProcessesController,
)
