"""The error answers in the OpenAPI: every status an operation can give, as problem+json.

Litestar documents only the success answer and a 400 of its own shape; ours are RFC 9457
problems (app.lib.problems). `document_problems` adds to every operation what any route
can answer (a 400 for bad input; 401 and 403 where a caller must be known; 404 where the
path names a thing), and a handler adds its own with `responses=problems(409, 422)`.

`OpenAPIJson` serves the document with every `oneOf` as `anyOf`: Litestar writes a union
as `oneOf`, which a value matching two members fails (`100` is both an integer and a
number), while the API (msgspec) takes the first member that fits.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from http import HTTPStatus
from typing import Any, Final

from litestar import Litestar, Request
from litestar.handlers import HTTPRouteHandler
from litestar.openapi import ResponseSpec
from litestar.openapi.plugins import JsonRenderPlugin

from app.lib.problems import problem_response

# What each status means here, in the docs of every operation that can answer it.
_MEANING: Final[Mapping[int, str]] = {
    400: "The request is not valid: `errors` names each wrong field (body, query or path).",
    401: "Sign in first (session cookie), or send a valid API key (`Authorization: Bearer`).",
    403: "Not allowed: a permission the caller lacks, a missing CSRF token, or the wrong kind "
    "of API key.",
    404: "Nothing with that id exists (or the caller may not see it).",
    409: "Conflicts with the current state (someone else changed it, or it already exists).",
    410: "Gone: the link or thing has expired or was used already.",
    413: "The upload is larger than allowed.",
    415: "The upload's type is not allowed.",
    422: "Well-formed, but the rules refuse it as it stands (see `detail` and `errors`).",
    429: "Too many requests: wait for `Retry-After` seconds.",
    503: "A service the API needs is unavailable: retry after `Retry-After` seconds.",
}


def problems(*statuses: int) -> dict[int, ResponseSpec]:
    """A handler's own error answers: `@post(..., responses=problems(409))`, each said as
    `_MEANING` says it (`problem_response` for words of the operation's own)."""
    return {
        status: problem_response(_MEANING.get(status, HTTPStatus(status).phrase))
        for status in statuses
    }


def document_problems(app: Litestar, *, needs_caller: Callable[[HTTPRouteHandler], bool]) -> None:
    """Add the answers every route can give to each operation of `app`, before its OpenAPI
    is built (a handler's own `responses` stay as they are)."""
    for route in app.routes:
        for handler in getattr(route, "route_handlers", ()):
            if not isinstance(handler, HTTPRouteHandler) or not handler.include_in_schema:
                continue
            statuses = [400]
            if needs_caller(handler):
                statuses += [401, 403]
            if "{" in route.path:
                statuses.append(404)
            handler.responses = {**problems(*statuses), **(handler.responses or {})}


def any_of(node: Any) -> Any:
    """The document with each `oneOf` written as `anyOf` (see the module's docstring)."""
    if isinstance(node, dict):
        return {("anyOf" if key == "oneOf" else key): any_of(value) for key, value in node.items()}
    if isinstance(node, list):
        return [any_of(item) for item in node]
    return node


class OpenAPIJson(JsonRenderPlugin):
    """/openapi.json, built once per app, with unions as `anyOf`."""

    def __init__(self) -> None:
        super().__init__()
        self._rendered: bytes | None = None

    def render(self, request: Request[Any, Any, Any], openapi_schema: dict[str, Any]) -> bytes:
        if self._rendered is None:
            self._rendered = self.render_json(request, any_of(openapi_schema))
        return self._rendered
