"""A real OpenID Connect provider for tests: `oidc-provider-mock` in its own process.

The provider runs its command line (`python -m oidc_provider_mock`, a uvicorn server)
on a free loopback port, with client registration and nonces required, so it checks
client ids, secrets and redirect URIs the way a production provider does. Its
authorization endpoint shows a form where "the user" submits a subject; the claims
(email, email_verified, name) are set beforehand through its `PUT /users/{sub}`.
`OidcProvider.authorize()` does both over HTTP, like an administrator and a browser
would, and returns the redirect the provider sends the browser back with.

Limits of this provider worth knowing: it does not check PKCE (it accepts any
code_verifier), its ID tokens carry no "kid", and it signs with a new key each start.

    with running_oidc_provider(redirect_uri="http://testserver.local/cb") as provider:
        client = OidcClient(discovery_url=provider.discovery_url, ...)
        start = await client.begin()
        callback_url = await provider.authorize(start.authorization_url, sub="u1", ...)
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from urllib.parse import quote

import httpx

__all__ = ["DEFAULT_REDIRECT_URI", "OidcProvider", "running_oidc_provider"]

DEFAULT_REDIRECT_URI = "http://testserver.local/api/v1/auth/sso/callback"
_HOST = "127.0.0.1"
_ANY_CLIENT = ("waymark-test", "waymark-test-secret")


@dataclass(frozen=True)
class OidcProvider:
    """A running provider, and the client registered at it for `redirect_uri`."""

    issuer: str
    client_id: str
    client_secret: str
    redirect_uri: str
    log_path: Path

    @property
    def discovery_url(self) -> str:
        return f"{self.issuer}/.well-known/openid-configuration"

    def register_client(self, redirect_uri: str | None = None) -> tuple[str, str]:
        """Register another client (dynamic client registration); returns its id and
        secret. It authenticates at the token endpoint with client_secret_basic."""
        response = httpx.post(
            f"{self.issuer}/oauth2/clients",
            json={"redirect_uris": [redirect_uri or self.redirect_uri]},
            timeout=10,
        )
        self._expect(response, 201, "client registration")
        body = response.json()
        return str(body["client_id"]), str(body["client_secret"])

    async def authorize(
        self,
        authorization_url: str,
        *,
        sub: str,
        email: str | None,
        email_verified: bool = True,
        name: str | None = None,
    ) -> str:
        """Sign in as `sub` with these claims at `authorization_url` (from
        `OidcClient.begin()`), the way a browser would: open the provider's page,
        submit its form. Returns the URL the provider redirects the browser to: the
        client's redirect URI with `code` and `state`. `sub` must not contain "/";
        `email=None` leaves the email claims out altogether."""
        self._check_url(authorization_url)
        claims: dict[str, object] = {}
        if email is not None:
            claims.update(email=email, email_verified=email_verified)
        if name is not None:
            claims["name"] = name
        async with httpx.AsyncClient(timeout=10) as browser:
            response = await browser.put(f"{self.issuer}/users/{quote(sub, safe='')}", json=claims)
            self._expect(response, 204, "setting the user's claims")
            await self._open_form(browser, authorization_url)
            response = await browser.post(authorization_url, data={"sub": sub})
            self._expect(response, 302, "submitting the authorization form")
            return response.headers["location"]

    async def deny(self, authorization_url: str) -> str:
        """Press "Deny" on the provider's page. Returns the redirect the provider
        sends: the redirect URI with `error=access_denied`."""
        self._check_url(authorization_url)
        async with httpx.AsyncClient(timeout=10) as browser:
            await self._open_form(browser, authorization_url)
            response = await browser.post(authorization_url, data={"action": "deny"})
            self._expect(response, 302, "denying the authorization")
            return response.headers["location"]

    def log_tail(self, lines: int = 40) -> str:
        return _tail(self.log_path, lines)

    async def _open_form(self, browser: httpx.AsyncClient, authorization_url: str) -> None:
        response = await browser.get(authorization_url)
        self._expect(response, 200, "opening the authorization page")
        if 'name="sub"' not in response.text:
            raise AssertionError(f"no sign-in form at {authorization_url}:\n{response.text}")

    def _check_url(self, url: str) -> None:
        if not url.startswith(f"{self.issuer}/"):
            raise AssertionError(f"{url} is not at this provider ({self.issuer})")

    def _expect(self, response: httpx.Response, status: int, doing: str) -> None:
        if response.status_code != status:
            raise AssertionError(
                f"the OIDC provider answered {response.status_code} (expected {status}) "
                f"when {doing}: {response.text[:2000]}\n--- provider log ---\n{self.log_tail()}"
            )


@contextmanager
def running_oidc_provider(
    *,
    redirect_uri: str = DEFAULT_REDIRECT_URI,
    port: int | None = None,
    require_registration: bool = True,
    startup_timeout: float = 30.0,
) -> Iterator[OidcProvider]:
    """Start the provider on `port` (a free one if None), register a client for
    `redirect_uri`, and stop the process when the block ends, whatever happens.

    With `require_registration=False` the provider accepts any client id, secret and
    redirect URI, and the provider's `client_id`/`client_secret` are fixed strings (so
    they stay the same when a provider is started again on the same port)."""
    with tempfile.TemporaryDirectory(prefix="waymark-oidc-") as folder:
        log_path = Path(folder) / "provider.log"
        attempts = 1 if port is not None else 5
        for attempt in range(1, attempts + 1):
            chosen = port if port is not None else _free_port()
            with log_path.open("wb") as log:
                process = subprocess.Popen(
                    [
                        sys.executable,
                        "-m",
                        "oidc_provider_mock",
                        "--host",
                        _HOST,
                        "--port",
                        str(chosen),
                        f"--require-registration={str(require_registration).lower()}",
                        "--require-nonce=true",
                    ],
                    stdin=subprocess.DEVNULL,
                    stdout=log,
                    stderr=subprocess.STDOUT,
                    env={**os.environ, "NO_COLOR": "1", "PYTHONUNBUFFERED": "1"},
                )
            try:
                issuer = f"http://{_HOST}:{chosen}"
                if not _wait_until_ready(process, issuer, startup_timeout):
                    log_text = _tail(log_path, 40)
                    if attempt < attempts and "address already in use" in log_text.lower():
                        continue  # lost the race for the free port: try another one
                    raise RuntimeError(
                        f"the OIDC provider did not start on {issuer} "
                        f"(exit code {process.poll()}):\n{log_text}"
                    )
                provider = OidcProvider(
                    issuer=issuer,
                    client_id="",
                    client_secret="",
                    redirect_uri=redirect_uri,
                    log_path=log_path,
                )
                if require_registration:
                    client_id, client_secret = provider.register_client(redirect_uri)
                else:
                    client_id, client_secret = _ANY_CLIENT
                yield replace(provider, client_id=client_id, client_secret=client_secret)
                return
            finally:
                _stop(process)
        raise AssertionError("unreachable")  # pragma: no cover


def _wait_until_ready(process: subprocess.Popen[bytes], issuer: str, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            return False
        try:
            response = httpx.get(f"{issuer}/.well-known/openid-configuration", timeout=1)
        except httpx.TransportError:
            time.sleep(0.05)
            continue
        if response.status_code == 200 and response.json().get("issuer") == issuer:
            return True
        time.sleep(0.05)
    return False


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((_HOST, 0))
        return int(probe.getsockname()[1])


def _tail(path: Path, lines: int) -> str:
    try:
        text = path.read_text(errors="replace")
    except FileNotFoundError:
        return "(no log)"
    return "\n".join(text.splitlines()[-lines:])
