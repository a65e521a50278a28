"""Letters: HTML rendered to PDF with weasyprint, stored under `<data dir>/letters`.

Printing fetches nothing: only `data:` URIs (an image inlined in the HTML) are read, so
a letter can neither call out to a server (`<img src="http://…">`) nor read a local file
(`file:///…`) into the PDF.
"""

from __future__ import annotations

import asyncio
import hashlib
import uuid
from pathlib import Path

from weasyprint import HTML, URLFetcher

_PAGE_CSS = "@page { size: A4; margin: 2cm } body { font-family: 'DejaVu Sans', sans-serif }"


def letters_dir(data_dir: str) -> Path:
    return Path(data_dir).resolve() / "letters"


def relative_path(contact_id: uuid.UUID, key: str) -> str:
    # One file per outbox key: a retried letter overwrites its own file, never another's.
    return f"{contact_id}/{hashlib.sha256(key.encode()).hexdigest()[:24]}.pdf"


def _pdf(body_html: str) -> bytes:
    fetcher = URLFetcher(allowed_protocols={"data"}, allow_redirects=False)
    pdf: bytes | None = HTML(string=_html_document(body_html), url_fetcher=fetcher).write_pdf()
    assert pdf is not None
    return pdf


def _html_document(body: str) -> str:
    if "<html" in body.lower():
        return body
    return f"<!doctype html><html><head><style>{_PAGE_CSS}</style></head><body>{body}</body></html>"


async def render_pdf(body_html: str) -> bytes:
    """The letter as a PDF (fetching nothing but `data:` URIs)."""
    # weasyprint is CPU-bound and synchronous: keep it off the event loop.
    return await asyncio.to_thread(_pdf, body_html)


async def write_pdf(
    data_dir: str, contact_id: uuid.UUID, key: str, body_html: str
) -> tuple[str, int]:
    """Render and store; returns (path relative to the letters dir, size in bytes)."""
    relative = relative_path(contact_id, key)
    target = letters_dir(data_dir) / relative
    pdf = await render_pdf(body_html)
    await asyncio.to_thread(_write, target, pdf)
    return relative, len(pdf)


def _write(target: Path, data: bytes) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_suffix(".part")
    partial.write_bytes(data)
    partial.replace(target)
