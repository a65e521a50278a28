"""Who sees which jobs: queues come from the user's roles; supervisors see every queue.

A worker sees the queues of all their roles (primary and secondary) and any job assigned
to them; a job outside that is "not found" rather than "forbidden", so ids cannot be probed.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy import ColumnElement, false, or_, select, true
from sqlalchemy.ext.asyncio import AsyncSession

from app.auth.models import Role, User, UserRole
from app.auth.permissions import Permission
from app.auth.principal import UserPrincipal
from app.jobs.models import Job


@dataclass(frozen=True, slots=True)
class Viewer:
    user_id: uuid.UUID
    supervisor: bool
    # The queues of the user's own roles (what "my dashboards" are).
    own_queues: frozenset[str]
    # Every queue they may see: their own, or every role's queue for a supervisor.
    queues: frozenset[str]
    active_role: str

    def may_see(self, job: Job) -> bool:
        return self.supervisor or job.queue in self.queues or job.assignee_id == self.user_id

    def visible(self) -> ColumnElement[bool]:
        """A WHERE clause: the jobs this viewer may see."""
        if self.supervisor:
            return true()
        if not self.queues:
            return Job.assignee_id == self.user_id
        return or_(Job.queue.in_(sorted(self.queues)), Job.assignee_id == self.user_id)

    def only_queues(self, wanted: list[str]) -> ColumnElement[bool]:
        if not wanted:
            return true()
        allowed = wanted if self.supervisor else [q for q in wanted if q in self.queues]
        return Job.queue.in_(allowed) if allowed else false()


async def user_queues(db: AsyncSession, user_id: uuid.UUID) -> frozenset[str]:
    primary = select(User.primary_role).where(User.id == user_id)
    secondary = select(UserRole.role_name).where(UserRole.user_id == user_id)
    rows = await db.scalars(
        select(Role.queue).where(
            Role.queue.is_not(None), or_(Role.name.in_(primary), Role.name.in_(secondary))
        )
    )
    return frozenset(q for q in rows if q)


async def all_queues(db: AsyncSession) -> frozenset[str]:
    rows = await db.scalars(select(Role.queue).where(Role.queue.is_not(None)))
    return frozenset(q for q in rows if q)


async def viewer_of(db: AsyncSession, user: UserPrincipal) -> Viewer:
    supervisor = Permission.JOBS_SUPERVISE in user.permissions
    own = await user_queues(db, user.user_id)
    return Viewer(
        user_id=user.user_id,
        supervisor=supervisor,
        own_queues=own,
        queues=(await all_queues(db)) | own if supervisor else own,
        active_role=user.active_role,
    )


async def may_work_queue(db: AsyncSession, user_id: uuid.UUID, queue: str) -> bool:
    """Whether a user can be given a job of this queue: active, and a role works it."""
    active = await db.scalar(select(User.is_active).where(User.id == user_id))
    if not active:
        return False
    if queue in await user_queues(db, user_id):
        return True
    roles = await db.scalars(
        select(Role.permissions).where(
            or_(
                Role.name.in_(select(User.primary_role).where(User.id == user_id)),
                Role.name.in_(select(UserRole.role_name).where(UserRole.user_id == user_id)),
            )
        )
    )
    return any(Permission.JOBS_SUPERVISE.value in perms for perms in roles)


async def viewer_for(db: AsyncSession, user_id: uuid.UUID) -> Viewer:
    """A user's viewer outside a request (demo data, scripts): their primary role's rights."""
    user = await db.get(User, user_id)
    assert user is not None, f"no user {user_id}"
    role = await db.get(Role, user.primary_role)
    supervisor = role is not None and Permission.JOBS_SUPERVISE.value in role.permissions
    own = await user_queues(db, user_id)
    return Viewer(
        user_id=user_id,
        supervisor=supervisor,
        own_queues=own,
        queues=(await all_queues(db)) | own if supervisor else own,
        active_role=user.primary_role,
    )


async def staff_for_queue(session: AsyncSession, queue: str, audience: str) -> list[uuid.UUID]:
    """Active users who work `queue` (by their primary or a secondary role); for
    `supervisors`, those of them who may supervise jobs, else every supervisor."""
    queue_roles = select(Role.name).where(Role.queue == queue)
    in_queue = or_(
        User.primary_role.in_(queue_roles),
        User.id.in_(select(UserRole.user_id).where(UserRole.role_name.in_(queue_roles))),
    )
    supervising_roles = select(Role.name).where(
        Role.permissions.contains([Permission.JOBS_SUPERVISE.value])
    )
    supervises = or_(
        User.primary_role.in_(supervising_roles),
        User.id.in_(select(UserRole.user_id).where(UserRole.role_name.in_(supervising_roles))),
    )
    active = User.is_active.is_(True)
    if audience != "supervisors":
        return list(
            await session.scalars(select(User.id).where(active, in_queue).order_by(User.id))
        )
    both = list(
        await session.scalars(select(User.id).where(active, in_queue, supervises).order_by(User.id))
    )
    if both:
        return both
    return list(await session.scalars(select(User.id).where(active, supervises).order_by(User.id)))
