"""/api/v1/portal-wording: staff's own words for the job stages customers see
(docs/portal-api.md, "Stage wording"). Needs `portal:wording`."""

from __future__ import annotations

from litestar import Controller, delete, get, put
from litestar.params import FromPath, JSONBody

from app.auth.deps import UserDep
from app.auth.guards import requires
from app.auth.permissions import Permission
from app.deps import ResourcesDep
from app.portal import stage_words
from app.portal.schemas import JobTypeWords, StageWords, StageWordsUpdate

WORDING = [requires(Permission.PORTAL_WORDING)]


class PortalWordingController(Controller):
    path = "/api/v1/portal-wording"
    tags = ["portal"]  # noqa: RUF012 - Litestar reads these as class attributes

    @get(
        "/",
        operation_id="listPortalWording",
        guards=WORDING,
        summary="Every job type's stages: the default words and staff's own",
    )
    async def list_words(self, resources: ResourcesDep) -> list[JobTypeWords]:
        async with resources.sessions() as db:
            return await stage_words.list_words(db)

    @put(
        "/{job_type:str}/{stage:str}",
        operation_id="setPortalStageWords",
        guards=WORDING,
        summary="Say a job type's stage in these words to customers",
    )
    async def set_words(
        self,
        resources: ResourcesDep,
        user: UserDep,
        job_type: FromPath[str],
        stage: FromPath[str],
        data: JSONBody[StageWordsUpdate],
    ) -> StageWords:
        async with resources.sessions.begin() as db:
            return await stage_words.set_words(
                db, job_type, stage, data, actor_id=user.user_id, now=resources.clock.now()
            )

    @delete(
        "/{job_type:str}/{stage:str}",
        operation_id="resetPortalStageWords",
        guards=WORDING,
        status_code=200,
        summary="Back to the default words for a stage",
    )
    async def reset_words(
        self,
        resources: ResourcesDep,
        user: UserDep,
        job_type: FromPath[str],
        stage: FromPath[str],
    ) -> StageWords:
        async with resources.sessions.begin() as db:
            return await stage_words.reset_words(
                db, job_type, stage, actor_id=user.user_id, now=resources.clock.now()
            )
