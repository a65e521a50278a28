"""What the accounts API sends and receives (msgspec Structs, apart from the ORM models)."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated

import msgspec
from msgspec import Meta

from app.auth.principal import UserKind

Email = Annotated[str, Meta(min_length=3, max_length=320, pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$")]
# Passwords are checked by the policy, not here, so the message can say what to change.
Password = Annotated[str, Meta(max_length=1024)]
RoleName = Annotated[
    str,
    Meta(
        min_length=1,
        max_length=40,
        pattern=r"^[a-z][a-z0-9_]*$",
        description="Lower-case letters, digits and underscores, e.g. `customer_support`.",
    ),
]


class Role(msgspec.Struct, frozen=True):
    name: RoleName
    label: Annotated[str, Meta(min_length=1, max_length=80)]
    permissions: list[str]
    # The job queue this role works, if any.
    queue: Annotated[str, Meta(min_length=1, max_length=60)] | None
    # The SPA path a user of this role lands on after signing in.
    dashboard: Annotated[str, Meta(min_length=1, max_length=200, pattern=r"^/")]


class Me(msgspec.Struct, frozen=True):
    id: uuid.UUID
    contact_id: uuid.UUID
    email: str
    name: str
    kind: UserKind
    roles: list[Role]
    primary_role: str
    active_role: str
    permissions: list[str]
    # Send it back as the X-CSRF-Token header on every POST, PUT, PATCH and DELETE.
    csrf_token: str


class LoginRequest(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    email: Annotated[str, Meta(min_length=1, max_length=320)]
    password: Password


class RoleSwitch(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    role: Annotated[str, Meta(min_length=1, max_length=40)]


class SsoConfig(msgspec.Struct, frozen=True):
    enabled: bool
    label: str


class AuthConfig(msgspec.Struct, frozen=True):
    password: bool
    sso: SsoConfig


class InviteInfo(msgspec.Struct, frozen=True):
    email: str
    name: str
    expires_at: datetime


class InviteAcceptance(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    password: Password


class AuthApi(msgspec.Struct, frozen=True):
    """Every shape of the sign-in API in one schema (schemas/auth-api.schema.json), so the
    SPA's TypeScript types are generated from these."""

    me: Me
    role: Role
    auth_config: AuthConfig
    login: LoginRequest
    role_switch: RoleSwitch
    invite_info: InviteInfo
    invite_acceptance: InviteAcceptance
