"""What the API shows of a contact, and what it accepts to change one."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Annotated, Any, Literal

import msgspec
from msgspec import UNSET, Meta, UnsetType

from app.contacts.consent import Channel, ConsentStatus

Email = Annotated[str, Meta(min_length=3, max_length=320, pattern=r"^[^@\s]+@[^@\s]+$")]
Phone = Annotated[str, Meta(min_length=3, max_length=40, pattern=r"^\+?[0-9 ()./-]{3,40}$")]
Tag = Annotated[str, Meta(min_length=1, max_length=80, pattern=r"^\S(.*\S)?$")]
TimeZoneName = Annotated[
    str, Meta(min_length=1, max_length=64, description="IANA name, e.g. `Europe/London`.")
]
Locale = Annotated[
    str,
    Meta(
        min_length=2,
        max_length=35,
        pattern=r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$",
        description="BCP 47 tag, e.g. `en-GB`.",
    ),
]
AttributeName = Annotated[str, Meta(pattern=r"^[A-Za-z_][A-Za-z0-9_]{0,62}$")]
ObjectKind = Literal["order", "return", "ticket", "appointment", "subscription", "enquiry"]
ObjectStatus = Annotated[str, Meta(min_length=1, max_length=40)]


class ContactView(msgspec.Struct, frozen=True):
    id: uuid.UUID
    name: str
    email: str | None
    phone: str | None
    created_at: datetime


class OwnerView(msgspec.Struct, frozen=True):
    id: uuid.UUID
    name: str
    email: str


class ConsentView(msgspec.Struct, frozen=True):
    channel: Channel
    # None: nothing recorded yet.
    status: ConsentStatus | None
    # What `may_contact` answers for the channel now.
    allowed: bool


class ContactSummary(msgspec.Struct, frozen=True):
    id: uuid.UUID
    name: str
    email: str | None
    phone: str | None
    external_id: str | None
    tags: list[str]
    score: int
    owner: OwnerView | None
    created_at: datetime


class ContactPage(msgspec.Struct, frozen=True):
    items: list[ContactSummary]
    total: int
    page: int
    page_size: int


class ContactDetail(msgspec.Struct, frozen=True):
    id: uuid.UUID
    name: str
    email: str | None
    phone: str | None
    external_id: str | None
    timezone: str | None
    locale: str | None
    birthday: date | None
    attributes: dict[str, Any]
    tags: list[str]
    score: int
    owner: OwnerView | None
    consent: list[ConsentView]
    created_at: datetime
    updated_at: datetime


class ContactCreate(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    name: Annotated[str, Meta(max_length=200)] = ""
    email: Email | None = None
    phone: Phone | None = None
    external_id: Annotated[str, Meta(min_length=1, max_length=200)] | None = None
    timezone: TimeZoneName | None = None
    locale: Locale | None = None
    birthday: date | None = None
    attributes: dict[AttributeName, Any] = msgspec.field(default_factory=dict)
    tags: Annotated[list[Tag], Meta(max_length=100)] = msgspec.field(default_factory=list)


class ContactUpdate(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """Send only the fields to change; `null` clears a field. `attributes` are merged:
    a key set to `null` is removed."""

    name: Annotated[str, Meta(max_length=200)] | UnsetType = UNSET
    email: Email | UnsetType | None = UNSET
    phone: Phone | UnsetType | None = UNSET
    external_id: Annotated[str, Meta(min_length=1, max_length=200)] | UnsetType | None = UNSET
    timezone: TimeZoneName | UnsetType | None = UNSET
    locale: Locale | UnsetType | None = UNSET
    birthday: date | UnsetType | None = UNSET
    attributes: dict[AttributeName, Any] | UnsetType = UNSET


class TagsChange(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    tags: Annotated[list[Tag], Meta(min_length=1, max_length=100)]


class ScoreChange(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """Either move the score by `delta` or set it to `value`."""

    delta: Annotated[int, Meta(ge=-1_000_000, le=1_000_000)] | None = None
    value: Annotated[int, Meta(ge=-1_000_000_000, le=1_000_000_000)] | None = None


class ConsentChange(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    channel: Channel
    status: ConsentStatus
    source: Annotated[str, Meta(min_length=1, max_length=40)] = "staff"


class ConsentRecord(msgspec.Struct, frozen=True):
    id: int
    channel: Channel
    status: ConsentStatus
    changed_at: datetime
    source: str
    actor_id: uuid.UUID | None


class OwnerChange(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    # None: nobody owns the contact.
    owner_id: uuid.UUID | None


class ObjectView(msgspec.Struct, frozen=True):
    id: uuid.UUID
    contact_id: uuid.UUID
    kind: ObjectKind
    external_ref: str | None
    status: str
    data: dict[str, Any]
    due_at: datetime | None
    starts_at: datetime | None
    created_at: datetime
    updated_at: datetime


class ObjectCreate(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    kind: ObjectKind
    status: ObjectStatus
    external_ref: Annotated[str, Meta(min_length=1, max_length=200)] | None = None
    data: dict[str, Any] = msgspec.field(default_factory=dict)
    due_at: datetime | None = None
    starts_at: datetime | None = None


class ObjectUpdate(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """Send only what changes; `data` is merged (a key set to `null` is removed)."""

    status: ObjectStatus | UnsetType = UNSET
    external_ref: Annotated[str, Meta(min_length=1, max_length=200)] | UnsetType | None = UNSET
    data: dict[str, Any] | UnsetType = UNSET
    due_at: datetime | UnsetType | None = UNSET
    starts_at: datetime | UnsetType | None = UNSET


class NoteView(msgspec.Struct, frozen=True):
    id: int
    body: str
    author: OwnerView | None
    created_at: datetime


class NoteCreate(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    body: Annotated[str, Meta(min_length=1, max_length=20_000)]


class ContactRef(msgspec.Struct, frozen=True, forbid_unknown_fields=True, omit_defaults=True):
    """Who the event is about. At least one identifier is required."""

    external_id: Annotated[str, Meta(min_length=1, max_length=200)] | None = None
    email: (
        Annotated[str, Meta(min_length=3, max_length=320, pattern=r"^[^@\s]+@[^@\s]+$")] | None
    ) = None
    phone: Annotated[str, Meta(min_length=3, max_length=40)] | None = None
    anonymous_id: Annotated[str, Meta(min_length=1, max_length=200)] | None = None

    def __post_init__(self) -> None:
        if not (self.external_id or self.email or self.phone or self.anonymous_id):
            raise ValueError(
                "contact needs at least one of external_id, email, phone or anonymous_id"
            )


class ContactsApi(msgspec.Struct, frozen=True):
    """Every shape of the contacts API in one schema (schemas/contacts-api.schema.json), so
    the SPA's TypeScript types are generated from these."""

    contact_summary: ContactSummary
    contact_page: ContactPage
    contact_detail: ContactDetail
    contact_create: ContactCreate
    contact_update: ContactUpdate
    owner: OwnerView
    owner_change: OwnerChange
    tags_change: TagsChange
    score_change: ScoreChange
    consent_view: ConsentView
    consent_change: ConsentChange
    consent_record: ConsentRecord
    object_view: ObjectView
    object_create: ObjectCreate
    object_update: ObjectUpdate
    note: NoteView
    note_create: NoteCreate
