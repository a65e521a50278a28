"""Reading journeys and making new ones: list, get, create, duplicate, templates, import,
export, versions and (for now empty) step statistics."""

from __future__ import annotations

import re
import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.auth.principal import Actor
from app.engine.definition import JourneyDefinition
from app.engine.problems import Problem
from app.journeys import catalog, services, views
from app.journeys.library import TemplateNotFoundError, list_templates, load_template
from app.journeys.models import Journey as JourneyRow
from app.journeys.models import JourneyVersion as VersionRow
from app.journeys.schemas import (
    EXPORT_FORMAT,
    Journey,
    JourneyCreate,
    JourneyExport,
    JourneyImport,
    JourneyPage,
    JourneyStatus,
    JourneyVersion,
    VersionSummary,
)
from app.lib.problems import NotFoundError


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


async def list_journeys(
    db: AsyncSession, *, q: str | None, status: JourneyStatus | None, page: int, page_size: int
) -> JourneyPage:
    query = select(JourneyRow)
    # Archived journeys are out of the way unless asked for.
    query = query.where(JourneyRow.status == status if status else JourneyRow.status != "archived")
    if q and q.strip():
        like = f"%{_escape_like(q.strip())}%"
        query = query.where(or_(JourneyRow.name.ilike(like), JourneyRow.description.ilike(like)))
    total = await db.scalar(select(func.count()).select_from(query.subquery())) or 0
    rows = await db.scalars(
        query.order_by(JourneyRow.updated_at.desc(), JourneyRow.id)
        .offset((page - 1) * page_size)
        .limit(page_size)
    )
    return JourneyPage(items=await views.summaries(db, list(rows)), total=total)


async def get_journey(db: AsyncSession, journey_id: uuid.UUID) -> Journey:
    row = await services.get_row(db, journey_id)
    definition = views.definition_of(row)
    return await views.journey(db, row, definition, await catalog.check(db, definition))


async def check(db: AsyncSession, journey_id: uuid.UUID, raw: dict[str, Any]) -> list[Problem]:
    """Validation without saving; a document that does not decode is reported, not refused."""
    await services.get_row(db, journey_id)
    return (await catalog.check_document(db, raw))[1]


async def create(db: AsyncSession, *, actor: Actor, data: JourneyCreate, now: datetime) -> Journey:
    if data.definition is None:
        definition = JourneyDefinition()
        problems = await catalog.check(db, definition)
    else:
        definition, problems = await services.decode(db, data.definition)
    return await services.insert(
        db,
        actor=actor,
        name=data.name,
        description=data.description,
        definition=definition,
        problems=problems,
        now=now,
    )


async def duplicate(
    db: AsyncSession, *, actor: Actor, journey_id: uuid.UUID, name: str | None, now: datetime
) -> Journey:
    source = await services.get_row(db, journey_id)
    definition = views.definition_of(source)
    return await services.insert(
        db,
        actor=actor,
        name=name or f"Copy of {source.name}"[:120],
        description=source.description,
        definition=definition,
        problems=await catalog.check(db, definition),
        now=now,
        origin={"duplicated_from": str(journey_id)},
    )


async def from_template(
    db: AsyncSession, *, actor: Actor, slug: str, name: str | None, now: datetime
) -> Journey:
    infos = {info.slug: info for info in list_templates()}
    try:
        definition = load_template(slug)
    except TemplateNotFoundError:
        raise NotFoundError(f"There is no journey template '{slug}'.") from None
    info = infos[slug]
    return await services.insert(
        db,
        actor=actor,
        name=name or info.name,
        description=info.description,
        definition=definition,
        problems=await catalog.check(db, definition),
        now=now,
        origin={"template": slug},
    )


async def export(db: AsyncSession, journey_id: uuid.UUID) -> tuple[JourneyExport, str]:
    """The draft as a file, and a file name for it."""
    row = await services.get_row(db, journey_id)
    slug = re.sub(r"[^a-z0-9]+", "-", row.name.lower()).strip("-") or "journey"
    document = JourneyExport(
        format=EXPORT_FORMAT,
        name=row.name,
        description=row.description,
        definition=views.definition_of(row),
    )
    return document, f"{slug}.waymark.json"


async def import_document(
    db: AsyncSession, *, actor: Actor, data: JourneyImport, now: datetime
) -> Journey:
    definition, problems = await services.decode(db, data.definition)
    return await services.insert(
        db,
        actor=actor,
        name=data.name,
        description=data.description,
        definition=definition,
        problems=problems,
        now=now,
        action="journey.imported",
    )


async def list_versions(db: AsyncSession, journey_id: uuid.UUID) -> list[VersionSummary]:
    await services.get_row(db, journey_id)
    rows = await db.scalars(
        select(VersionRow)
        .where(VersionRow.journey_id == journey_id)
        .order_by(VersionRow.version.desc())
    )
    return await views.version_summaries(db, list(rows))


async def get_version(db: AsyncSession, journey_id: uuid.UUID, version: int) -> JourneyVersion:
    row = await db.get(VersionRow, (journey_id, version))
    if row is None:
        await services.get_row(db, journey_id)  # 404 for the journey first
        raise NotFoundError(f"This journey has no published version {version}.")
    return (await views.versions(db, [row]))[0]
