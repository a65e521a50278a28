"""Every error leaves the API as RFC 9457 problem+json with a message a person can act on."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from http import HTTPStatus
from typing import Any, ClassVar, Final

import msgspec
import structlog
from litestar import Litestar, Request, Response
from litestar.exceptions import HTTPException, ValidationException
from litestar.handlers import HTTPRouteHandler
from litestar.openapi.datastructures import ResponseSpec
from litestar.openapi.spec import OpenAPIHeader, OpenAPIResponse, OpenAPIType, Operation, Schema
from litestar.types import ExceptionHandlersMap

from app.lib.db import commits_started, unavailable
from app.lib.request_id import current_request_id

PROBLEM_JSON = "application/problem+json"

log = structlog.get_logger(__name__)


class FieldError(msgspec.Struct, frozen=True):
    field: str
    message: str


class Problem(msgspec.Struct, frozen=True, omit_defaults=True):
    type: str
    title: str
    status: int
    detail: str
    instance: str
    request_id: str | None = None
    errors: list[FieldError] = msgspec.field(default_factory=list)


class DomainError(Exception):
    """A rule of the domain said no. Services raise a subclass; the subclass picks the status.

    The message is shown to the caller as is, so it should say what to do next.
    """

    status: ClassVar[int] = 400

    def __init__(
        self,
        detail: str,
        *,
        errors: Sequence[FieldError] = (),
        headers: Mapping[str, str] | None = None,
        extensions: Mapping[str, Any] | None = None,
    ) -> None:
        super().__init__(detail)
        self.detail = detail
        self.errors = list(errors)
        self.headers = dict(headers or {})
        # Extra members of the problem document (RFC 9457 extensions), e.g. the current
        # revision on a conflict; any msgspec-encodable values.
        self.extensions = dict(extensions or {})


class InvalidInputError(DomainError):
    status = 400

    @classmethod
    def on_field(cls, field: str, message: str) -> InvalidInputError:
        return cls(
            f"The request is not valid. {field}: {message}", errors=[FieldError(field, message)]
        )


class NotAuthenticatedError(DomainError):
    status = 401


class ForbiddenError(DomainError):
    status = 403


class NotFoundError(DomainError):
    status = 404


class ConflictError(DomainError):
    status = 409


class GoneError(DomainError):
    status = 410


class UnprocessableError(DomainError):
    """Well-formed, but the rules of the domain refuse it as it stands (e.g. publishing an
    invalid journey)."""

    status = 422


class TooManyRequestsError(DomainError):
    status = 429

    def __init__(self, detail: str, *, retry_after_seconds: int) -> None:
        super().__init__(detail, headers={"Retry-After": str(max(1, retry_after_seconds))})
        self.retry_after_seconds = retry_after_seconds


def _problem(
    request: Request[Any, Any, Any],
    status: int,
    detail: str,
    *,
    headers: Mapping[str, str] | None = None,
    extensions: Mapping[str, Any] | None = None,
    **extra: Any,
) -> Response[Any]:
    title = HTTPStatus(status).phrase
    body = Problem(
        type=f"https://waymark.dev/problems/{title.lower().replace(' ', '-')}",
        title=title,
        status=status,
        detail=detail,
        instance=request.url.path,
        request_id=current_request_id(request.scope),
        **extra,
    )
    content: Any = body
    if extensions:
        # Standard members win: an extension cannot overwrite `status` or `detail`.
        content = {**msgspec.to_builtins(extensions), **msgspec.to_builtins(body)}
    return Response(content, status_code=status, media_type=PROBLEM_JSON, headers=headers)


# msgspec names a missing or unknown field in its message, at the object that holds it.
_NAMED_FIELD = re.compile(r"^Object (?:missing required|contains unknown) field `([^`]+)`")


def _field_name(key: str, message: str) -> str:
    """`permissions`, not `data`, for a body that lacks it; `rules[0].tag` inside."""
    named = _NAMED_FIELD.match(message)
    if named is None:
        return key
    return named[1] if key in ("data", "body") else f"{key}.{named[1]}"


def _field_errors(extra: Any) -> list[FieldError]:
    if not isinstance(extra, list):
        return []
    errors = []
    for item in extra:
        if isinstance(item, dict):
            key = str(item.get("key") or item.get("source") or "body")
            message = str(item.get("message", item))
            errors.append(FieldError(field=_field_name(key, message), message=message))
    return errors


def _on_validation(request: Request[Any, Any, Any], exc: ValidationException) -> Response[Any]:
    errors = _field_errors(exc.extra)
    detail = "; ".join(f"{e.field}: {e.message}" for e in errors) or exc.detail
    return _problem(request, exc.status_code, f"The request is not valid. {detail}", errors=errors)


def _on_http(request: Request[Any, Any, Any], exc: HTTPException) -> Response[Any]:
    detail = exc.detail
    if detail == HTTPStatus(exc.status_code).phrase:
        # Litestar's bare "Not Found" / "Method Not Allowed" say nothing about where.
        detail = f"{detail}: {request.method} {request.url.path}"
    return _problem(request, exc.status_code, detail)


def _on_domain(request: Request[Any, Any, Any], exc: DomainError) -> Response[Any]:
    return _problem(
        request,
        exc.status,
        exc.detail,
        headers=exc.headers,
        extensions=exc.extensions,
        errors=exc.errors,
    )


# How long a client should wait when PostgreSQL is unavailable: a restart takes seconds,
# and the pool replaces dropped connections at the first checkout after it.
RETRY_AFTER_SECONDS: Final = 5


def _stored_nothing() -> bool:
    """Did this request start no commit? Only then is "nothing was stored" true."""
    return commits_started() == 0


def _on_unavailable(request: Request[Any, Any, Any], exc: Exception) -> Response[Any]:
    log.warning("database_unavailable", path=request.url.path, error=f"{type(exc).__name__}: {exc}")
    if _stored_nothing():
        detail = (
            "The database is unavailable; nothing was stored. "
            f"Retry in {RETRY_AFTER_SECONDS} seconds."
        )
    else:
        detail = (
            "The database became unavailable while this request was being stored, so it "
            "may or may not have been. Retry in "
            f"{RETRY_AFTER_SECONDS} seconds (with the same idempotency key, where the "
            "operation takes one, so it is not done twice)."
        )
    return _problem(request, 503, detail, headers={"Retry-After": str(RETRY_AFTER_SECONDS)})


def _on_unexpected(request: Request[Any, Any, Any], exc: Exception) -> Response[Any]:
    if unavailable(exc):
        return _on_unavailable(request, exc)
    log.exception("unhandled_error", path=request.url.path)
    stored = (
        "nothing was stored"
        if _stored_nothing()
        else "part of this request may have been stored: look before sending it again"
    )
    return _problem(
        request,
        500,
        f"Something went wrong on our side; {stored}. Quote the request id when you report it.",
    )


def problem_response(description: str) -> ResponseSpec:
    """An OpenAPI answer of an operation that is a problem document (`responses={400: …}`)."""
    return ResponseSpec(
        data_container=Problem,
        media_type=PROBLEM_JSON,
        description=description,
        generate_examples=False,
    )


# Every operation that reaches PostgreSQL can answer this; `document_unavailable` adds it.
UNAVAILABLE = problem_response(
    "The database is unavailable (restarting, or the connection dropped). The detail "
    "says whether anything was stored; retry after the Retry-After header's seconds."
)
# A handler whose opt has this set to False never touches the database (a liveness probe).
USES_DATABASE: Final = "uses_database"


@dataclass
class _WithRetryAfter(Operation):
    """An operation whose 503 (the UNAVAILABLE response) carries the Retry-After header:
    Litestar's ResponseSpec has no headers."""

    def __post_init__(self) -> None:
        response = (self.responses or {}).get("503")
        if isinstance(response, OpenAPIResponse):
            response.headers = {
                **(response.headers or {}),
                "Retry-After": OpenAPIHeader(
                    schema=Schema(type=OpenAPIType.INTEGER, minimum=1),
                    description="Seconds to wait before trying again.",
                    required=True,
                ),
            }


