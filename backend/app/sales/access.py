"""Who may see and work a project: a member holding sales:work, or anyone holding
sales:manage. A project the caller may not see answers 404, as if it did not exist."""

from __future__ import annotations

import uuid

from sqlalchemy import exists, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.auth.permissions import Permission
from app.auth.principal import UserPrincipal
from app.lib.problems import NotFoundError
from app.sales.models import Member, Project


def manages(user: UserPrincipal) -> bool:
    return Permission.SALES_MANAGE in user.permissions


async def is_member(session: AsyncSession, project_id: uuid.UUID, user_id: uuid.UUID) -> bool:
    found = await session.scalar(
        select(exists().where(Member.project_id == project_id, Member.user_id == user_id))
    )
    return bool(found)


def no_project(project_id: uuid.UUID) -> NotFoundError:
    return NotFoundError(f"There is no sales project {project_id} (or you are not a member).")


async def visible_project(
    session: AsyncSession, project_id: uuid.UUID, user: UserPrincipal
) -> Project:
    """The project, when the caller may see it."""
    project = await session.get(Project, project_id)
    if project is None:
        raise no_project(project_id)
    if not manages(user) and not await is_member(session, project_id, user.user_id):
        raise no_project(project_id)
    return project
