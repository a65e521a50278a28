"""Who may call what. Deny by default: a route is open only when its `opt` says so.

`authenticate` runs first for every route (it is an app-level guard): it turns the
session cookie or an `Authorization: Bearer` API key into a Principal, checks the CSRF
token of cookie-authenticated writes, and refuses anonymous callers. Route-level
`requires(...)` guards then check permissions.

It is a guard rather than a middleware so its refusals take the same path as every other
error (problem+json, and the CORS headers of /track).
"""

from __future__ import annotations

import asyncio
import hmac
from typing import Any, Final, Literal

from litestar.connection import ASGIConnection
from litestar.handlers import BaseRouteHandler

from app.auth import services
from app.auth.permissions import Permission
from app.auth.principal import KeyPrincipal, Principal, UserPrincipal
from app.auth.web import CSRF_HEADER, SESSION_COOKIE, resources_of, session_store
from app.lib.problems import ForbiddenError, NotAuthenticatedError
from app.resources import Resources

Access = Literal["public", "signed_in", "public_key"]
_ACCESS_OPT: Final = "access"
# opt values for route decorators: @post("/login", opt=PUBLIC)
PUBLIC: Final[dict[str, Any]] = {_ACCESS_OPT: "public"}
PUBLIC_KEY_ONLY: Final[dict[str, Any]] = {_ACCESS_OPT: "public_key"}

_STATE_KEY: Final = "waymark_principal"
_SAFE_METHODS: Final = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})
SERVER_KEY_PREFIX: Final = "wm_sk_"
PUBLIC_KEY_PREFIX: Final = "wm_pk_"

CSRF_FAILED = (
    "Missing or wrong CSRF token. Send the csrf_token from /api/v1/auth/me as X-CSRF-Token."
)
SIGN_IN_FIRST = "Sign in first: there is no session, or it has ended."


def access_of(handler: BaseRouteHandler) -> Access:
    access = handler.opt.get(_ACCESS_OPT, "signed_in")
    assert access in ("public", "signed_in", "public_key"), f"unknown access {access!r}"
    return access  # type: ignore[no-any-return]


def _bearer(connection: ASGIConnection[Any, Any, Any, Any]) -> str | None:
    header = connection.headers.get("authorization")
    if header is None:
        return None
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise NotAuthenticatedError("Authorization must be `Bearer wm_sk_…` or `Bearer wm_pk_…`.")
    return token.strip()


async def _key_principal(resources: Resources, secret: str, access: Access) -> KeyPrincipal:
    if not secret.startswith((SERVER_KEY_PREFIX, PUBLIC_KEY_PREFIX)):
        raise NotAuthenticatedError("That is not a Waymark API key (they start wm_sk_ or wm_pk_).")
    principal = services.known_api_key(secret) or await _read_key(resources, secret)
    if principal is None:
        raise NotAuthenticatedError("The API key is unknown or has been revoked.")
    if access == "public_key" and principal.kind != "public_write":
        raise ForbiddenError(
            "Tracking takes a public write key (wm_pk_…); server keys send to /api/v1/events."
        )
    if access != "public_key" and principal.kind == "public_write":
        raise ForbiddenError("A public write key can only send tracking events to /api/v1/track.")
    return principal


# Keys being read now: the requests that arrive meanwhile with the same key wait for that
# one read (when a key's cached reading runs out under load, all its requests miss at once).
_reading: dict[str, asyncio.Future[KeyPrincipal | None]] = {}


async def _read_key(resources: Resources, secret: str) -> KeyPrincipal | None:
    reading = _reading.get(secret)
    if reading is None:

        async def read() -> KeyPrincipal | None:
            async with resources.sessions.begin() as db:
                principal = await services.resolve_api_key(db, secret, resources.clock.now())
            if principal is not None:
                services.remember_api_key(secret, principal)
            return principal

        reading = _reading[secret] = asyncio.ensure_future(read())
        reading.add_done_callback(lambda _: _reading.pop(secret, None))
    return await asyncio.shield(reading)


async def _session_principal(
    connection: ASGIConnection[Any, Any, Any, Any], resources: Resources
) -> UserPrincipal:
    session_id = connection.cookies.get(SESSION_COOKIE)
    if not session_id:
        raise NotAuthenticatedError(SIGN_IN_FIRST)
    store = session_store(resources)
    data = await store.resolve(session_id)
    if data is None:
        raise NotAuthenticatedError(SIGN_IN_FIRST)
    if connection.scope.get("method", "GET") not in _SAFE_METHODS:
        sent = connection.headers.get(CSRF_HEADER, "")
        if not hmac.compare_digest(sent.encode(), data.csrf_token.encode()):
            raise ForbiddenError(CSRF_FAILED)
    async with resources.sessions() as db:
        principal = await services.load_user_principal(db, session_id, data)
    if principal is None:
        # Deactivated (or removed) since signing in: this session is over.
        await store.delete(session_id, data.user_id)
        raise NotAuthenticatedError(SIGN_IN_FIRST)
    return principal


async def authenticate(
    connection: ASGIConnection[Any, Any, Any, Any], handler: BaseRouteHandler
) -> None:
    access = access_of(handler)
    if access == "public":
        return
    resources = resources_of(connection)
    secret = _bearer(connection)
    if access == "public_key":
        # Cookies are never read here: this route is open to every origin.
        secret = secret or connection.query_params.get("key")
        if not secret:
            raise NotAuthenticatedError(
                "Send a public write key: `Authorization: Bearer wm_pk_…` or `?key=wm_pk_…`."
            )
    principal: Principal = (
        await _key_principal(resources, secret, access)
        if secret
        else await _session_principal(connection, resources)
    )
    connection.scope.setdefault("state", {})[_STATE_KEY] = principal


def principal_of(connection: ASGIConnection[Any, Any, Any, Any]) -> Principal:
    principal = connection.scope.get("state", {}).get(_STATE_KEY)
    if not isinstance(principal, UserPrincipal | KeyPrincipal):
        raise NotAuthenticatedError(SIGN_IN_FIRST)
    return principal


class requires:  # noqa: N801 - reads as a decorator argument: guards=[requires(...)]
    """A guard passing only callers whose permissions include all of these."""

    def __init__(self, *permissions: Permission) -> None:
        assert permissions, "requires() needs at least one permission"
        self.permissions = frozenset(permissions)

    async def __call__(
        self, connection: ASGIConnection[Any, Any, Any, Any], handler: BaseRouteHandler
    ) -> None:
        missing = self.permissions - principal_of(connection).permissions
        if missing:
            names = ", ".join(sorted(missing))
            raise ForbiddenError(f"This needs the {names} permission, which your role lacks.")


class requires_any:  # noqa: N801 - reads as a decorator argument, as `requires` does
    """A guard passing callers who hold at least one of these permissions."""

    def __init__(self, *permissions: Permission) -> None:
        assert permissions, "requires_any() needs at least one permission"
        self.permissions = frozenset(permissions)

    async def __call__(
        self, connection: ASGIConnection[Any, Any, Any, Any], handler: BaseRouteHandler
    ) -> None:
        if not self.permissions & principal_of(connection).permissions:
            names = " or ".join(sorted(self.permissions))
            raise ForbiddenError(f"This needs the {names} permission, which your role lacks.")


async def users_only(
    connection: ASGIConnection[Any, Any, Any, Any], handler: BaseRouteHandler
) -> None:
    """For routes about the signed-in person (me, logout, role switch): no API keys."""
    if not isinstance(principal_of(connection), UserPrincipal):
        raise ForbiddenError("This is for signed-in people, not API keys.")
