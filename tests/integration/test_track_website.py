"""What a website meets: track.js, the key's allowed websites (CORS only for them), and
rate limits in Redis."""

from __future__ import annotations

from collections.abc import AsyncIterator

import msgspec
import pytest
from litestar.testing import AsyncTestClient
from litestar.types import ASGIApp
from sqlalchemy import func, select

from app.eventlog.models import Event
from app.main import create_asgi_app
from app.resources import Resources
from app.settings import Settings
from tests.fixtures import make_client
from tests.support.accounts import SHOP, create_api_key, create_user

pytestmark = pytest.mark.usefixtures("standard_roles")
CALL = {"batch": [{"type": "track", "anonymousId": "v", "event": "cart.viewed"}]}


async def _public_key(resources: Resources, *origins: str) -> str:
    owner = await create_user(resources, role="super_user")
    return await create_api_key(
        resources,
        created_by=owner.id,
        kind="public_write",
        allowed_origins=origins or (SHOP, "https://*.shop.example"),
    )


@pytest.fixture
async def strict(
    settings: Settings, resources: Resources
) -> AsyncIterator[AsyncTestClient[ASGIApp]]:
    """The API with small limits."""
    limited = msgspec.structs.replace(settings, track_rate_per_key=5, track_rate_per_ip=3)
    async with make_client(create_asgi_app(limited)) as client:
        yield client


async def test_track_js_is_served_as_cacheable_javascript(client: AsyncTestClient[ASGIApp]) -> None:
    response = await client.get("/track.js")
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/javascript; charset=utf-8"
    assert response.headers["cache-control"] == "public, max-age=3600"
    assert response.headers["etag"].startswith('"')
    assert "sendBeacon" in response.text
    assert "/api/v1/track/batch" in response.text


async def test_preflight_allows_only_the_keys_websites(
    resources: Resources, strict: AsyncTestClient[ASGIApp]
) -> None:
    await _public_key(resources)
    asked = {
        "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "content-type",
    }
    allowed = await strict.options("/api/v1/track/batch", headers={"Origin": SHOP, **asked})
    assert allowed.status_code == 204
    assert allowed.headers["access-control-allow-origin"] == SHOP
    assert allowed.headers["vary"] == "Origin"
    assert "POST" in allowed.headers["access-control-allow-methods"]
    other = await strict.options(
        "/api/v1/track/batch", headers={"Origin": "https://evil.example", **asked}
    )
    assert "access-control-allow-origin" not in other.headers
    sub = await strict.options(
        "/api/v1/track/batch", headers={"Origin": "https://www.shop.example", **asked}
    )
    assert sub.headers["access-control-allow-origin"] == "https://www.shop.example"
    # With the key in the URL, only that key's websites count.
    narrow = await _public_key(resources, "https://blog.example")
    by_key = await strict.options(
        "/api/v1/track/batch", params={"key": narrow}, headers={"Origin": SHOP, **asked}
    )
    assert "access-control-allow-origin" not in by_key.headers


async def test_a_page_on_another_origin_is_refused_and_nothing_stored(
    resources: Resources, strict: AsyncTestClient[ASGIApp]
) -> None:
    key = await _public_key(resources)
    refused = await strict.post(
        "/api/v1/track/batch",
        params={"key": key},
        json=CALL,
        headers={"Origin": "https://evil.example"},
    )
    assert refused.status_code == 403
    assert "https://evil.example may not send events" in refused.json()["detail"]
    # The browser keeps the answer from the other site's page.
    assert "access-control-allow-origin" not in refused.headers
    # A look-alike of an allowed subdomain pattern is no subdomain.
    lookalike = await strict.post(
        "/api/v1/track/batch",
        params={"key": key},
        json=CALL,
        headers={"Origin": "https://evilshop.example"},
    )
    assert lookalike.status_code == 403
    # Without Origin the Referer's origin counts; with neither, no page sent it.
    by_referer = await strict.post(
        "/api/v1/track/batch",
        params={"key": key},
        json=CALL,
        headers={"Referer": "https://evil.example/page?x=1"},
    )
    assert by_referer.status_code == 403
    no_page = await strict.post("/api/v1/track/batch", params={"key": key}, json=CALL)
    assert no_page.status_code == 403
    assert "no Origin or Referer" in no_page.json()["detail"]
    ok = await strict.post(
        "/api/v1/track/batch", params={"key": key}, json=CALL, headers={"Origin": SHOP}
    )
    assert ok.status_code == 202
    assert ok.headers["access-control-allow-origin"] == SHOP
    assert ok.headers["vary"] == "Origin"
    referred = await strict.post(
        "/api/v1/track/batch",
        params={"key": key},
        json=CALL,
        headers={"Referer": "https://www.shop.example/pricing"},
    )
    assert referred.status_code == 202
    async with resources.sessions() as db:
        assert await db.scalar(select(func.count()).select_from(Event)) == 2


async def test_a_key_with_no_websites_is_refused_from_every_page(
    resources: Resources, strict: AsyncTestClient[ASGIApp]
) -> None:
    owner = await create_user(resources, role="super_user")
    key = await create_api_key(
        resources, created_by=owner.id, kind="public_write", allowed_origins=()
    )
    refused = await strict.post(
        "/api/v1/track/batch", params={"key": key}, json=CALL, headers={"Origin": SHOP}
    )
    assert refused.status_code == 403
    assert "allows no websites yet" in refused.json()["detail"]
    assert "access-control-allow-origin" not in refused.headers
    async with resources.sessions() as db:
        assert await db.scalar(select(func.count()).select_from(Event)) == 0


async def test_too_many_requests_from_one_address_get_429_with_retry_after(
    resources: Resources, strict: AsyncTestClient[ASGIApp]
) -> None:
    key = await _public_key(resources)
    answers = [
        await strict.post(
            "/api/v1/track/batch", params={"key": key}, json=CALL, headers={"Origin": SHOP}
        )
        for _ in range(4)
    ]
    assert [a.status_code for a in answers] == [202, 202, 202, 429]
    limited = answers[-1]
    assert 1 <= int(limited.headers["retry-after"]) <= 60
    assert limited.headers["access-control-allow-origin"] == SHOP  # the page can read why
    assert "at most 3 a minute" in limited.json()["detail"]
    assert "your network address" in limited.json()["detail"]
    async with resources.sessions() as db:
        assert await db.scalar(select(func.count()).select_from(Event)) == 3


async def test_the_key_has_its_own_limit_across_addresses(
    resources: Resources, strict: AsyncTestClient[ASGIApp]
) -> None:
    key = await _public_key(resources)
    # Other addresses: the per-address windows of these fake addresses start at zero.
    statuses = []
    for n in range(6):
        await resources.redis.delete("waymark:track-rate:ip:testclient")
        response = await strict.post(
            "/api/v1/track",
            params={"key": key},
            json={"name": "x.y", "contact": {"anonymous_id": f"{n}"}},
            headers={"Origin": SHOP},
        )
        statuses.append(response.status_code)
    assert statuses == [202] * 5 + [429]
    assert "this website key" in response.json()["detail"]


async def test_server_keys_and_sessions_still_cannot_use_the_website_endpoints(
    resources: Resources, client: AsyncTestClient[ASGIApp]
) -> None:
    owner = await create_user(resources, role="super_user")
    server = await create_api_key(resources, created_by=owner.id)
    response = await client.post(
        "/api/v1/track/batch",
        json=CALL,
        headers={"Authorization": f"Bearer {server}", "Origin": SHOP},
    )
    assert response.status_code == 403
    assert "public write key" in response.json()["detail"]
