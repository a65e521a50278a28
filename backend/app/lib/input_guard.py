"""Refuse, in one place, input that no handler can store or should parse.

- NUL characters (U+0000) anywhere: PostgreSQL's text and jsonb cannot hold them, so a
  NUL in a path, a query, a form or anywhere in a JSON body (values and keys) is a 400
  naming where it is, before any handler sees it.
- JSON nested deeper than MAX_JSON_DEPTH: no body of ours needs more, and a decoder that
  recurses gives up near 1,000 levels with an error, not an answer.
- Integers in a JSON body past 64 bits: no column (nor a JavaScript client) holds them.
  Narrower columns bound their fields in the Structs (`Meta(ge=…, le=…)`).

It runs as the app's `before_request` hook: after routing and the guards (so an anonymous
caller learns nothing new), inside the route's middleware (so /track's CORS headers are on
the refusal too), with the request's body read once and kept for the handler.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from itertools import islice
from typing import Any, Final

import msgspec
from litestar import Request

from app.lib.params import BIGINT_MAX
from app.lib.problems import FieldError, InvalidInputError

MAX_JSON_DEPTH: Final = 32
# A body full of NULs is named by its first few; the rest would only lengthen the answer.
_MAX_ERRORS: Final = 10
_NUL = "\x00"
# A JSON body can only hold a NUL as the escape \u0000 (a raw NUL byte is not JSON).
_NUL_ESCAPE = re.compile(rb"\\u0000")
# Only a run of 19 digits can be a number past 64 bits.
_LONG_DIGITS = re.compile(rb"\d{19}")
_INT64_MIN = -BIGINT_MAX - 1
_BODY_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
NUL_MESSAGE: Final = "must not contain NUL characters (\\u0000)"
DEPTH_MESSAGE: Final = f"is nested more than {MAX_JSON_DEPTH} levels deep"
RANGE_MESSAGE: Final = f"must be an integer from {_INT64_MIN} to {BIGINT_MAX}"


async def refuse_unstorable_input(request: Request[Any, Any, Any]) -> None:
    errors = [
        *_nul_in_path(request),
        *_nul_in_query(request),
        *(await _body_errors(request)),
    ]
    if errors:
        detail = "; ".join(f"{e.field}: {e.message}" for e in errors)
        raise InvalidInputError(f"The request is not valid. {detail}", errors=errors)


def _nul_in_path(request: Request[Any, Any, Any]) -> Iterator[FieldError]:
    if _NUL not in request.scope["path"]:
        return
    named = [name for name, value in request.path_params.items() if _NUL in str(value)]
    for name in named or ["path"]:
        yield FieldError(name, NUL_MESSAGE)


def _nul_in_query(request: Request[Any, Any, Any]) -> Iterator[FieldError]:
    if (
        b"%00" not in request.scope["query_string"]
        and b"\x00" not in (request.scope["query_string"])
    ):
        return
    bad = (name for name, value in request.query_params.multi_items() if _NUL in name + value)
    for name in islice(bad, _MAX_ERRORS):
        yield FieldError(name.replace(_NUL, "\\u0000"), NUL_MESSAGE)


async def _body_errors(request: Request[Any, Any, Any]) -> list[FieldError]:
    if request.method not in _BODY_METHODS:
        return []
    content_type, _ = request.content_type
    if content_type.startswith("multipart/"):
        return []  # files may hold any byte; their text fields are checked by their handler
    if content_type == "application/x-www-form-urlencoded":
        form = await request.form()
        return [
            FieldError(name, NUL_MESSAGE)
            for name, value in form.multi_items()
            if _NUL in name or (isinstance(value, str) and _NUL in value)
        ]
    body = await request.body()
    if body.lstrip()[:1] not in (b"{", b"["):
        return []  # not JSON: the handler says what it expected
    return json_errors(body)


def json_errors(body: bytes) -> list[FieldError]:
    """Where a JSON document nests too deep, holds a NUL or an integer past 64 bits, by
    the path of the field (`contact.anonymous_id`, `batch[3].properties`); nothing for
    anything else, invalid JSON included (its handler's decoder says what is wrong)."""
    brackets = body.count(b"[") + body.count(b"{")
    if (
        brackets <= MAX_JSON_DEPTH
        and not _NUL_ESCAPE.search(body)
        and not _LONG_DIGITS.search(body)
    ):
        return []  # cannot be too deep, and holds neither a NUL nor a long number
    try:
        document = msgspec.json.decode(body)
    except RecursionError:
        return [FieldError("body", DEPTH_MESSAGE)]
    except msgspec.DecodeError:
        return []
    return list(islice(_walk(document), _MAX_ERRORS))


def _walk(document: Any) -> Iterator[FieldError]:
    # Iterative, so that depth costs no stack; stops going down past the limit. Children
    # go on the stack last first, so that problems come out in the document's order.
    stack: list[tuple[str, Any, int]] = [("", document, 0)]
    while stack:
        path, value, depth = stack.pop()
        if isinstance(value, str):
            if _NUL in value:
                yield FieldError(path or "body", NUL_MESSAGE)
            continue
        if isinstance(value, int) and not _INT64_MIN <= value <= BIGINT_MAX:
            yield FieldError(path or "body", RANGE_MESSAGE)
            continue
        if not isinstance(value, dict | list):
            continue
        if depth >= MAX_JSON_DEPTH:
            yield FieldError(path or "body", DEPTH_MESSAGE)
            continue
        if isinstance(value, dict):
            children = []
            for key, item in value.items():
                name = f"{path}.{key}" if path else key
                if _NUL in key:
                    yield FieldError(name.replace(_NUL, "\\u0000"), f"the key {NUL_MESSAGE}")
                    continue
                children.append((name, item, depth + 1))
        else:
            children = [(f"{path}[{i}]", item, depth + 1) for i, item in enumerate(value)]
        stack.extend(reversed(children))
