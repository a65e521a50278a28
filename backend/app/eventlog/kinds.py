"""Every event the product itself records: one tagged union, the event's name its tag.

Events from outside (the API, track.js) carry whatever their sender chose; the events
below are made by Waymark (a job's status moving, a webhook's answer, a contact change,
a segment move, a schedule run, a portal request, an email opened…), so their shape is
ours to promise: journeys filter on these properties, the timeline shows them, and the
worker reads the ones it acts on back through `decode`, never by hand.

A kind's fields are its `properties`, exactly as stored and as journeys see them. Two
kinds carry open-ended data spread among their properties (a contact's fields when it is
created, an object's own data): `SPREAD` names that field, whose keys go first so the
fixed properties win. `SOURCE` is the `source` column every event of the kind has; the
worker trusts an event as internal only with that source, so an API caller cannot fake
one by its name.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, ClassVar, Final

import msgspec
from msgspec import field

from app.engine.primitives import EventSource


class InternalEvent(msgspec.Struct, frozen=True, kw_only=True, tag_field="name"):
    SOURCE: ClassVar[EventSource] = "system"
    # The field whose mapping is spread among the properties (see the module's doc).
    SPREAD: ClassVar[str | None] = None
    # A change to a contact's record: the writer adds who made it and from where.
    STAMPED: ClassVar[bool] = False

    def properties(self) -> dict[str, Any]:
        """The event's `properties` column."""
        values: dict[str, Any] = msgspec.to_builtins(self)
        del values["name"]
        if self.SPREAD is None:
            return values
        spread = values.pop(self.SPREAD) or {}
        return {**spread, **values}


# ---- jobs ------------------------------------------------------------------------------


class JobStatusChanged(InternalEvent, frozen=True, tag="job.status_changed"):
    """Every change of a job's status, one event each: created (`from` null, `to` new),
    claimed, unclaimed, completed (with the outcome and the form's data) or cancelled.
    The job step that made the job moves on when its job is completed or cancelled; a
    job-status trigger hears created, claimed, completed and cancelled."""

    SOURCE: ClassVar[EventSource] = "job"

    job_id: str
    job_ref: str | None = None
    job_type: str = ""
    queue: str = ""
    # The audit action that moved it (`job.created`, `job.claimed`, `job.completed`…).
    action: str = ""
    previous: str | None = field(default=None, name="from")
    to: str = ""
    outcome: str | None = None
    # The completed form's data (on `to: completed` only).
    data: dict[str, Any] = field(default_factory=dict)
    title: str = ""
    enrollment_id: str | None = None

    @property
    def finished(self) -> bool:
        return self.to in ("completed", "cancelled")


# ---- runs ------------------------------------------------------------------------------


class WebhookAnswered(InternalEvent, frozen=True, tag="webhook.answered"):
    """How a webhook step's call ended: answered (with the saved answer fields) or
    failed (refused, or out of retries). The step that made the call takes `next` or
    `failed`."""

    webhook_ref: str
    enrollment_id: str | None = None
    node_id: str | None = None
    ok: bool = False
    status: int | None = None
    saved: dict[str, Any] = field(default_factory=dict)
    error: str | None = None


# ---- contacts and their objects ------------------------------------------------------


class ContactChange(InternalEvent, frozen=True):
    """A change to a contact's record. Its properties also say who made it (`actor_id`)
    and from where (`origin`: staff, api, portal, journey, scoring, demo…): the writer
    adds both from the unit of work."""

    STAMPED: ClassVar[bool] = True


class ContactCreated(ContactChange, frozen=True, tag="contact.created"):
    SPREAD: ClassVar[str | None] = "fields"
    # The fields it was created with (empty ones left out).
    fields: dict[str, Any] = field(default_factory=dict)


class ContactFieldChanged(ContactChange, frozen=True, tag="contact.field_changed"):
    field: str
    previous: Any = None
    current: Any = None


class ContactTagged(ContactChange, frozen=True, tag="contact.tagged"):
    tag: str


class ContactUntagged(ContactChange, frozen=True, tag="contact.untagged"):
    tag: str


class ContactScoreChanged(ContactChange, frozen=True, tag="contact.score_changed"):
    score: str
    previous: int
    current: int
    delta: int


class ContactOwnerChanged(ContactChange, frozen=True, tag="contact.owner_changed"):
    previous: str | None = None
    current: str | None = None


class ContactOptedIn(ContactChange, frozen=True, tag="contact.opted_in"):
    channel: str
    source: str


class ContactOptedOut(ContactChange, frozen=True, tag="contact.opted_out"):
    channel: str
    source: str


class ContactNoteAdded(ContactChange, frozen=True, tag="contact.note_added"):
    note_id: int


class ObjectChange(ContactChange, frozen=True):
    """An object of the contact (order, return, ticket, appointment…): its own data
    first, then its fixed fields."""

    SPREAD: ClassVar[str | None] = "data"

    object_id: str
    kind: str
    data: dict[str, Any] = field(default_factory=dict)
    external_ref: str | None = None
    status: str | None = None
    due_at: str | None = None
    starts_at: str | None = None


class ObjectCreated(ObjectChange, frozen=True, tag="object.created"):
    pass


class ObjectUpdated(ObjectChange, frozen=True, tag="object.updated"):
    # The fields whose values changed.
    changed: list[str] = field(default_factory=list)


class ObjectStatusChanged(ObjectChange, frozen=True, tag="object.status_changed"):
    previous_status: str | None = None


class ObjectDeleted(ObjectChange, frozen=True, tag="object.deleted"):
    pass


# ---- the portal ----------------------------------------------------------------------


class PortalEvent(InternalEvent, frozen=True):
    """What a customer did in the portal."""

    SOURCE: ClassVar[EventSource] = "portal"


