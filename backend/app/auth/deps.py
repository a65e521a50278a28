"""Dependencies the auth guard's result is read through."""

from __future__ import annotations

from typing import Any, TypeAlias

from litestar import Request
from litestar.di import NamedDependency, Provide

from app.auth.guards import principal_of
from app.auth.principal import Actor, Principal, UserPrincipal, actor_of
from app.lib.problems import ForbiddenError


def provide_principal(request: Request[Any, Any, Any]) -> Principal:
    return principal_of(request)


def provide_user(request: Request[Any, Any, Any]) -> UserPrincipal:
    principal = principal_of(request)
    if not isinstance(principal, UserPrincipal):
        raise ForbiddenError("This is for signed-in people, not API keys.")
    return principal


def provide_actor(request: Request[Any, Any, Any]) -> Actor:
    """A person, or a server key on behalf of the person who made it."""
    actor = actor_of(principal_of(request))
    if actor is None:
        raise ForbiddenError("This key has no owner to act for: create a new key.")
    return actor


PrincipalDep: TypeAlias = NamedDependency[Principal]
# Named `author` in handler signatures (the author of a change): routes that API keys may
# call to change things. Not `actor`: the audit logs' `?actor=` filter is a query
# parameter of that name, and a dependency would take its place.
ActorDep: TypeAlias = NamedDependency[Actor]
# Named `user` in handler signatures.
UserDep: TypeAlias = NamedDependency[UserPrincipal]

DEPENDENCIES = {
    "principal": Provide(provide_principal, sync_to_thread=False),
    "user": Provide(provide_user, sync_to_thread=False),
    "author": Provide(provide_actor, sync_to_thread=False),
}
