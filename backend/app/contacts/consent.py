"""Consent per channel, and the one rule every sender asks: may we contact them?

The rule (docs/contacts-api.md, "Consent"):
- **email** and **sms** need an explicit opt-in (GDPR / ePrivacy). The latest change per
  channel decides: `opted_in` allows, `opted_out` refuses. With no record at all the
  answer is no — unless `WAYMARK_CONSENT_SOFT_OPT_IN=true`, which allows the "soft
  opt-in" for existing customers: a contact with at least one order and no opt-out.
- **letter** and **phone** are opt-out channels: allowed unless the latest change is
  `opted_out`.
An opt-out always wins. Whether the contact has an address for the channel is the
sender's question, not this one.
"""

from __future__ import annotations

import uuid
from typing import Literal

import msgspec
from sqlalchemy import select
from sqlalchemy.dialects.postgresql import distinct_on
from sqlalchemy.ext.asyncio import AsyncSession

from app.contacts.models import ContactConsent, ContactObject
from app.engine.channels import CONSENT_CHANNELS, OPT_IN_CHANNELS, ConsentChannel
from app.eventlog.kinds import ContactOptedIn, ContactOptedOut
from app.eventlog.writer import record
from app.lib.unit_of_work import UnitOfWork
from app.settings import get_settings

Channel = ConsentChannel
ConsentStatus = Literal["opted_in", "opted_out"]


class ConsentState(msgspec.Struct, frozen=True):
    channel: Channel
    status: ConsentStatus | None
    allowed: bool


async def current_status(
    session: AsyncSession, contact_id: uuid.UUID, channel: str
) -> ConsentStatus | None:
    """The latest recorded status for the channel, or None when nothing was recorded."""
    status = await session.scalar(
        select(ContactConsent.status)
        .where(ContactConsent.contact_id == contact_id, ContactConsent.channel == channel)
        .order_by(ContactConsent.changed_at.desc(), ContactConsent.id.desc())
        .limit(1)
    )
    return status  # type: ignore[return-value]


async def current_statuses(
    session: AsyncSession, contact_id: uuid.UUID
) -> dict[str, ConsentStatus]:
    rows = await session.execute(
        select(ContactConsent.channel, ContactConsent.status)
        .where(ContactConsent.contact_id == contact_id)
        .ext(distinct_on(ContactConsent.channel))
        .order_by(
            ContactConsent.channel, ContactConsent.changed_at.desc(), ContactConsent.id.desc()
        )
    )
    found: dict[str, ConsentStatus] = {}
    for channel, status in rows:
        found[channel] = "opted_in" if status == "opted_in" else "opted_out"
    return found


def decide(
    channel: str, status: ConsentStatus | None, *, soft_opt_in: bool, is_customer: bool
) -> bool:
    """The rule above, as a pure function of what is known."""
    if status == "opted_out":
        return False
    if status == "opted_in":
        return True
    if channel in OPT_IN_CHANNELS:
        return soft_opt_in and is_customer
    return True


async def _is_customer(session: AsyncSession, contact_id: uuid.UUID) -> bool:
    found = await session.scalar(
        select(ContactObject.id)
        .where(ContactObject.contact_id == contact_id, ContactObject.kind == "order")
        .limit(1)
    )
    return found is not None


async def may_contact(
    session: AsyncSession,
    contact_id: uuid.UUID,
    channel: str,
    *,
    soft_opt_in: bool | None = None,
) -> bool:
    """Whether the contact may be contacted on `channel` now (see the module rule).

    `soft_opt_in` defaults to the `WAYMARK_CONSENT_SOFT_OPT_IN` setting.
    """
    status = await current_status(session, contact_id, channel)
    soft = get_settings().consent_soft_opt_in if soft_opt_in is None else soft_opt_in
    needs_customer = status is None and channel in OPT_IN_CHANNELS and soft
    is_customer = await _is_customer(session, contact_id) if needs_customer else False
    return decide(channel, status, soft_opt_in=soft, is_customer=is_customer)


async def consent_states(
    session: AsyncSession, contact_id: uuid.UUID, *, soft_opt_in: bool | None = None
) -> list[ConsentState]:
    """Every channel's current status and what `may_contact` answers for it."""
    statuses = await current_statuses(session, contact_id)
    soft = get_settings().consent_soft_opt_in if soft_opt_in is None else soft_opt_in
    is_customer = soft and await _is_customer(session, contact_id)
    return [
        ConsentState(
            channel=channel,
            status=statuses.get(channel),
            allowed=decide(
                channel, statuses.get(channel), soft_opt_in=soft, is_customer=is_customer
            ),
        )
        for channel in CONSENT_CHANNELS
    ]


async def set_consent(
    unit: UnitOfWork,
    contact_id: uuid.UUID,
    channel: Channel,
    status: ConsentStatus,
    *,
    source: str,
) -> bool:
    """Record an opt-in or opt-out; False (and no event) when it was already so.

    The caller holds the contact's row lock (see `profile.lock`), so two changes to one
    contact's consent are ordered.
    """
    session = unit.session
    if await current_status(session, contact_id, channel) == status:
        return False
    session.add(
        ContactConsent(
            contact_id=contact_id,
            channel=channel,
            status=status,
            changed_at=unit.now,
            source=source,
            actor_id=unit.actor_id,
        )
    )
    await session.flush()
    kind = ContactOptedIn if status == "opted_in" else ContactOptedOut
    await record(unit, contact_id, kind(channel=channel, source=source))
    return True
