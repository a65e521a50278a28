"""API shapes of templates, previews, the message log and letters."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Any, Literal

import msgspec
from msgspec import Meta

from app.engine.channels import MessageChannel, TemplateKind

MessageStatus = Literal["queued", "sent", "failed", "opened", "clicked"]
TemplateName = Annotated[
    str,
    Meta(
        min_length=1,
        max_length=80,
        pattern=r"^[a-z][a-z0-9_]*$",
        description="What journey steps name: lower case, digits and _, e.g. `welcome`.",
    ),
]
Text = Annotated[str, Meta(max_length=100_000)]


class Template(msgspec.Struct, frozen=True):
    id: uuid.UUID
    name: str
    label: str
    channel: TemplateKind
    subject: str | None
    body_html: str
    body_text: str
    updated_at: datetime


class TemplateWrite(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    name: TemplateName
    label: Annotated[str, Meta(min_length=1, max_length=120)]
    channel: TemplateKind
    subject: Annotated[str, Meta(max_length=200)] | None = None
    body_html: Text = ""
    body_text: Text = ""
    # On update: the `updated_at` the editor loaded; a save over a newer one is a 409.
    expected_updated_at: datetime | None = None


class TemplateUpdate(TemplateWrite, frozen=True, forbid_unknown_fields=True, kw_only=True):
    """A PUT replaces the template: its texts are required too (`subject: null` for none),
    so that a client that leaves one out is told so rather than blanking it."""

    subject: Annotated[str, Meta(max_length=200)] | None
    body_html: Text
    body_text: Text


class PreviewRequest(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """Render texts (saved or not) against a contact and sample event/object/variables."""

    channel: TemplateKind
    subject: Annotated[str, Meta(max_length=200)] | None = None
    body_html: Text = ""
    body_text: Text = ""
    contact_id: uuid.UUID | None = None
    event: dict[str, Any] = msgspec.field(default_factory=dict)
    object: dict[str, Any] = msgspec.field(default_factory=dict)
    journey: dict[str, Any] = msgspec.field(default_factory=dict)


class SavedPreviewRequest(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    contact_id: uuid.UUID | None = None
    event: dict[str, Any] = msgspec.field(default_factory=dict)
    object: dict[str, Any] = msgspec.field(default_factory=dict)
    journey: dict[str, Any] = msgspec.field(default_factory=dict)


class PreviewError(msgspec.Struct, frozen=True):
    # `subject`, `html`, `text` or `layout “name”`.
    part: str
    message: str
    line: int | None = None


class Preview(msgspec.Struct, frozen=True):
    ok: bool
    subject: str | None = None
    html: str = ""
    text: str = ""
    error: PreviewError | None = None
    # Dotted names the template may use, for the variable picker.
    variables: list[str] = msgspec.field(default_factory=list)


class PreviewContact(msgspec.Struct, frozen=True):
    id: uuid.UUID
    name: str
    email: str | None


class Message(msgspec.Struct, frozen=True):
    key: str
    outbox_id: int
    channel: MessageChannel
    status: MessageStatus
    attempts: int
    error: str | None
    next_attempt_at: datetime | None
    contact_id: uuid.UUID | None
    contact_name: str | None
    journey_id: uuid.UUID | None
    node_id: str | None
    template: str | None
    recipient: str | None
    subject: str | None
    provider: str | None
    opens: int
    clicks: int
    created_at: datetime
    sent_at: datetime | None
    opened_at: datetime | None
    clicked_at: datetime | None


class MessagePage(msgspec.Struct, frozen=True):
    items: list[Message]
    total: int
    page: int
    page_size: int


class MessageDetail(Message, frozen=True):
    body_html: str | None
    body_text: str | None
    raw: str | None
    message_id: str | None
    response: dict[str, Any] | None
    letter_id: int | None


class LetterInfo(msgspec.Struct, frozen=True):
    id: int
    key: str
    contact_id: uuid.UUID
    template: str | None
    size: int
    print_queue: str | None
    created_at: datetime


class InboundSms(msgspec.Struct, frozen=True, forbid_unknown_fields=False):
    """An inbound text as a JSON gateway (or relay) posts it; Twilio's form also works."""

    from_: Annotated[str, Meta(min_length=3, max_length=40)] = msgspec.field(name="from")
    text: Annotated[str, Meta(max_length=2000)] = ""
    to: str | None = None
    id: str | None = None


class InboundAccepted(msgspec.Struct, frozen=True):
    event_id: int
    keyword: str | None
    opted_out: bool


class ChannelsApi(msgspec.Struct, frozen=True):
    """Every shape of the templates and message log API in one schema
    (schemas/channels-api.schema.json), so the SPA's TypeScript types are generated."""

    template: Template
    template_write: TemplateWrite
    preview_request: PreviewRequest
    saved_preview_request: SavedPreviewRequest
    preview: Preview
    preview_error: PreviewError
    preview_contact: PreviewContact
    message: Message
    message_detail: MessageDetail
    message_page: MessagePage
    letter: LetterInfo
