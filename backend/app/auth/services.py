"""Signing in, who a request is, role switching, invites and single-sign-on provisioning."""

from __future__ import annotations

import time
import uuid
from datetime import datetime, timedelta
from typing import Literal

import msgspec
from sqlalchemy import and_, exists, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from app.auth import audit
from app.auth import models as m
from app.auth.passwords import hash_password, password_problems, verify_password
from app.auth.permissions import Permission
from app.auth.principal import KeyKind, KeyPrincipal, UserKind, UserPrincipal, kind_of_role
from app.auth.schemas import InviteInfo, Me, Role
from app.auth.session_store import SessionData
from app.auth.throttle import LoginThrottle
from app.auth.tokens import hash_token
from app.contacts.models import Contact
from app.contacts.schemas import ContactRef
from app.contacts.services import resolve_contact
from app.lib.problems import (
    FieldError,
    ForbiddenError,
    GoneError,
    InvalidInputError,
    NotAuthenticatedError,
    NotFoundError,
)

SignInArea = Literal["staff", "portal"]

WRONG_CREDENTIALS = "Email or password is wrong."
DEACTIVATED = "This account has been deactivated. Ask an administrator to reactivate it."
# Writing last_used_at on every call would turn each API request into a write.
_KEY_USE_RESOLUTION = timedelta(minutes=1)
# A key, once read, is trusted this long by the process that read it: a site sending an
# event per request no longer pays a transaction per request for its key. A key revoked
# or changed is read again at once by the API process that changed it (forget_api_keys)
# and within this many seconds by every other.
KEY_CACHE_SECONDS = 5.0
_known_keys: dict[str, tuple[float, KeyPrincipal]] = {}


class SignedInUser(msgspec.Struct, frozen=True):
    id: uuid.UUID
    primary_role: str
    # A password sign-in's device token (app.auth.throttle): the browser keeps it in a
    # cookie, so its next sign-ins count as from a known place.
    device_token: str | None = None


def _permissions(names: list[str]) -> frozenset[Permission]:
    known = {p.value for p in Permission}
    return frozenset(Permission(name) for name in names if name in known)


async def find_user_by_email(db: AsyncSession, email: str) -> m.User | None:
    found: m.User | None = await db.scalar(
        select(m.User).where(func.lower(m.User.email) == email.strip().lower())
    )
    return found


async def role_kind(db: AsyncSession, role_name: str) -> UserKind:
    permissions = await db.scalar(select(m.Role.permissions).where(m.Role.name == role_name))
    return kind_of_role(permissions or [])


async def sign_in_with_password(
    db: AsyncSession,
    throttle: LoginThrottle,
    *,
    email: str,
    password: str,
    client_ip: str,
    device_token: str | None,
    area: SignInArea,
    now: datetime,
) -> SignedInUser:
    attempt = await throttle.begin(email, client_ip, device_token)
    user = await find_user_by_email(db, email)
    if not await verify_password(user.password_hash if user else None, password):
        await throttle.failed(attempt)
        raise NotAuthenticatedError(WRONG_CREDENTIALS)
    assert user is not None  # verify_password says no without a hash
    # Only someone who knows the password learns the account's state.
    if not user.is_active:
        raise ForbiddenError(DEACTIVATED)
    kind = await role_kind(db, user.primary_role)
    if area == "staff" and kind == "customer":
        raise ForbiddenError("Customers sign in to the portal at /portal/login.")
    if area == "portal" and kind == "staff":
        raise ForbiddenError("This sign-in is for customers; staff sign in at /login.")
    device = await throttle.succeeded(attempt)
    user.last_login_at = now
    return SignedInUser(id=user.id, primary_role=user.primary_role, device_token=device)


async def load_user_principal(
    db: AsyncSession, session_id: str, data: SessionData
) -> UserPrincipal | None:
    """The user behind a live session, with the permissions of the role in force.

    Read on every request, so deactivation and role edits take effect at once. A session
    whose active role was taken away falls back to the primary role.
    """
    primary = aliased(m.Role)
    active = aliased(m.Role)
    holds_active = or_(
        active.name == m.User.primary_role,
        exists().where(m.UserRole.user_id == m.User.id, m.UserRole.role_name == active.name),
    )
    row = (
        await db.execute(
            select(m.User, primary.permissions, active.name, active.permissions)
            .join(primary, primary.name == m.User.primary_role)
            .outerjoin(active, and_(active.name == data.active_role, holds_active))
            .where(m.User.id == data.user_id)
        )
    ).one_or_none()
    if row is None:
        return None
    user, primary_permissions, active_name, active_permissions = row
    if not user.is_active:
        return None
    return UserPrincipal(
        user_id=user.id,
        contact_id=user.contact_id,
        email=user.email,
        kind=kind_of_role(primary_permissions),
        active_role=active_name or user.primary_role,
        permissions=_permissions(active_permissions if active_name else primary_permissions),
        session_id=session_id,
        csrf_token=data.csrf_token,
    )


