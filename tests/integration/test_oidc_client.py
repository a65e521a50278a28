"""The OpenID Connect client against a real provider process (oidc-provider-mock)."""

from __future__ import annotations

import base64
import hashlib
import json
import socket
from collections.abc import AsyncIterator, Callable, Iterator
from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qs, urlencode, urlsplit, urlunsplit

import httpx
import pytest

from app.auth.oidc import SCOPE, Clock, OidcClient, OidcError, OidcIdentity, OidcStart
from tests.support.oidc_provider import OidcProvider, running_oidc_provider

TOKEN_PATH = "/oauth2/token"


@pytest.fixture(scope="module")
def provider() -> Iterator[OidcProvider]:
    with running_oidc_provider() as running:
        yield running


def make_client(
    provider: OidcProvider,
    *,
    http: httpx.AsyncClient | None = None,
    clock: Clock | None = None,
    client_secret: str | None = None,
    discovery_url: str | None = None,
) -> OidcClient:
    return OidcClient(
        discovery_url=discovery_url or provider.discovery_url,
        client_id=provider.client_id,
        client_secret=client_secret or provider.client_secret,
        redirect_uri=provider.redirect_uri,
        http=http,
        clock=clock,
    )


@pytest.fixture
async def oidc(provider: OidcProvider) -> AsyncIterator[OidcClient]:
    async with make_client(provider) as client:
        yield client


def query(url: str) -> dict[str, str]:
    return {key: values[0] for key, values in parse_qs(urlsplit(url).query).items()}


def with_query(url: str, **changes: str) -> str:
    parts = urlsplit(url)
    params = {**query(url), **changes}
    return urlunsplit(parts._replace(query=urlencode(params)))


async def sign_in(
    provider: OidcProvider,
    client: OidcClient,
    start: OidcStart | None = None,
    **claims: object,
) -> tuple[OidcStart, dict[str, str]]:
    """begin() (unless given), then the provider's page; returns the callback's query."""
    start = start or await client.begin()
    sub = str(claims.pop("sub", "user-1"))
    email = claims.pop("email", "ada@example.com")
    assert email is None or isinstance(email, str)
    callback = await provider.authorize(
        start.authorization_url,
        sub=sub,
        email=email,
        email_verified=bool(claims.pop("email_verified", True)),
        name=str(claims.pop("name", "Ada Lovelace")),
    )
    assert callback.startswith(provider.redirect_uri + "?")
    return start, query(callback)


async def finish(client: OidcClient, start: OidcStart, params: dict[str, str]) -> OidcIdentity:
    return await client.finish(
        code=params.get("code"),
        state=params.get("state"),
        expected_state=start.state,
        nonce=start.nonce,
        code_verifier=start.code_verifier,
        error=params.get("error"),
    )


class Intercept(httpx.AsyncHTTPTransport):
    """A real transport that lets a test play man-in-the-middle on the token endpoint."""

    def __init__(
        self,
        *,
        request: Callable[[httpx.Request], None] | None = None,
        id_token: Callable[[str], str] | None = None,
    ) -> None:
        super().__init__()
        self._request = request
        self._id_token = id_token
        self.paths: list[str] = []

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.paths.append(request.url.path)
        is_token = request.url.path == TOKEN_PATH
        if is_token and self._request is not None:
            self._request(request)
        response = await super().handle_async_request(request)
        if not (is_token and self._id_token is not None):
            return response
        await response.aread()
        body = json.loads(response.content)
        body["id_token"] = self._id_token(body["id_token"])
        return httpx.Response(response.status_code, json=body)


def b64(data: dict[str, object]) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()


def unb64(part: str) -> dict[str, object]:
    decoded: dict[str, object] = json.loads(base64.urlsafe_b64decode(part + "=" * (-len(part) % 4)))
    return decoded


class ShiftedClock:
    def __init__(self, shift: timedelta) -> None:
        self.shift = shift

    def now(self) -> datetime:
        return datetime.now(UTC) + self.shift


# The happy path


