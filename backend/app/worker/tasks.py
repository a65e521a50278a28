"""Task bodies: rings wake the drainers; crons call the domains' functions.

Every task is safe to run twice or at once on several workers: Postgres decides (row
locks, conditional updates, unique keys), never the queue. The work itself is done by
the worker's drainers (app.worker.loops), in a long-running worker and a burst run alike;
a ring only wakes them. What a cron's unit of work records is rung by the same bell.
"""

from __future__ import annotations

from contextlib import AbstractAsyncContextManager
from typing import Any

import structlog

from app.automation import schedules
from app.jobs import escalation
from app.lib.unit_of_work import UnitOfWork, unit_of_work
from app.portal import rights
from app.segments import membership
from app.worker.context import WorkerContext, context_of

log = structlog.get_logger(__name__)


async def process_events(ctx: dict[str, Any]) -> int:
    """The event ring: wake the event drainers."""
    context_of(ctx).loops.wake_events()
    return 0


async def run_timers(ctx: dict[str, Any]) -> int:
    """The timer ring: wake the timer drainers."""
    context_of(ctx).loops.wake_timers()
    return 0


async def run_what_ifs(ctx: dict[str, Any]) -> int:
    """The what-if ring: wake the what-if runner (app.whatif)."""
    context_of(ctx).loops.wake_what_ifs()
    return 0


async def run_sales_processes(ctx: dict[str, Any]) -> int:
    """The sales ring ("run now", a reactivation): wake the sales loop (app.sales.runs)."""
    context_of(ctx).loops.wake_sales()
    return 0


async def dispatch_outbox(ctx: dict[str, Any]) -> int:
    """The outbox ring: wake the dispatcher, or (an `engine` worker taking a ring from the
    shared queue, the API's for a portal sign-in link) pass it on to the `outbox` workers."""
    loops = context_of(ctx).loops
    if loops.sends:
        loops.wake_outbox()
    else:
        await loops.pass_outbox_ring()
    return 0


async def settle_erasures(context: WorkerContext) -> int:
    """Erasure requests whose data-protection job completed: anonymise (portal). Runs
    first in every sweep, so the events it records are drained by the same sweep."""
    async with _unit(context, origin="system") as unit:
        settled = await rights.settle_completed_erasures(unit, data_dir=context.settings.data_dir)
    if settled:
        log.info("erasures.settled", count=settled)
    return settled


async def escalate_jobs(context: WorkerContext) -> int:
    """Jobs nobody claimed in time get their escalation (priority, supervisors told)."""
    async with _unit(context, origin="system") as unit:
        escalated = await escalation.escalate_due(unit)
    if escalated:
        log.info("jobs.escalated", count=escalated)
    return escalated


async def run_schedules(ctx: dict[str, Any]) -> int:
    """The schedule cron: start every schedule run that is due (once, in Postgres)."""
    context = context_of(ctx)
    ticked = await schedules.tick(context.sessions, context.loops, context.clock.now())
    if ticked.runs:
        log.info("schedules.ran", runs=ticked.runs, enrolled=ticked.enrolled)
    return ticked.runs


async def refresh_segments(ctx: dict[str, Any]) -> int:
    """The segment cron: watched segments' members brought up to date; those who just
    entered (or left) one get an event, which starts journeys on entering it."""
    context = context_of(ctx)
    async with _unit(context, origin="system") as unit:
        refreshed = await membership.refresh(unit)
    if refreshed.entered or refreshed.left:
        log.info("segments.refreshed", entered=refreshed.entered, left=refreshed.left)
    return refreshed.entered + refreshed.left


async def sweep(ctx: dict[str, Any]) -> None:
    """The cron (and a test's explicit sweep): settle erasures, escalate jobs, and wake
    every drainer for events and timers Redis never rang for and outbox rows due (again)."""
    context = context_of(ctx)
    await settle_erasures(context)
    await escalate_jobs(context)
    context.loops.wake_all()
    context.loops.wake_what_ifs()


def _unit(context: WorkerContext, *, origin: str) -> AbstractAsyncContextManager[UnitOfWork]:
    return unit_of_work(context.sessions, context.loops, context.clock.now(), origin=origin)
