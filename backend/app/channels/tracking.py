"""Signed tokens for open, click and unsubscribe links (HMAC-SHA256, stdlib `hmac`).

A token is `<base64url payload>.<base64url signature>`; the payload is compact JSON naming
the message key (and, for clicks, the target URL), so a link cannot be forged or pointed
somewhere else. Tokens do not expire: a customer may open an old email years later.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
from typing import Final, Literal
from urllib.parse import quote

import msgspec

Purpose = Literal["open", "click", "unsubscribe", "sms"]
_OPEN_PATH: Final = "/t/o/"
_CLICK_PATH: Final = "/t/c/"
_UNSUB_PATH: Final = "/t/u/"
# Links in email HTML: href="http…" (not mailto:, not our own tracking links).
_HREF: Final = re.compile(r'(<a\b[^>]*?\bhref=")(https?://[^"]+)(")', re.IGNORECASE)


class TokenPayload(msgspec.Struct, frozen=True, omit_defaults=True):
    p: Purpose
    k: str
    u: str | None = None


class BadTokenError(ValueError):
    """The token was not made by us (or was altered)."""


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _signature(secret: str, payload: str) -> str:
    digest = hmac.new(secret.encode(), b"waymark-link:" + payload.encode(), hashlib.sha256)
    return _b64(digest.digest()[:20])


def sign(secret: str, purpose: Purpose, key: str, url: str | None = None) -> str:
    payload = _b64(msgspec.json.encode(TokenPayload(purpose, key, url)))
    return f"{payload}.{_signature(secret, payload)}"


def verify(secret: str, token: str, purpose: Purpose) -> TokenPayload:
    payload, _, signature = token.partition(".")
    if not signature or not hmac.compare_digest(signature, _signature(secret, payload)):
        raise BadTokenError("the link is not valid")
    try:
        decoded = msgspec.json.decode(_unb64(payload), type=TokenPayload)
    except (msgspec.DecodeError, ValueError) as error:
        raise BadTokenError("the link is not valid") from error
    if decoded.p != purpose:
        raise BadTokenError("the link is not valid here")
    return decoded


class Links:
    """The tracking and unsubscribe URLs of one message."""

    def __init__(self, base_url: str, secret: str, key: str) -> None:
        self._base = base_url.rstrip("/")
        self._secret = secret
        self._key = key

    @property
    def open_pixel(self) -> str:
        return f"{self._base}{_OPEN_PATH}{sign(self._secret, 'open', self._key)}.gif"

    @property
    def unsubscribe(self) -> str:
        return f"{self._base}{_UNSUB_PATH}{sign(self._secret, 'unsubscribe', self._key)}"

    def click(self, url: str) -> str:
        return f"{self._base}{_CLICK_PATH}{quote(sign(self._secret, 'click', self._key, url))}"

    def track_html(self, body: str) -> str:
        """Rewrite every http(s) link through the click redirect; add the open pixel."""

        def rewrite(match: re.Match[str]) -> str:
            url = match.group(2)
            if url.startswith(self._base + "/t/"):
                return match.group(0)
            # The href was HTML-escaped in the template; the redirect target must not be.
            target = url.replace("&amp;", "&")
            return f"{match.group(1)}{self.click(target)}{match.group(3)}"

        tracked = _HREF.sub(rewrite, body)
        pixel = f'<img src="{self.open_pixel}" width="1" height="1" alt="" style="display:none">'
        if "</body>" in tracked:
            return tracked.replace("</body>", pixel + "</body>", 1)
        return tracked + pixel
