"""OpenID Connect single sign-on: the authorization code flow with PKCE (S256).

Framework-free: the web layer calls `OidcClient.begin()` to send the browser to the
identity provider, keeps the returned state, nonce and PKCE verifier server-side, and
calls `OidcClient.finish()` from the callback. Every failure is an `OidcError` whose
message can be shown to the person signing in; its `reason` is for logs and tests.

The OAuth parts (authorization URL, PKCE challenge, token request, client
authentication) come from authlib's framework-agnostic OAuth 2 client; the JOSE parts
(JWKS, signature, claims) from joserfc, which authlib itself uses and recommends. HTTP
goes through httpx. authlib's own httpx integration is not used: with plain httpx it
is deprecated in favour of httpx2 and warns on import.
"""

from __future__ import annotations

import asyncio
import secrets
from datetime import UTC, datetime
from types import TracebackType
from typing import Any, Final, Literal, Protocol, Self

import httpx
import msgspec
from authlib.oauth2.client import OAuth2Client  # type: ignore[import-untyped]
from authlib.oauth2.rfc6749.parameters import (  # type: ignore[import-untyped]
    prepare_token_request,
)
from authlib.oidc.core.util import create_half_hash  # type: ignore[import-untyped]
from joserfc import jws, jwt
from joserfc.errors import (
    BadSignatureError,
    ClaimError,
    ExpiredTokenError,
    InvalidKeyIdError,
    JoseError,
)
from joserfc.jwk import KeySet

__all__ = [
    "SCOPE",
    "Clock",
    "OidcClient",
    "OidcError",
    "OidcErrorReason",
    "OidcIdentity",
    "OidcStart",
]

SCOPE: Final = "openid email profile"
# Clock skew allowed when checking the ID token's exp and iat.
LEEWAY_SECONDS: Final = 60
# How long the discovery document and the JWKS are trusted before being fetched again.
CACHE_SECONDS: Final = 3600
_WELL_KNOWN: Final = "/.well-known/openid-configuration"
# Only asymmetric signatures: "none" and HMAC (keyed with the client secret) are refused.
_ASYMMETRIC_ALGS: Final = frozenset(
    {"RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA"}
)
_JSON_ACCEPT: Final = {"Accept": "application/json"}

OidcErrorReason = Literal[
    "cancelled",  # the person said no at the provider (error=access_denied)
    "provider_error",  # the provider answered with another error
    "state_mismatch",  # missing or wrong state: stale, replayed or forged callback
    "missing_code",
    "code_rejected",  # the provider refused the code: used already, expired, wrong verifier
    "client_rejected",  # the provider refused our client credentials
    "unreachable",  # network failure, timeout, 5xx, garbage instead of JSON
    "misconfigured",  # discovery document or JWKS unusable, issuer mismatch
    "invalid_token",  # ID token missing, malformed, badly signed or with bad claims
    "wrong_issuer",
    "wrong_audience",
    "nonce_mismatch",
    "token_expired",
    "email_missing",
    "email_unverified",
]

_EXPIRED = "The sign-in link expired; start again."
_UNVERIFIABLE = "The identity provider's answer could not be verified; start again."
_MESSAGES: Final[dict[OidcErrorReason, str]] = {
    "cancelled": "The sign-in was cancelled at the identity provider.",
    "provider_error": "The identity provider could not sign you in; start again.",
    "state_mismatch": _EXPIRED,
    "missing_code": "The identity provider sent no sign-in code; start again.",
    "code_rejected": _EXPIRED,
    "client_rejected": (
        "The identity provider refused this application's credentials; "
        "ask an administrator to check the single sign-on settings."
    ),
    "unreachable": "The identity provider could not be reached; try again in a moment.",
    "misconfigured": (
        "Single sign-on is not set up correctly; ask an administrator to check its settings."
    ),
    "invalid_token": _UNVERIFIABLE,
    "wrong_issuer": _UNVERIFIABLE,
    "wrong_audience": _UNVERIFIABLE,
    "nonce_mismatch": _EXPIRED,
    "token_expired": "The sign-in took too long; start again.",
    "email_missing": (
        "The identity provider did not share an email address; "
        "allow access to your email address and start again."
    ),
    "email_unverified": "The identity provider did not confirm the email address.",
}


class Clock(Protocol):
    """What the client asks for the time (the same shape as app.lib.clock.Clock)."""

    def now(self) -> datetime:
        """The current time, timezone-aware."""
        ...


class _SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)


class OidcError(Exception):
    """A sign-in that cannot go on. `str(error)` is fit to show to the person."""

    def __init__(self, reason: OidcErrorReason, message: str | None = None) -> None:
        self.reason: OidcErrorReason = reason
        self.message = message or _MESSAGES[reason]
        super().__init__(self.message)


