"""Security headers on every kind of response: the SPA, the API, the portal, the API docs,
errors; HSTS only over HTTPS; the docs' files served by the app itself."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import msgspec
import pytest
from litestar.testing import AsyncTestClient
from litestar.types import ASGIApp

from app.channels.tracking import sign
from app.main import create_asgi_app
from app.resources import Resources
from app.settings import Settings
from tests.fixtures import make_client

INDEX = (
    '<!doctype html><html><head><meta property="csp-nonce" nonce="__WAYMARK_CSP_NONCE__">'
    '<script type="module" src="/assets/app.js" nonce="__WAYMARK_CSP_NONCE__"></script>'
    "</head><body><div id=root></div></body></html>"
)


@pytest.fixture
async def spa_client(
    tmp_path: Path, settings: Settings, resources: Resources
) -> AsyncIterator[AsyncTestClient[ASGIApp]]:
    dist = tmp_path / "dist"
    (dist / "assets").mkdir(parents=True)
    (dist / "index.html").write_text(INDEX)
    (dist / "assets" / "app.js").write_text("console.log('waymark')")
    app = create_asgi_app(msgspec.structs.replace(settings, spa_dir=str(dist)))
    async with make_client(app) as client:
        yield client


def directives(policy: str) -> dict[str, str]:
    return dict(part.strip().split(" ", 1) for part in policy.split(";"))


def assert_secured(response: httpx.Response) -> dict[str, str]:
    headers = response.headers
    assert headers["x-frame-options"] == "DENY"
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] == "strict-origin-when-cross-origin"
    assert "camera=(self)" in headers["permissions-policy"]
    assert "microphone=()" in headers["permissions-policy"]
    policy = directives(headers["content-security-policy"])
    assert policy["script-src"] == "'self'"
    assert policy["frame-ancestors"] == "'none'"
    assert policy["object-src"] == "'none'"
    assert policy["frame-src"] == "'self' blob:"  # only our own pages and PDFs we made
    assert policy["base-uri"] == "'none'"
    assert "unsafe-inline" not in policy["style-src-elem"]
    assert "strict-transport-security" not in headers  # plain HTTP
    return policy


async def test_the_app_shell_carries_the_policy_and_its_own_style_nonce(
    spa_client: AsyncTestClient[ASGIApp],
) -> None:
    first = await spa_client.get("/journeys/42")
    second = await spa_client.get("/")
    policy = assert_secured(first)
    nonce = re.search(r"'nonce-([^']+)'", policy["style-src-elem"])
    assert nonce is not None
    # The page's nonce is the header's, written where the build left its placeholder…
    assert f'nonce="{nonce[1]}"' in first.text
    assert "__WAYMARK_CSP_NONCE__" not in first.text
    # …and a fresh one each time.
    assert nonce[1] not in second.headers["content-security-policy"]
    assert second.headers["cache-control"] == "no-cache"


async def test_the_spa_files_and_portal_pages_are_covered(
    spa_client: AsyncTestClient[ASGIApp],
) -> None:
    assert_secured(await spa_client.get("/portal/login"))
    asset = await spa_client.get("/assets/app.js")
    assert_secured(asset)
    assert "javascript" in asset.headers["content-type"]


async def test_api_answers_and_errors_are_covered(client: AsyncTestClient[ASGIApp]) -> None:
    assert_secured(await client.get("/api/v1/auth/config"))
    assert_secured(await client.get("/api/v1/portal/auth/config"))
    missing = await client.get("/api/v1/nothing-here")
    assert missing.status_code == 404
    assert_secured(missing)
    refused = await client.get("/api/v1/contacts")
    assert refused.status_code == 401
    assert_secured(refused)


async def test_the_tracking_snippet_is_a_script_other_sites_may_load(
    client: AsyncTestClient[ASGIApp],
) -> None:
    response = await client.get("/track.js")
    assert response.headers["content-type"].startswith("text/javascript")
    assert response.headers["x-content-type-options"] == "nosniff"
    # Framing rules are for documents; a script is loaded, not framed, by any website.
    assert response.headers["access-control-allow-origin"] == "*"
    assert "cross-origin-resource-policy" not in response.headers


async def test_the_api_docs_load_only_from_our_origin(client: AsyncTestClient[ASGIApp]) -> None:
    page = await client.get("/api/docs")
    assert page.status_code == 200
    assert_secured(page)
    sources = re.findall(r'(?:src|href)="([^"]+)"', page.text)
    assert sources, page.text
    assert all(s.startswith("/api/docs/") for s in sources), sources
    assert "<script>" not in page.text  # no inline script: the CSP would refuse it
    for source in sources:
        asset = await client.get(source)
        assert asset.status_code == 200, source
        assert asset.headers["content-length"] != "0"
    script = await client.get("/api/docs/assets/swagger-ui-bundle.js")
    assert "javascript" in script.headers["content-type"]
    assert "SwaggerUIBundle" in script.text[:2000] or "SwaggerUIBundle" in script.text
    assert (await client.get("/api/docs/assets/oauth2-redirect.html")).status_code == 404
    assert (await client.get("/api/docs/swagger")).status_code == 200


async def test_hsts_only_over_https(settings: Settings, resources: Resources) -> None:
    app = create_asgi_app(settings)
    async with AsyncTestClient(app=app, base_url="https://waymark.test") as client:
        secure = await client.get("/api/v1/auth/config")
    assert secure.headers["strict-transport-security"] == "max-age=31536000"
    app = create_asgi_app(msgspec.structs.replace(settings, hsts_max_age_seconds=0))
    async with AsyncTestClient(app=app, base_url="https://waymark.test") as client:
        off = await client.get("/api/v1/auth/config")
    assert "strict-transport-security" not in off.headers


async def test_a_handler_may_choose_a_stricter_referrer_policy(
    client: AsyncTestClient[ASGIApp], settings: Settings
) -> None:
    # A click on a link of a message that is gone still goes where it pointed.
    token = sign(settings.secret_key, "click", "no-such-message", "https://shop.example/")
    response = await client.get(f"/t/c/{token}", follow_redirects=False)
    assert response.status_code == 302
    assert response.headers["referrer-policy"] == "no-referrer"
    assert response.headers["x-frame-options"] == "DENY"
