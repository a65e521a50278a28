"""The API docs page (/api/docs): Swagger UI served from the app itself.

Its files come from the `swagger-ui-py` package, pinned in requirements/base.txt, and are
served from /api/docs/assets/: no CDN, nothing fetched at run time, and no inline script,
so the page passes the same Content-Security-Policy as the SPA (app.lib.security_headers).
"""

from __future__ import annotations

import html
from importlib.util import find_spec
from pathlib import Path
from typing import Any, Final

from litestar import Request, Router, get
from litestar.exceptions import NotFoundException
from litestar.openapi.plugins import OpenAPIRenderPlugin
from litestar.params import FromPath
from litestar.response import File


def _swagger_ui_dir() -> Path:
    # Located, not imported: the package's own module wires up other web frameworks.
    spec = find_spec("swagger_ui")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("swagger-ui-py is missing: pip install -r requirements/base.txt")
    return Path(next(iter(spec.submodule_search_locations))) / "static"


_OURS: Final = Path(__file__).parent / "static"
# Only these files are served: the package also holds an editor and an OAuth page.
ASSETS: Final = {
    "swagger-ui-bundle.js": _swagger_ui_dir() / "swagger-ui-bundle.js",
    "swagger-ui.css": _swagger_ui_dir() / "swagger-ui.css",
    "favicon.png": _swagger_ui_dir() / "favicon-32x32.png",
    "api-docs.js": _OURS / "api-docs.js",
}
ASSETS_PATH: Final = "/assets"


class SwaggerPage(OpenAPIRenderPlugin):
    def __init__(self, *, path: str | list[str] = "/") -> None:
        super().__init__(path=path, favicon="", style="")

    def render(self, request: Request[Any, Any, Any], openapi_schema: dict[str, Any]) -> bytes:
        base = request.app.openapi_config.path if request.app.openapi_config else ""
        assets = f"{base}{ASSETS_PATH}"
        title = html.escape(str(openapi_schema["info"]["title"]))
        spec_url = html.escape(self.get_openapi_json_route(request))
        return f"""<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>{title}</title>
    <link rel="icon" type="image/png" href="{assets}/favicon.png">
    <link rel="stylesheet" href="{assets}/swagger-ui.css">
  </head>
  <body>
    <div id="swagger-ui" data-spec-url="{spec_url}"></div>
    <script src="{assets}/swagger-ui-bundle.js"></script>
    <script src="{assets}/api-docs.js"></script>
  </body>
</html>
""".encode()

    def receive_router(self, router: Router) -> None:
        @get(
            f"{ASSETS_PATH}/{{name:str}}",
            include_in_schema=False,
            sync_to_thread=False,
        )
        def asset(name: FromPath[str]) -> File:
            path = ASSETS.get(name)
            if path is None:
                raise NotFoundException(f"No such file: {ASSETS_PATH}/{name}")
            return File(
                path,
                filename=name,
                content_disposition_type="inline",
                # Assets change only with a release; an hour, then a cheap revalidation.
                headers={"cache-control": "public, max-age=3600"},
            )

        router.register(asset)
