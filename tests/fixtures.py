"""Shared fixtures: settings, a migrated database, clean tables, clean Redis, the app,
a clock the test moves, the standard roles and people signed in to them."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from pathlib import Path

import msgspec
import pytest
from litestar.testing import AsyncTestClient
from litestar.types import ASGIApp
from redis.asyncio import Redis
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from app.demo.accounts import seed_roles
from app.main import create_asgi_app
from app.models import metadata
from app.resources import Resources, open_resources
from app.settings import Settings, load_settings
from tests.support import parallel
from tests.support.accounts import Account, Browser, MutableClock, create_user
from tests.support.channels import HttpServer, SmtpServer, http_server, smtp_server


@pytest.fixture(scope="session")
def settings() -> Settings:
    return load_settings()


@pytest.fixture(scope="session")
def migrated(settings: Settings) -> None:
    # Sync on purpose: Alembic's async env runs its own event loop.
    parallel.migrate(settings)


@pytest.fixture
async def resources(settings: Settings, migrated: None) -> AsyncIterator[Resources]:
    async with open_resources(settings) as opened:
        await opened.redis.flushdb()
        yield opened
        async with opened.engine.begin() as connection:
            tables = ", ".join(table.name for table in metadata.sorted_tables)
            await connection.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
        await opened.redis.flushdb()


@pytest.fixture
async def session(resources: Resources) -> AsyncIterator[AsyncSession]:
    async with resources.sessions() as opened:
        yield opened


@pytest.fixture
async def redis(resources: Resources) -> Redis:
    return resources.redis


@pytest.fixture
def smtp() -> Iterator[SmtpServer]:
    """A real SMTP server on loopback that keeps every mail it receives."""
    yield from smtp_server()


@pytest.fixture
def letter_settings(settings: Settings, tmp_path: Path) -> Settings:
    """Settings that keep letters' PDFs under the test's own folder."""
    return msgspec.structs.replace(settings, data_dir=str(tmp_path))


@pytest.fixture
def receiver() -> Iterator[HttpServer]:
    """A real HTTP server on loopback that keeps every request it receives."""
    yield from http_server()


@pytest.fixture
def smtp_settings(settings: Settings, smtp: SmtpServer) -> Settings:
    """Settings that send email through `smtp`, its links to http://testserver.local."""
    return msgspec.structs.replace(
        settings,
        email_provider="smtp",
        smtp_host=smtp.host,
        smtp_port=smtp.port,
        public_base_url="http://testserver.local",
    )


def make_client(app: ASGIApp) -> AsyncTestClient[ASGIApp]:
    return AsyncTestClient(app=app, raise_server_exceptions=False)


@pytest.fixture
def clock() -> MutableClock:
    return MutableClock()


@pytest.fixture
async def client(
    settings: Settings, resources: Resources, clock: MutableClock
) -> AsyncIterator[AsyncTestClient[ASGIApp]]:
    async with make_client(create_asgi_app(settings, clock=clock)) as opened:
        yield opened


@pytest.fixture
async def standard_roles(resources: Resources, clock: MutableClock) -> None:
    """The demo roles: super_user, marketer, customer_support, …, customer."""
    async with resources.sessions.begin() as db:
        await seed_roles(db, clock.now())


@pytest.fixture
def browser(client: AsyncTestClient[ASGIApp]) -> Callable[[], Browser]:
    """Open another browser (its own cookies) on the app under test."""
    return lambda: Browser(client)


SignedIn = tuple[Account, Browser]


@pytest.fixture
def signed_in(
    resources: Resources, client: AsyncTestClient[ASGIApp], standard_roles: None
) -> Callable[..., Awaitable[SignedIn]]:
    """`await signed_in("marketer")`: a new user of that role, signed in in a new browser."""

    async def sign_in(role: str, **user: object) -> SignedIn:
        account = await create_user(resources, role=role, **user)  # type: ignore[arg-type]
        opened = Browser(client)
        await opened.sign_in(account.email, portal=role == "customer")
        return account, opened

    return sign_in


@pytest.fixture
async def super_user(signed_in: Callable[..., Awaitable[SignedIn]]) -> SignedIn:
    return await signed_in("super_user")
