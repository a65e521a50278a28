"""Who is making a request: a signed-in user, or a system holding an API key."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Literal, TypeAlias

from app.auth.permissions import Permission

UserKind = Literal["staff", "customer"]
KeyKind = Literal["server", "public_write"]


def kind_of_role(permissions: frozenset[Permission] | set[Permission] | list[str]) -> UserKind:
    """A role granting the portal is a customer role; every other role is a staff role."""
    return "customer" if Permission.PORTAL_SELF in permissions else "staff"


@dataclass(frozen=True, slots=True)
class UserPrincipal:
    user_id: uuid.UUID
    contact_id: uuid.UUID
    email: str
    kind: UserKind
    # The role in force: the primary role, or the one picked with the role switcher.
    active_role: str
    permissions: frozenset[Permission]
    session_id: str
    csrf_token: str


@dataclass(frozen=True, slots=True)
class KeyPrincipal:
    key_id: uuid.UUID
    kind: KeyKind
    # A server key's scopes; a public write key holds none (it may only call /track).
    permissions: frozenset[Permission]
    # Public write keys: the origins whose pages may use the key, and the secret that
    # proves a page's user id (app.events.website); empty / None for server keys.
    allowed_origins: tuple[str, ...] = ()
    identity_secret: str | None = field(default=None, repr=False)


Principal: TypeAlias = UserPrincipal | KeyPrincipal
