"""Sign-in throttling in Redis: failures counted per email and per client address.

A fixed window that starts at the first failure: after the limit, every attempt (even a
right one) is refused until the window ends, and the answer says how long that is.
"""

from __future__ import annotations

import hashlib
import math

from redis.asyncio import Redis

from app.lib.problems import TooManyRequestsError
from app.settings import Settings

_KEY = "waymark:login-failures:"


def _email_key(email: str) -> str:
    # Hashed so the keyspace holds no email addresses.
    return f"{_KEY}email:{hashlib.sha256(email.strip().lower().encode()).hexdigest()}"


def _ip_key(ip: str) -> str:
    return f"{_KEY}ip:{ip}"


def _wait_text(seconds: int) -> str:
    if seconds < 60:
        return f"{seconds} seconds"
    minutes = math.ceil(seconds / 60)
    return "1 minute" if minutes == 1 else f"{minutes} minutes"


class LoginThrottle:
    def __init__(self, redis: Redis, settings: Settings) -> None:
        self._redis = redis
        self._per_email = settings.throttle_failures_per_email
        self._per_ip = settings.throttle_failures_per_ip
        self._window = settings.throttle_window_minutes * 60

    async def check(self, email: str, ip: str) -> None:
        """Raise TooManyRequestsError when this email or address must wait."""
        email_key, ip_key = _email_key(email), _ip_key(ip)
        email_count, ip_count = await self._redis.mget(email_key, ip_key)
        for key, count, limit, whom in (
            (email_key, email_count, self._per_email, "this account"),
            (ip_key, ip_count, self._per_ip, "your network address"),
        ):
            if count is not None and int(count) >= limit:
                wait = await self._redis.ttl(key)
                wait = wait if wait > 0 else self._window
                raise TooManyRequestsError(
                    f"Too many failed sign-ins for {whom}. Try again in {_wait_text(wait)}.",
                    retry_after_seconds=wait,
                )

    async def record_failure(self, email: str, ip: str) -> None:
        async with self._redis.pipeline(transaction=True) as pipe:
            for key in (_email_key(email), _ip_key(ip)):
                # The window opens at the first failure and is not extended by later ones.
                pipe.set(key, 0, ex=self._window, nx=True)
                pipe.incr(key)
            await pipe.execute()

    async def reset(self, email: str) -> None:
        """A successful sign-in clears the account's count (not the address's)."""
        await self._redis.delete(_email_key(email))
