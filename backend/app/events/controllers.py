"""/api/v1/events (server keys and staff) and /api/v1/track (public write keys, any origin)."""

from __future__ import annotations

import msgspec
from litestar import Controller, HttpMethod, Response, post, route
from litestar.params import JSONBody

from app.auth.guards import PUBLIC, PUBLIC_KEY_ONLY, requires
from app.auth.permissions import Permission
from app.deps import ResourcesDep
from app.events.schemas import EventEnvelope
from app.events.services import accept_event
from app.lib.cors import open_cors, preflight_response


class Accepted(msgspec.Struct, frozen=True):
    id: int
    # True when the idempotency key had been seen: the first event stands.
    duplicate: bool


class EventsController(Controller):
    path = "/api/v1/events"
    tags = ["events"]  # noqa: RUF012 - Litestar reads it as a class attribute

    @post(
        "/",
        operation_id="eventsSend",
        guards=[requires(Permission.EVENTS_WRITE)],
        status_code=202,
        summary="Send an event (server key with events:write, or staff)",
        description="Committed before the answer; the worker is rung after the commit.",
    )
    async def send(self, resources: ResourcesDep, data: JSONBody[EventEnvelope]) -> Accepted:
        recorded = await accept_event(resources, data)
        return Accepted(id=recorded.id, duplicate=not recorded.created)


class TrackController(Controller):
    path = "/api/v1/track"
    tags = ["events"]  # noqa: RUF012
    middleware = [open_cors]  # noqa: RUF012

    @post(
        "/",
        operation_id="trackEvent",
        opt=PUBLIC_KEY_ONLY,
        status_code=202,
        summary="Send a tracking event from a website (public write key)",
    )
    async def track(self, resources: ResourcesDep, data: JSONBody[EventEnvelope]) -> Accepted:
        recorded = await accept_event(resources, msgspec.structs.replace(data, source="track"))
        return Accepted(id=recorded.id, duplicate=not recorded.created)

    @route(
        "/",
        http_method=[HttpMethod.OPTIONS],
        operation_id="trackPreflight",
        opt=PUBLIC,
        include_in_schema=False,
    )
    async def preflight(self) -> Response[None]:
        return preflight_response()
