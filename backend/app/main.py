"""The Litestar application factory."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from litestar import Litestar, Router
from litestar.di import Provide
from litestar.openapi import OpenAPIConfig
from litestar.types import ASGIApp, ControllerRouterHandler

from app.admin.controllers import ADMIN_CONTROLLERS
from app.auth.controllers import AuthController, SsoController
from app.auth.deps import DEPENDENCIES as AUTH_DEPENDENCIES
from app.auth.guards import PUBLIC, access_of, authenticate
from app.auth.sso import build_client
from app.automation.controllers import AUTOMATION_CONTROLLERS
from app.channels.controllers import CHANNEL_CONTROLLERS
from app.contacts.controllers import ContactsController
from app.devtools.controllers import TestClockController
from app.events.controllers import (
    CallsController,
    EventsController,
    TrackController,
    track_js,
)
from app.events.singles import SingleEvents
from app.health.controllers import HealthController
from app.jobs.controllers import JobsController, JobTypesController
from app.journeys.controllers import JourneysController
from app.lib.api_docs import SwaggerPage
from app.lib.clock import Clock, OffsetClock, SystemClock
from app.lib.collector import settle_garbage_collector
from app.lib.db import count_commits
from app.lib.input_guard import refuse_unstorable_input
from app.lib.logging import configure_logging
from app.lib.openapi import OpenAPIJson, document_problems
from app.lib.problems import EXCEPTION_HANDLERS, document_unavailable
from app.lib.request_id import request_id_middleware
from app.lib.security_headers import security_headers_middleware
from app.lib.spa import spa_router
from app.portal.controllers import PORTAL_CONTROLLERS
from app.reports.controllers import REPORTS_CONTROLLERS
from app.resources import Resources, open_resources
from app.runs.controllers import EnrollmentActionsController, JourneyEnrollmentsController
from app.runs.migration_controllers import MigrationsController
from app.sales.controllers import SALES_CONTROLLERS
from app.segments.controllers import SegmentsController
from app.settings import Settings, get_settings
from app.testruns.controllers import TestCasesController, TestRunsController
from app.whatif.controllers import WhatIfsController


def create_app(
    settings: Settings | None = None, *, clock: Clock | None = None, serving: bool = False
) -> Litestar:
    """The API. `serving`: a long-running server process (`waymark serve`), whose garbage
    collector is settled once it is up (tests make many apps in one process: not theirs)."""
    settings = settings or get_settings()
    if settings.weak_secret_key:
        raise RuntimeError("Set WAYMARK_SECRET_KEY to a long random value in production.")
    configure_logging(settings, component="api")
    # End-to-end tests move the jobs' clock through /api/v1/test/clock (test env only).
    job_clock = OffsetClock(clock or SystemClock()) if settings.env == "test" else None

    @asynccontextmanager
    async def lifespan(app: Litestar) -> AsyncIterator[None]:
        async with open_resources(settings, clock=clock, job_clock=job_clock) as resources:
            app.state.resources = resources
            app.state.singles = SingleEvents(resources)
            app.state.oidc = build_client(settings, resources.clock)
            if serving:
                settle_garbage_collector()
            try:
                yield
            finally:
                await app.state.singles.close()
                if app.state.oidc is not None:
                    await app.state.oidc.aclose()

    def provide_resources() -> Resources:
        resources = app.state.resources
        assert isinstance(resources, Resources)
        return resources

    def provide_singles() -> SingleEvents:
        singles = app.state.singles
        assert isinstance(singles, SingleEvents)
        return singles

    handlers: list[ControllerRouterHandler] = [
        HealthController,
        AuthController,
        SsoController,
        *PORTAL_CONTROLLERS,
        *ADMIN_CONTROLLERS,
        JourneysController,
        JourneyEnrollmentsController,
        EnrollmentActionsController,
        MigrationsController,
        TestRunsController,
        TestCasesController,
        WhatIfsController,
        ContactsController,
        SegmentsController,
        EventsController,
        CallsController,
        TrackController,
        JobTypesController,
        JobsController,
        *REPORTS_CONTROLLERS,
        *CHANNEL_CONTROLLERS,
        track_js,
        *AUTOMATION_CONTROLLERS,
        *SALES_CONTROLLERS,
    ]
    if job_clock is not None:
        handlers.append(TestClockController)
    if settings.spa_dir:
        handlers.append(spa_router(settings.spa_dir, opt=PUBLIC))

    app = Litestar(
        route_handlers=handlers,
        lifespan=[lifespan],
        dependencies={
            "resources": Provide(provide_resources, sync_to_thread=False),
            "singles": Provide(provide_singles, sync_to_thread=False),
            **AUTH_DEPENDENCIES,
        },
        # Deny by default: every route needs a signed-in user or an API key unless its
        # opt says otherwise (see app.auth.guards).
        guards=[authenticate],
        # NULs anywhere and JSON nested too deep are refused here, for every route.
        before_request=refuse_unstorable_input,
        exception_handlers=EXCEPTION_HANDLERS,
        # Error answers say whether anything was stored: they know the commits started.
        middleware=[count_commits],
        openapi_config=OpenAPIConfig(
            title="Waymark API",
            version="0.1.0",
            description="Journeys, contacts, events and jobs.",
            path="/api/docs",
            openapi_router=Router(
                "/api/docs", route_handlers=[], include_in_schema=False, opt=PUBLIC
            ),
            # Swagger UI from our own origin (app.lib.api_docs); /swagger for old links.
            render_plugins=[SwaggerPage(path=["/", "/swagger"]), OpenAPIJson()],
        ),
        # Our structlog setup owns logging; Litestar's default would replace it.
        logging_config=None,
        debug=False,
    )
    document_unavailable(app)
    document_problems(app, needs_caller=lambda handler: access_of(handler) != "public")
    return app


def _wrap(app: Litestar, settings: Settings) -> ASGIApp:
    """Request ids and security headers wrap the whole app, so 404s and 405s get them too.

    Litestar's own middleware runs only once a route matched.
    """
    return request_id_middleware(
        security_headers_middleware(app, hsts_max_age=settings.hsts_max_age_seconds)
    )


def create_asgi_app(settings: Settings | None = None, *, clock: Clock | None = None) -> ASGIApp:
    """The app as served (see _wrap)."""
    settings = settings or get_settings()
    return _wrap(create_app(settings, clock=clock), settings)


def create_served_app() -> ASGIApp:
    """What `waymark serve` runs: create_asgi_app in a process that serves for long."""
    settings = get_settings()
    return _wrap(create_app(settings, serving=True), settings)
