from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import msgspec
import pytest
from litestar.testing import AsyncTestClient
from litestar.types import ASGIApp

from app.main import create_asgi_app
from app.resources import Resources
from app.settings import Settings
from tests.fixtures import make_client


@pytest.fixture
async def spa_client(
    tmp_path: Path, settings: Settings, resources: Resources
) -> AsyncIterator[AsyncTestClient[ASGIApp]]:
    dist = tmp_path / "dist"
    (dist / "assets").mkdir(parents=True)
    (dist / "index.html").write_text("<!doctype html><title>Waymark</title><div id=root></div>")
    (dist / "assets" / "app-1234.js").write_text("console.log('waymark')")
    (tmp_path / "secret.txt").write_text("outside the web root")
    app = create_asgi_app(msgspec.structs.replace(settings, spa_dir=str(dist)))
    async with make_client(app) as client:
        yield client


async def test_root_serves_the_app_shell(spa_client: AsyncTestClient[ASGIApp]) -> None:
    response = await spa_client.get("/")
    assert response.status_code == 200
    assert "<title>Waymark</title>" in response.text
    assert response.headers["content-type"].startswith("text/html")
    assert response.headers["cache-control"] == "no-cache"


async def test_client_side_routes_fall_back_to_the_app_shell(
    spa_client: AsyncTestClient[ASGIApp],
) -> None:
    response = await spa_client.get("/journeys/42/edit")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert "<title>Waymark</title>" in response.text


async def test_fingerprinted_assets_are_cached_for_good(
    spa_client: AsyncTestClient[ASGIApp],
) -> None:
    response = await spa_client.get("/assets/app-1234.js")
    assert response.status_code == 200
    assert response.text == "console.log('waymark')"
    assert "javascript" in response.headers["content-type"]
    assert "immutable" in response.headers["cache-control"]


async def test_unknown_api_paths_stay_404(spa_client: AsyncTestClient[ASGIApp]) -> None:
    response = await spa_client.get("/api/v1/missing")
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("application/problem+json")


async def test_paths_outside_the_build_are_never_served(
    spa_client: AsyncTestClient[ASGIApp],
) -> None:
    response = await spa_client.get("/..%2Fsecret.txt")
    assert "outside the web root" not in response.text


async def test_health_still_answers_beside_the_spa(spa_client: AsyncTestClient[ASGIApp]) -> None:
    assert (await spa_client.get("/health/live")).json() == {"status": "ok"}
