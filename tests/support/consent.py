"""Recording consent the way the CRM does, for tests that send."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from app.channels import consent
from app.contacts.consent import Channel
from app.resources import Resources

# Long before any test clock: a later opt-out (at the test's time) is the latest word.
CONSENTED_AT = datetime(2020, 1, 1, tzinfo=UTC)


async def opt_in(resources: Resources, contact_id: uuid.UUID, channel: Channel) -> None:
    async with resources.sessions.begin() as db:
        await consent.opt_in(db, contact_id, channel, source="test", now=CONSENTED_AT)
