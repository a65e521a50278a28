"""PostgreSQL really stopped (`pg_ctl stop -m fast` on a cluster of this test's own):
every request answers 503 with Retry-After and says truthfully that nothing was stored;
readiness says "not ready"; once PostgreSQL is back the same app, untouched, serves the
same requests, and nothing half-written is left from the failed ones.
"""

from __future__ import annotations

import asyncio
import threading
import uuid
from collections.abc import AsyncIterator, Callable, Iterator
from datetime import UTC, datetime
from typing import Any

import asyncpg
import httpx
import msgspec
import pytest
from alembic import command
from litestar.testing import AsyncTestClient
from litestar.types import ASGIApp
from sqlalchemy import event, func, select
from sqlalchemy.engine import Connection, make_url

from app.cli import alembic_config
from app.contacts.models import Contact, ContactObject
from app.demo.accounts import seed_roles
from app.eventlog.models import Event
from app.jobs.models import Job, JobEvent, JobType
from app.lib.problems import RETRY_AFTER_SECONDS
from app.main import create_app, create_asgi_app
from app.resources import Resources, open_resources
from app.settings import Settings
from tests.fixtures import make_client
from tests.support.accounts import Browser, MutableClock, create_api_key, create_user
from tests.support.faults import wait_for
from tests.support.outage import ScratchCluster, scratch_cluster

