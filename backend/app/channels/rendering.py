"""Turning a template (or a step's inline text) into a message's parts.

Every part is rendered before anything is sent: one failing part fails the message whole.
The rendering itself is pure and lives in app.templating.render (journey validation
uses it too); this module loads what it needs from the database and runs it off the
event loop.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.channels.models import MessageTemplate
from app.templating.render import (
    RenderContext,
    Rendered,
    Source,
    inline_source,
    render,
)
from app.templating.threads import off_loop

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


async def render_off_loop(
    source: Source, context: RenderContext, layout_sources: dict[str, str]
) -> Rendered:
    """`render` in a thread (see off_loop)."""
    return await off_loop(render, source, context, layout_sources)
