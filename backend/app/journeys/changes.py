"""`GET /journeys/{id}/diff`: what changed between two versions of a journey (or a
version and the saved draft), step by step and field by field (app.engine.diff)."""

from __future__ import annotations

import uuid

from sqlalchemy.ext.asyncio import AsyncSession

from app.engine.definition import JourneyDefinition
from app.engine.diff import GraphDiff, diff_definitions
from app.journeys import services, views
from app.journeys.versions import definition_of
from app.lib.problems import NotFoundError


async def _version(db: AsyncSession, journey_id: uuid.UUID, version: int) -> JourneyDefinition:
    found = await definition_of(db, journey_id, version)
    if found is None:
        raise NotFoundError(f"This journey has no version {version}.")
    return found


async def graph_diff(
    db: AsyncSession,
    journey_id: uuid.UUID,
    *,
    from_version: int | None,
    to_version: int | None,
) -> GraphDiff:
    """`to_version` against `from_version`. Left out: from the published version (nothing,
    before the first publish) to the saved draft."""
    row = await services.get_row(db, journey_id)
    start = from_version if from_version is not None else row.published_version
    before = await _version(db, journey_id, start) if start is not None else None
    after = (
        await _version(db, journey_id, to_version)
        if to_version is not None
        else views.definition_of(row)
    )
    return diff_definitions(before, after)
