"""Message templates, as stored in Postgres. The journeys catalog reads them; the Channels
issue renders and sends them."""

from __future__ import annotations

import uuid

from sqlalchemy import CheckConstraint, String, Text, text
from sqlalchemy.dialects.postgresql import UUID
from sqlalchemy.orm import Mapped, mapped_column

from app.lib.db import Base, Timestamped

CHANNELS = ("email", "sms", "letter")


class MessageTemplate(Timestamped, Base):
    """An email, SMS or letter a journey sends, written in sandboxed Jinja2."""

    __tablename__ = "message_templates"
    __table_args__ = (CheckConstraint("channel IN ('email', 'sms', 'letter')", name="channel"),)

    id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), primary_key=True, server_default=text("gen_random_uuid()")
    )
    # What a journey's send step names.
    name: Mapped[str] = mapped_column(String(80), unique=True)
    label: Mapped[str] = mapped_column(String(120))
    channel: Mapped[str] = mapped_column(String(10))
    # Email subject; None for SMS and letters.
    subject: Mapped[str | None] = mapped_column(String(200))
    body_html: Mapped[str] = mapped_column(Text, server_default="")
    body_text: Mapped[str] = mapped_column(Text, server_default="")
