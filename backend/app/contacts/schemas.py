"""What the API shows of a contact."""

from __future__ import annotations

import uuid
from datetime import datetime

import msgspec


class ContactView(msgspec.Struct, frozen=True):
    id: uuid.UUID
    name: str
    email: str | None
    phone: str | None
    created_at: datetime
