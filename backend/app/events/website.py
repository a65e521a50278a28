"""What guards the endpoints any website may call: allowed origins (CORS) and rate limits.

CORS is route-level on purpose: Litestar's CORSConfig is app-wide, and the rest of the
API must stay same-origin. As route middleware it also marks error answers (401, 429),
which a browser would otherwise hide from the page's script.
"""

from __future__ import annotations

import math
from typing import Any, Final

from litestar import Response
from litestar.connection import ASGIConnection
from litestar.datastructures import MutableScopeHeaders
from litestar.enums import ScopeType
from litestar.handlers import BaseRouteHandler
from litestar.types import ASGIApp, Message, Receive, Scope, Send

from app.auth.guards import principal_of
from app.auth.principal import KeyPrincipal
from app.auth.web import client_ip, resources_of
from app.lib.problems import ForbiddenError, TooManyRequestsError
from app.settings import Settings

WINDOW_SECONDS: Final = 60
_KEY: Final = "waymark:track-rate:"
_EXPOSE: Final = "x-request-id, retry-after"


def allowed_origins(settings: Settings) -> frozenset[str] | None:
    """None means any origin."""
    raw = settings.track_allowed_origins.strip()
    if raw == "*":
        return None
    return frozenset(o.strip().rstrip("/") for o in raw.split(",") if o.strip())


def _allow_origin(settings: Settings, origin: str | None) -> str | None:
    allowed = allowed_origins(settings)
    if allowed is None:
        return "*"
    return origin if origin and origin in allowed else None


def website_cors(app: ASGIApp) -> ASGIApp:
    async def middleware(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != ScopeType.HTTP:
            await app(scope, receive, send)
            return
        settings = scope["app"].state.resources.settings
        origin = next((v.decode("latin-1") for k, v in scope["headers"] if k == b"origin"), None)
        allow = _allow_origin(settings, origin)

        async def send_with_cors(message: Message) -> None:
            if message["type"] == "http.response.start" and allow is not None:
                headers = MutableScopeHeaders.from_message(message)
                headers["access-control-allow-origin"] = allow
                headers["access-control-expose-headers"] = _EXPOSE
                if allow != "*":
                    headers["vary"] = "Origin"
            await send(message)

        await app(scope, receive, send_with_cors)

    return middleware


def preflight_response() -> Response[None]:
    # The allow-origin header comes from website_cors (none for an origin not allowed).
    return Response(
        None,
        status_code=204,
        headers={
            "access-control-allow-methods": "POST, OPTIONS",
            "access-control-allow-headers": "authorization, content-type",
            "access-control-max-age": "86400",
        },
    )


def _wait_text(seconds: int) -> str:
    return f"{seconds} seconds" if seconds < 60 else f"{math.ceil(seconds / 60)} minute(s)"


async def website_guard(
    connection: ASGIConnection[Any, Any, Any, Any], handler: BaseRouteHandler
) -> None:
    """After authentication: the page's origin is allowed, and the key and the client
    address are within their requests a minute (fixed windows in Redis)."""
    resources = resources_of(connection)
    settings = resources.settings
    origin = connection.headers.get("origin")
    allowed = allowed_origins(settings)
    if allowed is not None and origin is not None and origin not in allowed:
        raise ForbiddenError(
            f"Pages on {origin} may not send events with this key; "
            "add the origin to WAYMARK_TRACK_ALLOWED_ORIGINS."
        )
    principal = principal_of(connection)
    assert isinstance(principal, KeyPrincipal)
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
