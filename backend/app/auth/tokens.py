"""Random secrets that are shown once and stored only as a hash."""

from __future__ import annotations

import hashlib
import secrets

# 32 random bytes (256 bits): far beyond guessing, so a fast hash is a safe way to store them.
_TOKEN_BYTES = 32


def new_token(prefix: str = "") -> str:
    return prefix + secrets.token_urlsafe(_TOKEN_BYTES)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()