def known_api_key(secret: str) -> KeyPrincipal | None:
    """The key's principal as read less than KEY_CACHE_SECONDS ago, if it was."""
    known = _known_keys.get(secret)
    if known is None:
        return None
    if time.monotonic() - known[0] >= KEY_CACHE_SECONDS:
        del _known_keys[secret]
        return None
    return known[1]


def remember_api_key(secret: str, principal: KeyPrincipal) -> None:
    if len(_known_keys) >= 10_000:
        _known_keys.clear()  # keys are few; many means someone tries keys: forget them
    _known_keys[secret] = (time.monotonic(), principal)


def forget_api_keys() -> None:
    """Read every key again (after a key was revoked or changed)."""
    _known_keys.clear()


async def resolve_api_key(db: AsyncSession, secret: str, now: datetime) -> KeyPrincipal | None:
    key = await db.scalar(
        select(m.ApiKey).where(
            m.ApiKey.secret_hash == hash_token(secret), m.ApiKey.revoked_at.is_(None)
        )
    )
    if key is None:
        return None
    if key.last_used_at is None or now - key.last_used_at >= _KEY_USE_RESOLUTION:
        await db.execute(update(m.ApiKey).where(m.ApiKey.id == key.id).values(last_used_at=now))
    kind: KeyKind = "public_write" if key.kind == "public_write" else "server"
    if kind == "server":
        return KeyPrincipal(
            key_id=key.id,
            kind=kind,
            permissions=_permissions(key.scopes),
            created_by=key.created_by,
            prefix=key.prefix,
        )
    return KeyPrincipal(
        key_id=key.id,
        kind=kind,
        permissions=frozenset(),
        allowed_origins=tuple(key.allowed_origins),
        identity_secret=key.identity_secret,
    )


def role_dto(role: m.Role) -> Role:
    return Role(
        name=role.name,
        label=role.label,
        permissions=list(role.permissions),
        queue=role.queue,
        dashboard=role.dashboard,
    )


async def user_role_names(db: AsyncSession, user: m.User) -> list[str]:
    """The primary role first, then the secondary roles by name."""
    secondary = await db.scalars(
        select(m.UserRole.role_name)
        .where(m.UserRole.user_id == user.id, m.UserRole.role_name != user.primary_role)
        .order_by(m.UserRole.role_name)
    )
    return [user.primary_role, *secondary]


async def build_me(db: AsyncSession, user_id: uuid.UUID, active_role: str, csrf_token: str) -> Me:
    row = (
        await db.execute(
            select(m.User, Contact.name)
            .join(Contact, Contact.id == m.User.contact_id)
            .where(m.User.id == user_id)
        )
    ).one_or_none()
    if row is None:
        raise NotAuthenticatedError("Your account no longer exists.")
    user, name = row
    names = await user_role_names(db, user)
    roles = {r.name: r for r in await db.scalars(select(m.Role).where(m.Role.name.in_(names)))}
    ordered = [roles[n] for n in names if n in roles]
    active = roles.get(active_role) or roles[user.primary_role]
    return Me(
        id=user.id,
        contact_id=user.contact_id,
        email=user.email,
        name=name,
        kind=kind_of_role(roles[user.primary_role].permissions),
        roles=[role_dto(r) for r in ordered],
        primary_role=user.primary_role,
        active_role=active.name,
        permissions=sorted(active.permissions),
        csrf_token=csrf_token,
    )


async def check_role_switch(db: AsyncSession, user_id: uuid.UUID, role: str) -> None:
    user = await db.get(m.User, user_id)
    if user is None:
        raise NotAuthenticatedError("Your account no longer exists.")
    if role not in await user_role_names(db, user):
        raise ForbiddenError(f"You do not hold the role '{role}'.")


