"""Event intake and reading (docs/events-api.md).

- /api/v1/events: send one event or a batch (server key with events:write, or staff);
  list and read events (events:read).
- /api/v1/identify, /api/v1/page, /api/v1/batch: Segment-style calls from servers.
- /api/v1/track (and /track/batch for track.js): public write keys, from the key's
  allowed websites (CORS), rate-limited per key and per client address; a page names a
  person only with the user hash the site's server made (app.events.proof).
- /track.js: the snippet itself.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, TypeAlias

from litestar import Controller, HttpMethod, Request, Response, get, post, route
from litestar.di import NamedDependency
from litestar.params import FromQuery, QueryParameter, RawBody

from app.auth.guards import PUBLIC, PUBLIC_KEY_ONLY, principal_of, requires
from app.auth.permissions import Permission
from app.auth.principal import KeyPrincipal
from app.deps import ResourcesDep
from app.events import intake, proof, queries
from app.events.calls import IdentifyCall, PageCall
from app.events.intake import WEB, IdentifyAccepted
from app.events.schemas import (
    Accepted,
    BatchAccepted,
    EventDetail,
    EventNames,
    EventPage,
    EventSource,
    FieldProblem,
)
from app.events.singles import SingleEvents
from app.events.snippet import snippet_response
from app.events.website import preflight_response, website_cors, website_guard
from app.lib.openapi import problems
from app.lib.params import BeforeId, RowId
from app.lib.problems import FieldError, InvalidInputError

# A website's batch is smaller than a server's: a page has little to say at once.
WEB_BATCH = 100
WRITE = [requires(Permission.EVENTS_WRITE)]
READ = [requires(Permission.EVENTS_READ)]
PageSize = Annotated[int, QueryParameter(ge=1, le=200)]
# The API process's writer of single events (app.events.singles), kept by app.main.
SinglesDep: TypeAlias = NamedDependency[SingleEvents]


def _single(batch: BatchAccepted) -> Accepted:
    (result,) = batch.results
    assert result.id is not None
    return Accepted(id=result.id, duplicate=result.status == "duplicate", warnings=result.warnings)


async def _send(
    resources: ResourcesDep, body: bytes, *, source: EventSource | None, limit: int
) -> Accepted | BatchAccepted:
    parsed = intake.parse_events(body, limit=limit)
    if parsed.single is not None:
        return _single(await intake.accept_batch(resources, [parsed.single], source=source))
    return await intake.accept_batch(resources, parsed.items, source=source)


def _proof(request: Request[Any, Any, Any]) -> proof.Proof:
    principal = principal_of(request)
    assert isinstance(principal, KeyPrincipal)
    return proof.Proof(secret=principal.identity_secret)


def _refused(problems: list[FieldProblem]) -> InvalidInputError:
    return InvalidInputError(
        "; ".join(f"{p.field}: {p.message}" for p in problems),
        errors=[FieldError(p.field, p.message) for p in problems],
    )


class EventsController(Controller):
    path = "/api/v1/events"
    tags = ["events"]  # noqa: RUF012 - Litestar reads it as a class attribute

    @post(
        "/",
        operation_id="eventsSend",
        responses=problems(413),
        guards=WRITE,
        status_code=202,
        summary='Send an event, or {"batch": [...]} of up to 1,000',
        description=(
            "Committed before the answer; the worker is rung after the commit. A batch "
            "answers per event (accepted, duplicate, or rejected with the field and why); "
            "good events are kept even when others are rejected."
        ),
    )
    async def send(
        self, resources: ResourcesDep, singles: SinglesDep, body: RawBody
    ) -> Accepted | BatchAccepted:
        parsed = intake.parse_events(body, limit=intake.MAX_BATCH)
        if parsed.single is not None:
            # Committed with the single events arriving at the same moment (one transaction).
            recorded = await singles.accept(parsed.single)
            return Accepted(id=recorded.id, duplicate=not recorded.created)
        return await intake.accept_batch(resources, parsed.items)

    @get("/", operation_id="listEvents", guards=READ, summary="List and search events")
    async def list_events(
        self,
        *,
        resources: ResourcesDep,
        name: FromQuery[str | None] = None,
        contact: FromQuery[str | None] = None,
        source: FromQuery[EventSource | None] = None,
        since: FromQuery[datetime | None] = None,
        until: FromQuery[datetime | None] = None,
        before: BeforeId = None,
        limit: PageSize = 50,
    ) -> EventPage:
        async with resources.sessions() as db:
            return await queries.list_events(
                db,
                name=name,
                contact=contact,
                source=source,
                since=since,
                until=until,
                before=before,
                limit=limit,
            )

    @get("/names", operation_id="listEventNames", guards=READ, summary="Event names seen")
    async def names(self, resources: ResourcesDep) -> EventNames:
        async with resources.sessions() as db:
            return EventNames(names=await queries.event_names(db))

    @get("/{event_id:int}", operation_id="getEvent", guards=READ, summary="One event")
    async def get_event(self, resources: ResourcesDep, event_id: RowId) -> EventDetail:
        async with resources.sessions() as db:
            return await queries.get_event(db, event_id)


class CallsController(Controller):
    """Segment-style calls from a server (or staff)."""

    path = "/api/v1"
    tags = ["events"]  # noqa: RUF012

    @post(
        "/identify",
        operation_id="identify",
        responses=problems(409),
        guards=WRITE,
        status_code=202,
        summary="Identify a contact (userId / anonymousId + traits); merges duplicates",
    )
    async def identify(self, resources: ResourcesDep, body: RawBody) -> IdentifyAccepted:
        call = intake.decode_call(body, IdentifyCall)
        assert isinstance(call, IdentifyCall)
        return await intake.accept_identify(resources, call, trusted=True)

    @post(
        "/page",
        operation_id="page",
        guards=WRITE,
        status_code=202,
        summary="Record a page view (page.viewed)",
    )
    async def page(self, resources: ResourcesDep, body: RawBody) -> Accepted:
        call = intake.decode_call(body, PageCall)
        assert isinstance(call, PageCall)
        return _single(
            await intake.accept_call(resources, call, source="api", namespace=intake.SERVER)
        )

    @post(
        "/batch",
        operation_id="callsBatch",
        responses=problems(413),
        guards=WRITE,
        status_code=202,
        summary="Identify, track and page calls in order, up to 1,000",
    )
    async def batch(self, resources: ResourcesDep, body: RawBody) -> BatchAccepted:
        items = intake.parse_calls(body, limit=intake.MAX_BATCH)
        return await intake.accept_calls(
            resources, items, source="api", trusted=True, namespace=intake.SERVER
        )


class TrackController(Controller):
    path = "/api/v1/track"
    tags = ["events"]  # noqa: RUF012
    middleware = [website_cors]  # noqa: RUF012

    # Litestar registers a controller's handlers in name order and gives a path its own
    # OPTIONS answer when none is registered yet: the preflights' names sort first.

    @route(
        "/",
        http_method=[HttpMethod.OPTIONS],
        operation_id="trackPreflight",
        opt=PUBLIC,
        include_in_schema=False,
    )
    async def preflight(self, request: Request[Any, Any, Any]) -> Response[None]:
        return await preflight_response(request)

    @route(
        "/batch",
        http_method=[HttpMethod.OPTIONS],
        operation_id="trackCallsPreflight",
        opt=PUBLIC,
        include_in_schema=False,
    )
    async def batch_preflight(self, request: Request[Any, Any, Any]) -> Response[None]:
        return await preflight_response(request)

    @post(
        "/",
        operation_id="trackEvent",
        responses=problems(413, 429),
        opt=PUBLIC_KEY_ONLY,
        guards=[website_guard],
        status_code=202,
        summary="Send a tracking event (or a batch of up to 100) from a website",
    )
    async def track(
        self, request: Request[Any, Any, Any], resources: ResourcesDep, body: RawBody
    ) -> Accepted | BatchAccepted:
        parsed = intake.parse_website_events(body, limit=WEB_BATCH)
        key_proof = _proof(request)
        if parsed.single is not None:
            checked = proof.check_event(parsed.single, key_proof)
            if checked.item is None:
                raise _refused(checked.problems)
            warnings = {0: checked.warnings} if checked.warnings else None
            return _single(
                await intake.accept_batch(
                    resources, [checked.item], source="track", warnings=warnings
                )
            )
        items, warnings = proof.check_items(parsed.items, key_proof)
        return await intake.accept_batch(resources, items, source="track", warnings=warnings)

    @post(
        "/batch",
        operation_id="trackCalls",
        responses=problems(413, 429),
        opt=PUBLIC_KEY_ONLY,
        guards=[website_guard],
        status_code=202,
        summary="track.js: identify, track and page calls in order, up to 100",
    )
    async def calls(
        self, request: Request[Any, Any, Any], resources: ResourcesDep, body: RawBody
    ) -> BatchAccepted:
        items, warnings = proof.check_calls(
            intake.parse_calls(body, limit=WEB_BATCH), _proof(request)
        )
        return await intake.accept_calls(
            resources, items, source="track", trusted=False, namespace=WEB, warnings=warnings
        )


@get(
    "/track.js",
    operation_id="trackSnippet",
    opt=PUBLIC,
    include_in_schema=False,
    tags=["events"],
)
async def track_js() -> Response[bytes]:
    return snippet_response()
