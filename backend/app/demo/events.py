"""Demo data for event intake: a public write key for track.js, and events from several
sources sent through the real intake (one visitor browses, then identifies and is merged)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any, Final

import msgspec
from sqlalchemy import select, update
from sqlalchemy.dialects.postgresql import insert

from app.auth.models import ApiKey, User
from app.auth.permissions import Permission
from app.auth.tokens import hash_token
from app.contacts.schemas import ContactRef
from app.events.intake import WEB, accept_batch, accept_calls, parse_calls
from app.events.proof import Proof, check_calls, user_hash
from app.events.schemas import EventEnvelope, EventSource
from app.resources import Resources

# Published on purpose, like the demo password: a public write key can only send tracking
# events, and only the demo data creates this one. Never use it outside a demo. The same
# goes for its identity secret (with which the demo shop's server proves its customers'
# ids) and its one website, the demo's made-up shop.
DEMO_PUBLIC_KEY: Final = "wm_pk_demo-website-key-not-secret"
DEMO_IDENTITY_SECRET: Final = "wm_is_demo-identity-secret-not-secret"  # noqa: S105 - demo only
DEMO_SHOP: Final = "https://shop.example"
_OWNER: Final = "super-user@waymark.local"


async def seed_demo_key(resources: Resources, now: datetime) -> int:
    async with resources.sessions.begin() as db:
        owner = await db.scalar(select(User.id).where(User.email == _OWNER))
        if owner is None:
            return 0
        created = await db.scalar(
            insert(ApiKey)
            .values(
                name="Demo website (track.js)",
                kind="public_write",
                prefix=DEMO_PUBLIC_KEY[:14],
                secret_hash=hash_token(DEMO_PUBLIC_KEY),
                scopes=[Permission.EVENTS_WRITE.value],
                created_by=owner,
                created_at=now,
                allowed_origins=[DEMO_SHOP],
                identity_secret=DEMO_IDENTITY_SECRET,
                identity_secret_set_at=now,
            )
            .on_conflict_do_nothing(index_elements=[ApiKey.secret_hash])
            .returning(ApiKey.id)
        )
        if created is None:
            # Seeded before keys had websites: give it the shop and its identity secret.
            await db.execute(
                update(ApiKey)
                .where(
                    ApiKey.secret_hash == hash_token(DEMO_PUBLIC_KEY),
                    ApiKey.identity_secret.is_(None),
                    ApiKey.revoked_at.is_(None),
                )
                .values(
                    allowed_origins=[DEMO_SHOP],
                    identity_secret=DEMO_IDENTITY_SECRET,
                    identity_secret_set_at=now,
                )
            )
    return int(created is not None)


def _visit(now: datetime) -> list[dict[str, Any]]:
    """A visitor reads two pages, identifies as Alan, then adds to the cart."""
    at = now - timedelta(hours=5)
    visitor = "demo-visitor-alan"
    page = {"type": "page", "anonymousId": visitor}
    return [
        {
            **page,
            "messageId": "demo-visit-1",
            "timestamp": at.isoformat(),
            "properties": {"url": "https://shop.example/", "title": "Home", "referrer": ""},
        },
        {
            **page,
            "messageId": "demo-visit-2",
            "timestamp": (at + timedelta(minutes=2)).isoformat(),
            "category": "Docs",
            "properties": {
                "url": "https://shop.example/pricing",
                "title": "Pricing",
                "referrer": "https://shop.example/",
            },
        },
        {
            "type": "identify",
            "anonymousId": visitor,
            "userId": "cust-1003",
            # What the shop's server put in the page when Alan signed in (app.events.proof).
            "userHash": user_hash(DEMO_IDENTITY_SECRET, "cust-1003"),
            "messageId": "demo-visit-identify",
            "timestamp": (at + timedelta(minutes=3)).isoformat(),
            "traits": {"email": "alan@example.com"},
        },
        {
            "type": "track",
            "userId": "cust-1003",
            "userHash": user_hash(DEMO_IDENTITY_SECRET, "cust-1003"),
            "event": "cart.item_added",
            "messageId": "demo-visit-cart",
            "timestamp": (at + timedelta(minutes=4)).isoformat(),
            "properties": {"sku": "PRINT-A3", "price": 45},
        },
    ]


def _from_elsewhere(now: datetime) -> list[EventEnvelope]:
    rows: list[tuple[str, str, EventSource, dict[str, Any], int]] = [
        ("cust-1001", "portal.profile_updated", "portal", {"fields": ["phone"]}, 26),
        ("cust-1002", "email.opened", "email", {"template": "payment_reminder"}, 20),
        ("cust-1004", "sms.received", "sms", {"text": "YES", "from": "+441632960004"}, 8),
        ("cust-1001", "newsletter.subscribed", "api", {"list": "monthly"}, 30),
    ]
    return [
        EventEnvelope(
            name=name,
            contact=ContactRef(external_id=external_id),
            properties=properties,
            occurred_at=now - timedelta(hours=hours),
            idempotency_key=f"demo:{name}:{external_id}",
            source=source,
        )
        for external_id, name, source, properties, hours in rows
    ]


async def seed_event_sources(resources: Resources, now: datetime) -> int:
    """Events from the website, the portal, email, SMS and the API; how many were new."""
    raw = msgspec.json.encode({"batch": _visit(now)})
    # Checked as /api/v1/track/batch checks a page's calls: Alan's id is proven.
    items, warnings = check_calls(parse_calls(raw, limit=100), Proof(DEMO_IDENTITY_SECRET))
    assert not warnings, warnings
    website = await accept_calls(resources, items, source="track", trusted=False, namespace=WEB)
    others = await accept_batch(resources, _from_elsewhere(now))
    return website.accepted + others.accepted