async def test_sign_in_gives_the_identity(provider: OidcProvider, oidc: OidcClient) -> None:
    start = await oidc.begin()

    url = query(start.authorization_url)
    assert start.authorization_url.startswith(f"{provider.issuer}/oauth2/authorize?")
    assert url["response_type"] == "code"
    assert url["client_id"] == provider.client_id
    assert url["redirect_uri"] == provider.redirect_uri
    assert url["scope"] == SCOPE == "openid email profile"
    assert url["state"] == start.state
    assert url["nonce"] == start.nonce
    assert url["code_challenge_method"] == "S256"
    digest = hashlib.sha256(start.code_verifier.encode()).digest()
    assert url["code_challenge"] == base64.urlsafe_b64encode(digest).rstrip(b"=").decode()
    assert 43 <= len(start.code_verifier) <= 128

    _, params = await sign_in(provider, oidc, start, sub="user-1", name="Ada Lovelace")
    assert params["state"] == start.state

    identity = await finish(oidc, start, params)
    assert identity == OidcIdentity(
        subject="user-1", email="ada@example.com", email_verified=True, name="Ada Lovelace"
    )
    assert identity.require_verified_email() == "ada@example.com"


async def test_every_start_is_fresh(oidc: OidcClient) -> None:
    first, second = await oidc.begin(), await oidc.begin()
    assert first.state != second.state
    assert first.nonce != second.nonce
    assert first.code_verifier != second.code_verifier
    assert len({first.state, first.nonce, first.code_verifier}) == 3


async def test_discovery_and_keys_are_fetched_once(provider: OidcProvider) -> None:
    transport = Intercept()
    async with (
        httpx.AsyncClient(transport=transport) as http,
        make_client(provider, http=http) as oidc,
    ):
        for sub in ("user-a", "user-b"):
            start, params = await sign_in(provider, oidc, sub=sub)
            assert (await finish(oidc, start, params)).subject == sub
    assert transport.paths.count("/.well-known/openid-configuration") == 1
    assert transport.paths.count("/jwks") == 1
    assert "/userinfo" not in transport.paths  # the ID token carried the email


# The callback is checked before anything is exchanged


async def test_wrong_state_is_refused_before_the_code_is_used(
    provider: OidcProvider, oidc: OidcClient
) -> None:
    start, params = await sign_in(provider, oidc)

    for state in ("forged", "", None):
        with pytest.raises(OidcError) as caught:
            await finish(
                oidc, start, {**params, "state": state} if state else {"code": params["code"]}
            )
        assert caught.value.reason == "state_mismatch"
        assert str(caught.value) == "The sign-in link expired; start again."

    # The refused callbacks did not spend the code.
    assert (await finish(oidc, start, params)).subject == "user-1"


async def test_a_callback_for_another_sign_in_is_refused(
    provider: OidcProvider, oidc: OidcClient
) -> None:
    mine = await oidc.begin()
    _, params = await sign_in(provider, oidc)
    with pytest.raises(OidcError) as caught:
        await finish(oidc, mine, params)
    assert caught.value.reason == "state_mismatch"


async def test_a_replayed_code_fails(provider: OidcProvider, oidc: OidcClient) -> None:
    start, params = await sign_in(provider, oidc)
    await finish(oidc, start, params)

    with pytest.raises(OidcError) as caught:
        await finish(oidc, start, params)
    assert caught.value.reason == "code_rejected"
    assert "expired" in str(caught.value)


async def test_missing_code_is_refused(provider: OidcProvider, oidc: OidcClient) -> None:
    start, params = await sign_in(provider, oidc)
    with pytest.raises(OidcError) as caught:
        await finish(oidc, start, {"state": params["state"]})
    assert caught.value.reason == "missing_code"


async def test_cancelling_at_the_provider(provider: OidcProvider, oidc: OidcClient) -> None:
    start = await oidc.begin()
    callback = await provider.deny(start.authorization_url)
    params = query(callback)
    assert params["error"] == "access_denied"

    with pytest.raises(OidcError) as caught:
        await finish(oidc, start, params)
    assert caught.value.reason == "cancelled"
    assert str(caught.value) == "The sign-in was cancelled at the identity provider."


