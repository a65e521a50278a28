"""A typed view of arq's untyped per-worker ``ctx`` dict."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from app.lib.clock import Clock
from app.settings import Settings
from app.worker.loops import Loops
from app.worker.queue import JobQueue

_KEY = "waymark"


@dataclass(frozen=True, slots=True)
class WorkerContext:
    settings: Settings
    engine: AsyncEngine
    sessions: async_sessionmaker[AsyncSession]
    queue: JobQueue
    clock: Clock
    # The drainers (events, timers, the outbox) and the bell of every unit of work here.
    loops: Loops

    @property
    def batch_size(self) -> int:
        return self.settings.worker_batch_size


def attach(ctx: dict[str, Any], context: WorkerContext) -> None:
    ctx[_KEY] = context


def context_of(ctx: dict[str, Any]) -> WorkerContext:
    context = ctx.get(_KEY)
    if not isinstance(context, WorkerContext):
        raise RuntimeError("worker context missing: the worker's on_startup hook did not run")
    return context
