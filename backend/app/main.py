"""The Litestar application factory."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from litestar import Litestar
from litestar.di import Provide
from litestar.openapi import OpenAPIConfig
from litestar.openapi.plugins import ScalarRenderPlugin, SwaggerRenderPlugin
from litestar.types import ASGIApp, ControllerRouterHandler

from app.health.controllers import HealthController
from app.lib.logging import configure_logging
from app.lib.problems import EXCEPTION_HANDLERS
from app.lib.request_id import request_id_middleware
from app.lib.spa import spa_router
from app.resources import Resources, open_resources
from app.settings import Settings, get_settings


def create_app(settings: Settings | None = None) -> Litestar:
    settings = settings or get_settings()
    configure_logging(settings, component="api")

    @asynccontextmanager
    async def lifespan(app: Litestar) -> AsyncIterator[None]:
        async with open_resources(settings) as resources:
            app.state.resources = resources
            yield

    def provide_resources() -> Resources:
        resources = app.state.resources
        assert isinstance(resources, Resources)
        return resources

    handlers: list[ControllerRouterHandler] = [HealthController]
    if settings.spa_dir:
        handlers.append(spa_router(settings.spa_dir))

    app = Litestar(
        route_handlers=handlers,
        lifespan=[lifespan],
        dependencies={"resources": Provide(provide_resources, sync_to_thread=False)},
        exception_handlers=EXCEPTION_HANDLERS,
        openapi_config=OpenAPIConfig(
            title="Waymark API",
            version="0.1.0",
            description="Journeys, contacts, events and jobs.",
            path="/api/docs",
            render_plugins=[ScalarRenderPlugin(), SwaggerRenderPlugin(path="/swagger")],
        ),
        # Our structlog setup owns logging; Litestar's default would replace it.
        logging_config=None,
        debug=False,
    )
    return app


def create_asgi_app(settings: Settings | None = None) -> ASGIApp:
    """The app as served: request ids wrap the whole app, so 404s and 405s get one too.

    Litestar's own middleware runs only once a route matched.
    """
    return request_id_middleware(create_app(settings))
