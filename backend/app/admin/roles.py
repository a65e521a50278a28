"""Roles as data: list, define and change them. Every change is audited in the caller's
transaction."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from app.admin.schemas import PermissionInfo, RoleCreate, RoleUpdate
from app.admin.services import ensure_someone_manages_accounts, holds_role
from app.auth import audit
from app.auth import models as m
from app.auth.permissions import CUSTOMER_PERMISSIONS, DESCRIPTIONS, Permission
from app.auth.principal import kind_of_role
from app.auth.schemas import Role
from app.auth.services import role_dto
from app.lib.problems import ConflictError, FieldError, InvalidInputError, NotFoundError


def permissions() -> list[PermissionInfo]:
    return [PermissionInfo(name=p.value, description=DESCRIPTIONS[p]) for p in Permission]


async def list_roles(db: AsyncSession) -> list[Role]:
    return [role_dto(r) for r in await db.scalars(select(m.Role).order_by(m.Role.name))]


def _check_permissions(permissions: list[Permission]) -> list[str]:
    unique = sorted(set(permissions))
    portal = set(unique) & CUSTOMER_PERMISSIONS
    if portal and len(portal) < len(unique):
        raise InvalidInputError.on_field(
            "permissions",
            "portal:self makes a customer role; it cannot be combined with staff permissions.",
        )
    if portal and Permission.PORTAL_SELF not in portal:
        raise InvalidInputError.on_field(
            "permissions", "portal:affiliate is for customer roles: add portal:self with it."
        )
    return [p.value for p in unique]


def _role_fields(role: m.Role) -> dict[str, Any]:
    return {
        "label": role.label,
        "permissions": list(role.permissions),
        "queue": role.queue,
        "dashboard": role.dashboard,
    }


async def create_role(
    db: AsyncSession, *, actor_id: uuid.UUID, data: RoleCreate, now: datetime
) -> Role:
    if await db.get(m.Role, data.name) is not None:
        raise ConflictError(
            f"A role named '{data.name}' already exists.",
            errors=[FieldError("name", "A role with this name already exists.")],
        )
    role = m.Role(
        name=data.name,
        label=data.label,
        permissions=_check_permissions(data.permissions),
        queue=data.queue,
        dashboard=data.dashboard,
    )
    db.add(role)
    try:
        await db.flush()
    except IntegrityError as exc:
        raise ConflictError(f"A role named '{data.name}' already exists.") from exc
    await audit.record(
        db,
        actor_id=actor_id,
        action="role.created",
        target_type="role",
        target_id=role.name,
        changes=audit.created(_role_fields(role)),
        at=now,
    )
    return role_dto(role)


async def update_role(
    db: AsyncSession, *, actor_id: uuid.UUID, name: str, data: RoleUpdate, now: datetime
) -> Role:
    role = await db.get(m.Role, name, with_for_update=True)
    if role is None:
        raise NotFoundError(f"There is no role named '{name}'.")
    before = _role_fields(role)
    permissions = _check_permissions(data.permissions)
    if kind_of_role(permissions) != kind_of_role(role.permissions) and await db.scalar(
        select(func.count()).select_from(m.User).where(holds_role(name))
    ):
        raise ConflictError(
            "Users hold this role, so it cannot switch between a staff and a customer role."
        )
    role.label, role.permissions = data.label, permissions
    role.queue, role.dashboard = data.queue, data.dashboard
    await ensure_someone_manages_accounts(db)
    changes = audit.diff(before, _role_fields(role))
    if changes:
        await audit.record(
            db,
            actor_id=actor_id,
            action="role.updated",
            target_type="role",
            target_id=role.name,
            changes=changes,
            at=now,
        )
    return role_dto(role)
