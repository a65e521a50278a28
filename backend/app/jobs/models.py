"""Job types, as stored in Postgres. The journeys catalog reads them; the Jobs issue adds jobs."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import CheckConstraint, Integer, String, Text, text
from sqlalchemy.dialects.postgresql import ARRAY, JSONB, UUID
from sqlalchemy.orm import Mapped, mapped_column

from app.lib.db import Base, Timestamped

PRIORITIES = ("low", "normal", "high", "urgent")


class JobType(Timestamped, Base):
    """A kind of job: which queue works it, how it can end, what the form asks."""

    __tablename__ = "job_types"
    __table_args__ = (
        CheckConstraint("priority IN ('low', 'normal', 'high', 'urgent')", name="priority"),
    )

    id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), primary_key=True, server_default=text("gen_random_uuid()")
    )
    # What a journey's job node names; stable, so journeys keep working when labels change.
    name: Mapped[str] = mapped_column(String(60), unique=True)
    label: Mapped[str] = mapped_column(String(120))
    # The queue (a role's `queue`) that works jobs of this type unless a journey says otherwise.
    queue: Mapped[str] = mapped_column(String(60))
    # The ways a job can end; each is an exit of a journey's job node.
    outcomes: Mapped[list[str]] = mapped_column(
        ARRAY(String(64)), server_default=text("'{}'::varchar[]")
    )
    # Jinja2 text shown to the person working the job.
    guidance: Mapped[str] = mapped_column(Text, server_default="")
    # JSON Schema of the job form.
    form_schema: Mapped[dict[str, Any]] = mapped_column(JSONB, server_default=text("'{}'::jsonb"))
    default_due_minutes: Mapped[int | None] = mapped_column(Integer)
    priority: Mapped[str] = mapped_column(String(10), server_default="normal")
