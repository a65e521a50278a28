"""Serve the built SPA: real files when they exist, index.html for every client-side route."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from litestar import Request, Response, Router, get
from litestar.exceptions import NotFoundException
from litestar.params import FromPath
from litestar.response import File

from app.lib.security_headers import csp_nonce

# Paths the SPA must never shadow: an unknown API URL is a 404, not the app shell.
_SERVER_PREFIXES = ("api/", "health/", "track.js")
# Vite fingerprints everything under assets/, so it can be cached for a year.
_IMMUTABLE = "public, max-age=31536000, immutable"
# What the build writes where each response's CSP nonce goes (frontend/vite.config.ts).
NONCE_PLACEHOLDER = b"__WAYMARK_CSP_NONCE__"
_NO_CACHE = {"cache-control": "no-cache"}


def _inline(path: Path, cache: str) -> File:
    # The filename is what gives the response its content type; without it a browser
    # gets application/octet-stream and downloads the page instead of showing it.
    return File(
        path,
        filename=path.name,
        content_disposition_type="inline",
        headers={"cache-control": cache},
    )


def spa_router(dist_dir: str, *, opt: Mapping[str, Any] | None = None) -> Router:
    root = Path(dist_dir).resolve()
    index = root / "index.html"
    if not index.is_file():
        raise FileNotFoundError(
            f"WAYMARK_SPA_DIR={dist_dir} has no index.html: build the SPA (npm run build)"
        )

    def app_shell(request: Request[Any, Any, Any]) -> Response[bytes]:
        # Read per request (a rebuild must not leave old asset names), with this
        # response's nonce, so the page's own <style> elements pass the CSP.
        html = index.read_bytes().replace(NONCE_PLACEHOLDER, csp_nonce(request.scope).encode())
        return Response(html, media_type="text/html; charset=utf-8", headers=_NO_CACHE)

    @get(["/", "/{path:path}"], include_in_schema=False, sync_to_thread=False)
    def serve(request: Request[Any, Any, Any], path: FromPath[str] = "") -> Response[Any]:
        relative = path.lstrip("/")
        if relative.startswith(_SERVER_PREFIXES):
            raise NotFoundException(f"No such endpoint: /{relative}")
        candidate = (root / relative).resolve()
        if candidate == index:
            return app_shell(request)
        if relative and candidate.is_relative_to(root) and candidate.is_file():
            cache = _IMMUTABLE if relative.startswith("assets/") else "no-cache"
            return _inline(candidate, cache)
        return app_shell(request)

    return Router(path="/", route_handlers=[serve], opt=dict(opt or {}))
