"""Values a message carries to its recipient only, such as a portal sign-in link.

Such a value never reaches PostgreSQL: whoever queues the message keeps it in Redis
under the outbox key, with a time to live no longer than the value is good for, and
lists its name in the payload (`withheld: ["sign_in_link"]`). The email provider reads it
at dispatch time to render the mail it sends, and renders the copy it records (message
log, dev outbox) with a placeholder instead. A retried send reads the same value again;
once the time to live is over, the send fails for good (the link would have expired).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Final

import msgspec
from redis.asyncio import Redis

_KEY: Final = "waymark:withheld:"
# What the message log and the dev outbox show where the value was.
PLACEHOLDER: Final = "[withheld: sent only to the recipient]"


async def keep(redis: Redis, message_key: str, values: dict[str, str], ttl_seconds: int) -> None:
    """Hold `values` for the message queued under `message_key`, for `ttl_seconds`."""
    await redis.set(f"{_KEY}{message_key}", msgspec.json.encode(values), ex=ttl_seconds)


async def fetch(redis: Redis, message_key: str, names: Iterable[str]) -> dict[str, str] | None:
    """The values named, or None once any of them has expired (or was never kept)."""
    stored = await redis.get(f"{_KEY}{message_key}")
    if stored is None:
        return None
    values = msgspec.json.decode(stored, type=dict[str, str])
    wanted = list(names)
    if any(name not in values for name in wanted):
        return None
    return {name: values[name] for name in wanted}


def placeholders(names: Iterable[str]) -> dict[str, str]:
    return dict.fromkeys(names, PLACEHOLDER)
