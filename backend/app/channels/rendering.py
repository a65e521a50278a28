"""Turning a template (or a step's inline text) into a message's parts.

Every part is rendered before anything is sent: one failing part fails the message whole.
"""

from __future__ import annotations

import html
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.channels.models import MessageTemplate
from app.channels.templating import RenderContext, RenderError, build_environment, render_part


@dataclass(frozen=True, slots=True)
class Source:
    """What to render: the template's texts, or a step's own (inline) texts."""

    channel: str
    subject: str | None = None
    html: str = ""
    text: str = ""
    name: str | None = None


@dataclass(frozen=True, slots=True)
class Rendered:
    subject: str | None
    html: str
    text: str


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


def inline_source(channel: str, subject: str | None, body: str | None) -> Source:
    """A step's own text: plain text, shown as paragraphs in the HTML part."""
    text = body or ""
    paragraphs = "".join(
        f"<p>{html.escape(p).replace(chr(10), '<br>')}</p>" for p in text.split("\n\n") if p
    )
    # Escaping happened above on the template source; autoescape then leaves {{ }} output safe.
    return Source(channel, subject, paragraphs if channel != "sms" else "", text)


def render(source: Source, context: RenderContext, layout_sources: dict[str, str]) -> Rendered:
    """Render every part of `source`; RenderError names the part, variable and line."""
    env = build_environment(layout_sources, context.timezone)
    variables = context.variables()
    subject = (
        render_part(env, "subject", source.subject, variables).strip()
        if source.subject is not None
        else None
    )
    body_html = render_part(env, "html", source.html, variables) if source.html else ""
    body_text = render_part(env, "text", source.text, variables) if source.text else ""
    if source.channel == "email" and subject is not None and not subject:
        raise RenderError("subject", "the subject is empty")
    if source.channel == "email" and not (body_html.strip() or body_text.strip()):
        raise RenderError("html", "the email has neither HTML nor text")
    if source.channel == "sms" and not body_text.strip():
        raise RenderError("text", "the text message is empty")
    if source.channel == "letter" and not body_html.strip():
        raise RenderError("html", "the letter is empty")
    return Rendered(subject, body_html, body_text)
