"""HTTP glue shared by the sign-in endpoints: the session cookie and the client's address."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

from litestar import Request, Response
from litestar.connection import ASGIConnection
from litestar.datastructures import Cookie

from app.auth.principal import UserPrincipal
from app.auth.schemas import Me
from app.auth.services import SignedInUser, build_me
from app.auth.session_store import SessionStore
from app.auth.throttle import DEVICE_COOKIE, KNOWN_DAYS
from app.lib.problems import NotAuthenticatedError
from app.resources import Resources

SESSION_COOKIE = "waymark_session"
CSRF_HEADER = "x-csrf-token"


def resources_of(connection: ASGIConnection[Any, Any, Any, Any]) -> Resources:
    resources = connection.app.state.resources
    assert isinstance(resources, Resources)
    return resources


def session_store(resources: Resources) -> SessionStore:
    settings = resources.settings
    return SessionStore(
        resources.redis,
        resources.clock,
        idle=timedelta(minutes=settings.session_idle_minutes),
        absolute=timedelta(hours=settings.session_absolute_hours),
    )


def client_ip(connection: ASGIConnection[Any, Any, Any, Any]) -> str:
    # Behind a proxy, uvicorn's proxy_headers has already put the real address here.
    return connection.client.host if connection.client else "unknown"


def _secure(request: Request[Any, Any, Any], resources: Resources) -> bool:
    configured = resources.settings.cookie_secure
    return request.url.scheme == "https" if configured is None else configured


def session_cookie(
    request: Request[Any, Any, Any], resources: Resources, session_id: str
) -> Cookie:
    # No Max-Age: the server decides when a session ends (idle and absolute limits).
    return Cookie(
        key=SESSION_COOKIE,
        value=session_id,
        path="/",
        httponly=True,
        samesite="lax",
        secure=_secure(request, resources),
    )


def expired_session_cookie(request: Request[Any, Any, Any], resources: Resources) -> Cookie:
    return Cookie(
        key=SESSION_COOKIE,
        value="",
        path="/",
        max_age=0,
        httponly=True,
        samesite="lax",
        secure=_secure(request, resources),
    )


async def start_session(
    request: Request[Any, Any, Any], resources: Resources, user_id: uuid.UUID, role: str
) -> tuple[Cookie, Me]:
    """A fresh session (never the id the browser came with) and the Me that goes with it."""
    store = session_store(resources)
    old = request.cookies.get(SESSION_COOKIE)
    if old:
        await store.delete(old)
    session_id, data = await store.create(user_id, role)
    async with resources.sessions() as db:
        me = await build_me(db, user_id, data.active_role, data.csrf_token)
    return session_cookie(request, resources, session_id), me


def device_cookie(request: Request[Any, Any, Any], resources: Resources, token: str) -> Cookie:
    """The browser's mark of a place this account signed in from (app.auth.throttle): sent
    back only to the sign-in endpoints, never readable by scripts."""
    return Cookie(
        key=DEVICE_COOKIE,
        value=token,
        path="/api/v1",
        max_age=KNOWN_DAYS * 24 * 3600,
        httponly=True,
        samesite="strict",
        secure=_secure(request, resources),
    )


async def signed_in(
    request: Request[Any, Any, Any], resources: Resources, user: SignedInUser
) -> Response[Me]:
    cookie, me = await start_session(request, resources, user.id, user.primary_role)
    cookies = [cookie]
    if user.device_token is not None:
        cookies.append(device_cookie(request, resources, user.device_token))
    return Response(me, status_code=200, cookies=cookies)


async def rotate_into_role(
    request: Request[Any, Any, Any], resources: Resources, user: UserPrincipal, role: str
) -> Response[Me]:
    """Act in another role: the session gets a new id and CSRF token (privilege change)."""
    store = session_store(resources)
    current = await store.resolve(user.session_id)
    if current is None:
        raise NotAuthenticatedError("Your session has ended; sign in again.")
    session_id, rotated = await store.rotate(user.session_id, current, role)
    async with resources.sessions() as db:
        me = await build_me(db, user.user_id, rotated.active_role, rotated.csrf_token)
    return Response(me, cookies=[session_cookie(request, resources, session_id)])
