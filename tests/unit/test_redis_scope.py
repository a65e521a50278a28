"""Live channels carry the Redis db number: pub/sub is server-wide, keys are per db."""

from __future__ import annotations

import pytest
from redis.asyncio import Redis

from app.jobs.live import channel
from app.lib.redis_scope import scoped_channel


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("redis://127.0.0.1:6379/0", "waymark:jobs:warehouse"),
        ("redis://127.0.0.1:6379", "waymark:jobs:warehouse"),
        ("redis://127.0.0.1:6379/3", "waymark:jobs:warehouse@db3"),
        ("redis://:secret@cache:6380/12", "waymark:jobs:warehouse@db12"),
    ],
)
async def test_a_channel_names_the_db_of_its_connection(url: str, expected: str) -> None:
    redis = Redis.from_url(url)  # no connection is opened
    try:
        assert scoped_channel(redis, channel("warehouse")) == expected
    finally:
        await redis.aclose()
