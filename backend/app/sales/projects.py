"""Projects and what they are made of: the outcome list, funnel stages, buckets and
members. Managing them needs sales:manage (checked by the routes); reading them, a
member's sales:work too (app.sales.access)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.auth import audit
from app.auth.principal import UserPrincipal
from app.lib.db import any_uuid
from app.lib.problems import ConflictError, FieldError, InvalidInputError, NotFoundError
from app.sales.access import is_member, manages, no_project, visible_project
from app.sales.models import Bucket, BucketUser, Card, Member, Outcome, Process, Project, Stage
from app.sales.people import people, require_active_users
from app.sales.schemas import (
    BucketCreate,
    BucketUpdate,
    BucketView,
    MembersReplace,
    OutcomeInput,
    OutcomeView,
    ProjectCreate,
    ProjectDetail,
    ProjectSummary,
    ProjectUpdate,
    StageInput,
    StageView,
)

# ---- reading -------------------------------------------------------------------------


async def _counts(
    session: AsyncSession, column: Any, project_id: uuid.UUID
) -> dict[uuid.UUID | None, int]:
    """How many of the project's cards have each value of a column of theirs (bucket,
    stage; None: in none)."""
    rows = await session.execute(
        select(column, func.count()).where(Card.project_id == project_id).group_by(column)
    )
    return dict(rows.all())


async def detail(session: AsyncSession, project: Project, user: UserPrincipal) -> ProjectDetail:
    outcomes = await session.scalars(
        select(Outcome).where(Outcome.project_id == project.id).order_by(Outcome.position)
    )
    stages = list(
        await session.scalars(
            select(Stage).where(Stage.project_id == project.id).order_by(Stage.position)
        )
    )
    buckets = list(
        await session.scalars(
            select(Bucket).where(Bucket.project_id == project.id).order_by(Bucket.name)
        )
    )
    handed: dict[uuid.UUID, list[uuid.UUID]] = {}
    for bucket_id, user_id in await session.execute(
        select(BucketUser.bucket_id, BucketUser.user_id).where(
            BucketUser.bucket_id == any_uuid(b.id for b in buckets)
        )
    ):
        handed.setdefault(bucket_id, []).append(user_id)
    by_stage = await _counts(session, Card.stage_id, project.id)
    by_bucket = await _counts(session, Card.bucket_id, project.id)
    member_ids = list(
        await session.scalars(select(Member.user_id).where(Member.project_id == project.id))
    )
    members = sorted((await people(session, member_ids)).values(), key=lambda p: p.name.lower())
    return ProjectDetail(
        id=project.id,
        name=project.name,
        description=project.description,
        outcomes=[OutcomeView(o.id, o.name, o.is_booking) for o in outcomes],
        stages=[StageView(s.id, s.name, s.position, by_stage.get(s.id, 0)) for s in stages],
        buckets=[
            BucketView(b.id, b.name, sorted(handed.get(b.id, []), key=str), by_bucket.get(b.id, 0))
            for b in buckets
        ],
        members=members,
        cards=sum(by_bucket.values()),
        is_member=user.user_id in member_ids,
        can_manage=manages(user),
        created_at=project.created_at,
        updated_at=project.updated_at,
    )


async def list_projects(session: AsyncSession, user: UserPrincipal) -> list[ProjectSummary]:
    """The projects the caller may see, by name, with their card counts."""
    mine = select(Member.project_id).where(Member.user_id == user.user_id)
    query = select(Project).order_by(Project.name)
    if not manages(user):
        query = query.where(Project.id.in_(mine))
    projects = list(await session.scalars(query))
    ids = [p.id for p in projects]
    counts = {
        project_id: (total, unprocessed, held)
        for project_id, total, unprocessed, held in await session.execute(
            select(
                Card.project_id,
                func.count(),
                func.count().filter(~Card.processed),
                func.count().filter(Card.holder_id == user.user_id),
            )
            .where(Card.project_id == any_uuid(ids))
            .group_by(Card.project_id)
        )
    }
    members = dict(
        (
            await session.execute(
                select(Member.project_id, func.count())
                .where(Member.project_id == any_uuid(ids))
                .group_by(Member.project_id)
            )
        ).all()
    )
    member_of = set(await session.scalars(mine))
    return [
        ProjectSummary(
            id=p.id,
            name=p.name,
            description=p.description,
            cards=counts.get(p.id, (0, 0, 0))[0],
            unprocessed=counts.get(p.id, (0, 0, 0))[1],
            members=members.get(p.id, 0),
            my_cards=counts.get(p.id, (0, 0, 0))[2],
            is_member=p.id in member_of,
            created_at=p.created_at,
        )
        for p in projects
    ]


async def get_project(
    session: AsyncSession, project_id: uuid.UUID, user: UserPrincipal
) -> ProjectDetail:
    return await detail(session, await visible_project(session, project_id, user), user)


async def project_row(session: AsyncSession, project_id: uuid.UUID) -> Project:
    project = await session.get(Project, project_id, with_for_update=True)
    if project is None:
        raise no_project(project_id)
    return project


# ---- checking lists ------------------------------------------------------------------


def _refuse(errors: list[FieldError]) -> None:
    if errors:
        raise InvalidInputError(
            f"The request is not valid. {errors[0].field}: {errors[0].message}", errors=errors
        )


def _duplicates(
    names: Sequence[str], field: str, what: str, *, suffix: str = ".name"
) -> list[FieldError]:
    """A blank name, or a name on the list twice (case aside), named by its place."""
    seen: set[str] = set()
    errors = []
    for index, name in enumerate(names):
        key = name.strip().casefold()
        where = f"{field}[{index}]{suffix}"
        if not key:
            errors.append(FieldError(where, f"Give the {what} a name."))
        elif key in seen:
            errors.append(FieldError(where, f"“{name.strip()}” is on the list twice."))
        seen.add(key)
    return errors


def named(value: str, field: str, what: str) -> str:
    """The name without surrounding spaces; a 400 naming the field when nothing is left."""
    stripped = value.strip()
    if not stripped:
        raise InvalidInputError.on_field(field, f"Give the {what} a name.")
    return stripped


def check_outcomes(outcomes: Sequence[OutcomeInput]) -> None:
    if not outcomes:
        raise InvalidInputError.on_field(
            "outcomes",
            "A project needs at least one outcome (e.g. “Booking”, “Call back”, "
            "“Not interested”): staff process a card by choosing one.",
        )
    _refuse(_duplicates([o.name for o in outcomes], "outcomes", "outcome"))


# ---- writing -------------------------------------------------------------------------


async def _name_taken(session: AsyncSession, name: str, but: uuid.UUID | None = None) -> None:
    query = select(Project.id).where(func.lower(Project.name) == name.strip().lower())
    if but is not None:
        query = query.where(Project.id != but)
    if await session.scalar(query) is not None:
        raise ConflictError(
            f"There is already a project called “{name.strip()}”: choose another name.",
            errors=[FieldError("name", "taken")],
        )


async def create_project(
    session: AsyncSession, data: ProjectCreate, user: UserPrincipal, now: datetime
) -> ProjectDetail:
    named(data.name, "name", "project")
    check_outcomes(data.outcomes)
    _refuse(
        _duplicates([s.name for s in data.stages], "stages", "stage")
        + _duplicates(data.buckets, "buckets", "bucket", suffix="")
    )
    await require_active_users(session, data.member_ids, "member_ids")
    await _name_taken(session, data.name)
    project = Project(name=data.name.strip(), description=data.description, created_by=user.user_id)
    session.add(project)
    await session.flush()
    await _write_outcomes(session, project.id, data.outcomes)
    await _write_stages(session, project.id, data.stages)
    session.add_all(
        Bucket(project_id=project.id, name=name.strip(), created_at=now) for name in data.buckets
    )
    session.add_all(
        Member(project_id=project.id, user_id=user_id, added_at=now)
        for user_id in dict.fromkeys(data.member_ids)
    )
    await audit.record(
        session,
        actor_id=user.user_id,
        action="sales_project.created",
        target_type="sales_project",
        target_id=project.id,
        changes=audit.created({"name": project.name}),
        at=now,
    )
    await session.flush()
    await session.refresh(project)
    return await detail(session, project, user)


async def update_project(
    session: AsyncSession,
    project_id: uuid.UUID,
    data: ProjectUpdate,
    user: UserPrincipal,
    now: datetime,
) -> ProjectDetail:
    project = await project_row(session, project_id)
    before = {"name": project.name, "description": project.description}
    if isinstance(data.name, str):
        await _name_taken(session, data.name, but=project_id)
        project.name = named(data.name, "name", "project")
    if isinstance(data.description, str):
        project.description = data.description
    project.updated_at = now
    changes = audit.diff(before, {"name": project.name, "description": project.description})
    if changes:
        await audit.record(
            session,
            actor_id=user.user_id,
            action="sales_project.updated",
            target_type="sales_project",
            target_id=project.id,
            changes=changes,
            at=now,
        )
    await session.flush()
    await session.refresh(project)
    return await detail(session, project, user)


async def _write_outcomes(
    session: AsyncSession, project_id: uuid.UUID, outcomes: Sequence[OutcomeInput]
) -> None:
    """The list as given: kept ids updated in place, new ones made, the rest removed
    (cards and history keep the name they were given)."""
    existing = {
        o.id: o
        for o in await session.scalars(select(Outcome).where(Outcome.project_id == project_id))
    }
    _refuse(
        [
            FieldError(f"outcomes[{index}].id", "Not an outcome of this project.")
            for index, item in enumerate(outcomes)
            if item.id is not None and item.id not in existing
        ]
    )
    kept = {item.id for item in outcomes if item.id is not None}
    removed = delete(Outcome).where(Outcome.project_id == project_id)
    await session.execute(removed.where(Outcome.id.not_in(kept)) if kept else removed)
    # Names are unique per project: park the kept ones first, so a swap of two names works.
    for outcome_id in kept:
        existing[outcome_id].name = f"\x1f{outcome_id}"
    await session.flush()
    for position, item in enumerate(outcomes):
        if item.id is not None:
            row = existing[item.id]
            row.name, row.is_booking, row.position = item.name.strip(), item.is_booking, position
        else:
            session.add(
                Outcome(
                    project_id=project_id,
                    name=item.name.strip(),
                    is_booking=item.is_booking,
                    position=position,
                )
            )
    await session.flush()


async def replace_outcomes(
    session: AsyncSession,
    project_id: uuid.UUID,
    outcomes: Sequence[OutcomeInput],
    user: UserPrincipal,
) -> ProjectDetail:
    check_outcomes(outcomes)
    project = await project_row(session, project_id)
    await _write_outcomes(session, project_id, outcomes)
    return await detail(session, project, user)


async def _write_stages(
    session: AsyncSession, project_id: uuid.UUID, stages: Sequence[StageInput]
) -> None:
    existing = {
        s.id: s for s in await session.scalars(select(Stage).where(Stage.project_id == project_id))
    }
    _refuse(
        [
            FieldError(f"stages[{index}].id", "Not a stage of this project.")
            for index, item in enumerate(stages)
            if item.id is not None and item.id not in existing
        ]
    )
    kept = {item.id for item in stages if item.id is not None}
    removed = delete(Stage).where(Stage.project_id == project_id)
    await session.execute(removed.where(Stage.id.not_in(kept)) if kept else removed)
    for stage_id in kept:
        existing[stage_id].name = f"\x1f{stage_id}"
    await session.flush()
    for position, item in enumerate(stages):
        if item.id is not None:
            existing[item.id].name, existing[item.id].position = item.name.strip(), position
        else:
            session.add(Stage(project_id=project_id, name=item.name.strip(), position=position))
    await session.flush()


async def replace_stages(
    session: AsyncSession,
    project_id: uuid.UUID,
    stages: Sequence[StageInput],
    user: UserPrincipal,
) -> ProjectDetail:
    _refuse(_duplicates([s.name for s in stages], "stages", "stage"))
    project = await project_row(session, project_id)
    await _write_stages(session, project_id, stages)
    return await detail(session, project, user)


async def replace_members(
    session: AsyncSession,
    project_id: uuid.UUID,
    data: MembersReplace,
    user: UserPrincipal,
    now: datetime,
) -> ProjectDetail:
    project = await project_row(session, project_id)
    wanted = list(dict.fromkeys(data.user_ids))
    before = set(
        await session.scalars(select(Member.user_id).where(Member.project_id == project_id))
    )
    # Only users added now must be active: one deactivated since stays until removed.
    added = [u for u in wanted if u not in before]
    found = await people(session, added)
    _refuse(
        [
            FieldError(f"user_ids[{data.user_ids.index(u)}]", f"There is no active user {u}.")
            for u in added
            if u not in found or not found[u].active
        ]
    )
    leaving = delete(Member).where(Member.project_id == project_id)
    await session.execute(leaving.where(Member.user_id.not_in(wanted)) if wanted else leaving)
    session.add_all(Member(project_id=project_id, user_id=u, added_at=now) for u in added)
    # A user no longer a member is no longer handed the project's buckets.
    bucket_ids = select(Bucket.id).where(Bucket.project_id == project_id)
    removed = before - set(wanted)
    if removed:
        await session.execute(
            delete(BucketUser).where(
                BucketUser.bucket_id.in_(bucket_ids), BucketUser.user_id == any_uuid(removed)
            )
        )
    if added or removed:
        await audit.record(
            session,
            actor_id=user.user_id,
            action="sales_project.members_changed",
            target_type="sales_project",
            target_id=project_id,
            changes={
                "members": {
                    "from": sorted(str(u) for u in before),
                    "to": sorted(str(u) for u in wanted),
                }
            },
            at=now,
        )
    await session.flush()
    return await detail(session, project, user)


# ---- buckets -------------------------------------------------------------------------


async def _members_only(
    session: AsyncSession, project_id: uuid.UUID, user_ids: Sequence[uuid.UUID]
) -> None:
    members = set(
        await session.scalars(select(Member.user_id).where(Member.project_id == project_id))
    )
    _refuse(
        [
            FieldError(
                f"user_ids[{index}]",
                f"User {user_id} is not a member of this project: add them first.",
            )
            for index, user_id in enumerate(user_ids)
            if user_id not in members
        ]
    )


async def _bucket_view(session: AsyncSession, bucket: Bucket) -> BucketView:
    users = await session.scalars(
        select(BucketUser.user_id).where(BucketUser.bucket_id == bucket.id)
    )
    cards = await session.scalar(select(func.count()).where(Card.bucket_id == bucket.id))
    return BucketView(bucket.id, bucket.name, sorted(users, key=str), int(cards or 0))


async def _bucket_name_free(
    session: AsyncSession, project_id: uuid.UUID, name: str, but: uuid.UUID | None = None
) -> None:
    query = select(Bucket.id).where(
        Bucket.project_id == project_id, func.lower(Bucket.name) == name.strip().lower()
    )
    if but is not None:
        query = query.where(Bucket.id != but)
    if await session.scalar(query) is not None:
        raise ConflictError(
            f"This project already has a bucket called “{name.strip()}”.",
            errors=[FieldError("name", "taken")],
        )


async def create_bucket(
    session: AsyncSession, project_id: uuid.UUID, data: BucketCreate, now: datetime
) -> BucketView:
    await project_row(session, project_id)
    name = named(data.name, "name", "bucket")
    await _members_only(session, project_id, data.user_ids)
    await _bucket_name_free(session, project_id, name)
    bucket = Bucket(project_id=project_id, name=name, created_at=now)
    session.add(bucket)
    await session.flush()
    session.add_all(
        BucketUser(bucket_id=bucket.id, user_id=u) for u in dict.fromkeys(data.user_ids)
    )
    await session.flush()
    return await _bucket_view(session, bucket)


async def _bucket_row(session: AsyncSession, bucket_id: uuid.UUID) -> Bucket:
    bucket = await session.get(Bucket, bucket_id, with_for_update=True)
    if bucket is None:
        raise NotFoundError(f"There is no bucket {bucket_id}.")
    return bucket


async def update_bucket(
    session: AsyncSession, bucket_id: uuid.UUID, data: BucketUpdate
) -> BucketView:
    bucket = await _bucket_row(session, bucket_id)
    if isinstance(data.name, str):
        name = named(data.name, "name", "bucket")
        await _bucket_name_free(session, bucket.project_id, name, but=bucket.id)
        bucket.name = name
    if isinstance(data.user_ids, list):
        await _members_only(session, bucket.project_id, data.user_ids)
        await session.execute(delete(BucketUser).where(BucketUser.bucket_id == bucket.id))
        session.add_all(
            BucketUser(bucket_id=bucket.id, user_id=u) for u in dict.fromkeys(data.user_ids)
        )
    await session.flush()
    return await _bucket_view(session, bucket)


async def delete_bucket(session: AsyncSession, bucket_id: uuid.UUID) -> None:
    """Its cards stay in the project, in no bucket. A process that puts cards into it must
    be changed first."""
    bucket = await _bucket_row(session, bucket_id)
    names = list(
        await session.scalars(
            select(Process.name).where(Process.bucket_id == bucket.id).order_by(Process.name)
        )
    )
    if names:
        raise ConflictError(
            f"The automatic process “{names[0]}” puts cards into this bucket: choose another "
            "place for them there first."
        )
    await session.delete(bucket)
    await session.flush()


async def member_or_manager(
    session: AsyncSession, project_id: uuid.UUID, user: UserPrincipal
) -> bool:
    return manages(user) or await is_member(session, project_id, user.user_id)