NOTHING_STORED = "The database is unavailable; nothing was stored."
NOW = datetime(2026, 6, 1, 9, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def cluster() -> Iterator[ScratchCluster]:
    with scratch_cluster() as started:
        yield started


@pytest.fixture(scope="module")
def outage_settings(settings: Settings, cluster: ScratchCluster) -> Settings:
    scratch = msgspec.structs.replace(settings, database_url=cluster.database_url)
    command.upgrade(alembic_config(scratch), "head")
    return scratch


@pytest.fixture
async def outage_resources(
    outage_settings: Settings, cluster: ScratchCluster
) -> AsyncIterator[Resources]:
    if not cluster.running:  # a failed test left it stopped
        cluster.start()
    async with open_resources(outage_settings) as opened:
        yield opened


class World(msgspec.Struct):
    api: dict[str, str]
    staff: Browser
    editor: Browser
    customer: Browser
    job_id: uuid.UUID
    contact_id: uuid.UUID


async def make_world(resources: Resources, client: AsyncTestClient[ASGIApp]) -> World:
    """A staff member with a job in their queue, an editor of contacts, a customer
    signed in to the portal, and an API key: each signed in before the outage."""
    async with resources.sessions.begin() as db:
        await seed_roles(db, NOW)
        db.add(JobType(name="check_order", label="Check order", queue="administration"))
    staff = await create_user(resources, role="administration")
    editor = await create_user(resources, role="super_user")
    customer = await create_user(resources, role="customer")
    async with resources.sessions.begin() as db:
        job = Job(
            type_name="check_order",
            title="Check order A-1",
            queue="administration",
            contact_id=customer.contact_id,
            created_at=NOW,
            updated_at=NOW,
        )
        db.add(job)
        await db.flush()
        job_id = job.id
    browsers = []
    for account in (staff, editor, customer):
        browser = Browser(client)
        await browser.sign_in(account.email, portal=account.role == "customer")
        browsers.append(browser)
    key = await create_api_key(resources, created_by=editor.id)
    return World(
        api={"Authorization": f"Bearer {key}"},
        staff=browsers[0],
        editor=browsers[1],
        customer=browsers[2],
        job_id=job_id,
        contact_id=customer.contact_id,
    )


# The writes tried while PostgreSQL is down, then again once it is back: (what, call,
# the status it answers when PostgreSQL is up).
Write = tuple[str, Callable[[World, AsyncTestClient[ASGIApp]], Any], int]
WRITES: list[Write] = [
    (
        "event",
        lambda w, c: c.post(
            "/api/v1/events",
            headers=w.api,
            json={
                "name": "order.placed",
                "contact": {"external_id": "outage-1"},
                "idempotency_key": "outage-order-1",
            },
        ),
        202,
    ),
    ("job claim", lambda w, c: w.staff.post(f"/api/v1/jobs/{w.job_id}/claim"), 200),
    (
        "contact update",
        lambda w, c: w.editor.request(
            "PATCH", f"/api/v1/contacts/{w.contact_id}", json={"name": "Ada Renamed"}
        ),
        200,
    ),
    (
        "portal request",
        lambda w, c: w.customer.post(
            "/api/v1/portal/tickets",
            json={"kind": "enquiry", "subject": "Colours", "message": "Green?"},
        ),
        201,
    ),
]


def assert_unavailable(response: httpx.Response, what: str) -> None:
    assert response.status_code == 503, f"{what}: {response.status_code} {response.text}"
    assert response.headers["retry-after"] == str(RETRY_AFTER_SECONDS), what
    assert response.headers["content-type"].startswith("application/problem+json"), what
    body = response.json()
    assert body["status"] == 503
    assert body["title"] == "Service Unavailable"
    assert body["detail"].startswith(NOTHING_STORED), f"{what}: {body['detail']}"
    assert "lost" not in body["detail"]


async def stop_while_a_claim_waits(
    cluster: ScratchCluster, job_id: uuid.UUID, locked: threading.Event
) -> None:
    """Lock the job's row, wait until another session waits for it, then stop the server."""
    dsn = make_url(cluster.database_url).set(drivername="postgresql")
    holder = await asyncpg.connect(dsn.render_as_string(hide_password=False))
    await holder.execute("BEGIN")
    await holder.execute("SELECT 1 FROM jobs WHERE id = $1 FOR UPDATE", job_id)
    locked.set()

    async def claim_waits() -> bool:
        query = "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'"
        return bool(await holder.fetchval(query))

    await wait_for(claim_waits, seconds=60, what="the claim to wait for the row lock")
    cluster.stop()
    holder.terminate()  # its session ended with the server


async def written(resources: Resources, world: World) -> dict[str, Any]:
    async with resources.sessions() as db:
        return {
            "api events": await db.scalar(
                select(func.count()).select_from(Event).where(Event.name == "order.placed")
            ),
            "contacts made by events": await db.scalar(
                select(func.count()).select_from(Contact).where(Contact.external_id == "outage-1")
            ),
            "job": (
                await db.execute(select(Job.status, Job.assignee_id).where(Job.id == world.job_id))
            ).one(),
            "job changes": await db.scalar(
                select(func.count()).select_from(JobEvent).where(JobEvent.job_id == world.job_id)
            ),
            "name": await db.scalar(select(Contact.name).where(Contact.id == world.contact_id)),
            "tickets": await db.scalar(
                select(func.count())
                .select_from(ContactObject)
                .where(ContactObject.contact_id == world.contact_id)
            ),
        }


async def test_writes_answer_503_while_postgres_is_stopped_and_succeed_once_it_is_back(
    outage_settings: Settings, outage_resources: Resources, cluster: ScratchCluster
) -> None:
    async with make_client(create_asgi_app(outage_settings, clock=MutableClock(NOW))) as client:
        world = await make_world(outage_resources, client)
        assert (await client.get("/health/ready")).status_code == 200
        before = await written(outage_resources, world)
        assert before["job"] == ("new", None)

        # The connection drops mid-request: the claim waits on the job's row lock (held
        # by another session) when the server shuts down under it. The test client runs
        # the app in a thread and blocks this loop, so the lock and the stop live in a
        # thread of their own.
        locked = threading.Event()
        stopper = threading.Thread(
            target=asyncio.run,
            args=(stop_while_a_claim_waits(cluster, world.job_id, locked),),
        )
        stopper.start()
        assert await asyncio.to_thread(locked.wait, 60), "the job was never locked"
        claim = await world.staff.post(f"/api/v1/jobs/{world.job_id}/claim")
        await asyncio.to_thread(stopper.join, 120)
        assert not cluster.running
        assert_unavailable(claim, "a claim whose connection dropped")

        # Stopped: every write, and reads, answer 503 and say nothing was stored.
        for what, call, _ in WRITES:
            assert_unavailable(await call(world, client), what)
        assert_unavailable(await world.editor.get("/api/v1/events"), "a read")
        ready = await client.get("/health/ready")
        assert ready.status_code == 503
        assert ready.json()["checks"] == {"postgres": "down", "redis": "ok"}
        assert (await client.get("/health/live")).status_code == 200

        # Back: the same app (no restart) serves the same requests.
        await asyncio.to_thread(cluster.start)
        assert (await client.get("/health/ready")).status_code == 200
        for what, call, status in WRITES:
            response = await call(world, client)
            assert response.status_code == status, f"{what}: {response.text}"

    # Each write happened once, from its retry; the failed tries left nothing behind.
    after = await written(outage_resources, world)
    staff_id = after["job"][1]
    assert staff_id is not None
    assert after == {
        "api events": 1,
        "contacts made by events": 1,
        "job": ("in_progress", staff_id),
        "job changes": 1,
        "name": "Ada Renamed",
        "tickets": 1,
    }


async def test_a_commit_cut_off_says_the_write_may_have_been_stored(
    settings: Settings, resources: Resources, standard_roles: None
) -> None:
    """The connection dies as the commit starts: the answer must not claim that nothing
    was stored (a commit cut off may have landed), and the retry is made safe by the
    idempotency key."""
    app = create_app(settings)
    async with make_client(app) as client:
        owner = await create_user(resources, role="super_user")
        headers = {
            "Authorization": f"Bearer {await create_api_key(resources, created_by=owner.id)}"
        }
        engine = app.state.resources.engine.sync_engine
        cut: list[bool] = []

        def cut_off(connection: Connection) -> None:
            if not cut:
                cut.append(True)
                connection.exec_driver_sql("SELECT pg_terminate_backend(pg_backend_pid())")

        body = {"name": "signed.up", "contact": {"external_id": "cut-1"}, "idempotency_key": "k1"}
        event.listen(engine, "commit", cut_off)
        try:
            response = await client.post("/api/v1/events", json=body, headers=headers)
        finally:
            event.remove(engine, "commit", cut_off)
        assert response.status_code == 503, response.text
        assert response.headers["retry-after"] == str(RETRY_AFTER_SECONDS)
        detail = response.json()["detail"]
        assert "may or may not have been" in detail
        assert "nothing was stored" not in detail
        again = await client.post("/api/v1/events", json=body, headers=headers)
        assert again.status_code == 202, again.text


async def test_openapi_documents_503_with_retry_after_on_every_operation(
    client: AsyncTestClient[ASGIApp],
) -> None:
    document = (await client.get("/api/docs/openapi.json")).json()
    operations = {
        (method, path): operation
        for path, item in document["paths"].items()
        for method, operation in item.items()
        if isinstance(operation, dict) and "responses" in operation
    }
    missing = [
        key
        for key, operation in operations.items()
        if "503" not in operation["responses"] and key != ("get", "/health/live")
    ]
    assert not missing
    unavailable = operations[("post", "/api/v1/events")]["responses"]["503"]
    assert unavailable["headers"]["Retry-After"]["required"] is True
    assert "application/problem+json" in unavailable["content"]
    assert "503" not in operations[("get", "/health/live")]["responses"]
    ready = operations[("get", "/health/ready")]["responses"]["503"]
    assert "Retry-After" not in ready.get("headers", {})
    assert ready["content"]["application/json"]["schema"]["$ref"].endswith("Readiness")
