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
    async with resources.unit_of_work(now=CONSENTED_AT, origin="test") as unit:
        await consent.opt_in(unit, contact_id, channel, source="test")
