"""Task bodies: thin wrappers that open a transaction and call a domain service."""

from __future__ import annotations

from typing import Any

import structlog

from app.events.services import mark_event_processed
from app.worker.context import context_of

log = structlog.get_logger(__name__)


async def process_event(ctx: dict[str, Any], event_id: int) -> bool:
    """Handle one committed event. Safe to run twice: Postgres decides, not the queue."""
    context = context_of(ctx)
    async with context.sessions.begin() as session:
        handled = await mark_event_processed(session, event_id)
    log.info("event.processed" if handled else "event.already_processed", event_id=event_id)
    return handled
