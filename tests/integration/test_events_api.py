"""POST /api/v1/events and /api/v1/track: committed first, then the worker is rung."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import msgspec
import pytest
from litestar.testing import AsyncTestClient
from litestar.types import ASGIApp
from sqlalchemy import select

from app.auth.permissions import Permission
from app.eventlog.models import Event
from app.main import create_asgi_app
from app.resources import Resources
from app.settings import Settings
from app.worker.queue import event_job_id
from app.worker.runner import run_burst
from tests.fixtures import SignedIn, make_client
from tests.support.accounts import create_api_key, create_role, create_user

pytestmark = pytest.mark.usefixtures("standard_roles")

SignIn = Callable[..., Awaitable[SignedIn]]
EVENT = {
    "name": "order.placed",
    "contact": {"email": "buyer@example.test"},
    "properties": {"order_id": "ORD-1"},
    "idempotency_key": "order-1",
}


async def _key(resources: Resources, kind: str = "server") -> dict[str, str]:
    owner = await create_user(resources, role="super_user")
    secret = await create_api_key(resources, created_by=owner.id, kind=kind)
    return {"Authorization": f"Bearer {secret}"}


async def _job_is_queued(resources: Resources, event_id: int) -> bool:
    return bool(await resources.redis.exists(f"arq:job:{event_job_id(event_id)}"))


async def test_an_event_is_committed_then_the_worker_is_rung(
    resources: Resources, client: AsyncTestClient[ASGIApp], settings: Settings
) -> None:
    response = await client.post("/api/v1/events", json=EVENT, headers=await _key(resources))
    assert response.status_code == 202
    body = response.json()
    assert body["duplicate"] is False
    async with resources.sessions() as db:  # another connection: the row is committed
        event = await db.get(Event, body["id"])
    assert event is not None
    assert (event.name, event.source, event.properties) == (
        "order.placed",
        "api",
        {"order_id": "ORD-1"},
    )
    assert await resources.queue.queued_count() == 1
    assert await _job_is_queued(resources, body["id"])
    # The ring is for a row a worker can see: it processes it.
    assert await run_burst(settings) == 1
    async with resources.sessions() as db:
        assert await db.scalar(select(Event.processed_at).where(Event.id == body["id"]))


async def test_a_repeat_is_accepted_as_a_duplicate_and_not_rung_again(
    resources: Resources, client: AsyncTestClient[ASGIApp]
) -> None:
    headers = await _key(resources)
    first = (await client.post("/api/v1/events", json=EVENT, headers=headers)).json()
    await resources.redis.flushdb()  # forget the first ring
    again = await client.post("/api/v1/events", json=EVENT, headers=headers)
    assert again.status_code == 202
    assert again.json() == {"id": first["id"], "duplicate": True}
    assert await resources.queue.queued_count() == 0


async def test_staff_with_events_write_send_with_their_session(
    resources: Resources, signed_in: SignIn
) -> None:
    await create_role(resources, "integrator", [Permission.EVENTS_WRITE])
    _, person = await signed_in("integrator")
    response = await person.post("/api/v1/events", json=EVENT)
    assert response.status_code == 202
    assert await _job_is_queued(resources, response.json()["id"])
    no_csrf = await person.post("/api/v1/events", json=EVENT, csrf=False)
    assert no_csrf.status_code == 403
    _, warehouse = await signed_in("warehouse")  # a role without events:write
    assert (await warehouse.post("/api/v1/events", json=EVENT)).status_code == 403


async def test_a_bad_event_is_400_and_stores_nothing(
    resources: Resources, client: AsyncTestClient[ASGIApp]
) -> None:
    response = await client.post(
        "/api/v1/events",
        json={"name": "Not Valid", "contact": {"email": "a@b.c"}},
        headers=await _key(resources),
    )
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "name"
    async with resources.sessions() as db:
        assert await db.scalar(select(Event.id)) is None


async def test_an_event_is_kept_when_redis_is_down(
    settings: Settings, resources: Resources
) -> None:
    headers = await _key(resources)  # API keys live in Postgres, so they still work
    broken = msgspec.structs.replace(settings, redis_url="redis://127.0.0.1:9/0")
    async with make_client(create_asgi_app(broken)) as client:
        response = await client.post("/api/v1/events", json=EVENT, headers=headers)
    assert response.status_code == 202
    async with resources.sessions() as db:
        event = await db.get(Event, response.json()["id"])
    assert event is not None
    assert event.processed_at is None  # the sweeper will ring for it


async def test_track_takes_a_public_key_in_the_header_or_the_query(
    resources: Resources, client: AsyncTestClient[ASGIApp]
) -> None:
    headers = await _key(resources, kind="public_write")
    key = headers["Authorization"].removeprefix("Bearer ")
    visit = {**EVENT, "contact": {"anonymous_id": "visitor-1"}}
    by_header = await client.post(
        "/api/v1/track",
        json={**visit, "source": "api"},
        headers={**headers, "Origin": "https://shop.example"},
    )
    assert by_header.status_code == 202
    assert by_header.headers["access-control-allow-origin"] == "https://shop.example"
    by_query = await client.post(
        "/api/v1/track",
        params={"key": key},
        content=msgspec.json.encode({**visit, "idempotency_key": "order-2"}),
        # navigator.sendBeacon: text/plain, and the page's Origin.
        headers={"Content-Type": "text/plain;charset=UTF-8", "Origin": "https://shop.example"},
    )
    assert by_query.status_code == 202
    async with resources.sessions() as db:
        sources = set(await db.scalars(select(Event.source)))
    assert sources == {"track"}  # whatever the page claimed
    assert await _job_is_queued(resources, by_query.json()["id"])


async def test_track_answers_cors_preflight_only_for_allowed_websites(
    resources: Resources, client: AsyncTestClient[ASGIApp]
) -> None:
    preflight = await client.options(
        "/api/v1/track",
        headers={
            "Origin": "https://shop.example",
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "authorization, content-type",
        },
    )
    assert preflight.status_code == 204
    # No live public key allows that site (none exists): no CORS.
    assert "access-control-allow-origin" not in preflight.headers
    await _key(resources, kind="public_write")  # allows https://shop.example
    preflight = await client.options(
        "/api/v1/track",
        headers={
            "Origin": "https://shop.example",
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "authorization, content-type",
        },
    )
    assert preflight.status_code == 204
    assert preflight.headers["access-control-allow-origin"] == "https://shop.example"
    assert "authorization" in preflight.headers["access-control-allow-headers"]
    assert "POST" in preflight.headers["access-control-allow-methods"]
    refused = await client.post(
        "/api/v1/track", json=EVENT, headers={"Origin": "https://shop.example"}
    )
    assert refused.status_code == 401
    # Without a key there is no telling which sites may read the answer: none may.
    assert "access-control-allow-origin" not in refused.headers
    # Only /track is open to other origins.
    other = await client.options("/api/v1/events", headers={"Origin": "https://shop.example"})
    assert "access-control-allow-origin" not in other.headers


async def test_track_ignores_session_cookies(signed_in: SignIn) -> None:
    _, admin = await signed_in("super_user")
    response = await admin.post("/api/v1/track", json=EVENT)
    assert response.status_code == 401
