"""Segment-style calls: identify, track and page, as sent by track.js or a server.

Field names follow Segment's spec (`userId`, `anonymousId`, `messageId`, `timestamp`), so
code written for it needs little change. `userId` is the contact's external id; a track
or page call becomes an ordinary event (`page` is `page.viewed`); identify creates or
updates the contact and merges an anonymous visitor into the person (app.contacts.identity).
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Final

import msgspec
from msgspec import Meta

from app.contacts.schemas import ContactRef
from app.events.schemas import EventEnvelope, EventName, EventSource

Id = Annotated[str, Meta(min_length=1, max_length=200)]
Email = Annotated[str, Meta(min_length=3, max_length=320, pattern=r"^[^@\s]+@[^@\s]+$")]
PAGE_VIEWED: Final = "page.viewed"


class _Call(msgspec.Struct, frozen=True, kw_only=True, rename="camel", forbid_unknown_fields=True):
    user_id: Id | None = None
    anonymous_id: Id | None = None
    timestamp: datetime | None = None
    # Makes a retry safe: the same messageId is accepted once.
    message_id: Id | None = None
    # From a website (track.js): proves userId, HMAC-SHA256(the key's identity secret,
    # userId) in hex, made by the site's server (app.events.proof). Servers need none.
    user_hash: Annotated[str, Meta(min_length=1, max_length=128)] | None = None
    # Accepted for compatibility with Segment's libraries; not stored.
    context: dict[str, Any] = msgspec.field(default_factory=dict)
    integrations: dict[str, Any] = msgspec.field(default_factory=dict)
    sent_at: datetime | None = None

    def __post_init__(self) -> None:
        if not (self.user_id or self.anonymous_id):
            raise ValueError("needs a userId or an anonymousId")

    def contact(self) -> ContactRef:
        return ContactRef(external_id=self.user_id, anonymous_id=self.anonymous_id)

    def key(self, namespace: str) -> str | None:
        # Namespaced, so a website can never claim the key of a server's event.
        return f"{namespace}:{self.message_id}" if self.message_id else None


class Traits(msgspec.Struct, frozen=True, rename="camel", omit_defaults=True):
    """Traits Waymark files on the contact; any other trait is kept on the
    `contact.identified` event."""

    email: Email | None = None
    phone: Annotated[str, Meta(min_length=3, max_length=40)] | None = None
    name: Annotated[str, Meta(max_length=200)] | None = None
    first_name: Annotated[str, Meta(max_length=100)] | None = None
    last_name: Annotated[str, Meta(max_length=100)] | None = None

    def full_name(self) -> str | None:
        if self.name:
            return self.name
        joined = " ".join(part for part in (self.first_name, self.last_name) if part)
        return joined or None


class IdentifyCall(_Call, frozen=True, kw_only=True, tag="identify", tag_field="type"):
    """Who this visitor or customer is: creates or updates the contact."""

    traits: dict[str, Any] = msgspec.field(default_factory=dict)


class TrackCall(_Call, frozen=True, kw_only=True, tag="track", tag_field="type"):
    event: EventName
    properties: dict[str, Any] = msgspec.field(default_factory=dict)


class PageCall(_Call, frozen=True, kw_only=True, tag="page", tag_field="type"):
    """A page view: recorded as `page.viewed` with url, title, referrer, category, name."""

    name: Annotated[str, Meta(max_length=200)] | None = None
    category: Annotated[str, Meta(max_length=200)] | None = None
    properties: dict[str, Any] = msgspec.field(default_factory=dict)


Call = IdentifyCall | TrackCall | PageCall


class CallBatch(msgspec.Struct, frozen=True, forbid_unknown_fields=True, rename="camel"):
    """What track.js sends: calls in the order they happened."""

    batch: list[msgspec.Raw]
    sent_at: datetime | None = None


def as_envelope(
    call: TrackCall | PageCall, *, source: EventSource, namespace: str
) -> EventEnvelope:
    if isinstance(call, TrackCall):
        name, properties = call.event, call.properties
    else:
        name = PAGE_VIEWED
        # Named fields win over the same keys inside properties.
        named = {"name": call.name, "category": call.category}
        properties = {**call.properties, **{k: v for k, v in named.items() if v is not None}}
    return EventEnvelope(
        name=name,
        contact=call.contact(),
        properties=properties,
        occurred_at=call.timestamp,
        idempotency_key=call.key(namespace),
        source=source,
    )
