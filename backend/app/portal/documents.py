"""Documents: the letters we sent a customer, as the PDFs the letters channel stored.

Scoped like every portal read: the signed-in customer's contact id narrows the query, so
another customer's letter is "not found", the same as one that does not exist.
"""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Final

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.channels import letters
from app.channels.models import Letter, MessageTemplate
from app.lib.problems import NotFoundError
from app.portal.schemas import PortalDocument

_UNTITLED: Final = "Letter"
_NOT_YOURS: Final = "We could not find that document among yours."


async def list_documents(session: AsyncSession, contact_id: uuid.UUID) -> list[PortalDocument]:
    rows = await session.execute(
        select(Letter, MessageTemplate.label)
        .outerjoin(MessageTemplate, MessageTemplate.name == Letter.template)
        .where(Letter.contact_id == contact_id)
        .order_by(Letter.created_at.desc(), Letter.id.desc())
    )
    return [
        PortalDocument(
            id=letter.id,
            title=_title(label),
            kind="letter",
            size=letter.size,
            created_at=letter.created_at,
        )
        for letter, label in rows
    ]


def _title(label: str | None) -> str:
    # Template labels may carry the channel for staff ("Return rejected (letter)").
    return (label or _UNTITLED).removesuffix(" (letter)").strip() or _UNTITLED


async def document_file(
    session: AsyncSession, contact_id: uuid.UUID, data_dir: str, document_id: int
) -> tuple[Path, str]:
    """The PDF's path and a download name, for the customer's own letter only."""
    letter = await session.scalar(
        select(Letter).where(Letter.id == document_id, Letter.contact_id == contact_id)
    )
    if letter is None:
        raise NotFoundError(_NOT_YOURS)
    base = letters.letters_dir(data_dir)
    path = (base / letter.path).resolve()
    if base not in path.parents or not path.is_file():
        raise NotFoundError("The file of that document is missing; please ask us for a copy.")
    day = letter.created_at.date().isoformat()
    return path, f"letter-{day}-{letter.id}.pdf"
