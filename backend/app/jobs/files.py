"""Job files: size and type limits, a sha256 per file, stored under the data dir.

The bytes live in `<data dir>/job-files/<file id>` (never under the SPA or any static
route); they are served only through the API, to people who may see the job.
"""

from __future__ import annotations

import hashlib
import os
import uuid
from pathlib import Path

import anyio
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.jobs import file_content, views
from app.jobs.access import Viewer
from app.jobs.models import Job, JobFile
from app.jobs.schemas import JobFileInfo
from app.jobs.services import record
from app.lib.problems import DomainError, InvalidInputError, NotFoundError
from app.lib.unit_of_work import UnitOfWork
from app.settings import Settings


class TooLargeError(DomainError):
    status = 413


class UnsupportedTypeError(DomainError):
    status = 415


def files_dir(settings: Settings) -> Path:
    return Path(settings.data_dir).resolve() / "job-files"


def _human(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.0f} MiB"
    if size >= 1024:
        return f"{size / 1024:.0f} KiB"
    return f"{size} bytes"


def check_size_announced(settings: Settings, content_length: int | None) -> None:
    """Refuse before reading when the request says it is too big (with a margin for the
    multipart framing)."""
    if content_length is not None and content_length > settings.job_file_max_bytes + 64 * 1024:
        raise too_large(settings)


def too_large(settings: Settings) -> TooLargeError:
    return TooLargeError(
        f"The file is too large: job files may be at most {_human(settings.job_file_max_bytes)}."
    )


def check_content(settings: Settings, filename: str, content_type: str, data: bytes) -> str:
    """The content type to store; raises a clear problem for what may not be stored.

    Parses the whole file (CPU-bound on up to the size limit): call it off the event loop."""
    if not data:
        raise InvalidInputError.on_field("file", "is empty: choose a file with something in it")
    if len(data) > settings.job_file_max_bytes:
        raise too_large(settings)
    kind = content_type.split(";", maxsplit=1)[0].strip().lower()
    allowed = settings.job_file_type_set
    if kind not in allowed:
        raise UnsupportedTypeError(
            f"“{filename}” is {kind or 'of no stated type'}; job files may be: "
            f"{', '.join(sorted(allowed))}."
        )
    # The declared type is checked, not trusted: the whole file is read as that type.
    try:
        file_content.inspect(kind, data)
    except file_content.ContentRefused as refused:
        raise UnsupportedTypeError(
            f"“{filename}” says it is {kind} but its content is not accepted: {refused}."
        ) from refused
    return kind


def _safe_name(filename: str) -> str:
    name = os.path.basename(filename.replace("\\", "/")).strip() or "file"
    return "".join(c for c in name if c.isprintable())[:255]


async def store(
    unit: UnitOfWork,
    settings: Settings,
    viewer: Viewer,
    job: Job,
    *,
    filename: str,
    content_type: str,
    data: bytes,
) -> JobFileInfo:
    kind = await anyio.to_thread.run_sync(check_content, settings, filename, content_type, data)
    row = await attach(
        unit,
        settings,
        job,
        filename=filename,
        content_type=kind,
        data=data,
        uploaded_by=viewer.user_id,
    )
    return (await infos(unit.session, [row]))[0]


async def attach(
    unit: UnitOfWork,
    settings: Settings,
    job: Job,
    *,
    filename: str,
    content_type: str,
    data: bytes,
    uploaded_by: uuid.UUID | None,
) -> JobFile:
    """Store the bytes and the row, audited. `store` checks what people upload first; the
    system attaches its own files (a letter's PDF) with `uploaded_by` None."""
    db, now = unit.session, unit.now
    file_id = uuid.uuid4()
    digest = hashlib.sha256(data).hexdigest()
    folder = files_dir(settings)
    await anyio.Path(folder).mkdir(parents=True, exist_ok=True)
    # Written before the row: a crash leaves an orphan file, never a row without bytes.
    await anyio.Path(folder / str(file_id)).write_bytes(data)
    row = JobFile(
        id=file_id,
        job_id=job.id,
        filename=_safe_name(filename),
        content_type=content_type,
        size=len(data),
        sha256=digest,
        uploaded_by=uploaded_by,
        uploaded_at=now,
    )
    db.add(row)
    await db.flush()
    await record(
        unit,
        job,
        uploaded_by,
        "job.file_added",
        {"file": (None, {"id": str(file_id), "filename": row.filename, "sha256": digest})},
    )
    return row


async def infos(db: AsyncSession, rows: list[JobFile]) -> list[JobFileInfo]:
    people = await views.user_refs(db, (r.uploaded_by for r in rows))
    return [
        JobFileInfo(
            id=r.id,
            filename=r.filename,
            content_type=r.content_type,
            size=r.size,
            sha256=r.sha256,
            uploaded_by=people.get(r.uploaded_by) if r.uploaded_by else None,
            uploaded_at=r.uploaded_at,
        )
        for r in rows
    ]


async def list_files(db: AsyncSession, job: Job) -> list[JobFileInfo]:
    rows = list(
        await db.scalars(
            select(JobFile).where(JobFile.job_id == job.id).order_by(JobFile.uploaded_at)
        )
    )
    return await infos(db, rows)


async def open_file(
    db: AsyncSession, settings: Settings, job: Job, file_id: uuid.UUID
) -> tuple[JobFile, Path]:
    row = await db.scalar(select(JobFile).where(JobFile.id == file_id, JobFile.job_id == job.id))
    path = files_dir(settings) / str(file_id)
    if row is None or not await anyio.Path(path).exists():
        raise NotFoundError(f"This job has no file {file_id}.")
    return row, path
