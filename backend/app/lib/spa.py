"""Serve the built SPA: real files when they exist, index.html for every client-side route."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from litestar import Router, get
from litestar.exceptions import NotFoundException
from litestar.params import FromPath
from litestar.response import File

# Paths the SPA must never shadow: an unknown API URL is a 404, not the app shell.
_SERVER_PREFIXES = ("api/", "health/", "track.js")
# Vite fingerprints everything under assets/, so it can be cached for a year.
_IMMUTABLE = "public, max-age=31536000, immutable"


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

    @get(["/", "/{path:path}"], include_in_schema=False, sync_to_thread=False)
    def serve(path: FromPath[str] = "") -> File:
        relative = path.lstrip("/")
        if relative.startswith(_SERVER_PREFIXES):
            raise NotFoundException(f"No such endpoint: /{relative}")
        candidate = (root / relative).resolve()
        if relative and candidate.is_relative_to(root) and candidate.is_file():
            cache = _IMMUTABLE if relative.startswith("assets/") else "no-cache"
            return _inline(candidate, cache)
        return _inline(index, "no-cache")

    return Router(path="/", route_handlers=[serve], opt=dict(opt or {}))
