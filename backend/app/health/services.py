from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from typing import Literal

import msgspec
from redis.asyncio import Redis
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

CheckStatus = Literal["ok", "down"]


class Readiness(msgspec.Struct, frozen=True):
    status: CheckStatus
    checks: dict[str, CheckStatus]
    errors: dict[str, str] = msgspec.field(default_factory=dict)


async def _check(probe: Awaitable[object], limit_seconds: float) -> str | None:
    try:
        await asyncio.wait_for(probe, limit_seconds)
    except TimeoutError:
        return f"no answer within {limit_seconds:g} s"
    except Exception as exc:  # any failure means "not ready"; the message says which
        return f"{type(exc).__name__}: {exc}"
    return None


async def _ping_postgres(engine: AsyncEngine) -> None:
    async with engine.connect() as connection:
        await connection.execute(text("SELECT 1"))


async def check_readiness(engine: AsyncEngine, redis: Redis, *, limit_seconds: float) -> Readiness:
    postgres_error, redis_error = await asyncio.gather(
        _check(_ping_postgres(engine), limit_seconds),
        _check(redis.ping(), limit_seconds),
    )
    errors = {
        name: error
        for name, error in (("postgres", postgres_error), ("redis", redis_error))
        if error is not None
    }
    checks: dict[str, CheckStatus] = {
        name: "down" if name in errors else "ok" for name in ("postgres", "redis")
    }
    return Readiness(status="down" if errors else "ok", checks=checks, errors=errors)
