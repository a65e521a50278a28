"""Contacts: everyone Waymark knows — customers, leads, staff, affiliates — and what hangs
off them: consent per channel (a history), business objects (orders, returns, tickets…)
and notes."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any, Final

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Identity,
    Index,
    Integer,
    String,
    Text,
    func,
    text,
)
from sqlalchemy.dialects.postgresql import ARRAY, JSONB, UUID
from sqlalchemy.orm import Mapped, mapped_column

from app.engine.channels import CONSENT_CHANNELS
from app.lib.db import Base, Timestamped

OBJECT_KINDS: Final = ("order", "return", "ticket", "appointment", "subscription", "enquiry")


def _in(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


class Contact(Timestamped, Base):
    __tablename__ = "contacts"
    __table_args__ = (
        # One contact per email regardless of case; emails are optional.
        Index("uq_contacts_email_lower", func.lower(text("email")), unique=True),
        # "Has tag" filters and segments use array containment (@>), which GIN serves.
        Index("ix_contacts_tags", "tags", postgresql_using="gin"),
        Index("ix_contacts_owner_id", "owner_id"),
        Index("ix_contacts_score", "score"),
    )

    id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), primary_key=True, server_default=text("gen_random_uuid()")
    )
    external_id: Mapped[str | None] = mapped_column(String(200), unique=True)
    name: Mapped[str] = mapped_column(String(200), server_default="")
    email: Mapped[str | None] = mapped_column(String(320))
    phone: Mapped[str | None] = mapped_column(String(40))
    # IANA name (validated on write); None means "not known", read as UTC by the engine.
    timezone: Mapped[str | None] = mapped_column(String(64))
    # BCP 47 tag such as `en-GB`.
    locale: Mapped[str | None] = mapped_column(String(35))
    birthday: Mapped[date | None] = mapped_column(Date)
    # Custom attributes a business defines (region, renewal_date…): journeys read them
    # as `contact.<name>`.
    attributes: Mapped[dict[str, Any]] = mapped_column(JSONB, server_default=text("'{}'::jsonb"))
    tags: Mapped[list[str]] = mapped_column(ARRAY(Text), server_default=text("'{}'::text[]"))
    score: Mapped[int] = mapped_column(Integer, server_default=text("0"))
    # The member of staff who looks after this contact.
    owner_id: Mapped[uuid.UUID | None] = mapped_column(
        UUID(as_uuid=True), ForeignKey("users.id", ondelete="SET NULL", use_alter=True)
    )


class ContactConsent(Base):
    """One consent change. Append-only: the latest row per channel is the current state,
    the rest is the history a regulator (or the customer) may ask for."""

    __tablename__ = "contact_consents"
    __table_args__ = (
        CheckConstraint(_in("channel", CONSENT_CHANNELS), name="channel"),
        CheckConstraint("status IN ('opted_in', 'opted_out')", name="status"),
        # The current state per channel is the first row of this index.
        Index("ix_contact_consents_current", "contact_id", "channel", "changed_at", "id"),
    )

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    contact_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), ForeignKey("contacts.id", ondelete="CASCADE")
    )
    channel: Mapped[str] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(20))
    changed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    # Where the change came from: `staff`, `portal`, `journey`, `import`, `sms_stop`…
    source: Mapped[str] = mapped_column(String(40))
    # Who recorded it, when a person did.
    actor_id: Mapped[uuid.UUID | None] = mapped_column(
        UUID(as_uuid=True), ForeignKey("users.id", ondelete="SET NULL")
    )


class ContactObject(Timestamped, Base):
    """A business object of a contact: one typed table for orders, returns, tickets,
    appointments, subscriptions and enquiries (their own fields live in `data`)."""

    __tablename__ = "contact_objects"
    __table_args__ = (
        CheckConstraint(_in("kind", OBJECT_KINDS), name="kind"),
        Index("ix_contact_objects_contact_id_kind", "contact_id", "kind"),
        # An order number (etc.) names one object of its kind.
        Index(
            "uq_contact_objects_kind_external_ref",
            "kind",
            "external_ref",
            unique=True,
            postgresql_where=text("external_ref IS NOT NULL"),
        ),
    )

    id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), primary_key=True, server_default=text("gen_random_uuid()")
    )
    contact_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), ForeignKey("contacts.id", ondelete="CASCADE")
    )
    kind: Mapped[str] = mapped_column(String(20))
    external_ref: Mapped[str | None] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(String(40))
    data: Mapped[dict[str, Any]] = mapped_column(JSONB, server_default=text("'{}'::jsonb"))
    # When it is due (a payment, a ticket's answer) and when it starts (an appointment,
    # a subscription's renewal).
    due_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    starts_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class ContactNote(Base):
    __tablename__ = "contact_notes"
    __table_args__ = (Index("ix_contact_notes_contact_id_id", "contact_id", "id"),)

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    contact_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), ForeignKey("contacts.id", ondelete="CASCADE")
    )
    author_id: Mapped[uuid.UUID | None] = mapped_column(
        UUID(as_uuid=True), ForeignKey("users.id", ondelete="SET NULL")
    )
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
