"""What the portal shows a customer, and what it accepts from them. Nothing here carries a
contact id chosen by the caller: every record is the signed-in customer's own."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Annotated, Any, Literal

import msgspec
from msgspec import UNSET, Meta, UnsetType

from app.contacts.consent import Channel, ConsentStatus
from app.contacts.schemas import ContactView, Locale, Phone, TimeZoneName

RecordKind = Literal["order", "return", "ticket", "enquiry", "appointment"]
PageCategory = Annotated[
    str,
    Meta(
        min_length=1,
        max_length=60,
        pattern=r"^[a-z][a-z0-9_-]*$",
        description="What the page is about, e.g. `orders` or `onboarding`.",
    ),
]
ShortText = Annotated[str, Meta(min_length=1, max_length=200)]
LongText = Annotated[str, Meta(min_length=1, max_length=5000)]


class ConsentChoice(msgspec.Struct, frozen=True):
    channel: Channel
    # None: nothing recorded yet.
    status: ConsentStatus | None
    # Whether we may contact them on this channel now.
    allowed: bool


class PortalProfile(msgspec.Struct, frozen=True):
    id: uuid.UUID
    name: str
    email: str | None
    phone: str | None
    timezone: str | None
    locale: str | None
    birthday: date | None
    consent: list[ConsentChoice]
    # Roles of the portal user: `affiliate` when they may see referrals.
    is_affiliate: bool
    created_at: datetime


class ProfileUpdate(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """Send only what changes; `null` clears a field. The sign-in email is not changed here."""

    name: Annotated[str, Meta(min_length=1, max_length=200)] | UnsetType = UNSET
    phone: Phone | UnsetType | None = UNSET
    timezone: TimeZoneName | UnsetType | None = UNSET
    locale: Locale | UnsetType | None = UNSET
    birthday: date | UnsetType | None = UNSET


class ConsentUpdate(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    channel: Channel
    status: ConsentStatus


class PortalDocument(msgspec.Struct, frozen=True):
    """A letter we sent the customer; `GET /documents/{id}/pdf` downloads it."""

    id: int
    title: str
    kind: Literal["letter"]
    size: int
    created_at: datetime


class ProgressStep(msgspec.Struct, frozen=True):
    """One stage a record went through, in the customer's words."""

    at: datetime
    status: str
    label: str


class PortalRecord(msgspec.Struct, frozen=True):
    id: uuid.UUID
    kind: RecordKind
    reference: str | None
    status: str
    # The status in the customer's words.
    status_label: str
    # The record's own fields (items, total, reason…), as the business stored them.
    data: dict[str, Any]
    due_at: datetime | None
    starts_at: datetime | None
    created_at: datetime
    updated_at: datetime


class PortalRecordDetail(msgspec.Struct, frozen=True):
    record: PortalRecord
    progress: list[ProgressStep]


class ReturnRequest(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    order_id: uuid.UUID
    reason: LongText


class TicketRequest(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """A complaint or an enquiry."""

    kind: Literal["complaint", "enquiry"]
    subject: ShortText
    message: LongText
    # The order it is about, if any (must be one of theirs).
    order_id: uuid.UUID | None = None


class AppointmentRequest(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    starts_at: datetime
    topic: ShortText
    notes: Annotated[str, Meta(max_length=2000)] = ""


class AppointmentMove(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    starts_at: datetime


class PortalMessageView(msgspec.Struct, frozen=True):
    id: int
    title: str
    body: str
    link: str | None
    pinned: bool
    created_at: datetime
    read_at: datetime | None


class PortalHome(msgspec.Struct, frozen=True):
    name: str
    # Onboarding and other highlights a journey pinned.
    highlights: list[PortalMessageView]
    unread_messages: int
    open_records: int


class DocumentView(msgspec.Struct, frozen=True):
    id: str
    title: str
    created_at: datetime
    content_type: str
    size: int


class PageView(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    path: Annotated[str, Meta(min_length=1, max_length=300, pattern=r"^/portal(/.*)?$")]
    category: PageCategory


class ErasureView(msgspec.Struct, frozen=True):
    id: uuid.UUID
    status: Literal["requested", "completed", "declined"]
    requested_at: datetime
    completed_at: datetime | None


class Referral(msgspec.Struct, frozen=True):
    """A contact an affiliate brought in. Only what an affiliate may see: no contact details."""

    id: uuid.UUID
    name: str
    # `lead` until they place an order, then `customer`.
    stage: Literal["lead", "customer"]
    orders: int
    referred_at: datetime


class SignInLinkRequest(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    email: Annotated[str, Meta(min_length=3, max_length=320, pattern=r"^[^@\s]+@[^@\s]+$")]


class SignInLinkUse(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    token: Annotated[str, Meta(min_length=20, max_length=200)]


class Registration(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """Sign up: the account is usable once the emailed link is opened (proof of the email)."""

    name: Annotated[str, Meta(min_length=1, max_length=200)]
    email: Annotated[str, Meta(min_length=3, max_length=320, pattern=r"^[^@\s]+@[^@\s]+$")]


class PortalConfig(msgspec.Struct, frozen=True):
    password: bool
    email_link: bool
    registration: bool


# ---- staff: the words customers read for job stages (docs/portal-api.md) ------------


class StageWords(msgspec.Struct, frozen=True):
    """One stage of a job type: `created`, `claimed`, `on_hold`, `completed` or
    `completed:<outcome>`."""

    stage: str
    # The code's words (app.portal.wording), shown when there is no override.
    default_words: str
    # Staff's own words, or null for the default.
    words: str | None
    updated_at: datetime | None


class JobTypeWords(msgspec.Struct, frozen=True):
    job_type: str
    label: str
    stages: list[StageWords]


class StageWordsUpdate(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    words: Annotated[str, Meta(min_length=1, max_length=200)]


class PortalApi(msgspec.Struct, frozen=True):
    """Every shape of the customer portal's API in one schema (schemas/portal-api.schema.json),
    so the SPA's TypeScript types are generated from these."""

    contact: ContactView
    profile: PortalProfile
    profile_update: ProfileUpdate
    consent_choice: ConsentChoice
    consent_update: ConsentUpdate
    home: PortalHome
    record: PortalRecord
    record_detail: PortalRecordDetail
    progress_step: ProgressStep
    message: PortalMessageView
    document: PortalDocument
    return_request: ReturnRequest
    ticket_request: TicketRequest
    appointment_request: AppointmentRequest
    appointment_move: AppointmentMove
    page_view: PageView
    erasure: ErasureView
    referral: Referral
    config: PortalConfig
    sign_in_link_request: SignInLinkRequest
    sign_in_link_use: SignInLinkUse
    registration: Registration


class PortalWordingApi(msgspec.Struct, frozen=True):
    """The stage-wording API's shapes in one schema (schemas/portal-wording-api.schema.json),
    so the SPA's TypeScript types are generated from these."""

    job_type_words: JobTypeWords
    stage_words: StageWords
    stage_words_update: StageWordsUpdate
