"""/api/v1/journeys/{id}/migration-plan and /migrations: moving running contacts to the
published version (docs/journeys-api.md, "Moving running contacts").

Reading needs journeys:read; a dry run, and applying a plan, need journeys:publish (the
same people who publish the version decide who moves onto it).
"""

from __future__ import annotations

import uuid

from litestar import Controller, get, post
from litestar.params import FromPath, JSONBody

from app.auth.deps import ActorDep
from app.auth.guards import requires
from app.auth.permissions import Permission
from app.deps import ResourcesDep
from app.lib.openapi import problems
from app.lib.problems import problem_response
from app.runs import migration_plans, migrations
from app.runs.schemas import DryRun, Migration, MigrationPlan, PlanProposal

JourneyId = FromPath[uuid.UUID]
READ = [requires(Permission.JOURNEYS_READ)]
PUBLISH = [requires(Permission.JOURNEYS_PUBLISH)]

_REFUSED = {
    404: problem_response("There is no journey with this id"),
    409: problem_response(
        "The journey moved on: a newer version was published since the plan was made "
        "(`errors` names each mapping whose target changed), it was never published, or "
        "another migration of it is still being applied. Nothing was moved."
    ),
    422: problem_response(
        "A mapping cannot work: `errors` names each one (`mappings[i].node_id`, "
        "`.target`, `.timers`, `.version`). Nothing was moved."
    ),
}


class MigrationsController(Controller):
    path = "/api/v1/journeys/{journey_id:uuid}"
    tags = ["journeys"]  # noqa: RUF012 - Litestar reads these as class attributes

    @get(
        "/migration-plan",
        operation_id="proposeJourneyMigration",
        guards=READ,
        summary="Where the contacts of older versions wait, and a plan to move them",
        responses={
            404: problem_response("There is no journey with this id"),
            **problems(409),
        },
    )
    async def propose(self, resources: ResourcesDep, journey_id: JourneyId) -> PlanProposal:
        async with resources.sessions() as db:
            return await migration_plans.propose(db, journey_id)

    @post(
        "/migrations/dry-run",
        operation_id="dryRunJourneyMigration",
        guards=PUBLISH,
        status_code=200,
        summary="What applying a plan now would do, in counts (nothing changes)",
        responses=_REFUSED,
    )
    async def dry_run(
        self, resources: ResourcesDep, journey_id: JourneyId, data: JSONBody[MigrationPlan]
    ) -> DryRun:
        async with resources.sessions() as db:
            return await migration_plans.dry_run(db, journey_id, data)

    @post(
        "/migrations",
        operation_id="applyJourneyMigration",
        guards=PUBLISH,
        status_code=202,
        summary="Apply a plan: the workers move the contacts in the background",
        responses=_REFUSED,
    )
    async def apply(
        self,
        resources: ResourcesDep,
        author: ActorDep,
        journey_id: JourneyId,
        data: JSONBody[MigrationPlan],
    ) -> Migration:
        async with resources.sessions.begin() as db:
            return await migrations.create(
                db, actor=author, journey_id=journey_id, plan=data, now=resources.clock.now()
            )

    @get(
        "/migrations",
        operation_id="listJourneyMigrations",
        guards=READ,
        summary="This journey's migrations, newest first (the last 50)",
        responses={404: problem_response("There is no journey with this id")},
    )
    async def list_migrations(
        self, resources: ResourcesDep, journey_id: JourneyId
    ) -> list[Migration]:
        async with resources.sessions() as db:
            return await migrations.list_for(db, journey_id)

    @get(
        "/migrations/{migration_id:uuid}",
        operation_id="getJourneyMigration",
        guards=READ,
        summary="One migration and how far applying it has come",
        responses={404: problem_response("No such journey, or no such migration of it")},
    )
    async def get_migration(
        self,
        resources: ResourcesDep,
        journey_id: JourneyId,
        migration_id: FromPath[uuid.UUID],
    ) -> Migration:
        async with resources.sessions() as db:
            return await migrations.get(db, journey_id, migration_id)

    @post(
        "/migrations/{migration_id:uuid}/cancel",
        operation_id="cancelJourneyMigration",
        guards=PUBLISH,
        status_code=200,
        summary="Stop a migration being applied: contacts already moved stay moved",
        responses={
            404: problem_response("No such journey, or no such migration of it"),
            409: problem_response(
                "The migration is done, refused or cancelled already: nothing to cancel "
                "(`migration_status` says which)."
            ),
        },
    )
    async def cancel_migration(
        self,
        resources: ResourcesDep,
        author: ActorDep,
        journey_id: JourneyId,
        migration_id: FromPath[uuid.UUID],
    ) -> Migration:
        async with resources.sessions.begin() as db:
            return await migrations.cancel(
                db,
                actor=author,
                journey_id=journey_id,
                migration_id=migration_id,
                now=resources.clock.now(),
            )
