"""Building and running the arq worker."""

from __future__ import annotations

import asyncio
import os
import socket
from typing import Any

from arq.connections import RedisSettings
from arq.cron import cron
from arq.worker import Worker, func
from redis.asyncio import Redis

from app.effects.handlers import Recorder
from app.lib.clock import Clock, FrozenClock, SystemClock
from app.lib.collector import settle_garbage_collector
from app.lib.db import create_engine, create_session_factory
from app.lib.logging import configure_logging
from app.settings import Settings
from app.worker import serialization, tasks
from app.worker.assembly import effect_handlers, handlers_for
from app.worker.bell import RedisBell
from app.worker.context import WorkerContext, attach, context_of
from app.worker.loops import Loops
from app.worker.queue import OUTBOX_QUEUE_NAME, QUEUE_NAME, JobQueue

# The sweep (lost rings, due timers, due outbox rows) runs every few seconds on every
# worker; all it does is idempotent in Postgres, so duplicate cron runs are harmless.
SWEEP_SECONDS = frozenset(range(0, 60, 5))
# Schedules run to the minute; ticking twice a minute starts a run within 30 s.
SCHEDULE_SECONDS = frozenset({0, 30})
# Watched segments are worked out twice a minute: entering one starts journeys within ~30 s.
SEGMENT_SECONDS = frozenset({15, 45})
# A burst run repeats while rings arrived during the last one, at most this often.
MAX_BURST_ROUNDS = 20
# How often a running worker marks itself alive in Redis (arq's health check); the mark
# lapses a second after the next one is due, so a worker that died or whose event loop
# is stuck fails `python -m app worker --check` (docker-compose's healthcheck) within 11 s.
HEALTH_SECONDS = 10


def health_key(settings: Settings, *, burst: bool = False) -> str:
    """This machine's mark for its worker of this role (a container runs one)."""
    queue = OUTBOX_QUEUE_NAME if settings.worker_role == "outbox" and not burst else QUEUE_NAME
    return f"{queue}:health-check:{socket.gethostname()}"


async def alive(settings: Settings) -> bool:
    """Has this machine's worker of this role marked itself alive lately? (What arq's own
    check reads, without its five connection retries: a health check answers at once.)"""
    redis = Redis.from_url(settings.redis_url, socket_connect_timeout=5, socket_timeout=5)
    try:
        return bool(await redis.exists(health_key(settings)))
    finally:
        await redis.aclose()


def clock_for(settings: Settings) -> Clock:
    return FrozenClock(settings.test_clock) if settings.test_clock else SystemClock()


def build_worker(
    settings: Settings,
    *,
    burst: bool = False,
    clock: Clock | None = None,
    channels: Recorder | None = None,
    handle_signals: bool | None = None,
) -> Worker:
    """The arq worker. Long-running: its drainers run in the background. `burst` (tests,
    the CLI): it takes the queued rings and stops; `run_burst` then drains until idle."""
    role = settings.worker_role
    sender_only = role == "outbox"

    async def on_startup(ctx: dict[str, Any]) -> None:
        engine = create_engine(settings.database_url, pool_size=settings.db_pool_size)
        sessions = create_session_factory(engine)
        time = clock or clock_for(settings)
        queue = JobQueue(ctx["redis"].connection_pool)
        # An `engine` worker rings the `outbox` workers on their own queue.
        outbox_queue = OUTBOX_QUEUE_NAME if role == "engine" else QUEUE_NAME
        loops = Loops(
            settings,
            sessions,
            time,
            effect_handlers(channels=channels)
            if channels is not None
            else handlers_for(settings, ctx["redis"]),
            RedisBell(queue, outbox_queue=outbox_queue),
            drains=not sender_only,
            sends=role != "engine",
        )
        attach(
            ctx,
            WorkerContext(
                settings=settings,
                engine=engine,
                sessions=sessions,
                queue=queue,
                clock=time,
                loops=loops,
            ),
        )
        if not burst:
            settle_garbage_collector()
            loops.start()

    async def on_shutdown(ctx: dict[str, Any]) -> None:
        context = context_of(ctx)
        await context.loops.stop()
        await context.engine.dispose()

    return Worker(
        functions=[func(tasks.dispatch_outbox, name="dispatch_outbox")]
        if sender_only
        else [
            func(tasks.process_events, name="process_events"),
            func(tasks.run_timers, name="run_timers"),
            func(tasks.run_what_ifs, name="run_what_ifs"),
            func(tasks.run_sales_processes, name="run_sales_processes"),
            func(tasks.dispatch_outbox, name="dispatch_outbox"),
        ],
        # A burst run does only what was rung (and drains); the sweep is explicit there.
        # An `outbox` worker only sends: the engine's workers keep the schedules and sweep.
        cron_jobs=None
        if burst or sender_only
        else [
            cron(tasks.sweep, name="sweep", second=set(SWEEP_SECONDS), run_at_startup=True),
            # Schedule runs are unique in Postgres: every worker ticking is harmless.
            cron(
                tasks.run_schedules,
                name="schedules",
                second=set(SCHEDULE_SECONDS),
                run_at_startup=True,
            ),
            cron(tasks.refresh_segments, name="segments", second=set(SEGMENT_SECONDS)),
        ],
        queue_name=OUTBOX_QUEUE_NAME if sender_only else QUEUE_NAME,
        redis_settings=RedisSettings.from_dsn(settings.redis_url),
        on_startup=on_startup,
        on_shutdown=on_shutdown,
        job_serializer=serialization.serialize,
        job_deserializer=serialization.deserialize,
        max_jobs=settings.worker_concurrency,
        # Rings only wake the drainers; look for them often so a ring is felt quickly.
        poll_delay=0.1,
        # Results live in Postgres; keeping none in Redis lets a job id be rung again
        # as soon as its run ends (the sweeper relies on that).
        keep_result=0,
        burst=burst,
        handle_signals=not burst if handle_signals is None else handle_signals,
        health_check_interval=HEALTH_SECONDS,
        health_check_key=health_key(settings, burst=burst),
    )


async def run_burst(
    settings: Settings, *, clock: Clock | None = None, channels: Recorder | None = None
) -> int:
    """Take every queued ring, run the worker's drainers until nothing is left to do, and
    return how many rings were taken. The same drainers a long-running worker runs; used
    by tests and the CLI."""
    completed = 0
    for _ in range(MAX_BURST_ROUNDS):
        worker = build_worker(settings, burst=True, clock=clock, channels=channels)
        try:
            await worker.async_run()
            completed += worker.jobs_complete
            await context_of(worker.ctx).loops.until_idle()
            left = await worker.pool.zcard(worker.queue_name)
        finally:
            await worker.close()
        if not left:
            break
    return completed


def run(settings: Settings) -> None:
    if settings.weak_secret_key:
        raise RuntimeError("Set WAYMARK_SECRET_KEY to a long random value in production.")
    configure_logging(settings, component="worker")
    if settings.worker_nice:
        os.nice(settings.worker_nice)
    # arq's Worker.run() manages its own event loop and signal handlers (SIGINT/SIGTERM).
    asyncio.set_event_loop(asyncio.new_event_loop())
    build_worker(settings).run()
