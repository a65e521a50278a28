"""Turning a template (or a step's inline text) into a message's parts.

Every part is rendered before anything is sent: one failing part fails the message whole.
The rendering itself is pure and lives in app.channels.templating (journey validation
uses it too); this module loads what it needs from the database and runs it off the
event loop.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Final, ParamSpec, TypeVar

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.channels.models import MessageTemplate
from app.channels.templating import (
    RenderContext,
    Rendered,
    Source,
    inline_source,
    render,
)

P = ParamSpec("P")
T = TypeVar("T")

__all__ = [
    "Rendered",
    "Source",
    "TemplateMissingError",
    "inline_source",
    "layouts",
    "load_source",
    "off_loop",
    "render",
    "render_off_loop",
]

# Renders run here, not in the event loop (a render may take up to the sandbox's
# deadline): two threads, so a burst of heavy previews waits its turn instead of taking
# the threads that the rest of the app's `asyncio.to_thread` work (PDFs, files) uses.
_RENDERERS: Final = ThreadPoolExecutor(max_workers=2, thread_name_prefix="render")


class TemplateMissingError(LookupError):
    """A step names a template that does not exist (any more)."""


async def layouts(session: AsyncSession) -> dict[str, str]:
    rows = await session.execute(
        select(MessageTemplate.name, MessageTemplate.body_html).where(
            MessageTemplate.channel == "layout"
        )
    )
    return {name: body for name, body in rows}  # noqa: C416 - rows are Row objects


async def load_source(session: AsyncSession, channel: str, name: str) -> Source:
    row = await session.scalar(select(MessageTemplate).where(MessageTemplate.name == name))
    if row is None or row.channel != channel:
        raise TemplateMissingError(f"there is no {channel} template called “{name}”")
    return Source(channel, row.subject, row.body_html, row.body_text, row.name)


async def off_loop(function: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
    """Run a render or a check (app.channels.templating) in a thread: the event loop
    serves others meanwhile. The sandbox's bounds end every render within about its
    deadline, so no thread is left running."""
    loop = asyncio.get_running_loop()
    return await loop.run_in_executor(_RENDERERS, lambda: function(*args, **kwargs))


async def render_off_loop(
    source: Source, context: RenderContext, layout_sources: dict[str, str]
) -> Rendered:
    """`render` in a thread (see off_loop)."""
    return await off_loop(render, source, context, layout_sources)
