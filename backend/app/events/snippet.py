"""Serving track.js: a static file, cached by browsers and revalidated by its ETag."""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path
from typing import Final

from litestar import Response

SNIPPET: Final = Path(__file__).parent / "static" / "track.js"
# Litestar appends the charset itself.
MEDIA_TYPE: Final = "text/javascript"


@cache
def _snippet() -> tuple[bytes, str]:
    body = SNIPPET.read_bytes()
    return body, f'"{hashlib.sha256(body).hexdigest()[:32]}"'


def snippet_response() -> Response[bytes]:
    body, etag = _snippet()
    return Response(
        body,
        media_type=MEDIA_TYPE,
        headers={
            # An hour in every cache, then a cheap revalidation: a new release spreads soon.
            "cache-control": "public, max-age=3600",
            "etag": etag,
            "access-control-allow-origin": "*",
            "x-content-type-options": "nosniff",
        },
    )
