from __future__ import annotations

import msgspec
from litestar.testing import AsyncTestClient
from litestar.types import ASGIApp

from app.main import create_asgi_app
from app.resources import Resources
from app.settings import Settings
from tests.fixtures import make_client


async def test_live_answers_ok(client: AsyncTestClient[ASGIApp]) -> None:
    response = await client.get("/health/live")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


async def test_ready_checks_postgres_and_redis(client: AsyncTestClient[ASGIApp]) -> None:
    response = await client.get("/health/ready")
    assert response.status_code == 200
    assert response.json()["checks"] == {"postgres": "ok", "redis": "ok"}


async def test_ready_is_503_and_names_redis_when_redis_is_down(
    settings: Settings, resources: Resources
) -> None:
    # Port 9 (discard) has nothing listening on loopback: a real refused connection.
    broken = msgspec.structs.replace(settings, redis_url="redis://127.0.0.1:9/0")
    async with make_client(create_asgi_app(broken)) as client:
        response = await client.get("/health/ready")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "down"
    assert body["checks"] == {"postgres": "ok", "redis": "down"}
    assert "redis" in body["errors"]


async def test_ready_is_503_and_names_postgres_when_postgres_is_down(
    settings: Settings, resources: Resources
) -> None:
    broken = msgspec.structs.replace(
        settings, database_url="postgresql+asyncpg://nobody@127.0.0.1:9/none"
    )
    async with make_client(create_asgi_app(broken)) as client:
        response = await client.get("/health/ready")
    assert response.status_code == 503
    assert response.json()["checks"] == {"postgres": "down", "redis": "ok"}


async def test_openapi_document_is_served(client: AsyncTestClient[ASGIApp]) -> None:
    response = await client.get("/api/docs/openapi.json")
    assert response.status_code == 200
    paths = response.json()["paths"]
    assert paths["/health/ready"]["get"]["operationId"] == "healthReady"
