"""SMS through an HTTP gateway (Twilio-style form post by default), and inbound checks."""

from __future__ import annotations

import hashlib
import hmac

import httpx

from app.settings import Settings
from app.templating.sandbox import BoundedSandbox

# Keywords that opt a contact out of SMS (the carriers' common set).
STOP_WORDS = frozenset({"STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT"})
SIGNATURE_HEADER = "X-Waymark-Signature"

_GATEWAY_ENV = BoundedSandbox(autoescape=False)


class GatewayError(Exception):
    """The gateway refused or failed; the outbox retries."""


def gateway_body(settings: Settings, to: str, text: str) -> str:
    template = _GATEWAY_ENV.from_string(settings.sms_gateway_body)
    return template.render(to=to, sender=settings.sms_from, text=text)


async def send_http(settings: Settings, to: str, text: str) -> dict[str, object]:
    """POST one message to the gateway; returns its status and (JSON) answer."""
    if not settings.sms_gateway_url:
        raise GatewayError("WAYMARK_SMS_GATEWAY_URL is not set")
    auth = (
        httpx.BasicAuth(settings.sms_gateway_username, settings.sms_gateway_password or "")
        if settings.sms_gateway_username
        else None
    )
    async with httpx.AsyncClient(timeout=settings.webhook_timeout_seconds) as client:
        response = await client.post(
            settings.sms_gateway_url,
            content=gateway_body(settings, to, text).encode(),
            headers={"Content-Type": settings.sms_gateway_content_type},
            auth=auth or httpx.USE_CLIENT_DEFAULT,
        )
    if response.status_code >= 300:
        raise GatewayError(f"gateway answered {response.status_code}: {response.text[:300]}")
    try:
        answer: object = response.json()
    except ValueError:
        answer = response.text[:1000]
    return {"status": response.status_code, "answer": answer}


def inbound_signature(secret: str, body: bytes) -> str:
    """Hex HMAC-SHA256 of the raw request body: what the gateway (or a relay) sends along."""
    return hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def signature_ok(secret: str | None, body: bytes, given: str | None) -> bool:
    if not secret or not given:
        return False
    return hmac.compare_digest(inbound_signature(secret, body), given.strip().lower())
