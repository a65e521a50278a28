"""What-if runs and the contacts behind each of their numbers (docs/what-if.md)."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import DateTime, ForeignKey, Integer, String, Text, text
from sqlalchemy.dialects.postgresql import JSONB, UUID
from sqlalchemy.orm import Mapped, mapped_column

from app.lib.db import Base


class WhatIfRun(Base):
    __tablename__ = "journey_what_ifs"

    id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), primary_key=True, server_default=text("gen_random_uuid()")
    )
    journey_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), ForeignKey("journeys.id", ondelete="CASCADE"), index=True
    )
    # None: the draft as it was when the run was asked for (kept in `definition`).
    version: Mapped[int | None] = mapped_column(Integer)
    definition: Mapped[dict[str, Any]] = mapped_column(JSONB)
    period_start: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    period_end: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    segment_id: Mapped[uuid.UUID | None] = mapped_column(UUID(as_uuid=True))
    segment_name: Mapped[str | None] = mapped_column(String(80))
    # node id -> {"outcome": …} or {"split": {outcome: weight}} (a WhatIfJobChoice).
    job_steps: Mapped[dict[str, Any]] = mapped_column(JSONB, server_default=text("'{}'::jsonb"))
    # queued → running → completed | cancelled | failed
    status: Mapped[str] = mapped_column(String(20), server_default="queued", index=True)
    contacts_total: Mapped[int] = mapped_column(Integer, server_default=text("0"))
    contacts_done: Mapped[int] = mapped_column(Integer, server_default=text("0"))
    events_done: Mapped[int] = mapped_column(Integer, server_default=text("0"))
    error: Mapped[str | None] = mapped_column(Text)
    # A WhatIfResult once completed (the draft's numbers next to the live ones).
    result: Mapped[dict[str, Any] | None] = mapped_column(JSONB)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    created_by: Mapped[uuid.UUID | None] = mapped_column(UUID(as_uuid=True), ForeignKey("users.id"))
    started_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # Moved on by the worker while it runs: a run whose worker died is taken up again.
    heartbeat_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class WhatIfContact(Base):
    """One contact behind one of the draft's numbers (`bucket`: `node:<id>`,
    `exit:<id>:<exit>`, `end:<id>`, `message:<channel>:<template>`, `job:<queue>`)."""

    __tablename__ = "journey_what_if_contacts"

    run_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True),
        ForeignKey("journey_what_ifs.id", ondelete="CASCADE"),
        primary_key=True,
    )
    bucket: Mapped[str] = mapped_column(String(300), primary_key=True)
    contact_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True)
