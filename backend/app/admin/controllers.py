"""/api/v1/admin: users, roles, permissions and the audit log (accounts:manage), API keys
(keys:manage), and the private networks webhooks may call (accounts:manage; changed at run
time, no restart, each change audited: app.channels.webhook_networks)."""

from __future__ import annotations

import uuid
from typing import Annotated, Final

from litestar import Controller, get, post, put
from litestar.params import FromPath, FromQuery, JSONBody, QueryParameter
from litestar.types import ControllerRouterHandler

from app.admin import audit_log, keys, roles, services
from app.admin.schemas import (
    AllowedOrigins,
    ApiKey,
    ApiKeyCreated,
    ApiKeyRequest,
    AuditPage,
    IdentitySecretCreated,
    InviteCreated,
    InviteRequest,
    PermissionInfo,
    RoleCreate,
    RolesChange,
    RoleUpdate,
    User,
    UserPage,
)
from app.auth.deps import UserDep
from app.auth.guards import requires
from app.auth.permissions import Permission
from app.auth.schemas import Role
from app.auth.services import forget_api_keys
from app.auth.web import session_store
from app.channels import webhook_networks
from app.channels.webhook_networks import WebhookNetworks, WebhookNetworksUpdate
from app.deps import ResourcesDep
from app.lib.openapi import problems
from app.lib.problems import problem_response

Page = Annotated[int, QueryParameter(ge=1, le=100_000)]
PageSize = Annotated[int, QueryParameter(ge=1, le=100)]


# What a public write key's own changes answer besides success.
_KEY_PROBLEMS = {
    404: problem_response("There is no API key with that id."),
    409: problem_response(
        "A server key (it has no websites or identity secret), or a revoked key."
    ),
}


class UsersController(Controller):
    path = "/api/v1/admin/users"
    tags = ["admin"]  # noqa: RUF012 - Litestar reads these as class attributes
    guards = [requires(Permission.ACCOUNTS_MANAGE)]  # noqa: RUF012

    @get("/", operation_id="adminListUsers", summary="List and search users")
    async def list_users(
        self,
        *,
        resources: ResourcesDep,
        q: FromQuery[str | None] = None,
        role: FromQuery[str | None] = None,
        active: FromQuery[bool | None] = None,
        page: Page = 1,
        page_size: PageSize = 25,
    ) -> UserPage:
        async with resources.sessions() as db:
            return await services.list_users(
                db, q=q, role=role, active=active, page=page, page_size=page_size
            )

    @get("/{user_id:uuid}", operation_id="adminGetUser", summary="One user")
    async def get_user(self, resources: ResourcesDep, user_id: FromPath[uuid.UUID]) -> User:
        async with resources.sessions() as db:
            return await services.get_user(db, user_id)

    @post(
        "/invite",
        operation_id="adminInviteUser",
        responses=problems(409),
        summary="Invite a user (one-time link)",
    )
    async def invite(
        self, resources: ResourcesDep, user: UserDep, data: JSONBody[InviteRequest]
    ) -> InviteCreated:
        async with resources.sessions.begin() as db:
            return await services.invite_user(
                db,
                actor_id=user.user_id,
                data=data,
                base_url=resources.settings.public_base_url,
                now=resources.clock.now(),
            )

    @put(
        "/{user_id:uuid}/roles",
        operation_id="adminChangeUserRoles",
        responses=problems(409),
        summary="Change roles",
    )
    async def change_roles(
        self,
        resources: ResourcesDep,
        user: UserDep,
        user_id: FromPath[uuid.UUID],
        data: JSONBody[RolesChange],
    ) -> User:
        async with resources.sessions.begin() as db:
            return await services.change_roles(
                db, actor_id=user.user_id, user_id=user_id, data=data, now=resources.clock.now()
            )

    @post(
        "/{user_id:uuid}/deactivate",
        operation_id="adminDeactivateUser",
        responses=problems(409),
        status_code=200,
        summary="Deactivate a user and end their sessions",
    )
    async def deactivate(
        self, resources: ResourcesDep, user: UserDep, user_id: FromPath[uuid.UUID]
    ) -> User:
        async with resources.sessions.begin() as db:
            changed = await services.set_active(
                db, actor_id=user.user_id, user_id=user_id, active=False, now=resources.clock.now()
            )
            # Last in the transaction: if Redis fails, the change rolls back with it.
            await session_store(resources).delete_all(user_id)
        return changed

    @post(
        "/{user_id:uuid}/reactivate",
        operation_id="adminReactivateUser",
        responses=problems(409),
        status_code=200,
        summary="Reactivate a user",
    )
    async def reactivate(
        self, resources: ResourcesDep, user: UserDep, user_id: FromPath[uuid.UUID]
    ) -> User:
        async with resources.sessions.begin() as db:
            return await services.set_active(
                db, actor_id=user.user_id, user_id=user_id, active=True, now=resources.clock.now()
            )

    @post(
        "/{user_id:uuid}/logout",
        operation_id="adminLogoutUser",
        status_code=200,
        summary="End every session of a user",
    )
    async def force_logout(
        self, resources: ResourcesDep, user: UserDep, user_id: FromPath[uuid.UUID]
    ) -> User:
        async with resources.sessions.begin() as db:
            target = await services.record_forced_logout(
                db, actor_id=user.user_id, user_id=user_id, now=resources.clock.now()
            )
            await session_store(resources).delete_all(user_id)
        return target


