"""Worker roles (WAYMARK_WORKER_ROLE): long-running `engine` and `outbox` workers apart.

Real arq workers with their polling drainers, against the test Redis and Postgres: the
engine worker decides, the outbox worker sends, and the one rings the other over Redis.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from typing import Any

import msgspec
import pytest
from arq.worker import Worker

from app.effects.handlers import Recorder
from app.resources import Resources
from app.settings import Settings
from app.worker.queue import OUTBOX_QUEUE_NAME, QUEUE_NAME
from app.worker.runner import build_worker
from tests.support.accounts import MutableClock
from tests.support.faults import wait_for
from tests.support.runs import T0, enrollments, outbox, publish_template, send


@pytest.fixture
def clock() -> MutableClock:
    return MutableClock(T0)


@pytest.fixture
async def collection(resources: Resources, standard_roles: None) -> Any:
    return await publish_template(resources, "payment-collection")


@contextlib.asynccontextmanager
async def running(worker: Worker) -> AsyncIterator[Worker]:
    task = asyncio.create_task(worker.async_run())
    try:
        yield worker
    finally:
        # Stop taking jobs and let the ones under way end, as arq's graceful shutdown does:
        # arq's close() cancels a job still running and then raises its CancelledError,
        # which skips on_shutdown and leaves the worker's drainers polling this database
        # into the next test (a busy machine made that happen).
        worker.allow_pick_jobs = False

        async def idle() -> bool:
            return all(job.done() for job in worker.tasks.values())

        await wait_for(idle, seconds=60, what="the worker's jobs under way to end")
        await worker.close()  # nothing under way: no await between the check and this
        with contextlib.suppress(asyncio.CancelledError):
            await task


async def settled(resources: Resources, status: str, seconds: float = 15.0) -> list[Any]:
    for _ in range(int(seconds / 0.1)):
        messages = await outbox(resources)
        if messages and all(m.status == status for m in messages):
            return messages
        await asyncio.sleep(0.1)
    raise AssertionError(f"the outbox did not reach {status!r}: {await outbox(resources)}")


async def test_the_engine_worker_decides_and_rings_the_outbox_worker_which_sends(
    resources: Resources, settings: Settings, clock: MutableClock, collection: None
) -> None:
    engine_sent, outbox_sent = Recorder(), Recorder()
    engine = build_worker(
        msgspec.structs.replace(settings, worker_role="engine"),
        clock=clock,
        channels=engine_sent,
        handle_signals=False,
    )
    sender = build_worker(
        msgspec.structs.replace(settings, worker_role="outbox"),
        clock=clock,
        channels=outbox_sent,
        handle_signals=False,
    )
    # Each listens on its own queue; the outbox worker runs nothing of the engine's.
    assert (engine.queue_name, sender.queue_name) == (QUEUE_NAME, OUTBOX_QUEUE_NAME)
    assert set(sender.functions) == {"dispatch_outbox"}
    assert not sender.cron_jobs

    async with running(engine), running(sender):
        event_id = await send(resources, clock, "payment.missed", "c-1")
        await resources.queue.process_event(event_id)
        [message] = await settled(resources, "sent")

    [enrollment] = await enrollments(resources)
    assert outbox_sent.sent == [f"{enrollment.id}:email-reminder:1"]
    assert engine_sent.sent == []
    assert message.attempts == 1
    # The engine worker rang it over Redis: the outbox worker ran a dispatch job.
    assert sender.jobs_complete >= 1


async def test_a_ring_for_the_outbox_on_the_shared_queue_reaches_the_outbox_worker(
    resources: Resources, settings: Settings, clock: MutableClock, collection: None
) -> None:
    engine = build_worker(
        msgspec.structs.replace(settings, worker_role="engine"),
        clock=clock,
        channels=Recorder(),
        handle_signals=False,
    )
    sender = build_worker(
        msgspec.structs.replace(settings, worker_role="outbox"),
        clock=clock,
        channels=Recorder(),
        handle_signals=False,
    )
    async with running(engine), running(sender):
        # As the API rings it (a portal sign-in link): on the workers' shared queue.
        await resources.queue.dispatch_outbox("portal-sign-in-link")
        for _ in range(150):
            if sender.jobs_complete and engine.jobs_complete:
                break
            await asyncio.sleep(0.1)
    # The engine worker took it and passed it on; the outbox worker ran it.
    assert engine.jobs_complete >= 1
    assert sender.jobs_complete >= 1