async def test_other_provider_errors(oidc: OidcClient) -> None:
    start = await oidc.begin()
    for error, reason in [
        ("server_error", "unreachable"),
        ("temporarily_unavailable", "unreachable"),
        ("invalid_scope", "provider_error"),
    ]:
        with pytest.raises(OidcError) as caught:
            await finish(oidc, start, {"error": error, "state": start.state})
        assert caught.value.reason == reason


# Email


async def test_unverified_email_is_reported(provider: OidcProvider, oidc: OidcClient) -> None:
    start, params = await sign_in(
        provider, oidc, sub="user-2", email="bob@example.com", email_verified=False
    )
    identity = await finish(oidc, start, params)
    assert identity.subject == "user-2"
    assert identity.email == "bob@example.com"
    assert identity.email_verified is False

    with pytest.raises(OidcError) as caught:
        identity.require_verified_email()
    assert caught.value.reason == "email_unverified"
    assert str(caught.value) == "The identity provider did not confirm the email address."


async def test_no_email_anywhere_is_refused_after_asking_userinfo(provider: OidcProvider) -> None:
    transport = Intercept()
    async with (
        httpx.AsyncClient(transport=transport) as http,
        make_client(provider, http=http) as oidc,
    ):
        start, params = await sign_in(provider, oidc, sub="user-3", email=None)
        with pytest.raises(OidcError) as caught:
            await finish(oidc, start, params)
    assert caught.value.reason == "email_missing"
    assert "/userinfo" in transport.paths


# The ID token is verified


async def test_a_tampered_id_token_is_refused(provider: OidcProvider) -> None:
    def tamper(token: str) -> str:
        header, payload, signature = token.split(".")
        claims = unb64(payload)
        claims["email"] = "mallory@example.com"
        return ".".join([header, b64(claims), signature])

    async with (
        httpx.AsyncClient(transport=Intercept(id_token=tamper)) as http,
        make_client(provider, http=http) as oidc,
    ):
        start, params = await sign_in(provider, oidc)
        with pytest.raises(OidcError) as caught:
            await finish(oidc, start, params)
    assert caught.value.reason == "invalid_token"
    assert str(caught.value) == "The identity provider's answer could not be verified; start again."


async def test_an_unsigned_id_token_is_refused(provider: OidcProvider) -> None:
    def strip_signature(token: str) -> str:
        _, payload, _ = token.split(".")
        return ".".join([b64({"alg": "none", "typ": "JWT"}), payload, ""])

    async with (
        httpx.AsyncClient(transport=Intercept(id_token=strip_signature)) as http,
        make_client(provider, http=http) as oidc,
    ):
        start, params = await sign_in(provider, oidc)
        with pytest.raises(OidcError) as caught:
            await finish(oidc, start, params)
    assert caught.value.reason == "invalid_token"


async def test_a_token_issued_to_another_client_is_refused(provider: OidcProvider) -> None:
    """The provider issues a genuine, well-signed ID token for another client (with our
    nonce); it must not sign anyone in here."""
    other_id, other_secret = provider.register_client()
    credentials = base64.b64encode(f"{other_id}:{other_secret}".encode()).decode()

    def as_other_client(request: httpx.Request) -> None:
        request.headers["Authorization"] = f"Basic {credentials}"

    async with (
        httpx.AsyncClient(transport=Intercept(request=as_other_client)) as http,
        make_client(provider, http=http) as oidc,
    ):
        start = await oidc.begin()
        start = OidcStart(
            authorization_url=with_query(start.authorization_url, client_id=other_id),
            state=start.state,
            nonce=start.nonce,
            code_verifier=start.code_verifier,
        )
        _, params = await sign_in(provider, oidc, start)
        with pytest.raises(OidcError) as caught:
            await finish(oidc, start, params)
    assert caught.value.reason == "wrong_audience"


