from __future__ import annotations

from litestar import Litestar, post
from litestar.params import JSONBody
from litestar.testing import AsyncTestClient
from litestar.types import ASGIApp

from app.events.schemas import EventEnvelope
from app.lib.problems import EXCEPTION_HANDLERS
from tests.fixtures import make_client


async def test_unknown_route_is_problem_json_naming_the_path(
    client: AsyncTestClient[ASGIApp],
) -> None:
    response = await client.get("/api/v1/nothing-here")
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("application/problem+json")
    body = response.json()
    assert body["title"] == "Not Found"
    assert body["detail"] == "Not Found: GET /api/v1/nothing-here"
    assert body["instance"] == "/api/v1/nothing-here"
    assert body["request_id"] == response.headers["x-request-id"]


async def test_wrong_method_is_problem_json(client: AsyncTestClient[ASGIApp]) -> None:
    response = await client.post("/health/live")
    assert response.status_code == 405
    assert response.json()["detail"] == "Method Not Allowed: POST /health/live"


async def test_a_plain_request_id_from_the_caller_is_kept(
    client: AsyncTestClient[ASGIApp],
) -> None:
    response = await client.get("/health/live", headers={"x-request-id": "trace-42"})
    assert response.headers["x-request-id"] == "trace-42"


async def test_an_unsafe_request_id_is_replaced(client: AsyncTestClient[ASGIApp]) -> None:
    response = await client.get("/health/live", headers={"x-request-id": "bad id\nforged"})
    assert response.headers["x-request-id"] != "bad id\nforged"
    assert len(response.headers["x-request-id"]) == 32


async def test_a_bad_body_names_each_wrong_field() -> None:
    @post("/echo", sync_to_thread=False)
    def echo(data: JSONBody[EventEnvelope]) -> EventEnvelope:
        return data

    app = Litestar([echo], exception_handlers=EXCEPTION_HANDLERS, logging_config=None)
    async with make_client(app) as client:
        response = await client.post(
            "/echo", json={"name": "Bad Name", "contact": {"email": "a@b.c"}}
        )
    assert response.status_code == 400
    body = response.json()
    assert body["errors"][0]["field"] == "name"
    assert "name" in body["detail"]
    assert body["detail"].startswith("The request is not valid.")
