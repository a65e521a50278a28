"""/api/v1/auth: configuration, password sign-in, the session, role switch, invites, SSO."""

from __future__ import annotations

from typing import Annotated, Any

import structlog
from litestar import Controller, Request, Response, get, post
from litestar.datastructures import Cookie
from litestar.params import FromPath, FromQuery, JSONBody, QueryParameter
from litestar.response import Redirect

from app.auth import services, sso
from app.auth.deps import UserDep
from app.auth.guards import PUBLIC, users_only
from app.auth.oidc import OidcClient, OidcError
from app.auth.schemas import (
    AuthConfig,
    InviteAcceptance,
    InviteInfo,
    LoginRequest,
    Me,
    RoleSwitch,
    SsoConfig,
)
from app.auth.throttle import DEVICE_COOKIE, LoginThrottle
from app.auth.web import (
    client_ip,
    expired_session_cookie,
    rotate_into_role,
    session_store,
    signed_in,
    start_session,
)
from app.deps import ResourcesDep
from app.lib.openapi import problems
from app.lib.problems import NotFoundError

log = structlog.get_logger(__name__)


class AuthController(Controller):
    path = "/api/v1/auth"
    tags = ["auth"]  # noqa: RUF012 - Litestar reads it as a class attribute

    @get("/config", operation_id="authConfig", opt=PUBLIC, summary="How people can sign in")
    async def config(self, resources: ResourcesDep) -> AuthConfig:
        settings = resources.settings
        return AuthConfig(
            password=True, sso=SsoConfig(enabled=settings.sso_enabled, label=settings.oidc_label)
        )

    @post(
        "/login",
        operation_id="authLogin",
        responses=problems(401, 429),
        opt=PUBLIC,
        status_code=200,
        summary="Staff sign-in",
    )
    async def login(
        self, request: Request[Any, Any, Any], resources: ResourcesDep, data: JSONBody[LoginRequest]
    ) -> Response[Me]:
        throttle = LoginThrottle(resources.redis, resources.settings)
        async with resources.sessions.begin() as db:
            user = await services.sign_in_with_password(
                db,
                throttle,
                email=data.email,
                password=data.password,
                client_ip=client_ip(request),
                device_token=request.cookies.get(DEVICE_COOKIE),
                area="staff",
                now=resources.clock.now(),
            )
        return await signed_in(request, resources, user)

    @post(
        "/logout",
        operation_id="authLogout",
        guards=[users_only],
        status_code=204,
        summary="Sign out",
    )
    async def logout(
        self, request: Request[Any, Any, Any], resources: ResourcesDep, user: UserDep
    ) -> Response[None]:
        await session_store(resources).delete(user.session_id, user.user_id)
        return Response(None, status_code=204, cookies=[expired_session_cookie(request, resources)])

    @get("/me", operation_id="authMe", guards=[users_only], summary="The signed-in user")
    async def me(self, resources: ResourcesDep, user: UserDep) -> Me:
        async with resources.sessions() as db:
            return await services.build_me(db, user.user_id, user.active_role, user.csrf_token)

    @post(
        "/role",
        operation_id="authSwitchRole",
        guards=[users_only],
        status_code=200,
        summary="Act in another of one's roles (the session id changes)",
    )
    async def switch_role(
        self,
        request: Request[Any, Any, Any],
        resources: ResourcesDep,
        user: UserDep,
        data: JSONBody[RoleSwitch],
    ) -> Response[Me]:
        async with resources.sessions() as db:
            await services.check_role_switch(db, user.user_id, data.role)
        return await rotate_into_role(request, resources, user, data.role)

    @get(
        "/invites/{token:str}",
        operation_id="authInviteInfo",
        responses=problems(410),
        opt=PUBLIC,
        summary="Who an invite link is for",
    )
    async def invite(self, resources: ResourcesDep, token: FromPath[str]) -> InviteInfo:
        async with resources.sessions() as db:
            return await services.invite_info(db, token, resources.clock.now())

    @post(
        "/invites/{token:str}",
        operation_id="authAcceptInvite",
        responses=problems(410),
        opt=PUBLIC,
        status_code=200,
        summary="Set a password from an invite link and sign in",
    )
    async def accept_invite(
        self,
        request: Request[Any, Any, Any],
        resources: ResourcesDep,
        token: FromPath[str],
        data: JSONBody[InviteAcceptance],
    ) -> Response[Me]:
        async with resources.sessions.begin() as db:
            user = await services.accept_invite(db, token, data.password, resources.clock.now())
        return await signed_in(request, resources, user)


