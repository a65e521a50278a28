"""Password hashing (argon2id) and the password policy."""

from __future__ import annotations

import asyncio
from functools import lru_cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

MIN_LENGTH = 12
# Long enough for any passphrase, short enough that hashing cannot be used to burn CPU.
MAX_LENGTH = 1024

# argon2-cffi's default is argon2id with RFC 9106's low-memory profile (64 MiB, t=3).
_hasher = PasswordHasher()


@lru_cache(maxsize=1)
def _dummy_hash() -> str:
    return str(_hasher.hash("a password nobody has"))


def password_problems(password: str, *, email: str) -> list[str]:
    """Why a new password is refused; empty when it is fine."""
    problems = []
    if len(password) < MIN_LENGTH:
        problems.append(f"Use at least {MIN_LENGTH} characters.")
    if len(password) > MAX_LENGTH:
        problems.append(f"Use at most {MAX_LENGTH} characters.")
    classes = {
        "lower"
        if char.islower()
        else "upper"
        if char.isupper()
        else "digit"
        if char.isdigit()
        else "other"
        for char in password
    }
    if len(classes) < 2:
        problems.append(
            "Mix at least two kinds of characters (lower case, upper case, digits, symbols)."
        )
    lowered = password.strip().casefold()
    if lowered in {email.casefold(), email.partition("@")[0].casefold()}:
        problems.append("Do not use your email address as the password.")
    return problems


async def hash_password(password: str) -> str:
    # argon2 takes tens of milliseconds of CPU on purpose: keep it off the event loop.
    return await asyncio.to_thread(_hasher.hash, password)


async def verify_password(password_hash: str | None, password: str) -> bool:
    """Check a password; with no hash, spend the same time and say no (no timing oracle)."""
    if len(password) > MAX_LENGTH:
        return False
    target = password_hash if password_hash is not None else _dummy_hash()
    try:
        await asyncio.to_thread(_hasher.verify, target, password)
    except (VerificationError, InvalidHashError):
        return False
    return password_hash is not None
