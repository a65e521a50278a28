"""Shared fixtures: settings, a migrated database, clean tables, clean Redis, the app."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from alembic import command
from litestar.testing import AsyncTestClient
from litestar.types import ASGIApp
from redis.asyncio import Redis
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from app.cli import alembic_config
from app.main import create_asgi_app
from app.models import metadata
from app.resources import Resources, open_resources
from app.settings import Settings, load_settings


@pytest.fixture(scope="session")
def settings() -> Settings:
    return load_settings()


@pytest.fixture(scope="session")
def migrated(settings: Settings) -> None:
    # Sync on purpose: Alembic's async env runs its own event loop.
    command.upgrade(alembic_config(settings), "head")


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


def make_client(app: ASGIApp) -> AsyncTestClient[ASGIApp]:
    return AsyncTestClient(app=app, raise_server_exceptions=False)


@pytest.fixture
async def client(
    settings: Settings, resources: Resources
) -> AsyncIterator[AsyncTestClient[ASGIApp]]:
    async with make_client(create_asgi_app(settings)) as opened:
        yield opened
