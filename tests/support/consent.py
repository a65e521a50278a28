"""Recording consent the way the CRM does, for tests that send."""

from __future__ import annotations

import uuid

from app.channels import consent
from app.resources import Resources


async def opt_in(resources: Resources, contact_id: uuid.UUID, channel: str) -> None:
    async with resources.sessions.begin() as db:
        await consent.opt_in(db, contact_id, channel, source="test", now=resources.clock.now())
