"""What the admin API sends and receives."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Any, Literal

import msgspec
from msgspec import Meta

from app.auth.permissions import Permission
from app.auth.principal import KeyKind, UserKind
from app.auth.schemas import Email, RoleName

Label = Annotated[str, Meta(min_length=1, max_length=80)]
Queue = Annotated[str, Meta(min_length=1, max_length=60, pattern=r"^[a-z][a-z0-9_]*$")]
Dashboard = Annotated[str, Meta(min_length=1, max_length=200, pattern=r"^/")]


class User(msgspec.Struct, frozen=True):
    id: uuid.UUID
    contact_id: uuid.UUID
    email: str
    name: str
    kind: UserKind
    is_active: bool
    primary_role: str
    secondary_roles: list[str]
    created_at: datetime
    last_login_at: datetime | None


class UserPage(msgspec.Struct, frozen=True):
    items: list[User]
    total: int


class InviteRequest(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    email: Email
    name: Annotated[str, Meta(max_length=200)]
    primary_role: RoleName
    secondary_roles: list[RoleName] = msgspec.field(default_factory=list)


class InviteCreated(msgspec.Struct, frozen=True):
    user: User
    # One-time link to set a password; shown once.
    invite_url: str
    expires_at: datetime


class RolesChange(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """A PUT replaces: both fields are required (`secondary_roles: []` for none)."""

    primary_role: RoleName
    secondary_roles: list[RoleName]


class RoleCreate(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    name: RoleName
    label: Label
    permissions: list[Permission]
    dashboard: Dashboard
    queue: Queue | None = None


class RoleUpdate(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """A PUT replaces: every field is required (`queue: null` for none)."""

    label: Label
    permissions: list[Permission]
    dashboard: Dashboard
    queue: Queue | None


class PermissionInfo(msgspec.Struct, frozen=True):
    name: str
    description: str


class AuditActor(msgspec.Struct, frozen=True):
    id: uuid.UUID
    email: str


class AuditEntry(msgspec.Struct, frozen=True):
    id: int
    at: datetime
    actor: AuditActor | None
    action: str
    target_type: str
    target_id: str
    # {field: {"from": old, "to": new}}
    changes: dict[str, Any]


class AuditPage(msgspec.Struct, frozen=True):
    items: list[AuditEntry]
    total: int


class ApiKey(msgspec.Struct, frozen=True):
    id: uuid.UUID
    name: str
    kind: KeyKind
    # The key's first characters, to tell keys apart; not enough to use one.
    prefix: str
    scopes: list[str]
    created_at: datetime
    # The email of the person who created it.
    created_by: str
    last_used_at: datetime | None
    revoked_at: datetime | None
    # Public write keys: the origins whose pages may send with the key (none: no page may).
    allowed_origins: list[str]
    # When the identity secret was made (None: there is none, and events from the key
    # stay anonymous). The secret itself is shown only when made.
    identity_secret_set_at: datetime | None


Origin = Annotated[
    str,
    Meta(
        min_length=1,
        max_length=300,
        description="A web origin: scheme, host and port, e.g. `https://shop.example`; "
        "`https://*.shop.example` allows every subdomain.",
        examples=["https://shop.example"],
    ),
]
Origins = Annotated[list[Origin], Meta(max_length=50)]


class ApiKeyRequest(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    name: Annotated[str, Meta(min_length=1, max_length=120)]
    kind: Literal["server", "public_write"]
    scopes: list[Permission] = msgspec.field(default_factory=list)
    # Public write keys only: the websites that may use the key.
    allowed_origins: Origins = msgspec.field(default_factory=list)


class ApiKeyCreated(msgspec.Struct, frozen=True):
    # The whole key, shown this once; only its hash is kept.
    key: str
    api_key: ApiKey
    # Public write keys: the secret a site's server signs its user ids with
    # (user_hash = HMAC-SHA256(identity_secret, user id)); shown this once.
    identity_secret: str | None = None


class AllowedOrigins(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """The whole list of websites a public write key may be used from (it replaces the
    current list; an empty list refuses every page)."""

    allowed_origins: Origins


class IdentitySecretCreated(msgspec.Struct, frozen=True):
    # The new secret, shown this once; hashes made with the old one stop working now.
    identity_secret: str
    api_key: ApiKey


class AdminApi(msgspec.Struct, frozen=True):
    """Every shape of the admin API in one schema (schemas/admin-api.schema.json), so the
    SPA's TypeScript types are generated from these."""

    user: User
    user_page: UserPage
    invite_request: InviteRequest
    invite_created: InviteCreated
    roles_change: RolesChange
    role_create: RoleCreate
    role_update: RoleUpdate
    permission_info: PermissionInfo
    audit_entry: AuditEntry
    audit_page: AuditPage
    api_key: ApiKey
    api_key_request: ApiKeyRequest
    api_key_created: ApiKeyCreated
    allowed_origins: AllowedOrigins
    identity_secret_created: IdentitySecretCreated