async def _open_invite(db: AsyncSession, token: str, now: datetime) -> tuple[m.Invite, m.User]:
    row = (
        await db.execute(
            select(m.Invite, m.User)
            .join(m.User, m.User.id == m.Invite.user_id)
            .where(m.Invite.token_hash == hash_token(token))
            .with_for_update(of=m.Invite)
        )
    ).one_or_none()
    if row is None:
        raise NotFoundError("This invite link is not valid. Check that it was copied whole.")
    invite, user = row
    if invite.used_at is not None:
        raise GoneError("This invite link has already been used. Sign in, or ask for a new one.")
    if invite.expires_at <= now:
        raise GoneError("This invite link has expired. Ask an administrator for a new one.")
    return invite, user


async def invite_info(db: AsyncSession, token: str, now: datetime) -> InviteInfo:
    invite, user = await _open_invite(db, token, now)
    name = await db.scalar(select(Contact.name).where(Contact.id == user.contact_id))
    return InviteInfo(email=user.email, name=name or "", expires_at=invite.expires_at)


async def accept_invite(db: AsyncSession, token: str, password: str, now: datetime) -> SignedInUser:
    invite, user = await _open_invite(db, token, now)
    if not user.is_active:
        raise ForbiddenError(DEACTIVATED)
    problems = password_problems(password, email=user.email)
    if problems:
        raise InvalidInputError(
            "Choose a stronger password. " + " ".join(problems),
            errors=[FieldError("password", problem) for problem in problems],
        )
    had_password = user.password_hash is not None
    user.password_hash = await hash_password(password)
    user.last_login_at = now
    invite.used_at = now
    await audit.record(
        db,
        actor_id=user.id,
        action="user.invite_accepted",
        target_type="user",
        target_id=user.id,
        changes={"password": {"from": "set" if had_password else None, "to": "set"}},
        at=now,
    )
    return SignedInUser(id=user.id, primary_role=user.primary_role)


async def link_contact(db: AsyncSession, email: str, name: str) -> uuid.UUID:
    """The contact a new user belongs to: the one with that email, or a new one."""
    contact_id = await resolve_contact(db, ContactRef(email=email))
    contact = await db.get(Contact, contact_id)
    assert contact is not None
    if name and not contact.name:
        contact.name = name
    return contact_id


class SsoRefusedError(ForbiddenError):
    """The identity provider vouched for someone Waymark will not let in."""


async def provision_sso_user(
    db: AsyncSession,
    *,
    email: str | None,
    email_verified: bool,
    name: str | None,
    unknown_email: Literal["refuse", "create"],
    default_role: str,
    now: datetime,
) -> SignedInUser:
    """Match a single-sign-on identity to a staff user by verified email.

    An unknown email is refused, or (by setting) becomes a new user with the default role.
    """
    if not email or not email_verified:
        raise SsoRefusedError(
            "Your identity provider did not confirm a verified email address for you."
        )
    user = await find_user_by_email(db, email)
    if user is None:
        if unknown_email == "refuse":
            raise SsoRefusedError(
                f"No Waymark account uses {email}. Ask an administrator to invite you."
            )
        return await _create_sso_user(db, email=email, name=name or "", role=default_role, now=now)
    if not user.is_active:
        raise SsoRefusedError(DEACTIVATED)
    if await role_kind(db, user.primary_role) == "customer":
        raise SsoRefusedError("Single sign-on is for staff; customers sign in to the portal.")
    user.last_login_at = now
    return SignedInUser(id=user.id, primary_role=user.primary_role)


async def _create_sso_user(
    db: AsyncSession, *, email: str, name: str, role: str, now: datetime
) -> SignedInUser:
    if await db.get(m.Role, role) is None or await role_kind(db, role) == "customer":
        raise SsoRefusedError(
            f"Single sign-on may create accounts, but its default role '{role}' is not a "
            "staff role here. Ask an administrator to fix WAYMARK_OIDC_DEFAULT_ROLE."
        )
    contact_id = await link_contact(db, email, name)
    if await db.scalar(select(m.User.id).where(m.User.contact_id == contact_id)):
        raise SsoRefusedError(f"The contact for {email} already has a different sign-in.")
    user = m.User(
        contact_id=contact_id, email=email, primary_role=role, is_active=True, last_login_at=now
    )
    db.add(user)
    await db.flush()
    await audit.record(
        db,
        actor_id=user.id,
        action="user.created_by_sso",
        target_type="user",
        target_id=user.id,
        changes=audit.created({"email": email, "primary_role": role, "is_active": True}),
        at=now,
    )
    return SignedInUser(id=user.id, primary_role=user.primary_role)
