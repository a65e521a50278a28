"""What the portal stores itself: messages journeys leave for a customer, one-time sign-in
links, and erasure requests waiting for the data-protection team."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    DateTime,
    ForeignKey,
    Identity,
    Index,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.dialects.postgresql import UUID
from sqlalchemy.orm import Mapped, mapped_column

from app.lib.db import Base


class PortalMessage(Base):
    """A message or notification shown to one customer in the portal. Journeys write these
    with the "portal message" step; `pinned` ones are the highlights on the home page.

    Same shape as the automation helper's table of the same name (its "portal message"
    action writes here): whichever lands second imports the other's model.
    """

    __tablename__ = "portal_messages"
    __table_args__ = (
        # One message per journey step visit: a step that runs again is not shown twice.
        UniqueConstraint("source_key"),
        Index("ix_portal_messages_contact_id_id", "contact_id", "id"),
    )

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    contact_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), ForeignKey("contacts.id", ondelete="CASCADE")
    )
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    # A portal path (`/portal/...`) or a web address.
    link: Mapped[str | None] = mapped_column(String(2000))
    # Highlighted on the portal home page while the journey that pinned it runs.
    pinned: Mapped[bool] = mapped_column(Boolean, server_default=text("false"))
    enrollment_id: Mapped[uuid.UUID | None] = mapped_column(
        UUID(as_uuid=True), ForeignKey("enrollments.id", ondelete="SET NULL")
    )
    node_id: Mapped[str | None] = mapped_column(String(120))
    # The outbox key of the journey step that sent it (None for other senders).
    source_key: Mapped[str | None] = mapped_column(String(300))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    read_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class PortalSignInLink(Base):
    """An emailed sign-in link: single use, short-lived, only its hash stored."""

    __tablename__ = "portal_sign_in_links"

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    user_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    used_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class ErasureRequest(Base):
    """A customer's request to be forgotten. Done once the data-protection job completes and
    the contact is anonymised; the row keeps no personal data, only ids and times."""

    __tablename__ = "portal_erasure_requests"
    __table_args__ = (
        CheckConstraint("status IN ('requested', 'completed', 'declined')", name="status"),
        # One open request per contact: asking twice does not make two jobs.
        Index(
            "uq_portal_erasure_requests_open",
            "contact_id",
            unique=True,
            postgresql_where=text("status = 'requested'"),
        ),
    )

    id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), primary_key=True, server_default=text("gen_random_uuid()")
    )
    contact_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), ForeignKey("contacts.id", ondelete="CASCADE")
    )
    status: Mapped[str] = mapped_column(String(20))
    requested_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    completed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # The data-protection job working it (jobs.id), once the jobs service created it.
    job_id: Mapped[uuid.UUID | None] = mapped_column(UUID(as_uuid=True))


class PortalStageWords(Base):
    """Staff's own words for one stage of a job type, shown to customers instead of the
    code's (app.portal.wording). No row: the code's words."""

    __tablename__ = "portal_stage_words"

    job_type: Mapped[str] = mapped_column(
        String(60),
        ForeignKey("job_types.name", ondelete="CASCADE", onupdate="CASCADE"),
        primary_key=True,
    )
    # `created`, `claimed`, `on_hold`, `completed` or `completed:<outcome>`.
    stage: Mapped[str] = mapped_column(String(80), primary_key=True)
    words: Mapped[str] = mapped_column(String(200))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    updated_by: Mapped[uuid.UUID | None] = mapped_column(
        UUID(as_uuid=True), ForeignKey("users.id", ondelete="SET NULL")
    )
