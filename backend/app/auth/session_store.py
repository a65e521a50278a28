"""Server-side sessions in Redis: idle and absolute expiry, rotation, and "log out everywhere".

The cookie holds a random id; Redis holds the session under the id's sha256, so someone
who can read Redis still cannot replay a cookie. A per-user set indexes a user's sessions
so a super-user (or deactivation) can end all of them at once.
"""

from __future__ import annotations

import hashlib
import secrets
import uuid
from datetime import datetime, timedelta

import msgspec
from redis.asyncio import Redis

from app.lib.clock import Clock

_SESSION_KEY = "waymark:session:"
_USER_INDEX_KEY = "waymark:user-sessions:"


class SessionData(msgspec.Struct, frozen=True):
    user_id: uuid.UUID
    active_role: str
    csrf_token: str
    created_at: datetime
    last_seen_at: datetime
    # The absolute end, fixed at sign-in; rotation keeps it.
    expires_at: datetime


_encoder = msgspec.json.Encoder()
_decoder = msgspec.json.Decoder(SessionData)


def _key(session_id: str) -> str:
    return _SESSION_KEY + hashlib.sha256(session_id.encode()).hexdigest()


def _index(user_id: uuid.UUID) -> str:
    return f"{_USER_INDEX_KEY}{user_id}"


class SessionStore:
    def __init__(self, redis: Redis, clock: Clock, *, idle: timedelta, absolute: timedelta) -> None:
        self._redis = redis
        self._clock = clock
        self._idle = idle
        self._absolute = absolute

    def _ttl_seconds(self, data: SessionData, now: datetime) -> int:
        remaining = min(self._idle, data.expires_at - now)
        return max(1, int(remaining.total_seconds()))

    async def create(self, user_id: uuid.UUID, active_role: str) -> tuple[str, SessionData]:
        """A brand-new session (new id, new CSRF token) starting its absolute clock now."""
        now = self._clock.now()
        return await self._store_new(
            SessionData(
                user_id=user_id,
                active_role=active_role,
                csrf_token=secrets.token_urlsafe(32),
                created_at=now,
                last_seen_at=now,
                expires_at=now + self._absolute,
            )
        )

    async def _store_new(self, data: SessionData) -> tuple[str, SessionData]:
        session_id = secrets.token_urlsafe(32)
        key = _key(session_id)
        index = _index(data.user_id)
        async with self._redis.pipeline(transaction=True) as pipe:
            pipe.set(key, _encoder.encode(data), ex=self._ttl_seconds(data, data.last_seen_at))
            pipe.sadd(index, key)
            pipe.expire(index, int(self._absolute.total_seconds()))
            await pipe.execute()
        return session_id, data

    async def resolve(self, session_id: str) -> SessionData | None:
        """The live session for a cookie, its idle timer restarted; None when gone or expired."""
        key = _key(session_id)
        raw = await self._redis.get(key)
        if raw is None:
            return None
        try:
            data = _decoder.decode(raw)
        except msgspec.DecodeError:
            await self._redis.delete(key)
            return None
        now = self._clock.now()
        if now >= data.expires_at or now - data.last_seen_at >= self._idle:
            await self.delete(session_id, data.user_id)
            return None
        touched = msgspec.structs.replace(data, last_seen_at=now)
        # xx: only if it still exists, so a request racing a forced logout cannot revive it.
        await self._redis.set(
            key, _encoder.encode(touched), ex=self._ttl_seconds(data, now), xx=True
        )
        return touched

    async def rotate(
        self, session_id: str, data: SessionData, active_role: str
    ) -> tuple[str, SessionData]:
        """Replace a session by one with a new id and CSRF token (after a privilege change)."""
        await self.delete(session_id, data.user_id)
        now = self._clock.now()
        return await self._store_new(
            msgspec.structs.replace(
                data,
                active_role=active_role,
                csrf_token=secrets.token_urlsafe(32),
                last_seen_at=now,
            )
        )

    async def delete(self, session_id: str, user_id: uuid.UUID | None = None) -> None:
        key = _key(session_id)
        async with self._redis.pipeline(transaction=True) as pipe:
            pipe.delete(key)
            if user_id is not None:
                pipe.srem(_index(user_id), key)
            await pipe.execute()

    async def delete_all(self, user_id: uuid.UUID) -> int:
        """End every session of a user; returns how many were live."""
        index = _index(user_id)
        keys = [key.decode() for key in await self._redis.smembers(index)]  # type: ignore[misc]
        if not keys:
            return 0
        async with self._redis.pipeline(transaction=True) as pipe:
            pipe.delete(*keys)
            pipe.delete(index)
            deleted, _ = await pipe.execute()
        return int(deleted)
