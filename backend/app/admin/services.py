"""Managing users: search, invite, roles, (de)activation, forced logout. Every change is
audited in the caller's transaction; every refusal leaves the database as it was."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, any_, delete, exists, func, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import QueryableAttribute

from app.admin.schemas import InviteCreated, InviteRequest, RolesChange, User, UserPage
from app.auth import audit
from app.auth import models as m
from app.auth.permissions import Permission
from app.auth.principal import kind_of_role
from app.auth.services import find_user_by_email, link_contact
from app.auth.tokens import hash_token, new_token
from app.contacts.models import Contact
from app.lib.problems import ConflictError, FieldError, InvalidInputError, NotFoundError

INVITE_LIFETIME = timedelta(days=7)


async def _views(db: AsyncSession, users: list[m.User]) -> list[User]:
    if not users:
        return []
    ids = [u.id for u in users]
    names = dict(
        (
            await db.execute(
                select(Contact.id, Contact.name).where(
                    Contact.id.in_([u.contact_id for u in users])
                )
            )
        ).all()
    )
    secondary: dict[uuid.UUID, list[str]] = {i: [] for i in ids}
    for user_id, role in await db.execute(
        select(m.UserRole.user_id, m.UserRole.role_name)
        .where(m.UserRole.user_id.in_(ids))
        .order_by(m.UserRole.role_name)
    ):
        secondary[user_id].append(role)
    permissions = dict((await db.execute(select(m.Role.name, m.Role.permissions))).all())
    return [
        User(
            id=u.id,
            contact_id=u.contact_id,
            email=u.email,
            name=names.get(u.contact_id, ""),
            kind=kind_of_role(permissions.get(u.primary_role, [])),
            is_active=u.is_active,
            primary_role=u.primary_role,
            secondary_roles=secondary[u.id],
            created_at=u.created_at,
            last_login_at=u.last_login_at,
        )
        for u in users
    ]


async def _view(db: AsyncSession, user: m.User) -> User:
    return (await _views(db, [user]))[0]


def holds_role(role: str | QueryableAttribute[str]) -> ColumnElement[bool]:
    """The user (from the enclosing query) holds this role, as primary or secondary."""
    return or_(
        m.User.primary_role == role,
        exists().where(m.UserRole.user_id == m.User.id, m.UserRole.role_name == role),
    )


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


async def list_users(
    db: AsyncSession,
    *,
    q: str | None,
    role: str | None,
    active: bool | None,
    page: int,
    page_size: int,
) -> UserPage:
    query = select(m.User).join(Contact, Contact.id == m.User.contact_id)
    if q and q.strip():
        like = f"%{_escape_like(q.strip())}%"
        query = query.where(or_(m.User.email.ilike(like), Contact.name.ilike(like)))
    if role:
        query = query.where(holds_role(role))
    if active is not None:
        query = query.where(m.User.is_active.is_(active))
    total = await db.scalar(select(func.count()).select_from(query.subquery())) or 0
    users = await db.scalars(
        query.order_by(func.lower(m.User.email)).offset((page - 1) * page_size).limit(page_size)
    )
    return UserPage(items=await _views(db, list(users)), total=total)


async def _user(db: AsyncSession, user_id: uuid.UUID, *, lock: bool = False) -> m.User:
    query = select(m.User).where(m.User.id == user_id)
    user = await db.scalar(query.with_for_update() if lock else query)
    if user is None:
        raise NotFoundError(f"There is no user {user_id}.")
    return user


async def get_user(db: AsyncSession, user_id: uuid.UUID) -> User:
    return await _view(db, await _user(db, user_id))


async def _check_roles(db: AsyncSession, primary: str, secondary: list[str]) -> list[str]:
    """The secondary roles, de-duplicated; every role must exist and be of one kind."""
    wanted = [primary, *dict.fromkeys(r for r in secondary if r != primary)]
    found = dict(
        (
            await db.execute(select(m.Role.name, m.Role.permissions).where(m.Role.name.in_(wanted)))
        ).all()
    )
    errors = [
        FieldError(
            "primary_role" if index == 0 else "secondary_roles",
            f"There is no role named '{name}'.",
        )
        for index, name in enumerate(wanted)
        if name not in found
    ]
    if not errors:
        kind = kind_of_role(found[primary])
        errors = [
            FieldError(
                "secondary_roles",
                f"'{name}' is a {kind_of_role(found[name])} role; a {kind} user's roles "
                f"must all be {kind} roles.",
            )
            for name in wanted[1:]
            if kind_of_role(found[name]) != kind
        ]
    if errors:
        raise InvalidInputError(
            "The request is not valid. " + " ".join(e.message for e in errors), errors=errors
        )
    return wanted[1:]


async def ensure_someone_manages_accounts(db: AsyncSession) -> None:
    """Refuse a change that would leave no active user able to manage accounts."""
    await db.flush()
    managers = await db.scalar(
        select(func.count())
        .select_from(m.User)
        .where(
            m.User.is_active.is_(True),
            exists().where(
                any_(m.Role.permissions) == Permission.ACCOUNTS_MANAGE.value,
                holds_role(m.Role.name),
            ),
        )
    )
    if not managers:
        raise ConflictError("This would leave nobody able to manage accounts, so it was not done.")


async def invite_user(
    db: AsyncSession,
    *,
    actor_id: uuid.UUID,
    data: InviteRequest,
    base_url: str,
    now: datetime,
) -> InviteCreated:
    email = data.email.strip()
    if await find_user_by_email(db, email) is not None:
        raise ConflictError(
            f"A user with the email {email} already exists.",
            errors=[FieldError("email", "A user with this email already exists.")],
        )
    secondary = await _check_roles(db, data.primary_role, data.secondary_roles)
    contact_id = await link_contact(db, email, data.name.strip())
    if await db.scalar(select(m.User.id).where(m.User.contact_id == contact_id)):
        raise ConflictError(f"The contact with the email {email} already has a login.")
    user = m.User(
        contact_id=contact_id, email=email, primary_role=data.primary_role, is_active=True
    )
    db.add(user)
    try:
        await db.flush()
    except IntegrityError as exc:  # a concurrent invite for the same email won
        raise ConflictError(f"A user with the email {email} already exists.") from exc
    db.add_all(m.UserRole(user_id=user.id, role_name=name) for name in secondary)
    token = new_token()
    invite = m.Invite(
        user_id=user.id,
        token_hash=hash_token(token),
        created_by=actor_id,
        created_at=now,
        expires_at=now + INVITE_LIFETIME,
    )
    db.add(invite)
    await audit.record(
        db,
        actor_id=actor_id,
        action="user.invited",
        target_type="user",
        target_id=user.id,
        changes=audit.created(
            {
                "email": email,
                "name": data.name.strip(),
                "primary_role": data.primary_role,
                "secondary_roles": secondary,
                "is_active": True,
            }
        ),
        at=now,
    )
    return InviteCreated(
        user=await _view(db, user),
        invite_url=f"{base_url.rstrip('/')}/invite/{token}",
        expires_at=invite.expires_at,
    )


async def change_roles(
    db: AsyncSession, *, actor_id: uuid.UUID, user_id: uuid.UUID, data: RolesChange, now: datetime
) -> User:
    user = await _user(db, user_id, lock=True)
    before = await _view(db, user)
    secondary = await _check_roles(db, data.primary_role, data.secondary_roles)
    user.primary_role = data.primary_role
    await db.execute(delete(m.UserRole).where(m.UserRole.user_id == user.id))
    db.add_all(m.UserRole(user_id=user.id, role_name=name) for name in secondary)
    await ensure_someone_manages_accounts(db)
    changes = audit.diff(
        {"primary_role": before.primary_role, "secondary_roles": before.secondary_roles},
        {"primary_role": data.primary_role, "secondary_roles": secondary},
    )
    if changes:
        await audit.record(
            db,
            actor_id=actor_id,
            action="user.roles_changed",
            target_type="user",
            target_id=user.id,
            changes=changes,
            at=now,
        )
    return await _view(db, user)


async def set_active(
    db: AsyncSession, *, actor_id: uuid.UUID, user_id: uuid.UUID, active: bool, now: datetime
) -> User:
    user = await _user(db, user_id, lock=True)
    if not active and user.id == actor_id:
        raise ConflictError("You cannot deactivate your own account.")
    if user.is_active != active:
        user.is_active = active
        await ensure_someone_manages_accounts(db)
        await audit.record(
            db,
            actor_id=actor_id,
            action="user.reactivated" if active else "user.deactivated",
            target_type="user",
            target_id=user.id,
            changes={"is_active": {"from": not active, "to": active}},
            at=now,
        )
    return await _view(db, user)


async def record_forced_logout(
    db: AsyncSession, *, actor_id: uuid.UUID, user_id: uuid.UUID, now: datetime
) -> User:
    user = await _user(db, user_id, lock=True)
    await audit.record(
        db,
        actor_id=actor_id,
        action="user.logged_out",
        target_type="user",
        target_id=user.id,
        changes={"sessions": {"from": "any", "to": "none"}},
        at=now,
    )
    return await _view(db, user)
