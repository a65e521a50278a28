"""Keyword search over jobs: one tsvector per job (title, guidance, notes, contact name).

The `simple` configuration: no stemming or stop words, so names ("Will", "May") match.
"""

from __future__ import annotations

import uuid
from typing import Final

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

CONFIG: Final = "simple"

_REFRESH = text(
    """
    UPDATE jobs SET search = to_tsvector('simple',
        jobs.title || ' ' || jobs.guidance || ' ' ||
        coalesce((SELECT c.name FROM contacts c WHERE c.id = jobs.contact_id), '') || ' ' ||
        coalesce((SELECT string_agg(n.body, ' ') FROM job_notes n WHERE n.job_id = jobs.id), ''))
    WHERE jobs.id = :job_id
    """
)


async def refresh_search(db: AsyncSession, job_id: uuid.UUID) -> None:
    await db.execute(_REFRESH, {"job_id": job_id})