def _oidc_client(request: Request[Any, Any, Any]) -> OidcClient:
    client = getattr(request.app.state, "oidc", None)
    if not isinstance(client, OidcClient):
        raise NotFoundError("Single sign-on is not configured on this server.")
    return client


def _state_cookie(value: str, *, max_age: int) -> Cookie:
    return Cookie(
        key=sso.STATE_COOKIE,
        value=value,
        path=sso.STATE_COOKIE_PATH,
        max_age=max_age,
        httponly=True,
        samesite="lax",
    )


def _back_to_login(message: str) -> Redirect:
    return Redirect(
        "/login",
        query_params={"error": message},
        cookies=[_state_cookie("", max_age=0)],
    )


class SsoController(Controller):
    path = "/api/v1/auth/sso"
    tags = ["auth"]  # noqa: RUF012 - Litestar reads it as a class attribute
    opt = PUBLIC

    @get(
        "/login",
        operation_id="authSsoLogin",
        responses=problems(404),
        status_code=302,
        summary="Go to the identity provider",
    )
    async def login(
        self,
        request: Request[Any, Any, Any],
        resources: ResourcesDep,
        next_path: Annotated[str | None, QueryParameter(name="next")] = None,
    ) -> Redirect:
        client = _oidc_client(request)
        try:
            start = await client.begin()
        except OidcError as exc:
            log.warning("sso.begin_failed", reason=exc.reason)
            return _back_to_login(str(exc))
        await sso.remember(resources.redis, start, sso.safe_next(next_path))
        return Redirect(
            start.authorization_url,
            cookies=[_state_cookie(start.state, max_age=sso.PENDING_SECONDS)],
        )

    @get(
        "/callback",
        operation_id="authSsoCallback",
        responses=problems(404),
        status_code=302,
        summary="Back from the identity provider",
    )
    async def callback(
        self,
        request: Request[Any, Any, Any],
        resources: ResourcesDep,
        code: FromQuery[str | None] = None,
        # `state` is a name Litestar reserves for app state.
        oauth_state: Annotated[str | None, QueryParameter(name="state")] = None,
        error: FromQuery[str | None] = None,
    ) -> Redirect:
        client = _oidc_client(request)
        pending = await sso.take(resources.redis, oauth_state)
        browser_state = request.cookies.get(sso.STATE_COOKIE, "")
        if pending is None or not browser_state:
            return _back_to_login("The sign-in link expired; start again.")
        settings = resources.settings
        try:
            identity = await client.finish(
                code=code,
                state=oauth_state,
                expected_state=browser_state,
                nonce=pending.nonce,
                code_verifier=pending.code_verifier,
                error=error,
            )
            async with resources.sessions.begin() as db:
                user = await services.provision_sso_user(
                    db,
                    email=identity.email,
                    email_verified=identity.email_verified,
                    name=identity.name,
                    unknown_email=settings.oidc_unknown_email,
                    default_role=settings.oidc_default_role,
                    now=resources.clock.now(),
                )
        except OidcError as exc:
            log.warning("sso.refused", reason=exc.reason)
            return _back_to_login(str(exc))
        except services.SsoRefusedError as exc:
            log.warning("sso.refused", reason="account")
            return _back_to_login(exc.detail)
        cookie, _ = await start_session(request, resources, user.id, user.primary_role)
        return Redirect(pending.next, cookies=[cookie, _state_cookie("", max_age=0)])
