"""Dependencies the auth guard's result is read through."""

from __future__ import annotations

from typing import Any, TypeAlias

from litestar import Request
from litestar.di import NamedDependency, Provide

from app.auth.guards import principal_of
from app.auth.principal import Principal, UserPrincipal
from app.lib.problems import ForbiddenError


def provide_principal(request: Request[Any, Any, Any]) -> Principal:
    return principal_of(request)


def provide_user(request: Request[Any, Any, Any]) -> UserPrincipal:
    principal = principal_of(request)
    if not isinstance(principal, UserPrincipal):
        raise ForbiddenError("This is for signed-in people, not API keys.")
    return principal


PrincipalDep: TypeAlias = NamedDependency[Principal]
# Named `user` in handler signatures.
UserDep: TypeAlias = NamedDependency[UserPrincipal]

DEPENDENCIES = {
    "principal": Provide(provide_principal, sync_to_thread=False),
    "user": Provide(provide_user, sync_to_thread=False),
}
