"""The OpenAPI says what the API does: every operation names its errors as problem+json,
every number a path or query takes is bounded by the column it meets, unions are anyOf."""

from __future__ import annotations

import json
from collections.abc import Iterator
from functools import cache
from typing import Any

import pytest

from app.lib.openapi import any_of
from app.lib.params import BIGINT_MAX
from app.main import create_app
from app.settings import load_settings

METHODS = ("get", "post", "put", "patch", "delete")
PUBLIC = {  # the operations anyone may call, and what a stranger gets from the rest
    "healthLive",
    "healthReady",
    "authConfig",
    "authLogin",
    "authInviteInfo",
    "authAcceptInvite",
    "authSsoLogin",
    "authSsoCallback",
    "portalAuthConfig",
    "portalLogin",
    "portalRegister",
    "portalRequestSignInLink",
    "portalSignInWithLink",
    "receiveSms",
}


@cache
def document() -> dict[str, Any]:
    app = create_app(load_settings({"WAYMARK_ENV": "test"}))
    served: dict[str, Any] = any_of(app.openapi_schema.to_schema())
    return served


def operations() -> Iterator[tuple[str, str, dict[str, Any]]]:
    for path, item in document()["paths"].items():
        for method in METHODS:
            if method in item:
                yield method.upper(), path, item[method]


def test_every_operation_documents_its_errors_as_problems() -> None:
    for method, path, operation in operations():
        responses = operation["responses"]
        assert "400" in responses, f"{method} {path}"
        for status, response in responses.items():
            # Readiness answers its report of each service, not a problem, when one is down.
            if int(status) >= 400 and (operation["operationId"], status) != ("healthReady", "503"):
                assert list(response["content"]) == ["application/problem+json"], (
                    f"{method} {path} {status}"
                )
        if operation["operationId"] not in PUBLIC:
            assert {"401", "403"} <= set(responses), f"{method} {path}"
        if "{" in path:
            assert "404" in responses, f"{method} {path}"


def test_every_number_in_a_path_or_query_is_bounded() -> None:
    for method, path, operation in operations():
        for parameter in operation.get("parameters", []):
            schema = parameter["schema"]
            text = json.dumps(schema)
            if '"integer"' not in text:
                continue
            where = f"{method} {path} {parameter['name']}"
            # Litestar writes small bounds as floats (1.0), which is exact; a bigint's bound
            # as a float is 2**63, past the column, so it goes in exactly (app.lib.params).
            assert isinstance(schema.get("maximum"), int | float), where
            assert schema["maximum"] <= BIGINT_MAX, where
            assert isinstance(schema.get("minimum"), int | float), where


# Integers in bodies that no bound of their own guards, and why they need none:
UNBOUNDED_IN_BODIES = {
    # A rule compares its value as JSON; it is never stored in an integer column.
    ("ContactFieldRule", "value"),
    ("EventPropertyRule", "value"),
    ("VariableRule", "value"),
    ("ObjectFieldRule", "value"),
    ("PropertyFilter", "value"),
    # Checked by the condition checker (1 to MAX_DAYS, a 400 naming it): a stored draft
    # may hold any number, which is reported, so the type itself cannot refuse it.
    ("OpenedEmailRule", "within_days"),
    ("ClickedLinkRule", "within_days"),
    ("ReceivedEmailsRule", "within_days"),
    # Notification ids are bigint: the input guard's 64-bit range is theirs.
    ("ReadRequest", "ids"),
}


def _integers(
    node: Any, at: tuple[str, str], seen: frozenset[str], bounded: bool = False
) -> Iterator[tuple[str, str]]:
    """(schema, property) of each integer under `node` with no maximum of its own or of the
    union around it."""
    if isinstance(node, list):
        for item in node:
            yield from _integers(item, at, seen, bounded)
        return
    if not isinstance(node, dict):
        return
    if "$ref" in node:
        name = node["$ref"].rsplit("/", 1)[1]
        if name not in seen:
            schema = document()["components"]["schemas"][name]
            yield from _integers(schema, (name, ""), seen | {name})
        return
    bounded = bounded or "maximum" in node
    if node.get("type") == "integer" and not bounded:
        yield at
    for key, value in node.items():
        if key == "properties":
            for name, schema in value.items():
                yield from _integers(schema, (at[0], name), seen)
        elif key == "anyOf":
            yield from _integers(value, at, seen, bounded)
        elif isinstance(value, dict | list):
            yield from _integers(value, at, seen)


def test_every_integer_in_a_body_is_bounded() -> None:
    # An integer column takes up to 2**31 - 1: a version past it was a 500 (found by the
    # fuzzer on PUT /journeys/{id}/draft).
    found = {
        (method, path, *where)
        for method, path, operation in operations()
        for where in _integers(operation.get("requestBody"), ("", ""), frozenset())
        if where not in UNBOUNDED_IN_BODIES
    }
    assert found == set()


def test_unions_are_any_of() -> None:
    assert '"oneOf"' not in json.dumps(document())


@pytest.mark.parametrize(
    ("path", "media_type"),
    [
        ("/api/v1/letters/{letter_id}/pdf", "application/pdf"),
        ("/api/v1/portal/documents/{document_id}/pdf", "application/pdf"),
        ("/api/v1/jobs/reports/times.csv", "text/csv"),
        ("/api/v1/jobs/stream", "text/event-stream"),
    ],
)
def test_downloads_and_streams_say_their_media_type(path: str, media_type: str) -> None:
    ok = document()["paths"][path]["get"]["responses"]["200"]
    assert list(ok["content"]) == [media_type]


def test_a_put_requires_every_field_it_replaces() -> None:
    components = document()["components"]["schemas"]
    for method, path, operation in operations():
        if method != "PUT" or "requestBody" not in operation:
            continue
        reference = operation["requestBody"]["content"]["application/json"]["schema"]["$ref"]
        schema = components[reference.rsplit("/", 1)[1]]
        optional = set(schema["properties"]) - set(schema.get("required", []))
        # Preconditions and the journey's own name beside its draft are not replaced.
        assert optional <= {"expected_updated_at", "source", "name", "description"}, (
            f"{method} {path}: {sorted(optional)}"
        )
