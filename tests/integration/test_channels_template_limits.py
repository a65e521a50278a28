"""Template bounds through the real API: a text past the limits is refused when saved
(naming the field and line) and answers a preview with a 400 at once, rendered off the
event loop, so the API serves other requests meanwhile."""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import httpx
import pytest

from app.channels import rendering
from app.jobs import creation
from app.main import create_asgi_app
from app.resources import Resources
from app.settings import Settings
from app.templating.sandbox import LIMITS
from tests.fixtures import SignedIn
from tests.support.accounts import PASSWORD, create_user
from tests.support.jobs import catalog
from tests.support.server import served

SignIn = Callable[..., Awaitable[SignedIn]]

SMS = {"name": "hello", "label": "Hello", "channel": "sms", "body_text": "Hi"}
# Calls itself twice at every level: spins until the CPU deadline stops it.
SPINNING = (
    "Hello\n{% macro f(n) %}{% if n < 60 %}{{ f(n + 1) }}{{ f(n + 1) }}{% endif %}"
    "{% endmacro %}{{ f(0) }}"
)


@pytest.mark.parametrize(
    ("field", "text", "message"),
    [
        ("body_text", "Hi\n{{ 'a' * 10**9 }}", "line 2: a repetition would make 1,000,000,000"),
        ("body_text", "{{ range(10**9) | list }}", "line 1: range() of 1,000,000,000 numbers"),
        ("body_text", "{{ ['x'] * 10**9 }}", "line 1: a repetition would make"),
        ("body_text", "{% for i in range(99999) %}{{ 'y' * 99 }}{% endfor %}", "prints more"),
        ("body_html", "<p>\n\n{{ 'a' | center(10**9) }}</p>", "line 3: the “center” filter"),
        (
            "subject",
            "{% for i in range(3000) %}{% for j in range(3000) %}{% endfor %}{% endfor %}",
            f"more than {LIMITS.steps:,} steps",
        ),
    ],
)
async def test_a_template_past_the_limits_is_not_saved(
    signed_in: SignIn, field: str, text: str, message: str
) -> None:
    _, marketer = await signed_in("marketer")
    email = {**SMS, "channel": "email", "subject": "Hi", "body_html": "<p>Hi</p>"}
    refused = await marketer.post("/api/v1/templates", json={**email, field: text})
    assert refused.status_code == 400, refused.text
    [error] = refused.json()["errors"]
    assert error["field"] == field
    assert message in error["message"]
    saved = await marketer.post("/api/v1/templates", json=email)
    assert saved.status_code == 201
    changed = {**email, field: text}
    updated = await marketer.put(f"/api/v1/templates/{saved.json()['id']}", json=changed)
    assert updated.status_code == 400
    assert (await marketer.get("/api/v1/templates")).json()[0]["body_html"] == "<p>Hi</p>"


@pytest.fixture
async def server(settings: Settings, resources: Resources) -> AsyncIterator[str]:
    async with served(create_asgi_app(settings)) as base:
        yield base


async def test_a_preview_past_the_limits_is_a_400_and_the_api_serves_others_meanwhile(
    server: str, resources: Resources, standard_roles: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    marketer = await create_user(resources, role="marketer")
    rendering_started = threading.Event()
    go_on = threading.Event()
    real_render = rendering.render

    def observed_render(*args: Any, **kwargs: Any) -> Any:
        # Holds the render until the test has been served: were the render on the event
        # loop, nothing else could be served until this times out.
        rendering_started.set()
        go_on.wait(timeout=20)
        return real_render(*args, **kwargs)

    monkeypatch.setattr(rendering, "render", observed_render)
    async with httpx.AsyncClient(base_url=server, timeout=60) as client:
        login = {"email": marketer.email, "password": PASSWORD}
        csrf = (await client.post("/api/v1/auth/login", json=login)).json()["csrf_token"]
        preview = asyncio.create_task(
            client.post(
                "/api/v1/templates/preview",
                json={"channel": "sms", "body_text": SPINNING},
                headers={"X-CSRF-Token": csrf},
            )
        )
        # Wait for the state: the heavy render has started (in its thread).
        while not rendering_started.is_set():  # noqa: ASYNC110 - a thread's event
            await asyncio.sleep(0.005)
        listed = await client.get("/api/v1/templates")
        # Served while the preview still renders: the render does not hold the event loop.
        assert listed.status_code == 200
        assert not preview.done()

        go_on.set()
        started = time.monotonic()
        answer = await preview
    assert time.monotonic() - started < 10 * LIMITS.seconds  # generous: a busy machine
    assert answer.status_code == 400, answer.text
    [error] = answer.json()["errors"]
    assert error["field"] == "body_text"
    assert "line 2: the template does more than" in error["message"]
    assert answer.json()["detail"].startswith("The template cannot be rendered within the limits")


async def test_a_preview_that_fails_on_data_is_still_an_answer(signed_in: SignIn) -> None:
    _, marketer = await signed_in("marketer")
    answer = await marketer.post(
        "/api/v1/templates/preview",
        json={"channel": "sms", "body_text": "Hi {{ contact.nickname }}"},
    )
    assert answer.status_code == 200
    assert answer.json()["ok"] is False
    assert answer.json()["error"]["part"] == "text"


async def test_job_guidance_past_the_limits_is_refused_and_a_job_title_never_stalls(
    resources: Resources, signed_in: SignIn
) -> None:
    await catalog(resources)
    _, admin = await signed_in("super_user")
    body = {
        "name": "count_stock",
        "label": "Count stock",
        "queue": "warehouse",
        "guidance": "Count {{ event.sku }}.\n{% for i in range(10**9) %}{% endfor %}",
        "form_schema": {"type": "object", "properties": {}},
        "outcomes": ["done"],
    }
    refused = await admin.post("/api/v1/job-types", json=body)
    assert refused.status_code == 422, refused.text
    [error] = refused.json()["errors"]
    assert error["field"] == "guidance"
    assert error["message"].startswith("line 2: range() of 1,000,000,000 numbers")
    # A job's title and guidance render in the same bounded sandbox: a title past the
    # limits shows as written instead of stalling the worker.
    started = time.thread_time()
    title = "Call {{ contact.name }} {{ 'a' * 10**9 }}"
    assert creation.render(title, {"contact": {"name": "Ada"}}) == title
    assert creation.render("Call {{ contact.name }}", {"contact": {"name": "Ada"}}) == "Call Ada"
    assert time.thread_time() - started < LIMITS.seconds
