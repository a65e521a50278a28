"""Answers match the OpenAPI the app serves: validated with a JSON Schema validator
against /api/docs/openapi.json itself."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import jsonschema
import pytest
from litestar.testing import AsyncTestClient
from litestar.types import ASGIApp

from tests.fixtures import SignedIn

pytestmark = pytest.mark.usefixtures("standard_roles")
SignIn = Callable[..., Awaitable[SignedIn]]


async def _validator(
    client: AsyncTestClient[ASGIApp], path: str, method: str, status: str
) -> jsonschema.Draft202012Validator:
    document = (await client.get("/api/docs/openapi.json")).json()
    response = document["paths"][path][method]["responses"][status]
    [content] = response["content"].values()
    schema = {**content["schema"], "components": document["components"]}
    return jsonschema.Draft202012Validator(schema)


async def test_segments_with_numbers_in_their_rules_match_their_schema(
    client: AsyncTestClient[ASGIApp], signed_in: SignIn
) -> None:
    _, marketer = await signed_in("marketer")
    condition: dict[str, Any] = {
        "type": "group",
        "rules": [
            # 50 is an integer and a number: a `oneOf` of the two refused it.
            {"type": "contact_field", "field": "score", "operator": "gt", "value": 50},
            {"type": "contact_field", "field": "score", "operator": "in", "value": [1, 2.5]},
        ],
    }
    created = await marketer.post(
        "/api/v1/segments", json={"name": "engaged", "label": "Engaged", "condition": condition}
    )
    assert created.status_code == 201, created.text
    listed = await marketer.get("/api/v1/segments")
    assert listed.status_code == 200
    validator = await _validator(client, "/api/v1/segments", "get", "200")
    assert list(validator.iter_errors(listed.json())) == []


async def test_problems_match_their_schema(client: AsyncTestClient[ASGIApp]) -> None:
    refused = await client.get("/api/v1/contacts")
    assert refused.status_code == 401
    assert refused.headers["content-type"].startswith("application/problem+json")
    validator = await _validator(client, "/api/v1/contacts", "get", "401")
    assert list(validator.iter_errors(refused.json())) == []
