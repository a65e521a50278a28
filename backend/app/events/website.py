"""What guards the endpoints any website may call: the key's allowed websites (checked
against the page's Origin, CORS only for them) and rate limits.

A public write key names the origins whose pages may use it (Admin · API keys); a key
with none is refused from every page, and so is a request that names no page at all (no
`Origin`, no `Referer`): browsers always send one with a POST. Only an allowed origin gets
CORS headers, on every answer including errors (401, 429), so its pages can read why;
any other origin gets none, and the browser keeps the answer from the page.

CORS is route-level on purpose: Litestar's CORSConfig is app-wide, and the rest of the
API must stay same-origin.
"""

from __future__ import annotations

import math
from typing import Any, Final
from urllib.parse import urlsplit

from litestar import Request, Response
from litestar.connection import ASGIConnection
from litestar.datastructures import MutableScopeHeaders
from litestar.enums import ScopeType
from litestar.handlers import BaseRouteHandler
from litestar.types import ASGIApp, Message, Receive, Scope, Send
from sqlalchemy import select

from app.auth.guards import PUBLIC_KEY_PREFIX, principal_of
from app.auth.models import ApiKey
from app.auth.principal import KeyPrincipal
from app.auth.tokens import hash_token
from app.auth.web import client_ip, resources_of
from app.lib.origins import origin_allowed
from app.lib.problems import ForbiddenError, TooManyRequestsError
from app.resources import Resources

WINDOW_SECONDS: Final = 60
_KEY: Final = "waymark:track-rate:"
_EXPOSE: Final = "x-request-id, retry-after"
# Where the guard leaves the origin it let through, for the CORS headers of the answer.
_CORS_STATE: Final = "waymark_cors_origin"
_WHERE: Final = "Admin · API keys"


def page_origin(connection: ASGIConnection[Any, Any, Any, Any]) -> str | None:
    """The origin of the page that sent the request: its Origin, else its Referer's."""
    origin = connection.headers.get("origin")
    if origin and origin != "null":
        return origin
    referer = connection.headers.get("referer")
    if referer:
        parts = urlsplit(referer)
        if parts.scheme and parts.netloc:
            return f"{parts.scheme}://{parts.netloc}"
    return None


def check_origin(principal: KeyPrincipal, origin: str | None) -> str:
    """The page's origin when the key allows it; else a 403 that says what to do."""
    if origin is None:
        raise ForbiddenError(
            "A public write key is used from web pages: this request names no page "
            "(no Origin or Referer header). Servers send with a server key to /api/v1/events."
        )
    if not principal.allowed_origins:
        raise ForbiddenError(
            f"This key allows no websites yet, so pages on {origin} may not use it: add the "
            f"site's origin (e.g. https://shop.example) to the key in {_WHERE}."
        )
    if not origin_allowed(origin, principal.allowed_origins):
        raise ForbiddenError(
            f"Pages on {origin} may not send events with this key; add the origin to the "
            f"key's websites in {_WHERE}."
        )
    return origin


def website_cors(app: ASGIApp) -> ASGIApp:
    """CORS headers for the origin the guard (or the preflight) let through, and no other."""

    async def middleware(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != ScopeType.HTTP:
            await app(scope, receive, send)
            return

        async def send_with_cors(message: Message) -> None:
            allow = scope.get("state", {}).get(_CORS_STATE)
            if message["type"] == "http.response.start" and allow is not None:
                headers = MutableScopeHeaders.from_message(message)
                headers["access-control-allow-origin"] = allow
                headers["access-control-expose-headers"] = _EXPOSE
                headers["vary"] = "Origin"
            await send(message)

        await app(scope, receive, send_with_cors)

    return middleware


async def _preflight_origins(resources: Resources, key: str | None) -> list[str]:
    """The origins a preflight may be answered for: the named key's, or (no key in the
    URL, as when it is sent in a header) those of every live public write key."""
    query = select(ApiKey.allowed_origins).where(
        ApiKey.kind == "public_write", ApiKey.revoked_at.is_(None)
    )
    if key:
        if not key.startswith(PUBLIC_KEY_PREFIX):
            return []
        query = query.where(ApiKey.secret_hash == hash_token(key))
    async with resources.sessions() as db:
        return [origin for origins in await db.scalars(query) for origin in origins]


async def preflight_response(request: Request[Any, Any, Any]) -> Response[None]:
    """204 either way; the allow-origin header only for an allowed page's origin."""
    resources = resources_of(request)
    origin = page_origin(request)
    headers = {
        "access-control-allow-methods": "POST, OPTIONS",
        "access-control-allow-headers": "authorization, content-type",
        "access-control-max-age": "86400",
    }
    if origin is not None and origin_allowed(
        origin, await _preflight_origins(resources, request.query_params.get("key"))
    ):
        request.scope.setdefault("state", {})[_CORS_STATE] = origin
    return Response(None, status_code=204, headers=headers)


def _wait_text(seconds: int) -> str:
    return f"{seconds} seconds" if seconds < 60 else f"{math.ceil(seconds / 60)} minute(s)"


async def website_guard(
    connection: ASGIConnection[Any, Any, Any, Any], handler: BaseRouteHandler
) -> None:
    """After authentication: the page's origin is one the key allows, and the key and the
    client address are within their requests a minute (fixed windows in Redis)."""
    resources = resources_of(connection)
    settings = resources.settings
    principal = principal_of(connection)
    assert isinstance(principal, KeyPrincipal)
    origin = check_origin(principal, page_origin(connection))
    # From here on the page may read the answer (a 429 included).
    connection.scope.setdefault("state", {})[_CORS_STATE] = origin
    ip = client_ip(connection)
    checks = (
        (f"{_KEY}key:{principal.key_id}", settings.track_rate_per_key, "this website key"),
        (f"{_KEY}ip:{ip}", settings.track_rate_per_ip, "your network address"),
    )
    async with resources.redis.pipeline(transaction=True) as pipe:
        for key, _, _ in checks:
            # The window opens with its first request and is not extended by later ones.
            pipe.set(key, 0, ex=WINDOW_SECONDS, nx=True)
            pipe.incr(key)
            pipe.ttl(key)
        replies = await pipe.execute()
    for position, (_, limit, whom) in enumerate(checks):
        count, ttl = int(replies[position * 3 + 1]), int(replies[position * 3 + 2])
        if count > limit:
            wait = ttl if ttl > 0 else WINDOW_SECONDS
            raise TooManyRequestsError(
                f"Too many tracking requests from {whom}: at most {limit:,} a minute. "
                f"Try again in {_wait_text(wait)}.",
                retry_after_seconds=wait,
            )
