"""Live updates over a real HTTP server: SSE streams hear job changes in their queues only."""

from __future__ import annotations

import asyncio
import contextlib
import json
import time
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

from app.main import create_asgi_app
from app.resources import Resources
from app.settings import Settings
from tests.support.accounts import PASSWORD, MutableClock, create_user
from tests.support.jobs import JOBS, s1_order
from tests.support.server import served


@pytest.fixture
async def server(settings: Settings, resources: Resources) -> AsyncIterator[str]:
    async with served(create_asgi_app(settings)) as base:
        yield base


async def _signed_in(base: str, email: str) -> tuple[httpx.AsyncClient, str]:
    client = httpx.AsyncClient(base_url=base, timeout=10)
    me = (
        await client.post("/api/v1/auth/login", json={"email": email, "password": PASSWORD})
    ).json()
    return client, me["csrf_token"]


async def _messages(
    client: httpx.AsyncClient, into: list[dict[str, Any]], ready: asyncio.Event
) -> None:
    async with client.stream("GET", f"{JOBS}/stream") as response:
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("text/event-stream")
        event = None
        async for line in response.aiter_lines():
            if line.startswith("event: "):
                event = line.removeprefix("event: ")
            elif line.startswith("data: "):
                data = json.loads(line.removeprefix("data: "))
                if event == "ready":
                    ready.set()
                else:
                    into.append({**data, "received": time.perf_counter()})


async def test_a_claim_reaches_the_queue_stream_and_no_other(
    server: str, resources: Resources, clock: MutableClock, standard_roles: None
) -> None:
    job = await s1_order(resources, clock)
    alex = await create_user(resources, role="administration", name="Alex Kim")
    jo = await create_user(resources, role="administration")
    wes = await create_user(resources, role="warehouse")
    alex_client, csrf = await _signed_in(server, alex.email)
    jo_client, _ = await _signed_in(server, jo.email)
    wes_client, _ = await _signed_in(server, wes.email)
    heard: list[dict[str, Any]] = []
    elsewhere: list[dict[str, Any]] = []
    jo_ready, wes_ready = asyncio.Event(), asyncio.Event()
    streams = [
        asyncio.create_task(_messages(jo_client, heard, jo_ready)),
        asyncio.create_task(_messages(wes_client, elsewhere, wes_ready)),
    ]
    try:
        await asyncio.wait_for(asyncio.gather(jo_ready.wait(), wes_ready.wait()), 5)
        started = time.perf_counter()
        claimed = await alex_client.post(f"{JOBS}/{job.id}/claim", headers={"X-CSRF-Token": csrf})
        assert claimed.status_code == 200
        for _ in range(100):
            if heard:
                break
            await asyncio.sleep(0.02)
        assert len(heard) == 1, heard
        message = heard[0]
        assert message["action"] == "job.claimed"
        assert message["job"]["id"] == str(job.id)
        assert message["job"]["assignee"]["name"] == "Alex Kim"
        assert message["received"] - started < 0.5
        await asyncio.sleep(0.3)
        assert elsewhere == []
    finally:
        for stream in streams:
            stream.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await stream
        for client in (alex_client, jo_client, wes_client):
            await client.aclose()
