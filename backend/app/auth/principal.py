"""Who is making a request: a signed-in user, or a system holding an API key."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any, Literal, TypeAlias

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
    # The person who made the key: what it changes is done on their behalf.
    created_by: uuid.UUID | None = None
    # Its visible prefix (`wm_sk_1a2b3c4d`), to name it in audit entries.
    prefix: str = ""


Principal: TypeAlias = UserPrincipal | KeyPrincipal


@dataclass(frozen=True, slots=True)
class Actor:
    """On whose behalf a change is made: a signed-in person, or a server key acting for
    the person who created it (the audit entry then names the key too)."""

    user_id: uuid.UUID
    api_key: str | None = None

    def audited(self, changes: dict[str, Any]) -> dict[str, Any]:
        """An audit entry's changes, with the key that made them when a key did."""
        if self.api_key is None:
            return changes
        return {**changes, "api_key": {"from": None, "to": self.api_key}}


def actor_of(principal: Principal) -> Actor | None:
    """The actor behind a principal; None for a key with no creator (never for a person)."""
    match principal:
        case UserPrincipal():
            return Actor(principal.user_id)
        case KeyPrincipal():
            if principal.created_by is None:
                return None
            return Actor(principal.created_by, api_key=principal.prefix)
