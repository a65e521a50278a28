"""Journey texts that CRM steps show people (a staff notification, a portal message),
rendered like messages are: the same sandbox, filters, layouts and context (contact,
the starting event as `object`, the latest `event`, `journey` variables)."""

from __future__ import annotations

from datetime import datetime

import msgspec
from sqlalchemy.ext.asyncio import AsyncSession

from app.channels.rendering import layouts
from app.effects.errors import PermanentError
from app.engine.state import decode_state
from app.runs.facts import contact_facts, enrollment_facts
from app.runs.models import Enrollment
from app.templating.render import RenderContext, RenderError, build_environment, render_part


class TextNotRenderedError(PermanentError):
    """A step's text does not render (a missing variable, a filter on the wrong value):
    nothing half-written reaches anyone, and the reason is on the outbox row."""


async def render_texts(
    session: AsyncSession, enrollment: Enrollment, now: datetime, **texts: str
) -> dict[str, str]:
    """Each named text rendered (as plain text) for the enrollment's contact, or
    TextNotRenderedError naming the part and line."""
    state = decode_state(msgspec.json.encode(enrollment.state))
    facts = enrollment_facts(await contact_facts(session, enrollment.contact_id), state)
    context = RenderContext(
        contact=facts.contact,
        event=state.event,
        object=facts.object,
        journey=state.variables,
        timezone=facts.timezone,
        now=now,
    )
    return await render_texts_for(session, context, **texts)


async def render_texts_for(
    session: AsyncSession, context: RenderContext, **texts: str
) -> dict[str, str]:
    """Each named text rendered against `context` (a preview's made-up contact, say)."""
    envs = build_environment(await layouts(session), context.timezone)
    variables = context.variables()
    try:
        return {part: render_part(envs, part, text, variables) for part, text in texts.items()}
    except RenderError as error:
        raise TextNotRenderedError(f"the text did not render: {error}") from error