class RolesController(Controller):
    path = "/api/v1/admin"
    tags = ["admin"]  # noqa: RUF012
    guards = [requires(Permission.ACCOUNTS_MANAGE)]  # noqa: RUF012

    @get("/roles", operation_id="adminListRoles", summary="Every role")
    async def list_roles(self, resources: ResourcesDep) -> list[Role]:
        async with resources.sessions() as db:
            return await roles.list_roles(db)

    @post(
        "/roles", operation_id="adminCreateRole", responses=problems(409), summary="Define a role"
    )
    async def create_role(
        self, resources: ResourcesDep, user: UserDep, data: JSONBody[RoleCreate]
    ) -> Role:
        async with resources.sessions.begin() as db:
            return await roles.create_role(
                db, actor_id=user.user_id, data=data, now=resources.clock.now()
            )

    @put(
        "/roles/{name:str}",
        operation_id="adminUpdateRole",
        responses=problems(409),
        summary="Change a role",
    )
    async def update_role(
        self,
        resources: ResourcesDep,
        user: UserDep,
        name: FromPath[str],
        data: JSONBody[RoleUpdate],
    ) -> Role:
        async with resources.sessions.begin() as db:
            return await roles.update_role(
                db, actor_id=user.user_id, name=name, data=data, now=resources.clock.now()
            )

    @get("/permissions", operation_id="adminListPermissions", summary="Every permission")
    async def permissions(self) -> list[PermissionInfo]:
        return roles.permissions()

    @get("/audit", operation_id="adminAuditLog", summary="The audit log, newest first")
    async def audit_log(
        self,
        resources: ResourcesDep,
        actor: FromQuery[str | None] = None,
        target_type: FromQuery[str | None] = None,
        target_id: FromQuery[str | None] = None,
        page: Page = 1,
    ) -> AuditPage:
        async with resources.sessions() as db:
            return await audit_log.audit_page(
                db, actor=actor, target_type=target_type, target_id=target_id, page=page
            )