async def test_a_token_from_another_issuer_is_refused(provider: OidcProvider) -> None:
    """The provider names itself after the Host it is asked under: asked as
    "localhost", it signs a token whose issuer is not the discovered one."""
    port = urlsplit(provider.issuer).port

    def other_host(request: httpx.Request) -> None:
        request.headers["Host"] = f"localhost:{port}"

    async with (
        httpx.AsyncClient(transport=Intercept(request=other_host)) as http,
        make_client(provider, http=http) as oidc,
    ):
        start, params = await sign_in(provider, oidc)
        with pytest.raises(OidcError) as caught:
            await finish(oidc, start, params)
    assert caught.value.reason == "wrong_issuer"


async def test_wrong_nonce_is_refused(provider: OidcProvider, oidc: OidcClient) -> None:
    start, params = await sign_in(provider, oidc)
    with pytest.raises(OidcError) as caught:
        await oidc.finish(
            code=params["code"],
            state=params["state"],
            expected_state=start.state,
            nonce="another-sign-in",
            code_verifier=start.code_verifier,
        )
    assert caught.value.reason == "nonce_mismatch"


async def test_an_expired_id_token_is_refused(provider: OidcProvider) -> None:
    # The provider's tokens live an hour; this client's clock is two hours ahead.
    async with make_client(provider, clock=ShiftedClock(timedelta(hours=2))) as oidc:
        start, params = await sign_in(provider, oidc)
        with pytest.raises(OidcError) as caught:
            await finish(oidc, start, params)
    assert caught.value.reason == "token_expired"
    assert str(caught.value) == "The sign-in took too long; start again."


async def test_clock_skew_within_the_leeway_is_accepted(provider: OidcProvider) -> None:
    async with make_client(provider, clock=ShiftedClock(timedelta(seconds=-30))) as oidc:
        start, params = await sign_in(provider, oidc)
        assert (await finish(oidc, start, params)).email_verified is True


async def test_rotated_keys_are_fetched_again() -> None:
    """A provider restarted on the same address signs with a new key: the cached JWKS
    no longer fits, so the client fetches it once more and the sign-in succeeds."""
    transport = Intercept()
    async with httpx.AsyncClient(transport=transport) as http:
        with running_oidc_provider(require_registration=False) as first:
            oidc = make_client(first, http=http)
            start, params = await sign_in(first, oidc)
            await finish(oidc, start, params)
        port = urlsplit(first.issuer).port
        assert port is not None
        with running_oidc_provider(require_registration=False, port=port) as second:
            assert second.issuer == first.issuer
            start, params = await sign_in(second, oidc)
            assert (await finish(oidc, start, params)).subject == "user-1"
    assert transport.paths.count("/.well-known/openid-configuration") == 1
    assert transport.paths.count("/jwks") == 2


# Configuration and the network


async def test_wrong_client_secret_is_reported(provider: OidcProvider) -> None:
    async with make_client(provider, client_secret="not-the-secret") as oidc:
        start, params = await sign_in(provider, oidc)
        with pytest.raises(OidcError) as caught:
            await finish(oidc, start, params)
    assert caught.value.reason == "client_rejected"
    assert "administrator" in str(caught.value)


async def test_issuer_url_works_as_discovery_url(provider: OidcProvider) -> None:
    async with make_client(provider, discovery_url=provider.issuer + "/") as oidc:
        assert oidc.discovery_url == provider.discovery_url
        start, params = await sign_in(provider, oidc)
        assert (await finish(oidc, start, params)).subject == "user-1"


async def test_a_wrong_discovery_url_is_a_configuration_error(provider: OidcProvider) -> None:
    async with make_client(provider, discovery_url=provider.issuer + "/nothing/here") as oidc:
        with pytest.raises(OidcError) as caught:
            await oidc.begin()
    assert caught.value.reason == "misconfigured"


async def test_an_unreachable_provider(provider: OidcProvider) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]  # free, and nothing listens on it once closed
    async with make_client(provider, discovery_url=f"http://127.0.0.1:{port}") as oidc:
        with pytest.raises(OidcError) as caught:
            await oidc.begin()
    assert caught.value.reason == "unreachable"
    assert str(caught.value) == "The identity provider could not be reached; try again in a moment."
