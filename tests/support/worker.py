"""A worker's context built by hand around the test's resources, for calling its tasks
directly; `sweep` runs the sweep cron and then the worker's drainers until idle, as a
long-running worker would between two sweeps."""

from __future__ import annotations

from typing import Any

from app.effects.handlers import Handlers, Recorder
from app.lib.clock import Clock
from app.resources import Resources
from app.settings import Settings
from app.worker import tasks
from app.worker.assembly import effect_handlers
from app.worker.bell import RedisBell
from app.worker.context import WorkerContext, attach, context_of
from app.worker.loops import Loops


def worker_ctx(
    resources: Resources, settings: Settings, clock: Clock, handlers: Handlers | None = None
) -> dict[str, Any]:
    ctx: dict[str, Any] = {}
    loops = Loops(
        settings,
        resources.sessions,
        clock,
        handlers or effect_handlers(channels=Recorder()),
        RedisBell(resources.queue),
    )
    attach(
        ctx,
        WorkerContext(
            settings=settings,
            engine=resources.engine,
            sessions=resources.sessions,
            queue=resources.queue,
            clock=clock,
            loops=loops,
        ),
    )
    return ctx


async def sweep(ctx: dict[str, Any]) -> None:
    await tasks.sweep(ctx)
    await context_of(ctx).loops.until_idle()
