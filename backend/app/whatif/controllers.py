"""/api/v1/journeys/{id}/what-ifs: a draft or version replayed over past events
(docs/what-if.md). Asking for one needs journeys:write (it stores a run); reading them
journeys:read, and the contacts behind a number contacts:read as well."""

from __future__ import annotations

import uuid
from typing import Annotated, Literal

import structlog
from litestar import Controller, delete, get, post
from litestar.params import FromPath, FromQuery, JSONBody, QueryParameter
from redis.exceptions import RedisError

from app.auth.deps import UserDep
from app.auth.guards import requires
from app.auth.permissions import Permission
from app.deps import ResourcesDep
from app.lib.problems import problem_response
from app.whatif import services
from app.whatif.schemas import WhatIfContacts, WhatIfCreate, WhatIfRun

log = structlog.get_logger(__name__)

READ = [requires(Permission.JOURNEYS_READ)]
WRITE = [requires(Permission.JOURNEYS_WRITE)]
PEOPLE = [requires(Permission.JOURNEYS_READ), requires(Permission.CONTACTS_READ)]
NO_RUN = problem_response("No such journey, or it has no what-if with that id.")


class WhatIfsController(Controller):
    path = "/api/v1/journeys/{journey_id:uuid}/what-ifs"
    tags = ["journeys"]  # noqa: RUF012 - Litestar reads these as class attributes

    @post(
        "/",
        operation_id="startWhatIf",
        guards=WRITE,
        status_code=202,
        summary="Replay the draft (or a version) over the events of a past period",
        description=(
            "Queued for a worker; poll the run for its progress. Nothing live is touched: "
            "no event, enrollment, step, message or job is written."
        ),
        responses={
            400: problem_response(
                "The body is not valid: `errors` names the field (`period_end`, "
                "`job_steps.<step>.outcome`…)."
            ),
            404: problem_response(
                "No such journey, version (`version`) or segment (`segment_id`)."
            ),
            422: problem_response("The version's definition does not decode (`version`)."),
        },
    )
    async def start(
        self,
        resources: ResourcesDep,
        user: UserDep,
        journey_id: FromPath[uuid.UUID],
        data: JSONBody[WhatIfCreate],
    ) -> WhatIfRun:
        async with resources.sessions.begin() as db:
            run = await services.create(
                db, journey_id, data, actor_id=user.user_id, now=resources.clock.now()
            )
        try:
            await resources.queue.run_what_ifs()
        except RedisError:
            # Postgres holds the run; a worker finds it within seconds without the ring.
            log.warning("what_if.ring_failed", exc_info=True)
        return run

    @get("/", operation_id="listWhatIfs", guards=READ, responses={404: NO_RUN})
    async def list_runs(
        self, resources: ResourcesDep, journey_id: FromPath[uuid.UUID]
    ) -> list[WhatIfRun]:
        async with resources.sessions() as db:
            return await services.list_runs(db, journey_id)

    @get("/{run_id:uuid}", operation_id="getWhatIf", guards=READ, responses={404: NO_RUN})
    async def get_run(
        self, resources: ResourcesDep, journey_id: FromPath[uuid.UUID], run_id: FromPath[uuid.UUID]
    ) -> WhatIfRun:
        async with resources.sessions() as db:
            return await services.get_run(db, journey_id, run_id)

    @post(
        "/{run_id:uuid}/cancel",
        operation_id="cancelWhatIf",
        guards=WRITE,
        status_code=200,
        summary="Stop a queued or running what-if (kept, marked cancelled)",
        responses={404: NO_RUN, 422: problem_response("The what-if has already ended.")},
    )
    async def cancel(
        self, resources: ResourcesDep, journey_id: FromPath[uuid.UUID], run_id: FromPath[uuid.UUID]
    ) -> WhatIfRun:
        async with resources.sessions.begin() as db:
            return await services.cancel_run(db, journey_id, run_id, resources.clock.now())

    @delete(
        "/{run_id:uuid}",
        operation_id="deleteWhatIf",
        guards=WRITE,
        summary="Delete a what-if and its results (one still running stops)",
        responses={404: NO_RUN},
    )
    async def delete_run(
        self, resources: ResourcesDep, journey_id: FromPath[uuid.UUID], run_id: FromPath[uuid.UUID]
    ) -> None:
        async with resources.sessions.begin() as db:
            await services.delete_run(db, journey_id, run_id)

    @get(
        "/{run_id:uuid}/contacts",
        operation_id="listWhatIfContacts",
        guards=PEOPLE,
        summary="The contacts behind one number of a what-if (the draft's or the live one)",
        responses={
            400: problem_response(
                "`bucket` is not a number of a what-if, or `limit` is out of range."
            ),
            404: NO_RUN,
        },
    )
    async def contacts(  # noqa: PLR0917 - a page of one bucket
        self,
        resources: ResourcesDep,
        journey_id: FromPath[uuid.UUID],
        run_id: FromPath[uuid.UUID],
        bucket: Annotated[
            str,
            QueryParameter(
                min_length=1,
                max_length=300,
                description="enrolled, node:<step>, exit:<step>:<exit>, waiting:<step>, "
                "end:<step>, message:<channel>:<template> or job:<queue>",
            ),
        ],
        side: FromQuery[Literal["draft", "live"]] = "draft",
        after: FromQuery[uuid.UUID | None] = None,
        limit: Annotated[int, QueryParameter(ge=1, le=500)] = services.PAGE,
    ) -> WhatIfContacts:
        async with resources.sessions() as db:
            return await services.contacts(
                db,
                journey_id,
                run_id,
                bucket=bucket,
                side=side,
                after=after,
                limit=limit,
                now=resources.clock.now(),
            )
