"""A Struct as a group of query parameters (app.lib.query): each field is a documented
query parameter, the ones given are parsed together, absent ones keep their defaults."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

import msgspec
from litestar import Litestar, get
from litestar.di import NamedDependency, Provide
from litestar.exceptions import ValidationException
from litestar.testing import TestClient

from app.lib.query import struct_query


class Filters(msgspec.Struct, frozen=True, forbid_unknown_fields=True, omit_defaults=True):
    tags: list[str] = msgspec.field(default_factory=list)
    # `scope` is a name Litestar keeps for itself: the query key must still be `scope`.
    scope: Literal["mine", "all"] = "mine"
    since: datetime | None = None
    late: bool = False


def _parse(raw: dict[str, Any]) -> Filters:
    try:
        return msgspec.convert(raw, Filters, strict=False)
    except msgspec.ValidationError as error:
        raise ValidationException(str(error)) from error


@get(
    "/items", dependencies={"filters": Provide(struct_query(Filters, _parse), sync_to_thread=False)}
)
async def items(filters: NamedDependency[Filters]) -> dict[str, Any]:
    return {"given": msgspec.to_builtins(filters), "scope": filters.scope}


def _client() -> TestClient[Litestar]:
    return TestClient(Litestar([items]))


def test_every_field_is_a_documented_query_parameter() -> None:
    with _client() as client:
        schema = client.get("/schema/openapi.json").json()
    parameters = schema["paths"]["/items"]["get"]["parameters"]
    assert [(p["name"], p["in"], p["required"]) for p in parameters] == [
        ("tags", "query", False),
        ("scope", "query", False),
        ("since", "query", False),
        ("late", "query", False),
    ]
    assert parameters[0]["schema"]["oneOf"][0] == {"items": {"type": "string"}, "type": "array"}
    assert parameters[3]["schema"]["oneOf"][0] == {"type": "boolean"}


def test_given_parameters_are_parsed_together_and_absent_ones_keep_defaults() -> None:
    with _client() as client:
        nothing = client.get("/items").json()
        some = client.get(
            "/items", params={"tags": ["a", "b"], "scope": "all", "late": "true"}
        ).json()
        when = client.get("/items", params={"since": "2026-01-02T03:04:05Z"}).json()
    assert nothing == {"given": {}, "scope": "mine"}
    assert some == {"given": {"tags": ["a", "b"], "scope": "all", "late": True}, "scope": "all"}
    assert when["given"] == {"since": "2026-01-02T03:04:05Z"}


def test_a_bad_value_is_refused() -> None:
    with _client() as client:
        # The Struct's own check, by `parse`, which names the field.
        wrong = client.get("/items", params={"scope": "everyone"})
        # The wire type's (a flag must be a boolean), by Litestar.
        maybe = client.get("/items", params={"late": "maybe"})
    assert wrong.status_code == 400
    assert "$.scope" in wrong.json()["detail"]
    assert maybe.status_code == 400
