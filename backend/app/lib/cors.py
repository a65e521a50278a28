"""Open CORS for the few routes any website may call (the tracking endpoint).

Route-level on purpose: Litestar's CORSConfig is app-wide, and the rest of the API must
stay same-origin. Being route middleware, it also sees error responses (401, 400), which a
browser would otherwise hide from the page's script.
"""

from __future__ import annotations

from typing import Final

from litestar import Response
from litestar.datastructures import MutableScopeHeaders
from litestar.enums import ScopeType
from litestar.types import ASGIApp, Message, Receive, Scope, Send

_HEADERS: Final = {
    "access-control-allow-origin": "*",
    "access-control-expose-headers": "x-request-id, retry-after",
}
_PREFLIGHT: Final = {
    **_HEADERS,
    "access-control-allow-methods": "POST, OPTIONS",
    "access-control-allow-headers": "authorization, content-type",
    "access-control-max-age": "86400",
}


def open_cors(app: ASGIApp) -> ASGIApp:
    async def middleware(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != ScopeType.HTTP:
            await app(scope, receive, send)
            return

        async def send_with_cors(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableScopeHeaders.from_message(message)
                for name, value in _HEADERS.items():
                    headers[name] = value
            await send(message)

        await app(scope, receive, send_with_cors)

    return middleware


def preflight_response() -> Response[None]:
    return Response(None, status_code=204, headers=_PREFLIGHT)
