"""Sign-in throttling in Redis: growing waits per (account, address), never a lock for all.

A fixed limit per account would let anyone lock a named person out by typing wrong
passwords. So the waits are keyed by who is trying, where from:

- **account and address** (or account and known device): the first few failures are
  free, then each one doubles the wait before the next try from there (1 s, 2 s, 4 s …,
  up to `throttle_max_wait_seconds`). An attacker's address slows down; the account's
  owner elsewhere does not notice.
- **account, from anywhere**: after many failures, tries from places the account has
  never signed in from wait too (doubling up to `throttle_account_max_wait_seconds`,
  short on purpose): a spread-out attack crawls, the owner is slowed, not locked.
  A known place — an address the account signed in from, or a browser holding the
  device cookie a sign-in set — is exempt.
- **address, across accounts**: `throttle_failures_per_ip` failures within the window
  pause that address (guessing many accounts from one place); a known device of the
  account is exempt.

Waits are Redis keys that expire (Redis keeps the time); counts live while failures keep
coming. A right password during a wait is refused like a wrong one: it is not checked.
"""

from __future__ import annotations

import hashlib
import math
import secrets
from dataclasses import dataclass
from typing import Final

from redis.asyncio import Redis

from app.lib.problems import TooManyRequestsError
from app.settings import Settings

_KEY: Final = "waymark:login:"
# A sign-in remembers its address and device this long (renewed by each sign-in).
KNOWN_DAYS: Final = 90
DEVICE_COOKIE: Final = "waymark_device"


def _hash(value: str) -> str:
    # Hashed so the keyspace holds no email addresses or device tokens.
    return hashlib.sha256(value.encode()).hexdigest()


def account_of(email: str) -> str:
    return _hash(email.strip().lower())


def _wait_text(seconds: int) -> str:
    if seconds < 60:
        return "1 second" if seconds == 1 else f"{seconds} seconds"
    minutes = math.ceil(seconds / 60)
    return "1 minute" if minutes == 1 else f"{minutes} minutes"


def new_device_token() -> str:
    return secrets.token_urlsafe(32)


def doubling_wait(failures: int, free: int, cap: int) -> int:
    """Seconds to wait after `failures` failures: none for the first `free`, then 1, 2, 4 …
    up to `cap`."""
    if failures <= free:
        return 0
    return min(cap, 1 << min(failures - free - 1, 30))


@dataclass(frozen=True, slots=True)
class Attempt:
    """One sign-in attempt that may go ahead: who, from where, and what is known of it."""

    account: str
    ip: str
    # The device cookie the browser sent (if any), and its hash (what Redis keeps).
    device_token: str | None
    device: str | None
    known_device: bool
    known_address: bool

    @property
    def place(self) -> str:
        """Where the attempt counts from: its known device, else its address."""
        return f"d:{self.device}" if self.known_device and self.device else f"a:{self.ip}"


class LoginThrottle:
    def __init__(self, redis: Redis, settings: Settings) -> None:
        self._redis = redis
        self._free = settings.throttle_free_failures
        self._max_wait = settings.throttle_max_wait_seconds
        self._account_free = settings.throttle_account_failures
        self._account_max_wait = settings.throttle_account_max_wait_seconds
        self._per_ip = settings.throttle_failures_per_ip
        self._window = settings.throttle_window_minutes * 60

    def _keys(self, attempt: Attempt) -> dict[str, str]:
        account, place = attempt.account, attempt.place
        return {
            "place_count": f"{_KEY}count:{account}:{place}",
            "place_wait": f"{_KEY}wait:{account}:{place}",
            "account_count": f"{_KEY}count:{account}",
            "account_wait": f"{_KEY}wait:{account}",
            "ip_count": f"{_KEY}ip:{attempt.ip}",
            "known": f"{_KEY}known:{account}",
        }

    async def begin(self, email: str, ip: str, device_token: str | None) -> Attempt:
        """The attempt, or TooManyRequestsError when it must wait (with how long)."""
        account = account_of(email)
        device = _hash(device_token) if device_token else None
        known = f"{_KEY}known:{account}"
        async with self._redis.pipeline(transaction=False) as pipe:
            pipe.sismember(known, f"d:{device}" if device else "d:")
            pipe.sismember(known, f"a:{ip}")
            known_device, known_address = await pipe.execute()
        attempt = Attempt(
            account, ip, device_token, device, bool(known_device), bool(known_address)
        )
        keys = self._keys(attempt)
        async with self._redis.pipeline(transaction=False) as pipe:
            pipe.ttl(keys["place_wait"])
            pipe.ttl(keys["account_wait"])
            pipe.get(keys["ip_count"])
            pipe.ttl(keys["ip_count"])
            place_wait, account_wait, ip_count, ip_ttl = await pipe.execute()
        if not attempt.known_device and ip_count is not None and int(ip_count) >= self._per_ip:
            self._refuse("Too many failed sign-ins from your network address", ip_ttl)
        if place_wait > 0:
            self._refuse("Too many failed sign-ins for this account from here", place_wait)
        if account_wait > 0 and not (attempt.known_device or attempt.known_address):
            self._refuse(
                "This account has had many failed sign-ins, so sign-ins from new places are "
                "slowed down",
                account_wait,
            )
        return attempt

    def _refuse(self, why: str, ttl: int) -> None:
        wait = ttl if ttl > 0 else self._window
        raise TooManyRequestsError(
            f"{why}. Try again in {_wait_text(wait)}.", retry_after_seconds=wait
        )

    async def failed(self, attempt: Attempt) -> None:
        """A wrong password: count it where it came from and start the waits it earns."""
        keys = self._keys(attempt)
        async with self._redis.pipeline(transaction=True) as pipe:
            pipe.incr(keys["place_count"])
            pipe.incr(keys["account_count"])
            # The address's window opens with its first failure and is not extended.
            pipe.set(keys["ip_count"], 0, ex=self._window, nx=True)
            pipe.incr(keys["ip_count"])
            place_count, account_count, _, _ = await pipe.execute()
        place_wait = doubling_wait(place_count, self._free, self._max_wait)
        account_wait = doubling_wait(account_count, self._account_free, self._account_max_wait)
        async with self._redis.pipeline(transaction=True) as pipe:
            # Counts live while failures keep coming (and at least as long as their wait).
            pipe.expire(keys["place_count"], max(self._window, 2 * place_wait))
            pipe.expire(keys["account_count"], max(self._window, 2 * account_wait))
            if place_wait:
                pipe.set(keys["place_wait"], 1, ex=place_wait)
            if account_wait:
                pipe.set(keys["account_wait"], 1, ex=account_wait)
            await pipe.execute()

    async def succeeded(self, attempt: Attempt) -> str:
        """A right password: this place starts afresh and is known from now on. Returns the
        device token for the browser's cookie (a new one unless it sent a known one).

        The account's count is left alone, and so is the address's when the sign-in came
        from a known device: someone else guessing elsewhere, or behind the same address,
        is not let off by the owner signing in."""
        keys = self._keys(attempt)
        known = attempt.known_device and attempt.device_token
        token = attempt.device_token if known and attempt.device_token else new_device_token()
        async with self._redis.pipeline(transaction=True) as pipe:
            pipe.delete(keys["place_count"], keys["place_wait"])
            pipe.sadd(keys["known"], f"a:{attempt.ip}", f"d:{_hash(token)}")
            pipe.expire(keys["known"], KNOWN_DAYS * 24 * 3600)
            await pipe.execute()
        return token
