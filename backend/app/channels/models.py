"""Message templates, the message log and letters, as stored in Postgres.

The journeys catalog reads templates; the dispatcher renders them and records every
message it sends (or fails to send) in `channel_messages`, keyed by the outbox key.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    DateTime,
    ForeignKey,
    Identity,
    Index,
    Integer,
    String,
    Text,
    text,
)
from sqlalchemy.dialects.postgresql import JSONB, UUID
from sqlalchemy.orm import Mapped, mapped_column

from app.engine.channels import MESSAGE_CHANNELS, TEMPLATE_KIND_NAMES, sql_in
from app.lib.db import Base, Timestamped


class MessageTemplate(Timestamped, Base):
    """An email, SMS, letter, job guidance or layout, written in sandboxed Jinja2."""

    __tablename__ = "message_templates"
    __table_args__ = (CheckConstraint(sql_in("channel", TEMPLATE_KIND_NAMES), name="channel"),)

    id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), primary_key=True, server_default=text("gen_random_uuid()")
    )
    # What a journey's send step names.
    name: Mapped[str] = mapped_column(String(80), unique=True)
    label: Mapped[str] = mapped_column(String(120))
    channel: Mapped[str] = mapped_column(String(10))
    # Email subject; None for the other kinds.
    subject: Mapped[str | None] = mapped_column(String(200))
    # Email and letter HTML (a layout's HTML too).
    body_html: Mapped[str] = mapped_column(Text, server_default="")
    # Email plain-text part, SMS text, job guidance.
    body_text: Mapped[str] = mapped_column(Text, server_default="")


class ChannelMessage(Base):
    """What one outbox row became: the rendered message, where it went, opens and clicks.

    Written by the dispatcher on each attempt (the outbox row keeps status and attempts);
    `raw` is the full message as sent (MIME for email), so the dev outbox can show it.
    """

    __tablename__ = "channel_messages"
    __table_args__ = (
        CheckConstraint(sql_in("channel", MESSAGE_CHANNELS), name="channel"),
        Index("ix_channel_messages_contact_id", "contact_id"),
        Index("ix_channel_messages_journey_id_node_id", "journey_id", "node_id"),
    )

    key: Mapped[str] = mapped_column(String(300), primary_key=True)
    outbox_id: Mapped[int | None] = mapped_column(
        BigInteger, ForeignKey("outbox.id", ondelete="SET NULL")
    )
    channel: Mapped[str] = mapped_column(String(10))
    contact_id: Mapped[uuid.UUID | None] = mapped_column(
        UUID(as_uuid=True), ForeignKey("contacts.id", ondelete="CASCADE")
    )
    journey_id: Mapped[uuid.UUID | None] = mapped_column(UUID(as_uuid=True))
    node_id: Mapped[str | None] = mapped_column(String(120))
    template: Mapped[str | None] = mapped_column(String(80))
    # Email address, phone number or URL.
    recipient: Mapped[str | None] = mapped_column(String(2000))
    subject: Mapped[str | None] = mapped_column(Text)
    body_html: Mapped[str | None] = mapped_column(Text)
    body_text: Mapped[str | None] = mapped_column(Text)
    raw: Mapped[str | None] = mapped_column(Text)
    # `outbox` (stored only, for development), `smtp`, `http`, `pdf`.
    provider: Mapped[str | None] = mapped_column(String(20))
    message_id: Mapped[str | None] = mapped_column(String(300))
    # Webhook: status code and the values saved into journey variables.
    response: Mapped[dict[str, Any] | None] = mapped_column(JSONB)
    error: Mapped[str | None] = mapped_column(Text)
    opens: Mapped[int] = mapped_column(Integer, server_default="0")
    clicks: Mapped[int] = mapped_column(Integer, server_default="0")
    opened_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    clicked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    unsubscribed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    sent_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class Letter(Base):
    """A letter rendered to PDF and stored with the contact (the file under the data dir)."""

    __tablename__ = "letters"
    __table_args__ = (Index("ix_letters_contact_id", "contact_id"),)

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    key: Mapped[str] = mapped_column(String(300), unique=True)
    contact_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), ForeignKey("contacts.id", ondelete="CASCADE")
    )
    template: Mapped[str | None] = mapped_column(String(80))
    # Relative to the letters directory.
    path: Mapped[str] = mapped_column(String(300))
    size: Mapped[int] = mapped_column(Integer)
    # The print job asked for (queue), recorded until the jobs' Print queue takes it.
    print_queue: Mapped[str | None] = mapped_column(String(80))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
