"""Who is making a request: a signed-in user, or a system holding an API key."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
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


Principal: TypeAlias = UserPrincipal | KeyPrincipal
