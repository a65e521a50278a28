"""Rows to API shapes: who changed what (names, not ids), decoded definitions, problems."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from typing import cast

import msgspec
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.auth.models import User
from app.contacts.models import Contact
from app.engine.definition import JourneyDefinition
from app.engine.problems import Problem
from app.journeys.models import Journey as JourneyRow
from app.journeys.models import JourneyVersion as VersionRow
from app.journeys.schemas import (
    Journey,
    JourneyStatus,
    JourneySummary,
    JourneyVersion,
    Person,
    VersionSummary,
)


async def people(db: AsyncSession, ids: Iterable[uuid.UUID | None]) -> dict[uuid.UUID, Person]:
    wanted = {i for i in ids if i is not None}
    if not wanted:
        return {}
    rows = await db.execute(
        select(User.id, Contact.name, User.email)
        .join(Contact, Contact.id == User.contact_id)
        .where(User.id.in_(wanted))
    )
    return {user_id: Person(user_id, name or email) for user_id, name, email in rows}


def definition_of(row: JourneyRow | VersionRow) -> JourneyDefinition:
    return msgspec.convert(row.definition, JourneyDefinition)


def _summary(row: JourneyRow, who: dict[uuid.UUID, Person]) -> JourneySummary:
    return JourneySummary(
        id=row.id,
        name=row.name,
        description=row.description,
        # A check constraint keeps it to the four statuses.
        status=cast(JourneyStatus, row.status),
        draft_revision=row.draft_revision,
        published_version=row.published_version,
        has_unpublished_changes=row.published_revision != row.draft_revision,
        updated_at=row.updated_at,
        updated_by=who.get(row.updated_by) if row.updated_by else None,
        created_at=row.created_at,
    )


async def summaries(db: AsyncSession, rows: list[JourneyRow]) -> list[JourneySummary]:
    who = await people(db, (row.updated_by for row in rows))
    return [_summary(row, who) for row in rows]


async def journey(
    db: AsyncSession, row: JourneyRow, definition: JourneyDefinition, problems: list[Problem]
) -> Journey:
    summary = (await summaries(db, [row]))[0]
    return Journey(**msgspec.structs.asdict(summary), definition=definition, problems=problems)


async def versions(db: AsyncSession, rows: list[VersionRow]) -> list[JourneyVersion]:
    who = await people(db, (row.published_by for row in rows))
    return [
        JourneyVersion(
            journey_id=row.journey_id,
            version=row.version,
            definition=definition_of(row),
            published_at=row.published_at,
            published_by=who[row.published_by],
            note=row.note,
        )
        for row in rows
    ]


async def version_summaries(db: AsyncSession, rows: list[VersionRow]) -> list[VersionSummary]:
    who = await people(db, (row.published_by for row in rows))
    return [
        VersionSummary(
            version=row.version,
            published_at=row.published_at,
            published_by=who[row.published_by],
            note=row.note,
        )
        for row in rows
    ]
