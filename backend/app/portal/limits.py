"""Rate limits on what a customer can ask for: a fixed window per caller in Redis.

The window opens at the first request; past the limit every request is refused until it
ends, and the answer (429) says how long that is (`Retry-After`).
"""

from __future__ import annotations

import hashlib

from redis.asyncio import Redis

from app.lib.problems import TooManyRequestsError

_KEY = "waymark:portal-limit:"


def _wait_text(seconds: int) -> str:
    minutes = -(-seconds // 60)
    return f"{seconds} seconds" if seconds < 60 else f"{minutes} minute" + ("s" * (minutes != 1))


async def hit(redis: Redis, bucket: str, who: str, *, limit: int, window_seconds: int) -> None:
    """Count one request by `who` in `bucket`; raise TooManyRequestsError past `limit`."""
    # Hashed so the keyspace holds no email addresses.
    key = f"{_KEY}{bucket}:{hashlib.sha256(who.lower().encode()).hexdigest()}"
    async with redis.pipeline(transaction=True) as pipe:
        pipe.set(key, 0, ex=window_seconds, nx=True)
        pipe.incr(key)
        pipe.ttl(key)
        _, count, ttl = await pipe.execute()
    if int(count) > limit:
        wait = int(ttl) if int(ttl) > 0 else window_seconds
        raise TooManyRequestsError(
            f"You have made too many requests. Try again in {_wait_text(wait)}.",
            retry_after_seconds=wait,
        )
