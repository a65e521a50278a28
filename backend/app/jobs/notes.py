"""Staff notes on a job: author and time; they feed the job's keyword search."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.jobs import views
from app.jobs.access import Viewer
from app.jobs.models import Job, JobNote
from app.jobs.schemas import Note
from app.jobs.search import refresh_search
from app.jobs.services import record
from app.lib.unit_of_work import UnitOfWork


async def list_notes(db: AsyncSession, job: Job) -> list[Note]:
    rows = list(
        await db.scalars(select(JobNote).where(JobNote.job_id == job.id).order_by(JobNote.id))
    )
    authors = await views.user_refs(db, (n.author_id for n in rows))
    return [
        Note(
            id=n.id,
            body=n.body,
            author=authors.get(n.author_id) if n.author_id else None,
            created_at=n.created_at,
        )
        for n in rows
    ]


async def add_note(unit: UnitOfWork, viewer: Viewer, job: Job, body: str) -> Note:
    db, now = unit.session, unit.now
    note = JobNote(job_id=job.id, author_id=viewer.user_id, body=body, created_at=now)
    db.add(note)
    await db.flush()
    await refresh_search(db, job.id)
    await record(unit, job, viewer.user_id, "job.note_added", {"note_id": (None, note.id)})
    authors = await views.user_refs(db, [viewer.user_id])
    return Note(id=note.id, body=body, author=authors.get(viewer.user_id), created_at=now)
