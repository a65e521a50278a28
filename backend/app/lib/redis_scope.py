"""Redis pub/sub channels of one Redis database number.

Keys are per database number in Redis, but pub/sub channels are server-wide: a publish on
db 2 is heard by a subscriber on db 1. Two deployments (or two test workers) sharing one
Redis server on different db numbers would hear each other's live messages, so a channel
name carries the db number of the connection it is used on (db 0 keeps the bare name).
"""

from __future__ import annotations

from redis.asyncio import Redis


def scoped_channel(redis: Redis, name: str) -> str:
    """`name` on db 0; `name@db<n>` on db n."""
    db = int(redis.connection_pool.connection_kwargs.get("db") or 0)
    return name if db == 0 else f"{name}@db{db}"
