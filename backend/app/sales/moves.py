"""The audit log of automatic processes, as people read it: what each run moved (or
left), from where to where, and why."""

from __future__ import annotations

import uuid
from typing import Final, Literal, cast

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.contacts.models import Contact
from app.lib.db import any_uuid
from app.sales.models import Bucket, Card, Process, ProcessMove, Project
from app.sales.people import people
from app.sales.schemas import BucketRef, CardContact, MoveView, ProcessRef, ProjectRef

MAX_MOVES: Final = 500


async def move_views(
    session: AsyncSession,
    *,
    process_id: uuid.UUID | None = None,
    run_id: uuid.UUID | None = None,
    card_id: uuid.UUID | None = None,
    limit: int = 100,
) -> list[MoveView]:
    """The newest entries first, of a process, a run or a card."""
    query = select(ProcessMove).order_by(ProcessMove.id.desc()).limit(min(limit, MAX_MOVES))
    if process_id is not None:
        query = query.where(ProcessMove.process_id == process_id)
    if run_id is not None:
        query = query.where(ProcessMove.run_id == run_id)
    if card_id is not None:
        query = query.where(ProcessMove.card_id == card_id)
    rows = list(await session.scalars(query))
    if not rows:
        return []
    projects = dict(
        (
            await session.execute(
                select(Project.id, Project.name).where(
                    Project.id
                    == any_uuid({r.from_project_id for r in rows} | {r.to_project_id for r in rows})
                )
            )
        ).all()
    )
    processes = dict(
        (
            await session.execute(
                select(Process.id, Process.name).where(
                    Process.id == any_uuid({r.process_id for r in rows})
                )
            )
        ).all()
    )
    buckets = dict(
        (
            await session.execute(
                select(Bucket.id, Bucket.name).where(
                    Bucket.id == any_uuid({r.to_bucket_id for r in rows if r.to_bucket_id})
                )
            )
        ).all()
    )
    contacts = {
        card: CardContact(contact, name, email, phone)
        for card, contact, name, email, phone in await session.execute(
            select(Card.id, Contact.id, Contact.name, Contact.email, Contact.phone)
            .join(Contact, Contact.id == Card.contact_id)
            .where(Card.id == any_uuid({r.card_id for r in rows}))
        )
    }
    who = await people(session, [r.to_user_id for r in rows])
    return [
        MoveView(
            id=row.id,
            run_id=row.run_id,
            process=ProcessRef(row.process_id, processes.get(row.process_id, "")),
            card_id=row.card_id,
            contact=contacts[row.card_id],
            from_project=ProjectRef(row.from_project_id, projects.get(row.from_project_id, "")),
            to_project=ProjectRef(row.to_project_id, projects.get(row.to_project_id, "")),
            to_bucket=BucketRef(row.to_bucket_id, buckets.get(row.to_bucket_id, ""))
            if row.to_bucket_id
            else None,
            to_user=who.get(row.to_user_id) if row.to_user_id else None,
            outcome=row.outcome,
            action=cast(Literal["moved", "skipped"], row.action),
            reason=row.reason,
            detail=row.detail,
            at=row.at,
        )
        for row in rows
    ]
