"""Staff's own words for the stages customers see (docs/portal-api.md, "Stage wording").

The code's words (app.portal.wording) are the defaults; permitted staff (`portal:wording`)
override one stage of one job type at a time, and removing an override brings the
default back. Each change is in the audit log (`portal_wording.changed`).
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Collection
from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from app.auth import audit
from app.jobs.models import JobType
from app.jobs.types import get_type
from app.lib.problems import InvalidInputError
from app.portal.models import PortalStageWords
from app.portal.schemas import JobTypeWords, StageWords, StageWordsUpdate
from app.portal.wording import job_stage_label, stages_of


async def overrides_for(db: AsyncSession, job_types: Collection[str]) -> dict[str, dict[str, str]]:
    """job type -> stage -> staff's words, for the job types named."""
    found: dict[str, dict[str, str]] = defaultdict(dict)
    if not job_types:
        return found
    rows = await db.execute(
        select(PortalStageWords.job_type, PortalStageWords.stage, PortalStageWords.words).where(
            PortalStageWords.job_type.in_(list(job_types))
        )
    )
    for job_type, stage, words in rows:
        found[job_type][stage] = words
    return found


def _view(job_type: JobType, rows: dict[str, PortalStageWords]) -> JobTypeWords:
    stages = [
        StageWords(
            stage=stage,
            default_words=job_stage_label(job_type.name, stage) or "",
            words=rows[stage].words if stage in rows else None,
            updated_at=rows[stage].updated_at if stage in rows else None,
        )
        for stage in stages_of(job_type.name, job_type.outcomes)
    ]
    return JobTypeWords(job_type=job_type.name, label=job_type.label, stages=stages)


async def list_words(db: AsyncSession) -> list[JobTypeWords]:
    """Every job type's stages with the default words and any override."""
    types = list(await db.scalars(select(JobType).order_by(JobType.label, JobType.name)))
    saved: dict[str, dict[str, PortalStageWords]] = defaultdict(dict)
    for row in await db.scalars(select(PortalStageWords)):
        saved[row.job_type][row.stage] = row
    return [_view(job_type, saved[job_type.name]) for job_type in types]


async def _stage_of(db: AsyncSession, job_type_name: str, stage: str) -> JobType:
    job_type = await get_type(db, job_type_name)
    known = stages_of(job_type.name, job_type.outcomes)
    if stage not in known:
        raise InvalidInputError.on_field(
            "stage",
            f"“{stage}” is not a stage of job type “{job_type.name}”; "
            f"its stages are {', '.join(known)}",
        )
    return job_type


async def _one(db: AsyncSession, job_type: JobType, stage: str) -> StageWords:
    view = _view(
        job_type,
        {
            row.stage: row
            for row in await db.scalars(
                select(PortalStageWords).where(PortalStageWords.job_type == job_type.name)
            )
        },
    )
    return next(item for item in view.stages if item.stage == stage)


async def set_words(
    db: AsyncSession,
    job_type_name: str,
    stage: str,
    data: StageWordsUpdate,
    *,
    actor_id: uuid.UUID | None,
    now: datetime,
) -> StageWords:
    job_type = await _stage_of(db, job_type_name, stage)
    words = " ".join(data.words.split())
    if not words:
        raise InvalidInputError.on_field("words", "write the words the customer should read")
    before = await db.scalar(
        select(PortalStageWords.words).where(
            PortalStageWords.job_type == job_type.name, PortalStageWords.stage == stage
        )
    )
    await db.execute(
        insert(PortalStageWords)
        .values(
            job_type=job_type.name, stage=stage, words=words, updated_at=now, updated_by=actor_id
        )
        .on_conflict_do_update(
            index_elements=["job_type", "stage"],
            set_={"words": words, "updated_at": now, "updated_by": actor_id},
        )
    )
    if before != words:
        await _audit(db, job_type.name, stage, before, words, actor_id=actor_id, now=now)
    return await _one(db, job_type, stage)


async def reset_words(
    db: AsyncSession,
    job_type_name: str,
    stage: str,
    *,
    actor_id: uuid.UUID | None,
    now: datetime,
) -> StageWords:
    """Back to the code's words (nothing to do when there was no override)."""
    job_type = await _stage_of(db, job_type_name, stage)
    before = await db.scalar(
        delete(PortalStageWords)
        .where(PortalStageWords.job_type == job_type.name, PortalStageWords.stage == stage)
        .returning(PortalStageWords.words)
    )
    if before is not None:
        await _audit(db, job_type.name, stage, before, None, actor_id=actor_id, now=now)
    return await _one(db, job_type, stage)


async def _audit(
    db: AsyncSession,
    job_type: str,
    stage: str,
    before: str | None,
    after: str | None,
    *,
    actor_id: uuid.UUID | None,
    now: datetime,
) -> None:
    await audit.record(
        db,
        actor_id=actor_id,
        action="portal_wording.changed",
        target_type="job_type",
        target_id=job_type,
        changes={f"stage:{stage}": {"from": before, "to": after}},
        at=now,
    )
