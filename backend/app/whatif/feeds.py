"""A chunk of a what-if's audience loaded as the replay sees it (`load_feeds`): each
contact's facts rewound to the period's start through its recorded changes, its events
of the period in id order, the emails it opened and the events "did event X" rules
count — for a thousand contacts in a handful of queries.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Collection, Sequence
from datetime import datetime
from typing import Any, Final

import msgspec
from sqlalchemy import Text, or_, select
from sqlalchemy.dialects.postgresql import distinct_on
from sqlalchemy.ext.asyncio import AsyncSession

from app.contacts.consent import decide
from app.contacts.models import Contact, ContactConsent
from app.engine.channels import CONSENT_CHANNELS
from app.engine.facts import EmailRecord
from app.eventlog.models import Event
from app.lib.db import any_uuid
from app.runs.facts import OPENED, event_history, facts_of_contacts
from app.settings import get_settings
from app.whatif.models import WhatIfRun
from app.whatif.replay import CHANGES, Feed, FeedEvent, rewind

_PROPERTIES: Final = msgspec.json.Decoder(dict[str, Any])


def properties_of(text: str) -> dict[str, Any]:
    """An event's properties from their JSON text, as `json.loads` gives them (which
    takes over for a number out of msgspec's range, such as 1e400)."""
    try:
        return _PROPERTIES.decode(text)
    except msgspec.DecodeError:
        found: dict[str, Any] = json.loads(text)
        return found


async def load_feeds(
    session: AsyncSession,
    run: WhatIfRun,
    ids: Sequence[uuid.UUID],
    history_names: Collection[str],
    now: datetime,
) -> list[Feed]:
    """The chunk's contacts as the replay sees them (a handful of queries)."""
    people = list(await session.scalars(select(Contact).where(Contact.id == any_uuid(ids))))
    facts = await facts_of_contacts(session, people, now=now)
    start, end = run.period_start, run.period_end
    events: dict[uuid.UUID, list[FeedEvent]] = {cid: [] for cid in facts}
    changes: dict[uuid.UUID, list[FeedEvent]] = {cid: [] for cid in facts}
    rows = await session.execute(
        select(
            Event.contact_id,
            Event.id,
            Event.name,
            # As text, decoded below by msgspec: the driver's json.loads was a third of
            # the time a chunk took to load.
            Event.properties.cast(Text),
            Event.occurred_at,
            Event.source,
        )
        .where(
            Event.contact_id == any_uuid(list(facts)),
            Event.occurred_at >= start,
            # After the period only the changes matter (to rewind the facts).
            or_(Event.occurred_at < end, Event.name.in_(sorted(CHANGES))),
        )
        .order_by(Event.id)
    )
    for cid, eid, name, props, at, source in rows:
        event = FeedEvent(eid, name, properties_of(props), at, source)
        if at < end:
            events[cid].append(event)
        if name in CHANGES:
            changes[cid].append(event)
    consent = await consent_at(session, list(facts), start)
    opened: dict[uuid.UUID, list[tuple[int, EmailRecord]]] = {}
    for cid, eid, at, props in await session.execute(
        select(Event.contact_id, Event.id, Event.occurred_at, Event.properties)
        .where(Event.contact_id == any_uuid(list(facts)), Event.name == OPENED)
        .order_by(Event.id)
    ):
        opened.setdefault(cid, []).append((eid, EmailRecord(at, props.get("template"))))
    history = await event_history(session, list(facts), history_names)
    feeds = []
    for cid, current in facts.items():
        rewound = rewind(current, changes[cid])
        if cid in consent:
            rewound = msgspec.structs.replace(rewound, consent=consent[cid])
        feeds.append(
            Feed(
                contact_id=cid,
                facts=rewound,
                events=events[cid],
                opened=opened.get(cid, []),
                history=history.get(cid, []),
            )
        )
    return feeds


async def consent_at(
    session: AsyncSession, ids: list[uuid.UUID], at: datetime
) -> dict[uuid.UUID, dict[str, bool]]:
    """Consent as it stood at `at`, for the contacts whose consent changed since."""
    changed = set(
        await session.scalars(
            select(ContactConsent.contact_id)
            .where(ContactConsent.contact_id == any_uuid(ids), ContactConsent.changed_at >= at)
            .distinct()
        )
    )
    if not changed:
        return {}
    statuses: dict[uuid.UUID, dict[str, str]] = {cid: {} for cid in changed}
    rows = await session.execute(
        select(ContactConsent.contact_id, ContactConsent.channel, ContactConsent.status)
        .where(ContactConsent.contact_id == any_uuid(list(changed)), ContactConsent.changed_at < at)
        .ext(distinct_on(ContactConsent.contact_id, ContactConsent.channel))
        .order_by(
            ContactConsent.contact_id,
            ContactConsent.channel,
            ContactConsent.changed_at.desc(),
            ContactConsent.id.desc(),
        )
    )
    for cid, channel, status in rows:
        statuses[cid][channel] = status
    soft = get_settings().consent_soft_opt_in
    return {
        cid: {
            channel: decide(
                channel,
                None
                if known.get(channel) is None
                else ("opted_in" if known.get(channel) == "opted_in" else "opted_out"),
                soft_opt_in=soft,
                is_customer=False,
            )
            for channel in CONSENT_CHANNELS
        }
        for cid, known in statuses.items()
    }