class PortalLogin(PortalEvent, frozen=True, tag="portal.login"):
    method: str


class PortalPageViewed(PortalEvent, frozen=True, tag="portal.page_viewed"):
    path: str
    category: str | None = None


class PortalRequest(PortalEvent, frozen=True):
    """A request the customer started: the object it made, as its events carry it."""

    SPREAD: ClassVar[str | None] = "object"

    object: dict[str, Any]


class ReturnRequested(PortalRequest, frozen=True, tag="return.requested"):
    return_id: str
    return_number: str
    order_id: str
    order_ref: str | None = None
    reason: str | None = None


class TicketRaised(PortalRequest, frozen=True):
    ticket_id: str
    ticket_number: str
    subject: str
    message: str
    order_id: str | None = None
    order_ref: str | None = None


class ComplaintRaised(TicketRaised, frozen=True, tag="complaint.raised"):
    pass


class EnquiryRaised(TicketRaised, frozen=True, tag="enquiry.raised"):
    pass


class AppointmentRequested(PortalRequest, frozen=True, tag="appointment.requested"):
    appointment_id: str


class AppointmentMoved(PortalRequest, frozen=True, tag="appointment.moved"):
    appointment_id: str
    previous_starts_at: str | None = None


class DataExportDownloaded(PortalEvent, frozen=True, tag="data.export_downloaded"):
    pass


class ErasureRequested(PortalEvent, frozen=True, tag="data.erasure_requested"):
    erasure_request_id: str
    job_id: str
    job_type: str
    queue: str


class ContactAnonymised(PortalEvent, frozen=True, tag="contact.anonymised"):
    pass


# ---- segments and schedules ------------------------------------------------------------


class SegmentEntered(InternalEvent, frozen=True, tag="segment.entered"):
    segment: str


class SegmentLeft(InternalEvent, frozen=True, tag="segment.left"):
    segment: str


class ScheduleFired(InternalEvent, frozen=True, tag="schedule.fired"):
    """A journey's schedule trigger ran for the contact (one event per contact picked)."""

    SOURCE: ClassVar[EventSource] = "schedule"

    journey_id: str
    node_id: str
    run_id: int
    run_at: datetime


class EnrolRequested(InternalEvent, frozen=True, tag="journey.enrol_requested"):
    """Staff, the API or a segment enrolment asked to enrol the contact in a journey that
    starts with a manual trigger (app.runs.enrol); the worker applies the re-entry rule."""

    journey_id: str
    # The manual trigger to start at (None: the journey's first).
    node_id: str | None = None
    # `staff` (the contact page), `api` (a key) or `segment` (a bulk enrolment).
    via: str = "staff"
    # One per request: a segment enrolment's contacts share it.
    request_id: str = ""
    actor_id: str | None = None
    # The segment a bulk enrolment took the contact from.
    segment: str | None = None


# ---- channels --------------------------------------------------------------------------


class MessageEvent(InternalEvent, frozen=True):
    """Something the contact did with a message we sent."""

    SOURCE: ClassVar[EventSource] = "email"

    message_key: str
    template: str | None
    journey_id: str | None
    node_id: str | None


class EmailOpened(MessageEvent, frozen=True, tag="email.opened"):
    pass


class EmailClicked(MessageEvent, frozen=True, tag="email.clicked"):
    url: str


class SmsReceived(InternalEvent, frozen=True, tag="sms.received", rename={"sender": "from"}):
    SOURCE: ClassVar[EventSource] = "sms"

    text: str
    # Stored as `from` (a Python keyword).
    sender: str
    keyword: str | None
    to: str | None


class SmsReplied(SmsReceived, frozen=True, tag="sms.replied", rename={"sender": "from"}):
    """`sms.received` of a contact we texted within the reply window: names our text."""

    in_reply_to: str
    template: str | None = None
    journey_id: str | None = None
    node_id: str | None = None


Kind = (
    JobStatusChanged
    | WebhookAnswered
    | ContactCreated
    | ContactFieldChanged
    | ContactTagged
    | ContactUntagged
    | ContactScoreChanged
    | ContactOwnerChanged
    | ContactOptedIn
    | ContactOptedOut
    | ContactNoteAdded
    | ObjectCreated
    | ObjectUpdated
    | ObjectStatusChanged
    | ObjectDeleted
    | PortalLogin
    | PortalPageViewed
    | ReturnRequested
    | ComplaintRaised
    | EnquiryRaised
    | AppointmentRequested
    | AppointmentMoved
    | DataExportDownloaded
    | ErasureRequested
    | ContactAnonymised
    | SegmentEntered
    | SegmentLeft
    | ScheduleFired
    | EnrolRequested
    | EmailOpened
    | EmailClicked
    | SmsReceived
    | SmsReplied
)


def name_of(kind: type[InternalEvent]) -> str:
    """The event name of a kind (its tag): `name_of(JobStatusChanged)`."""
    return str(kind.__struct_config__.tag)


KINDS: Final[dict[str, type[InternalEvent]]] = {
    str(kind.__struct_config__.tag): kind for kind in Kind.__args__
}
# Every name the product records, for the journeys' catalogue and the docs.
NAMES: Final = tuple(KINDS)


def decode(name: str, source: str, properties: dict[str, Any]) -> Kind | None:
    """The internal event stored as (name, source, properties), or None when it is not
    one of ours (an outside event, or one whose source does not match its name's)."""
    kind = KINDS.get(name)
    if kind is None or source != kind.SOURCE:
        return None
    try:
        decoded: Kind = msgspec.convert({**properties, "name": name}, Kind)
    except msgspec.ValidationError:
        return None
    return decoded
