"""What an effect would do, without doing it: each handler's `preview` answers one of these.

Test runs, what-if and the per-contact debugger show them in place of the real send:
the rendered email or text, the letter (with its PDF), the job it would create, the CRM
change, the webhook request. `would_run` is False when the real handler would refuse
now, `reason` says why (no consent, no address, a template that does not render).
Every field has a default, so a preview can say as much as it knows.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import msgspec
from msgspec import field


class _Preview(msgspec.Struct, frozen=True, kw_only=True, tag_field="kind"):
    # The effect's outbox key and its journey step.
    key: str = ""
    node_id: str = ""
    would_run: bool = True
    reason: str | None = None


class EmailPreview(_Preview, frozen=True, tag="email"):
    to: str | None = None
    subject: str | None = None
    html: str = ""
    text: str = ""
    template: str | None = None


class SmsPreview(_Preview, frozen=True, tag="sms"):
    to: str | None = None
    text: str = ""
    template: str | None = None


class LetterPreview(_Preview, frozen=True, tag="letter"):
    html: str = ""
    # The PDF as it would be printed (base64 in JSON); None when it did not render.
    pdf: bytes | None = None
    print_queue: str | None = None
    template: str | None = None


class WebhookPreview(_Preview, frozen=True, tag="webhook"):
    method: str = "POST"
    url: str = ""
    headers: dict[str, str] = field(default_factory=dict)
    body: str | None = None


class JobPreview(_Preview, frozen=True, tag="job"):
    job_type: str = ""
    queue: str = ""
    title: str = ""
    guidance: str | None = None
    priority: str = "normal"
    due_at: datetime | None = None
    outcomes: list[str] = field(default_factory=list)


class ContactChangePreview(_Preview, frozen=True, tag="contact_change"):
    set_fields: dict[str, Any] = field(default_factory=dict)
    clear_fields: list[str] = field(default_factory=list)
    add_tags: list[str] = field(default_factory=list)
    remove_tags: list[str] = field(default_factory=list)
    score_change: int = 0
    add_roles: list[str] = field(default_factory=list)
    remove_roles: list[str] = field(default_factory=list)
    # channel -> granted
    consent: dict[str, bool] = field(default_factory=dict)


class ObjectChangePreview(_Preview, frozen=True, tag="object_change"):
    object_type: str = ""
    set_fields: dict[str, Any] = field(default_factory=dict)


class NotificationPreview(_Preview, frozen=True, tag="notification"):
    queue: str = ""
    audience: str = "everyone"
    title: str = ""
    body: str = ""


class EventPreview(_Preview, frozen=True, tag="event"):
    name: str = ""
    properties: dict[str, Any] = field(default_factory=dict)


class PortalMessagePreview(_Preview, frozen=True, tag="portal_message"):
    title: str = ""
    body: str = ""
    link: str | None = None
    pin: bool = False


class RecordedPreview(_Preview, frozen=True, tag="recorded"):
    """A handler that only records (tests, and kinds no channel sends)."""


Preview = (
    EmailPreview
    | SmsPreview
    | LetterPreview
    | WebhookPreview
    | JobPreview
    | ContactChangePreview
    | ObjectChangePreview
    | NotificationPreview
    | EventPreview
    | PortalMessagePreview
    | RecordedPreview
)
