"""What the worker knows about the contact when it advances a journey.

The engine reads no database: the caller loads these (contact, tags, scores, consent,
time zone, related objects, segments and history) and passes them in.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import msgspec
from msgspec import field


class EmailRecord(msgspec.Struct, frozen=True):
    """An email sent to (or opened by) the contact."""

    at: datetime
    template: str | None = None


class ClickRecord(msgspec.Struct, frozen=True):
    at: datetime
    url: str
    template: str | None = None


class EventRecord(msgspec.Struct, frozen=True):
    """An event of the contact that a "did event X" rule counts."""

    name: str
    at: datetime
    properties: dict[str, Any] = field(default_factory=dict)


class JobRecord(msgspec.Struct, frozen=True):
    job_type: str
    queue: str
    open: bool = True


class Facts(msgspec.Struct, frozen=True, kw_only=True):
    contact: dict[str, Any] = field(default_factory=dict)
    tags: frozenset[str] = frozenset()
    scores: dict[str, int] = field(default_factory=dict)
    consent: dict[str, bool] = field(default_factory=dict)
    # IANA name; an unknown zone falls back to UTC rather than failing a step.
    timezone: str = "UTC"
    # The enrollment's own related object (`object.<field>`), and others by type.
    object: dict[str, Any] = field(default_factory=dict)
    objects: dict[str, dict[str, Any]] = field(default_factory=dict)
    segments: frozenset[str] = frozenset()
    emails_received: tuple[EmailRecord, ...] = ()
    emails_opened: tuple[EmailRecord, ...] = ()
    links_clicked: tuple[ClickRecord, ...] = ()
    jobs: tuple[JobRecord, ...] = ()
    # Events of the names "did event X" rules ask about (the caller loads only those).
    events: tuple[EventRecord, ...] = ()


NO_FACTS = Facts()
