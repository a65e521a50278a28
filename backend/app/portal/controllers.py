"""/api/v1/portal: customer sign-in and the customer's own data."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, Response, get, post
from litestar.params import JSONBody

from app.auth import services as auth_services
from app.auth.deps import UserDep
from app.auth.guards import PUBLIC, requires
from app.auth.permissions import Permission
from app.auth.schemas import LoginRequest, Me
from app.auth.throttle import LoginThrottle
from app.auth.web import client_ip, signed_in
from app.contacts.schemas import ContactView
from app.deps import ResourcesDep
from app.portal import services


class PortalController(Controller):
    path = "/api/v1/portal"
    tags = ["portal"]  # noqa: RUF012 - Litestar reads it as a class attribute

    @post(
        "/auth/login",
        operation_id="portalLogin",
        opt=PUBLIC,
        status_code=200,
        summary="Customer sign-in",
    )
    async def login(
        self, request: Request[Any, Any, Any], resources: ResourcesDep, data: JSONBody[LoginRequest]
    ) -> Response[Me]:
        throttle = LoginThrottle(resources.redis, resources.settings)
        async with resources.sessions.begin() as db:
            user = await auth_services.sign_in_with_password(
                db,
                throttle,
                email=data.email,
                password=data.password,
                client_ip=client_ip(request),
                area="portal",
                now=resources.clock.now(),
            )
        return await signed_in(request, resources, user)

    @get(
        "/me",
        operation_id="portalMe",
        guards=[requires(Permission.PORTAL_SELF)],
        summary="The signed-in customer's own contact record",
    )
    async def me(self, resources: ResourcesDep, user: UserDep) -> ContactView:
        async with resources.sessions() as db:
            return await services.own_contact(db, user)
