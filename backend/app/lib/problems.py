"""Every error leaves the API as RFC 9457 problem+json with a message a person can act on."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from http import HTTPStatus
from typing import Any, ClassVar

import msgspec
import structlog
from litestar import Request, Response
from litestar.exceptions import HTTPException, ValidationException
from litestar.types import ExceptionHandlersMap

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


def _field_errors(extra: Any) -> list[FieldError]:
    if not isinstance(extra, list):
        return []
    errors = []
    for item in extra:
        if isinstance(item, dict):
            key = item.get("key") or item.get("source") or "body"
            errors.append(FieldError(field=str(key), message=str(item.get("message", item))))
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


def _on_unexpected(request: Request[Any, Any, Any], exc: Exception) -> Response[Any]:
    log.exception("unhandled_error", path=request.url.path)
    return _problem(
        request,
        500,
        "Something went wrong on our side; nothing you sent was lost. "
        "Quote the request id when you report it.",
    )


EXCEPTION_HANDLERS: ExceptionHandlersMap = {
    DomainError: _on_domain,
    ValidationException: _on_validation,
    HTTPException: _on_http,
    Exception: _on_unexpected,
}

__all__ = [
    "EXCEPTION_HANDLERS",
    "PROBLEM_JSON",
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
]
