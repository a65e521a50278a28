"""ID token and userinfo cases the real test provider cannot produce (it always puts the
email in the ID token, never sends several audiences, never rotates keys under a kid).
A scripted provider behind httpx.MockTransport signs real tokens with joserfc."""

from __future__ import annotations

import json
import time
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from authlib.oidc.core.util import create_half_hash  # type: ignore[import-untyped]
from joserfc import jwt
from joserfc.jwk import OctKey, RSAKey

from app.auth.oidc import OidcClient, OidcError, OidcIdentity

ISSUER = "https://idp.test"
CLIENT_ID = "waymark"
SECRET = "client-secret-that-is-long-enough-for-hs256"
ACCESS_TOKEN = "access-token-1"


class ScriptedProvider:
    def __init__(self) -> None:
        self.key = RSAKey.generate_key(2048, parameters={"kid": "key-1"})
        self.claims: dict[str, Any] = {}
        self.userinfo: dict[str, Any] = {}
        self.discovery: dict[str, Any] = {
            "issuer": ISSUER,
            "authorization_endpoint": f"{ISSUER}/authorize",
            "token_endpoint": f"{ISSUER}/token",
            "jwks_uri": f"{ISSUER}/jwks",
            "userinfo_endpoint": f"{ISSUER}/userinfo",
            "id_token_signing_alg_values_supported": ["RS256", "HS256"],
        }
        self.signing: tuple[str, RSAKey | OctKey] | None = None
        self.paths: list[str] = []

    def handle(self, request: httpx.Request) -> httpx.Response:
        self.paths.append(request.url.path)
        match request.url.path:
            case "/.well-known/openid-configuration":
                return httpx.Response(200, json=self.discovery)
            case "/jwks":
                return httpx.Response(200, json={"keys": [self.key.as_dict(private=False)]})
            case "/token":
                alg, key = self.signing or ("RS256", self.key)
                header = {"alg": alg, **({"kid": key.kid} if alg != "HS256" else {})}
                id_token = jwt.encode(header, self.claims, key, algorithms=[alg])
                return httpx.Response(
                    200,
                    json={
                        "access_token": ACCESS_TOKEN,
                        "token_type": "Bearer",
                        "id_token": id_token,
                    },
                )
            case "/userinfo":
                assert request.headers["Authorization"] == f"Bearer {ACCESS_TOKEN}"
                return httpx.Response(200, content=json.dumps(self.userinfo))
        return httpx.Response(404)


@pytest.fixture
def idp() -> ScriptedProvider:
    return ScriptedProvider()


@pytest.fixture
async def oidc(idp: ScriptedProvider) -> AsyncIterator[OidcClient]:
    async with httpx.AsyncClient(transport=httpx.MockTransport(idp.handle)) as http:
        yield OidcClient(
            discovery_url=ISSUER,
            client_id=CLIENT_ID,
            client_secret=SECRET,
            redirect_uri="https://app.test/cb",
            http=http,
        )


async def run(idp: ScriptedProvider, oidc: OidcClient, **claims: Any) -> OidcIdentity:
    start = await oidc.begin()
    now = int(time.time())
    idp.claims = {
        "iss": ISSUER,
        "sub": "user-1",
        "aud": CLIENT_ID,
        "iat": now,
        "exp": now + 300,
        "nonce": start.nonce,
        **claims,
    }
    idp.claims = {key: value for key, value in idp.claims.items() if value is not None}
    return await oidc.finish(
        code="code-1",
        state=start.state,
        expected_state=start.state,
        nonce=start.nonce,
        code_verifier=start.code_verifier,
    )


async def reason(idp: ScriptedProvider, oidc: OidcClient, **claims: Any) -> str:
    with pytest.raises(OidcError) as caught:
        await run(idp, oidc, **claims)
    return caught.value.reason


