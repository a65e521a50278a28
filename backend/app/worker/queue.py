"""Typed enqueue helpers. Job ids are deterministic, so ringing twice queues one job.

The event ring is one coalesced job: workers find the events themselves in Postgres
(a batch per transaction), so a ring only has to wake one, not carry each event.
"""

from __future__ import annotations

from arq.connections import ArqRedis
from redis.asyncio import ConnectionPool

from app.worker import serialization

QUEUE_NAME = "waymark:queue"
# Where `outbox` workers listen (WAYMARK_WORKER_ROLE): `engine` workers ring them here.
OUTBOX_QUEUE_NAME = "waymark:outbox"


def event_job_id(event_id: int) -> str:
    """Every event shares one ring: while it is queued, more rings add nothing."""
    del event_id
    return "events"


def outbox_job_id(cause: str) -> str:
    """One dispatch per cause (an event, a timer run): a ring is never dropped because
    an earlier dispatch, started before this commit, still holds a shared id."""
    return f"outbox:{cause}"


def timers_job_id(cause: str) -> str:
    return f"timers:{cause}"


class JobQueue:
    """Enqueues over a Redis connection pool owned by the caller.

    No connection is opened here: a process whose Redis is down still starts and says
    so in its readiness check, instead of failing to boot (as arq's create_pool would).
    """

    def __init__(self, connections: ConnectionPool) -> None:
        self._pool = ArqRedis(
            connections,
            job_serializer=serialization.serialize,
            job_deserializer=serialization.deserialize,
            default_queue_name=QUEUE_NAME,
        )

    @property
    def redis(self) -> ArqRedis:
        """The Redis client under the queue (a `redis.asyncio.Redis`), for pub/sub."""
        return self._pool

    async def process_event(self, event_id: int) -> bool:
        """Ring the worker for a committed event; False when a ring is already queued."""
        job = await self._pool.enqueue_job(
            "process_events", _job_id=event_job_id(event_id), _queue_name=QUEUE_NAME
        )
        return job is not None

    async def dispatch_outbox(self, cause: str, *, queue_name: str = QUEUE_NAME) -> bool:
        """Ring the outbox dispatcher after a commit that queued effects: the workers'
        queue, or (from an `engine` worker) the `outbox` workers' own."""
        job = await self._pool.enqueue_job(
            "dispatch_outbox", _job_id=outbox_job_id(cause), _queue_name=queue_name
        )
        return job is not None

    async def run_timers(self, cause: str) -> bool:
        """Ring the timer sweeper after a commit that left a timer already due."""
        job = await self._pool.enqueue_job(
            "run_timers", _job_id=timers_job_id(cause), _queue_name=QUEUE_NAME
        )
        return job is not None

    async def run_what_ifs(self) -> bool:
        """Ring the workers after a what-if was asked for (one coalesced ring)."""
        job = await self._pool.enqueue_job(
            "run_what_ifs", _job_id="what-ifs", _queue_name=QUEUE_NAME
        )
        return job is not None

    async def run_sales_processes(self) -> bool:
        """Ring the workers after a process run was asked for (one coalesced ring)."""
        job = await self._pool.enqueue_job(
            "run_sales_processes", _job_id="sales-processes", _queue_name=QUEUE_NAME
        )
        return job is not None

    async def queued_count(self) -> int:
        return int(await self._pool.zcard(QUEUE_NAME))