def document_unavailable(app: Litestar) -> None:
    """Document 503 + Retry-After on every operation in the schema at once, instead of in
    each controller; a handler that documents its own 503 (readiness) keeps it."""
    for route in app.routes:
        for handler in getattr(route, "route_handlers", ()):
            if not isinstance(handler, HTTPRouteHandler) or not handler.resolve_include_in_schema():
                continue
            if handler.opt.get(USES_DATABASE) is False:
                continue
            responses = dict(handler.responses or {})
            if 503 in responses:
                continue
            responses[503] = UNAVAILABLE
            handler.responses = responses
            if handler.operation_class is Operation:
                handler.operation_class = _WithRetryAfter


EXCEPTION_HANDLERS: ExceptionHandlersMap = {
    DomainError: _on_domain,
    ValidationException: _on_validation,
    HTTPException: _on_http,
    Exception: _on_unexpected,
}

__all__ = [
    "EXCEPTION_HANDLERS",
    "PROBLEM_JSON",
    "RETRY_AFTER_SECONDS",
    "UNAVAILABLE",
    "USES_DATABASE",
    "ConflictError",
    "DomainError",
    "FieldError",
    "ForbiddenError",
    "GoneError",
    "InvalidInputError",
    "NotAuthenticatedError",
    "NotFoundError",
    "Problem",
    "TooManyRequestsError",
    "UnprocessableError",
    "document_unavailable",
]