class OidcIdentity(msgspec.Struct, frozen=True):
    """Who the identity provider says signed in. Match users on `subject` (stable per
    provider); trust `email` only when `email_verified` is true."""

    subject: str
    email: str
    email_verified: bool
    name: str | None

    def require_verified_email(self) -> str:
        """The email address, or `OidcError("email_unverified")` if the provider did
        not confirm it."""
        if not self.email_verified:
            raise OidcError("email_unverified")
        return self.email


class OidcStart(msgspec.Struct, frozen=True):
    """Where to send the browser, and what to keep server-side (never in the URL
    or a readable cookie) for `OidcClient.finish()`."""

    authorization_url: str
    state: str
    nonce: str
    code_verifier: str


class _Metadata(msgspec.Struct, frozen=True):
    """The part of the discovery document this client uses."""

    issuer: str
    authorization_endpoint: str
    token_endpoint: str
    jwks_uri: str
    userinfo_endpoint: str | None = None
    id_token_signing_alg_values_supported: list[str] = msgspec.field(default_factory=list)
    token_endpoint_auth_methods_supported: list[str] = msgspec.field(default_factory=list)


class _TokenResponse(msgspec.Struct, frozen=True):
    access_token: str | None = None
    token_type: str | None = None
    id_token: str | None = None
    error: str | None = None


