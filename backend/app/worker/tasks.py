"""Task bodies: thin wrappers that open a transaction and call a domain service.

Every task is safe to run twice or at once on several workers: Postgres decides (row
locks, conditional updates, unique outbox keys), never the queue. Rings go out only
after the commit that made the work, so a ring never points at uncommitted rows.
"""

from __future__ import annotations

from typing import Any

import structlog
from redis.exceptions import RedisError

from app.runs import outbox, sweeper
from app.runs.services import Work, handle_event
from app.worker.context import WorkerContext, context_of

log = structlog.get_logger(__name__)


async def ring_after(context: WorkerContext, work: Work, cause: str) -> None:
    """Ring the dispatcher and the timer sweeper for what a commit left to do."""
    try:
        if work.effects:
            await context.queue.dispatch_outbox(cause)
        if work.next_wake is not None and work.next_wake <= context.clock.now():
            await context.queue.run_timers(cause)
    except RedisError:
        # Postgres holds the work; the cron sweep picks it up.
        log.warning("worker.ring_failed", cause=cause, exc_info=True)


async def process_event(ctx: dict[str, Any], event_id: int) -> bool:
    """Handle one committed event (and its contact's earlier ones). A repeat is a no-op."""
    context = context_of(ctx)
    async with context.sessions.begin() as session:
        work = await handle_event(session, event_id, context.clock.now())
    log.info("event.processed" if work.events else "event.already_processed", event_id=event_id)
    await ring_after(context, work, f"event:{event_id}")
    return work.events > 0


async def run_timers(ctx: dict[str, Any]) -> int:
    """Fire every due timer; returns how many moved an enrollment."""
    context = context_of(ctx)
    now = context.clock.now()
    work = await sweeper.run_due_timers(context.sessions, now)
    await ring_after(context, work, f"timers:{now.isoformat()}")
    return work.timers


async def dispatch_outbox(ctx: dict[str, Any]) -> int:
    """Send every due outbox message, batch by batch; returns how many were tried."""
    context = context_of(ctx)
    tried = 0
    while True:
        async with context.sessions.begin() as session:
            done = await outbox.dispatch_batch(session, context.provider, context.clock.now())
        tried += done.total
        for event_id in done.emitted:
            await _ring_event(context, event_id)
        if done.total < outbox.BATCH:
            return tried


async def _ring_event(context: WorkerContext, event_id: int) -> None:
    try:
        await context.queue.process_event(event_id)
    except RedisError:
        log.warning("event.ring_failed", event_id=event_id, exc_info=True)


async def sweep(ctx: dict[str, Any]) -> None:
    """The cron: re-ring lost events, fire due timers, send what is due."""
    context = context_of(ctx)
    async with context.sessions() as session:
        stale = await sweeper.stale_event_ids(session, context.clock.now())
    for event_id in stale:
        await context.queue.process_event(event_id)
    if stale:
        log.info("sweep.rerung", events=len(stale))
    await run_timers(ctx)
    await dispatch_outbox(ctx)