async def test_email_comes_from_userinfo_when_the_id_token_lacks_it(
    idp: ScriptedProvider, oidc: OidcClient
) -> None:
    idp.userinfo = {"sub": "user-1", "email": "ada@example.com", "email_verified": "true"}
    identity = await run(idp, oidc, name="Ada")
    assert identity == OidcIdentity(
        subject="user-1", email="ada@example.com", email_verified=True, name="Ada"
    )
    assert "/userinfo" in idp.paths


async def test_userinfo_for_another_subject_is_refused(
    idp: ScriptedProvider, oidc: OidcClient
) -> None:
    idp.userinfo = {"sub": "someone-else", "email": "eve@example.com", "email_verified": True}
    assert await reason(idp, oidc) == "invalid_token"


async def test_email_verified_missing_means_unverified(
    idp: ScriptedProvider, oidc: OidcClient
) -> None:
    idp.userinfo = {"sub": "user-1"}
    identity = await run(idp, oidc, email="ada@example.com")
    assert identity.email_verified is False


async def test_several_audiences_need_us_as_authorized_party(
    idp: ScriptedProvider, oidc: OidcClient
) -> None:
    both = [CLIENT_ID, "other-app"]
    base = {"email": "a@example.com", "email_verified": True}
    assert await reason(idp, oidc, aud=both, **base) == "wrong_audience"
    assert await reason(idp, oidc, aud=both, azp="other-app", **base) == "wrong_audience"
    assert (await run(idp, oidc, aud=both, azp=CLIENT_ID, **base)).subject == "user-1"


async def test_at_hash_must_match_the_access_token(idp: ScriptedProvider, oidc: OidcClient) -> None:
    base = {"email": "a@example.com", "email_verified": True}
    good = create_half_hash(ACCESS_TOKEN, "RS256").decode()
    assert (await run(idp, oidc, at_hash=good, **base)).email == "a@example.com"
    bad = create_half_hash("another-token", "RS256").decode()
    assert await reason(idp, oidc, at_hash=bad, **base) == "invalid_token"


async def test_missing_required_claims_are_refused(idp: ScriptedProvider, oidc: OidcClient) -> None:
    base = {"email": "a@example.com", "email_verified": True}
    assert await reason(idp, oidc, nonce=None, **base) == "nonce_mismatch"
    assert await reason(idp, oidc, exp=None, **base) == "token_expired"
    assert await reason(idp, oidc, sub=None, **base) == "invalid_token"
    assert await reason(idp, oidc, iat=int(time.time()) + 3600, **base) == "invalid_token"


async def test_a_new_key_id_fetches_the_keys_again(idp: ScriptedProvider, oidc: OidcClient) -> None:
    base = {"email": "a@example.com", "email_verified": True}
    await run(idp, oidc, **base)
    idp.key = RSAKey.generate_key(2048, parameters={"kid": "key-2"})
    assert (await run(idp, oidc, **base)).subject == "user-1"
    assert idp.paths.count("/jwks") == 2
    # A kid the provider does not publish even after a fresh fetch is refused.
    idp.signing = ("RS256", RSAKey.generate_key(2048, parameters={"kid": "key-3"}))
    assert await reason(idp, oidc, **base) == "invalid_token"
    assert idp.paths.count("/jwks") == 3


async def test_hmac_tokens_signed_with_the_client_secret_are_refused(
    idp: ScriptedProvider, oidc: OidcClient
) -> None:
    idp.signing = ("HS256", OctKey.import_key(SECRET))
    assert await reason(idp, oidc, email="a@example.com", email_verified=True) == "invalid_token"


async def test_a_discovery_document_for_another_issuer_is_refused(
    idp: ScriptedProvider, oidc: OidcClient
) -> None:
    idp.discovery["issuer"] = "https://evil.test"
    with pytest.raises(OidcError) as caught:
        await oidc.begin()
    assert caught.value.reason == "misconfigured"


async def test_a_broken_discovery_document_is_refused(
    idp: ScriptedProvider, oidc: OidcClient
) -> None:
    del idp.discovery["jwks_uri"]
    with pytest.raises(OidcError) as caught:
        await oidc.begin()
    assert caught.value.reason == "misconfigured"
