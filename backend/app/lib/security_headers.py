"""Security headers on every response, the app's 404s and errors included.

One Content-Security-Policy serves the SPA (staff pages, the portal, the canvas) and the
API docs: scripts only from our own origin, never inline; `<style>` elements only from our
origin or with this response's nonce (Mantine writes its CSS variables into one, and
`index.html` carries the nonce for it: see app.lib.spa); style *attributes* are allowed,
because the sandboxed previews of emails and letters are built from them and an attribute
cannot select other elements, so cannot read the page. No page of ours may be framed.

A handler that needs another value for one of these headers sets it itself (tracking
redirects send `Referrer-Policy: no-referrer`); the middleware only fills in what is not
already there.
"""

from __future__ import annotations

import secrets
from typing import Final

from litestar.datastructures import MutableScopeHeaders
from litestar.enums import ScopeType
from litestar.types import ASGIApp, Message, Receive, Scope, Send

_NONCE_KEY: Final = "csp_nonce"

# Features no page of ours uses are off for every frame; the camera stays available to our
# own pages (a phone can photograph a document into a job's files).
PERMISSIONS_POLICY: Final = ", ".join(
    [
        "accelerometer=()",
        "autoplay=()",
        "browsing-topics=()",
        "camera=(self)",
        "display-capture=()",
        "geolocation=()",
        "gyroscope=()",
        "magnetometer=()",
        "microphone=()",
        "midi=()",
        "payment=()",
        "usb=()",
    ]
)


def content_security_policy(nonce: str) -> str:
    style = f"'self' 'nonce-{nonce}'"
    directives = {
        "default-src": "'self'",
        "script-src": "'self'",
        "style-src": style,
        "style-src-elem": style,
        "style-src-attr": "'unsafe-inline'",
        # Emails and letters in previews may show pictures from anywhere; a picture runs
        # no code.
        "img-src": "'self' data: blob: https:",
        "font-src": "'self' data:",
        "connect-src": "'self'",
        "object-src": "'none'",
        # A test run's letter is shown as its PDF: a blob: URL the page makes from the
        # bytes the API gave (docs/test-runs.md); no other page is framed.
        "frame-src": "'self' blob:",
        "base-uri": "'none'",
        "form-action": "'self'",
        "frame-ancestors": "'none'",
    }
    return "; ".join(f"{name} {value}" for name, value in directives.items())


def csp_nonce(scope: Scope) -> str:
    """This response's style nonce, for pages that write it into their HTML."""
    state = scope.setdefault("state", {})
    nonce = state.get(_NONCE_KEY)
    if not isinstance(nonce, str):
        nonce = state[_NONCE_KEY] = secrets.token_urlsafe(18)
    return nonce


def security_headers_middleware(app: ASGIApp, *, hsts_max_age: int) -> ASGIApp:
    """Wrap the whole app. `hsts_max_age` (seconds; 0 for none) is sent only over HTTPS:
    the request's scheme, which uvicorn takes from X-Forwarded-Proto when the proxy's
    address is in FORWARDED_ALLOW_IPS."""
    hsts = f"max-age={hsts_max_age}" if hsts_max_age > 0 else None

    async def middleware(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != ScopeType.HTTP:
            await app(scope, receive, send)
            return
        nonce = csp_nonce(scope)
        https = scope.get("scheme") == "https"

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableScopeHeaders.from_message(message)
                defaults = {
                    "content-security-policy": content_security_policy(nonce),
                    "x-frame-options": "DENY",
                    "x-content-type-options": "nosniff",
                    "referrer-policy": "strict-origin-when-cross-origin",
                    "permissions-policy": PERMISSIONS_POLICY,
                }
                if hsts and https:
                    defaults["strict-transport-security"] = hsts
                for name, value in defaults.items():
                    if name not in headers:
                        headers[name] = value
            await send(message)

        await app(scope, receive, send_with_headers)

    return middleware