class OidcClient:
    """One relying party at one identity provider. Safe to share across requests:
    per-sign-in data travels in `OidcStart` and the arguments of `finish()`."""

    def __init__(
        self,
        *,
        discovery_url: str,
        client_id: str,
        client_secret: str,
        redirect_uri: str,
        http: httpx.AsyncClient | None = None,
        clock: Clock | None = None,
    ) -> None:
        """`discovery_url` is the provider's `.well-known/openid-configuration` URL, or
        its issuer URL (the well-known path is then appended). `http` is used for every
        request; without it the client makes (and `aclose()` closes) its own."""
        if not client_id:
            raise ValueError("client_id must not be empty")
        discovery_url = discovery_url.strip()
        if _WELL_KNOWN not in discovery_url:
            discovery_url = discovery_url.rstrip("/") + _WELL_KNOWN
        self.discovery_url = discovery_url
        # The issuer must equal the URL the document was found under, less the suffix
        # (OpenID Connect Discovery 1.0, section 4.3).
        self._expected_issuer = (
            discovery_url.removesuffix(_WELL_KNOWN) if discovery_url.endswith(_WELL_KNOWN) else None
        )
        self.client_id = client_id
        self.redirect_uri = redirect_uri
        self._owns_http = http is None
        self._http = http or httpx.AsyncClient(timeout=httpx.Timeout(10.0))
        self._clock: Clock = clock or _SystemClock()
        self._oauth = OAuth2Client(
            None,
            client_id=client_id,
            client_secret=client_secret,
            scope=SCOPE,
            redirect_uri=redirect_uri,
            code_challenge_method="S256",
        )
        self._lock = asyncio.Lock()
        self._metadata: _Metadata | None = None
        self._metadata_at = 0.0
        self._jwks: KeySet | None = None
        self._jwks_at = 0.0

    async def aclose(self) -> None:
        if self._owns_http:
            await self._http.aclose()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()

    # The flow

    async def begin(self) -> OidcStart:
        """A fresh authorization URL with random state, nonce and PKCE verifier."""
        metadata = await self._get_metadata()
        state = secrets.token_urlsafe(32)
        nonce = secrets.token_urlsafe(32)
        code_verifier = secrets.token_urlsafe(64)  # 86 characters; RFC 7636 allows 43-128
        url, _ = self._oauth.create_authorization_url(
            metadata.authorization_endpoint,
            state=state,
            code_verifier=code_verifier,
            nonce=nonce,
        )
        return OidcStart(
            authorization_url=str(url), state=state, nonce=nonce, code_verifier=code_verifier
        )

    async def finish(
        self,
        *,
        code: str | None,
        state: str | None,
        expected_state: str,
        nonce: str,
        code_verifier: str,
        error: str | None = None,
    ) -> OidcIdentity:
        """Check the callback, exchange the code and verify the ID token.

        `code`, `state` and `error` are the callback's query parameters; the rest is
        what `begin()` returned for this browser. The caller must forget that data
        whatever the outcome, so a callback works at most once.
        """
        if error:
            if error == "access_denied":
                raise OidcError("cancelled")
            if error in {"temporarily_unavailable", "server_error"}:
                raise OidcError("unreachable")
            raise OidcError("provider_error")
        if (
            not state
            or not expected_state
            or not secrets.compare_digest(state.encode(), expected_state.encode())
        ):
            raise OidcError("state_mismatch")
        if not code:
            raise OidcError("missing_code")
        if not nonce or not code_verifier:
            raise OidcError("state_mismatch")

        metadata = await self._get_metadata()
        tokens = await self._exchange_code(metadata, code=code, code_verifier=code_verifier)
        if not tokens.id_token:
            raise OidcError("invalid_token", "The identity provider sent no ID token; start again.")
        claims = await self._verify_id_token(
            metadata, tokens.id_token, nonce=nonce, access_token=tokens.access_token
        )
        return await self._identity(metadata, claims, tokens)

    # Discovery and keys

    async def _get_metadata(self) -> _Metadata:
        now = self._now()
        if self._metadata is not None and now - self._metadata_at < CACHE_SECONDS:
            return self._metadata
        async with self._lock:
            if self._metadata is not None and now - self._metadata_at < CACHE_SECONDS:
                return self._metadata
            body = await self._get_json_bytes(self.discovery_url)
            try:
                metadata = msgspec.json.decode(body, type=_Metadata)
            except msgspec.DecodeError as exc:  # not JSON, or not a discovery document
                raise OidcError("misconfigured") from exc
            expected = self._expected_issuer
            if expected is not None and metadata.issuer.rstrip("/") != expected.rstrip("/"):
                raise OidcError("misconfigured")
            self._metadata, self._metadata_at = metadata, self._now()
            return metadata

    async def _get_jwks(self, metadata: _Metadata, *, force: bool) -> tuple[KeySet, bool]:
        """The provider's keys and whether they were fetched just now."""
        async with self._lock:
            cached = self._jwks
            if not force and cached is not None and self._now() - self._jwks_at < CACHE_SECONDS:
                return cached, False
            body = await self._get_json_bytes(metadata.jwks_uri)
            try:
                keys = KeySet.import_key_set(msgspec.json.decode(body))
            except (msgspec.DecodeError, JoseError, KeyError, TypeError, ValueError) as exc:
                raise OidcError("misconfigured") from exc
            self._jwks, self._jwks_at = keys, self._now()
            return keys, True

    async def _get_json_bytes(self, url: str) -> bytes:
        try:
            response = await self._http.get(url, headers=_JSON_ACCEPT)
        except httpx.HTTPError as exc:
            raise OidcError("unreachable") from exc
        if response.status_code >= 500:
            raise OidcError("unreachable")
        if response.status_code != 200:
            raise OidcError("misconfigured")
        return response.content

    # Token exchange

    async def _exchange_code(
        self, metadata: _Metadata, *, code: str, code_verifier: str
    ) -> _TokenResponse:
        methods = metadata.token_endpoint_auth_methods_supported
        auth_method = (
            "client_secret_post"
            if methods and "client_secret_basic" not in methods and "client_secret_post" in methods
            else "client_secret_basic"
        )
        body = prepare_token_request(
            "authorization_code",
            code=code,
            redirect_uri=self.redirect_uri,
            code_verifier=code_verifier,
        )
        headers = {**_JSON_ACCEPT, "Content-Type": "application/x-www-form-urlencoded"}
        url, headers, body = self._oauth.client_auth(auth_method).prepare(
            "POST", metadata.token_endpoint, headers, body
        )
        try:
            response = await self._http.post(str(url), content=str(body), headers=headers)
        except httpx.HTTPError as exc:
            raise OidcError("unreachable") from exc
        if response.status_code >= 500:
            raise OidcError("unreachable")
        try:
            tokens = msgspec.json.decode(response.content, type=_TokenResponse)
        except msgspec.DecodeError as exc:  # not JSON (a proxy's error page?) or odd fields
            raise OidcError("provider_error") from exc
        if tokens.error or response.status_code != 200:
            if tokens.error == "invalid_grant":
                raise OidcError("code_rejected")
            if tokens.error in {"invalid_client", "unauthorized_client"}:
                raise OidcError("client_rejected")
            raise OidcError("provider_error")
        return tokens

    # ID token

    async def _verify_id_token(
        self, metadata: _Metadata, id_token: str, *, nonce: str, access_token: str | None
    ) -> dict[str, Any]:
        algorithms = sorted(
            _ASYMMETRIC_ALGS.intersection(metadata.id_token_signing_alg_values_supported)
            or {"RS256"}
        )
        try:
            header = jws.extract_compact(id_token.encode()).headers()
        except (JoseError, ValueError) as exc:
            raise OidcError("invalid_token") from exc

        keys, fresh = await self._get_jwks(metadata, force=False)
        try:
            token = jwt.decode(id_token, keys, algorithms=algorithms)
        except (InvalidKeyIdError, BadSignatureError) as exc:
            # The provider may have rotated its keys: fetch them once more. A token
            # without "kid" is checked against the only key, so a bad signature counts.
            rotated = isinstance(exc, InvalidKeyIdError) or "kid" not in header
            if fresh or not rotated:
                raise OidcError("invalid_token") from exc
            keys, _ = await self._get_jwks(metadata, force=True)
            try:
                token = jwt.decode(id_token, keys, algorithms=algorithms)
            except (JoseError, ValueError) as again:
                raise OidcError("invalid_token") from again
        except (JoseError, ValueError) as exc:  # ValueError: joserfc found no usable key
            raise OidcError("invalid_token") from exc

        claims = token.claims
        registry = jwt.JWTClaimsRegistry(
            now=lambda: int(self._now()),
            leeway=LEEWAY_SECONDS,
            iss={"essential": True, "value": metadata.issuer},
            sub={"essential": True},
            aud={"essential": True, "value": self.client_id},
            exp={"essential": True},
            iat={"essential": True},
            nonce={"essential": True, "value": nonce},
        )
        try:
            registry.validate(claims)
        except ExpiredTokenError as exc:
            raise OidcError("token_expired") from exc
        except ClaimError as exc:
            raise OidcError(_CLAIM_REASONS.get(exc.claim, "invalid_token")) from exc
        except JoseError as exc:
            raise OidcError("invalid_token") from exc

        # Several audiences: the token must name us as its authorized party.
        audience = claims["aud"]
        azp = claims.get("azp")
        if (isinstance(audience, list) and len(audience) > 1 and azp is None) or (
            azp is not None and azp != self.client_id
        ):
            raise OidcError("wrong_audience")

        # at_hash binds the access token (used for userinfo) to this ID token.
        at_hash = claims.get("at_hash")
        if at_hash is not None and access_token is not None:
            expected = create_half_hash(access_token, str(header.get("alg", "")))
            if not isinstance(at_hash, str) or not isinstance(expected, bytes):
                raise OidcError("invalid_token")
            if not secrets.compare_digest(at_hash.encode(), expected):
                raise OidcError("invalid_token")
        return claims

    # Identity

    async def _identity(
        self, metadata: _Metadata, claims: dict[str, Any], tokens: _TokenResponse
    ) -> OidcIdentity:
        subject = claims["sub"]
        email = _text(claims.get("email"))
        verified = _flag(claims.get("email_verified"))
        name = _text(claims.get("name"))
        if email is None or verified is None:
            info = await self._userinfo(metadata, tokens, subject=subject)
            info_email = _text(info.get("email"))
            if email is None:
                email, verified = info_email, _flag(info.get("email_verified"))
            elif verified is None and info_email == email:
                verified = _flag(info.get("email_verified"))
            name = name or _text(info.get("name"))
        if email is None:
            raise OidcError("email_missing")
        return OidcIdentity(
            subject=subject, email=email, email_verified=verified is True, name=name
        )

    async def _userinfo(
        self, metadata: _Metadata, tokens: _TokenResponse, *, subject: str
    ) -> dict[str, Any]:
        """Claims from the userinfo endpoint, or {} when there is none to ask."""
        if not metadata.userinfo_endpoint or not tokens.access_token:
            return {}
        if tokens.token_type and tokens.token_type.lower() != "bearer":
            return {}
        try:
            response = await self._http.get(
                metadata.userinfo_endpoint,
                headers={**_JSON_ACCEPT, "Authorization": f"Bearer {tokens.access_token}"},
            )
        except httpx.HTTPError as exc:
            raise OidcError("unreachable") from exc
        if response.status_code >= 500:
            raise OidcError("unreachable")
        if response.status_code != 200:
            return {}
        try:
            info = msgspec.json.decode(response.content)
        except msgspec.DecodeError:
            return {}  # e.g. a signed userinfo JWT, which this client does not ask for
        if not isinstance(info, dict):
            return {}
        # OpenID Connect Core 5.3.2: the userinfo sub must equal the ID token's.
        if info.get("sub") != subject:
            raise OidcError("invalid_token")
        return info

    def _now(self) -> float:
        return self._clock.now().timestamp()


_CLAIM_REASONS: Final[dict[str, OidcErrorReason]] = {
    "iss": "wrong_issuer",
    "aud": "wrong_audience",
    "nonce": "nonce_mismatch",
    "exp": "token_expired",
}


def _text(value: object) -> str | None:
    if isinstance(value, str) and value.strip():
        return value.strip()
    return None


def _flag(value: object) -> bool | None:
    """email_verified as a bool; some providers send the strings "true"/"false"."""
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.lower() in {"true", "false"}:
        return value.lower() == "true"
    return None
