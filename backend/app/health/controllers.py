from __future__ import annotations

import msgspec
from litestar import Controller, Response, get
from litestar.openapi.datastructures import ResponseSpec

from app.auth.guards import PUBLIC
from app.deps import ResourcesDep
from app.health.services import Readiness, check_readiness
from app.lib.problems import USES_DATABASE


class Liveness(msgspec.Struct, frozen=True):
    status: str = "ok"


class HealthController(Controller):
    path = "/health"
    tags = ["health"]  # noqa: RUF012 - Litestar reads it as a class attribute
    opt = PUBLIC

    @get(
        "/live",
        operation_id="healthLive",
        summary="The process is up",
        opt={USES_DATABASE: False},  # answers while PostgreSQL is down: no 503 to document
    )
    async def live(self) -> Liveness:
        return Liveness()

    @get(
        "/ready",
        operation_id="healthReady",
        summary="Postgres and Redis answer",
        description="200 when every dependency answers; 503 with the failing checks otherwise.",
        responses={
            503: ResponseSpec(
                Readiness, description="A dependency does not answer: `errors` says which."
            )
        },
    )
    async def ready(self, resources: ResourcesDep) -> Response[Readiness]:
        readiness = await check_readiness(
            resources.engine,
            resources.redis,
            limit_seconds=resources.settings.health_timeout_seconds,
        )
        return Response(readiness, status_code=200 if readiness.status == "ok" else 503)
