"""Published journey versions as the engine reads them, decoded once per process.

A published version never changes (a database trigger refuses updates), so a process
keeps each one it has read: the worker decodes a version once, not once per batch.
"""

from __future__ import annotations

import uuid

import msgspec
from sqlalchemy.ext.asyncio import AsyncSession

from app.engine.definition import JourneyDefinition
from app.journeys.models import JourneyVersion

_definitions: dict[tuple[uuid.UUID, int], JourneyDefinition] = {}


async def definition_of(
    session: AsyncSession, journey_id: uuid.UUID, version: int
) -> JourneyDefinition | None:
    """The version's definition (read and kept on first use); None when there is none."""
    key = (journey_id, version)
    cached = _definitions.get(key)
    if cached is None:
        row = await session.get(JourneyVersion, key)
        if row is None:
            return None
        cached = _definitions[key] = msgspec.convert(row.definition, JourneyDefinition)
    return cached


def loaded_definition(journey_id: uuid.UUID, version: int) -> JourneyDefinition | None:
    """A version `definition_of` has read before (None when it has not)."""
    return _definitions.get((journey_id, version))
