"""Single sign-on plumbing around `app.auth.oidc`: the client, and what a browser's
sign-in keeps in Redis between leaving for the identity provider and coming back."""

from __future__ import annotations

import hashlib
from typing import Final

import msgspec
from redis.asyncio import Redis

from app.auth.oidc import OidcClient, OidcStart
from app.lib.clock import Clock
from app.settings import Settings

CALLBACK_PATH: Final = "/api/v1/auth/sso/callback"
# A cookie naming the sign-in this browser started, so a callback URL cannot be replayed in
# another browser (login CSRF): the state must match Redis *and* this browser.
STATE_COOKIE: Final = "waymark_sso"
STATE_COOKIE_PATH: Final = "/api/v1/auth/sso"
PENDING_SECONDS: Final = 600
_KEY: Final = "waymark:sso:"


class PendingSignIn(msgspec.Struct, frozen=True):
    nonce: str
    code_verifier: str
    next: str


_decoder = msgspec.json.Decoder(PendingSignIn)


def _key(state: str) -> str:
    return _KEY + hashlib.sha256(state.encode()).hexdigest()


def build_client(settings: Settings, clock: Clock) -> OidcClient | None:
    if not (settings.sso_enabled and settings.oidc_discovery_url and settings.oidc_client_id):
        return None
    return OidcClient(
        discovery_url=settings.oidc_discovery_url,
        client_id=settings.oidc_client_id,
        client_secret=settings.oidc_client_secret or "",
        redirect_uri=settings.public_base_url.rstrip("/") + CALLBACK_PATH,
        clock=clock,
    )


def safe_next(path: str | None) -> str:
    """Only a path on this site: never `//evil.example` or `https://…` (open redirect)."""
    if not path or not path.startswith("/") or path.startswith(("//", "/\\")):
        return "/"
    if any(char in path for char in "\r\n\t\\"):
        return "/"
    return path


async def remember(redis: Redis, start: OidcStart, next_path: str) -> None:
    pending = PendingSignIn(nonce=start.nonce, code_verifier=start.code_verifier, next=next_path)
    await redis.set(_key(start.state), msgspec.json.encode(pending), ex=PENDING_SECONDS)


async def take(redis: Redis, state: str | None) -> PendingSignIn | None:
    """The pending sign-in for a state, forgotten as it is read: a callback works once."""
    if not state:
        return None
    raw = await redis.getdel(_key(state))
    if raw is None:
        return None
    try:
        return _decoder.decode(raw)
    except msgspec.DecodeError:
        return None