class ApiKeysController(Controller):
    path = "/api/v1/admin/api-keys"
    tags = ["admin"]  # noqa: RUF012
    guards = [requires(Permission.KEYS_MANAGE)]  # noqa: RUF012

    @get("/", operation_id="adminListApiKeys", summary="Every API key (secrets never shown)")
    async def list_keys(self, resources: ResourcesDep) -> list[ApiKey]:
        async with resources.sessions() as db:
            return await keys.list_keys(db)

    @post("/", operation_id="adminCreateApiKey", summary="Create a key; its secret is shown once")
    async def create_key(
        self, resources: ResourcesDep, user: UserDep, data: JSONBody[ApiKeyRequest]
    ) -> ApiKeyCreated:
        async with resources.sessions.begin() as db:
            return await keys.create_key(db, actor=user, data=data, now=resources.clock.now())

    @put(
        "/{key_id:uuid}/allowed-origins",
        operation_id="adminSetApiKeyOrigins",
        responses={
            400: problem_response("Not web origins: `errors` names each (`allowed_origins[i]`)."),
            **_KEY_PROBLEMS,
        },
        summary="Set the websites a public write key may be used from (the whole list)",
    )
    async def set_allowed_origins(
        self,
        resources: ResourcesDep,
        user: UserDep,
        key_id: FromPath[uuid.UUID],
        data: JSONBody[AllowedOrigins],
    ) -> ApiKey:
        async with resources.sessions.begin() as db:
            changed = await keys.set_allowed_origins(
                db, actor_id=user.user_id, key_id=key_id, data=data, now=resources.clock.now()
            )
        # Committed: this process's keys are read again (others' within KEY_CACHE_SECONDS).
        forget_api_keys()
        return changed

    @post(
        "/{key_id:uuid}/identity-secret",
        operation_id="adminRotateIdentitySecret",
        responses=_KEY_PROBLEMS,
        status_code=200,
        summary="Make a new identity secret for a public write key; shown once",
    )
    async def rotate_identity_secret(
        self, resources: ResourcesDep, user: UserDep, key_id: FromPath[uuid.UUID]
    ) -> IdentitySecretCreated:
        async with resources.sessions.begin() as db:
            changed = await keys.rotate_identity_secret(
                db, actor_id=user.user_id, key_id=key_id, now=resources.clock.now()
            )
        # Committed: this process's keys are read again (others' within KEY_CACHE_SECONDS).
        forget_api_keys()
        return changed

    @post(
        "/{key_id:uuid}/revoke",
        operation_id="adminRevokeApiKey",
        status_code=200,
        summary="Revoke a key for good",
    )
    async def revoke_key(
        self, resources: ResourcesDep, user: UserDep, key_id: FromPath[uuid.UUID]
    ) -> ApiKey:
        async with resources.sessions.begin() as db:
            changed = await keys.revoke_key(
                db, actor_id=user.user_id, key_id=key_id, now=resources.clock.now()
            )
        # Committed: this process's keys are read again (others' within KEY_CACHE_SECONDS).
        forget_api_keys()
        return changed


_REFUSED: Final = {
    401: problem_response("Not signed in"),
    403: problem_response("The role lacks accounts:manage"),
}


class WebhookNetworksController(Controller):
    path = "/api/v1/admin/webhook-networks"
    tags = ["admin"]  # noqa: RUF012 - Litestar reads these as class attributes
    guards = [requires(Permission.ACCOUNTS_MANAGE)]  # noqa: RUF012

    @get(
        "/",
        operation_id="adminGetWebhookNetworks",
        summary="The private networks webhooks may call, and where the list comes from",
        responses=_REFUSED,
    )
    async def get_networks(self, resources: ResourcesDep) -> WebhookNetworks:
        async with resources.sessions() as db:
            return await webhook_networks.current(db, resources.settings)

    @put(
        "/",
        operation_id="adminSetWebhookNetworks",
        summary="Replace the allow-list; applies to the next webhook call, no restart",
        responses={
            400: problem_response("A network that does not parse, or one that is everything"),
            **_REFUSED,
        },
    )
    async def set_networks(
        self, resources: ResourcesDep, user: UserDep, data: JSONBody[WebhookNetworksUpdate]
    ) -> WebhookNetworks:
        async with resources.sessions.begin() as db:
            return await webhook_networks.change(
                db,
                resources.settings,
                actor_id=user.user_id,
                data=data,
                now=resources.clock.now(),
            )


ADMIN_CONTROLLERS: list[ControllerRouterHandler] = [
    UsersController,
    RolesController,
    ApiKeysController,
    WebhookNetworksController,
]
