"""Where a JSON body holds what no column can: the field named by its path."""

from __future__ import annotations

import msgspec
import pytest

from app.lib.input_guard import (
    DEPTH_MESSAGE,
    MAX_JSON_DEPTH,
    NUL_MESSAGE,
    RANGE_MESSAGE,
    json_errors,
)
from app.lib.problems import FieldError


def errors_of(document: object) -> list[FieldError]:
    return json_errors(msgspec.json.encode(document))


@pytest.mark.parametrize(
    ("document", "expected"),
    [
        ({"contact": {"anonymous_id": "a\x00"}}, [FieldError("contact.anonymous_id", NUL_MESSAGE)]),
        ({"batch": [{"n": "ok"}, {"n": "x\x00"}]}, [FieldError("batch[1].n", NUL_MESSAGE)]),
        (["\x00"], [FieldError("[0]", NUL_MESSAGE)]),
        ("\x00", [FieldError("body", NUL_MESSAGE)]),
        ({"n": 2**63}, [FieldError("n", RANGE_MESSAGE)]),
        ({"n": -(2**63) - 1}, [FieldError("n", RANGE_MESSAGE)]),
        (
            {"a": "x", "b": "y\x00", "c": "z\x00"},
            [FieldError("b", NUL_MESSAGE), FieldError("c", NUL_MESSAGE)],
        ),
    ],
)
def test_each_unstorable_value_is_named_in_document_order(
    document: object, expected: list[FieldError]
) -> None:
    assert errors_of(document) == expected


@pytest.mark.parametrize(
    "document",
    [
        {"name": "order.placed", "properties": {"total": 12.5, "items": [1, 2, 3]}},
        {"n": 2**63 - 1, "m": -(2**63), "phone": "+4412345678901234567890"},
        # A backslash before "u0000" is text, not a NUL.
        {"note": "C:\\u0000"},
    ],
)
def test_storable_documents_pass(document: object) -> None:
    assert errors_of(document) == []


def test_a_nul_in_a_key_is_named_with_the_key() -> None:
    [error] = errors_of({"properties": {"a\x00b": 1}})
    assert error.field == "properties.a\\u0000b"
    assert "key" in error.message


def test_depth_is_counted_and_named_where_it_passes_the_limit() -> None:
    nested: object = 1
    for _ in range(MAX_JSON_DEPTH):
        nested = [nested]
    assert errors_of({"p": nested}) == [
        FieldError("p" + "[0]" * (MAX_JSON_DEPTH - 1), DEPTH_MESSAGE)
    ]
    assert errors_of(nested) == []  # exactly the limit


def test_depth_beyond_what_a_decoder_recurses_through_is_refused_whole() -> None:
    body = b"[" * 5000 + b"]" * 5000
    assert json_errors(body) == [FieldError("body", DEPTH_MESSAGE)]


def test_invalid_json_is_left_to_the_handler() -> None:
    assert json_errors(b'{"a": "\\u0000"') == []


def test_a_body_full_of_problems_is_named_by_its_first_few() -> None:
    assert len(errors_of(["\x00"] * 1000)) == 10
