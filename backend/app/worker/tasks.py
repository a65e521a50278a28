"""Task bodies: thin wrappers around the domain's drains and the outbox dispatcher.

Every task is safe to run twice or at once on several workers: Postgres decides (row
locks, conditional updates, unique keys), never the queue. Rings go out only after the
commit that made the work, so a ring never points at uncommitted rows. In a long-running
worker the event and timer rings just wake its drainers (app.worker.loops); in a burst
run (tests, the CLI) the tasks drain inline.
"""

from __future__ import annotations

import uuid
from typing import Any

import structlog
from redis.exceptions import RedisError

from app.automation import schedules
from app.contacts.changes import Changes
from app.jobs import escalation, live
from app.portal import rights
from app.runs import outbox, sweeper
from app.runs.services import Work
from app.segments import membership
from app.worker.context import WorkerContext, context_of
from app.worker.queue import OUTBOX_QUEUE_NAME

log = structlog.get_logger(__name__)


async def ring_after(context: WorkerContext, work: Work, cause: str) -> None:
    """Publish the commit's live job messages; ring the dispatcher and the timer drainer
    for what it left to do."""
    await live.publish(context.queue.redis, work.job_notices)
    due = work.next_wake is not None and work.next_wake <= context.clock.now()
    if context.loops is not None:
        # A long-running worker's own drainers take it from here; the outbox may be
        # another worker's (an `engine` worker rings the `outbox` workers).
        if due:
            context.loops.wake_timers()
        if work.effects:
            await _ring_outbox(context, cause)
        return
    try:
        if work.effects:
            await _ring_outbox(context, cause)
        if due:
            await context.queue.run_timers(cause)
    except RedisError:
        # Postgres holds the work; the next sweep picks it up.
        log.warning("worker.ring_failed", cause=cause, exc_info=True)


async def _ring_outbox(context: WorkerContext, cause: str) -> None:
    if context.loops is not None and context.loops.sends:
        context.loops.wake_outbox()
        return
    try:
        if context.settings.worker_role == "engine":
            # The outbox workers' rings only wake their dispatchers, which poll every
            # second too: one shared ring, so hundreds of commits a second queue one job.
            await context.queue.dispatch_outbox("ring", queue_name=OUTBOX_QUEUE_NAME)
        else:
            # A burst run sends inline: one dispatch per commit, never dropped because an
            # earlier one still runs.
            await context.queue.dispatch_outbox(f"{cause}:{uuid.uuid4().hex}")
    except RedisError:
        # The outbox workers look for due messages every second anyway.
        log.warning("outbox.ring_failed", cause=cause, exc_info=True)


async def process_events(ctx: dict[str, Any]) -> int:
    """The event ring: wake the drainers, or (burst) handle every unhandled event."""
    context = context_of(ctx)
    if context.loops is not None:
        context.loops.wake_events()
        return 0
    work = await sweeper.drain_events(context.sessions, context.clock, batch=context.batch_size)
    log.info("events.processed", events=work.events)
    await ring_after(context, work, "events")
    return work.events


async def run_timers(ctx: dict[str, Any]) -> int:
    """The timer ring: wake the timer drainer, or (burst) fire every due timer."""
    context = context_of(ctx)
    if context.loops is not None:
        context.loops.wake_timers()
        return 0
    work = await sweeper.drain_timers(context.sessions, context.clock, batch=context.batch_size)
    await ring_after(context, work, "timers")
    return work.timers


async def dispatch_outbox(ctx: dict[str, Any]) -> int:
    """The outbox ring: wake the dispatcher, or (burst) send every due message.

    An `engine` worker passes a ring it took from the shared queue (the API's, for a
    portal sign-in link) on to the `outbox` workers."""
    context = context_of(ctx)
    if context.loops is not None:
        await _ring_outbox(context, "passed-on")
        return 0
    return await send_due(context)


async def send_due(context: WorkerContext) -> int:
    """Send every due outbox message, batch by batch; returns how many were tried."""
    tried = 0
    while True:
        async with context.sessions.begin() as session:
            done = await outbox.dispatch_batch(session, context.provider, context.clock.now())
        tried += done.total
        await live.publish(context.queue.redis, done.job_notices)
        if done.emitted:
            await _ring_events(context)
        if done.total < outbox.BATCH:
            return tried


async def _ring_events(context: WorkerContext) -> None:
    if context.loops is not None and context.loops.drains:
        context.loops.wake_events()
        return
    try:
        await context.queue.process_event(0)
    except RedisError:
        log.warning("event.ring_failed", exc_info=True)


async def settle_erasures(context: WorkerContext) -> int:
    """Erasure requests whose data-protection job completed: anonymise (portal). Runs
    first in every sweep, so the events it records are drained by the same sweep."""
    changes = Changes(now=context.clock.now(), origin="system")
    async with context.sessions.begin() as session:
        settled = await rights.settle_completed_erasures(
            session, changes, data_dir=context.settings.data_dir
        )
    if settled:
        # Its `contact.anonymised` events are handled by the drain that follows.
        log.info("erasures.settled", count=settled)
    return settled


async def escalate_jobs(context: WorkerContext) -> int:
    """Jobs nobody claimed in time get their escalation (priority, supervisors told)."""
    async with context.sessions.begin() as session:
        escalated = await escalation.escalate_due(session, context.clock.now())
        notices = live.take(session)
    if escalated:
        log.info("jobs.escalated", count=escalated)
    await live.publish(context.queue.redis, notices)
    return escalated


async def run_schedules(ctx: dict[str, Any]) -> int:
    """The schedule cron: start every schedule run that is due (once, in Postgres)."""
    context = context_of(ctx)
    ticked = await schedules.tick(context.sessions, context.clock.now())
    if ticked.runs:
        log.info("schedules.ran", runs=ticked.runs, enrolled=ticked.enrolled)
    if ticked.enrolled:
        await _ring_events(context)
    return ticked.runs


async def refresh_segments(ctx: dict[str, Any]) -> int:
    """The segment cron: watched segments' members brought up to date; those who just
    entered (or left) one get an event, which starts journeys on entering it."""
    context = context_of(ctx)
    async with context.sessions.begin() as session:
        refreshed = await membership.refresh(session, context.clock.now())
    if refreshed.event_ids:
        log.info("segments.refreshed", entered=refreshed.entered, left=refreshed.left)
        await _ring_events(context)
    return len(refreshed.event_ids)


async def sweep(ctx: dict[str, Any]) -> None:
    """The cron (and a test's explicit sweep): events and timers Redis never rang for,
    and outbox rows due (again) for sending."""
    context = context_of(ctx)
    await settle_erasures(context)
    await escalate_jobs(context)
    if context.loops is not None:
        context.loops.wake_events()
        context.loops.wake_timers()
        context.loops.wake_outbox()
        return
    work = await sweeper.drain_events(context.sessions, context.clock, batch=context.batch_size)
    work.merge(
        await sweeper.drain_timers(context.sessions, context.clock, batch=context.batch_size)
    )
    if work.events or work.timers:
        log.info("sweep.handled", events=work.events, timers=work.timers)
    await send_due(context)
