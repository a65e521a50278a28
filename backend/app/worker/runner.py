"""Building and running the arq worker."""

from __future__ import annotations

import asyncio
from typing import Any

from arq.connections import RedisSettings
from arq.worker import Worker, func

from app.lib.db import create_engine, create_session_factory
from app.lib.logging import configure_logging
from app.settings import Settings
from app.worker import serialization, tasks
from app.worker.context import WorkerContext, attach, context_of
from app.worker.queue import QUEUE_NAME


def build_worker(settings: Settings, *, burst: bool = False) -> Worker:
    async def on_startup(ctx: dict[str, Any]) -> None:
        engine = create_engine(settings.database_url, pool_size=settings.db_pool_size)
        attach(ctx, WorkerContext(settings, engine, create_session_factory(engine)))

    async def on_shutdown(ctx: dict[str, Any]) -> None:
        await context_of(ctx).engine.dispose()

    return Worker(
        functions=[func(tasks.process_event, name="process_event")],
        queue_name=QUEUE_NAME,
        redis_settings=RedisSettings.from_dsn(settings.redis_url),
        on_startup=on_startup,
        on_shutdown=on_shutdown,
        job_serializer=serialization.serialize,
        job_deserializer=serialization.deserialize,
        max_jobs=settings.worker_concurrency,
        # Results live in Postgres; keeping none in Redis lets a job id be rung again
        # as soon as its run ends (the sweeper relies on that).
        keep_result=0,
        burst=burst,
        handle_signals=not burst,
    )


async def run_burst(settings: Settings) -> int:
    """Run every queued job, then return how many completed. Used by tests and the CLI."""
    worker = build_worker(settings, burst=True)
    try:
        await worker.async_run()
        return worker.jobs_complete
    finally:
        await worker.close()


def run(settings: Settings) -> None:
    configure_logging(settings, component="worker")
    # arq's Worker.run() manages its own event loop and signal handlers (SIGINT/SIGTERM).
    asyncio.set_event_loop(asyncio.new_event_loop())
    build_worker(settings).run()
