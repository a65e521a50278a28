"""Portal sign-in beyond the password: emailed one-time links, self-registration, and the
`portal.login` event every sign-in records.

A link's token is 256 random bits, shown only in the email and stored as its sha256; it
works once, for `WAYMARK_PORTAL_SIGN_IN_LINK_MINUTES`. The link itself is never stored in
PostgreSQL: it waits in Redis for the email channel, for as long as it is good for
(`app.channels.withheld`), so neither the outbox nor the message log can sign anyone in.

Asking for a link answers the same whether or not the address has an account, so the form
cannot be used to find customers.
The email goes out through the outbox (kind `send_email`), the same path journeys' emails
take, so the channels' provider delivers it with retries.
"""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Final
from urllib.parse import quote

import structlog
from sqlalchemy import select, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from app.auth import audit
from app.auth import models as m
from app.auth.services import (
    DEACTIVATED,
    SignedInUser,
    find_user_by_email,
    link_contact,
    role_kind,
)
from app.auth.tokens import hash_token, new_token
from app.channels import withheld
from app.contacts.profile import set_bookkeeping_attribute
from app.eventlog.kinds import PortalLogin
from app.eventlog.writer import record
from app.lib.problems import ForbiddenError, GoneError, NotFoundError
from app.lib.unit_of_work import UnitOfWork
from app.portal import limits
from app.portal.models import PortalSignInLink
from app.portal.schemas import Registration
from app.resources import Resources
from app.runs.models import OutboxMessage

log = structlog.get_logger(__name__)

# The role self-registered customers get (the demo data and the seed create it).
CUSTOMER_ROLE: Final = "customer"
LINK_PATH: Final = "/portal/login/link"
# The contact attribute the onboarding journey (S10) reads: "has logged in to the portal".
LAST_LOGIN_ATTRIBUTE: Final = "portal_last_login_at"


async def record_login(resources: Resources, user_id: uuid.UUID, *, method: str) -> None:
    """`portal.login`, and the contact's `portal_last_login_at`, after a portal sign-in.

    The attribute is bookkeeping, not a change of the customer's data: it is set without
    a `contact.field_changed` event (the `portal.login` event already says it), so every
    sign-in adds one line to the contact's timeline, not two.
    """
    async with resources.sessions() as db:
        contact_id = await db.scalar(select(m.User.contact_id).where(m.User.id == user_id))
    assert contact_id is not None
    async with resources.unit_of_work(actor_id=user_id, origin="portal") as unit:
        await set_bookkeeping_attribute(
            unit, contact_id, LAST_LOGIN_ATTRIBUTE, unit.now.isoformat()
        )
        await record(unit, contact_id, PortalLogin(method=method))


async def _customer(db: AsyncSession, email: str) -> m.User | None:
    user = await find_user_by_email(db, email)
    if user is None or not user.is_active:
        return None
    if await role_kind(db, user.primary_role) != "customer":
        return None
    return user


async def _queue_link(resources: Resources, unit: UnitOfWork, user: m.User) -> None:
    db, now = unit.session, unit.now
    token = new_token()
    row = PortalSignInLink(
        user_id=user.id,
        token_hash=hash_token(token),
        created_at=now,
        expires_at=now + timedelta(minutes=resources.settings.portal_sign_in_link_minutes),
    )
    db.add(row)
    await db.flush()
    link = f"{resources.settings.public_base_url.rstrip('/')}{LINK_PATH}#{quote(token)}"
    minutes = resources.settings.portal_sign_in_link_minutes
    key = f"portal-sign-in-link:{row.id}"
    # The link never reaches the database: the email channel reads it from Redis when it
    # sends (a retry too), and what it records shows a placeholder. Kept before the
    # commit, so the outbox row never exists without it.
    await withheld.keep(resources.redis, key, {"sign_in_link": link}, minutes * 60)
    await db.execute(
        insert(OutboxMessage).values(
            key=key,
            enrollment_id=None,
            kind="send_email",
            payload={
                "type": "send_email",
                "key": key,
                "contact_id": str(user.contact_id),
                "to": user.email,
                "template": None,
                "subject": "Your sign-in link",
                "body": (
                    "Open this link to sign in to your customer portal:\n\n{{ sign_in_link }}\n\n"
                    f"It works once, within {minutes} minutes. If you did not ask for it, "
                    "ignore this email: nobody can sign in without it."
                ),
                "withheld": ["sign_in_link"],
                # Sign-in mail is service mail, not marketing: consent does not apply, and
                # it carries no unsubscribe link.
                "transactional": True,
            },
            next_attempt_at=now,
            created_at=now,
        )
    )
    unit.queued(1)


async def _limit_link(resources: Resources, email: str, ip: str) -> None:
    for bucket, who in (("link-email", email.strip()), ("link-ip", ip)):
        await limits.hit(
            resources.redis,
            bucket,
            who,
            limit=resources.settings.portal_sign_in_links_per_hour,
            window_seconds=3600,
        )


async def send_link(resources: Resources, email: str, ip: str) -> None:
    """Email a sign-in link to a customer with that address; the same answer either way."""
    await _limit_link(resources, email, ip)
    async with resources.unit_of_work(origin="portal") as unit:
        user = await _customer(unit.session, email)
        if user is None:
            log.info("portal.sign_in_link.no_customer")
            return
        await _queue_link(resources, unit, user)


async def use_link(resources: Resources, token: str) -> SignedInUser:
    now = resources.clock.now()
    async with resources.sessions.begin() as db:
        row = await db.scalar(
            select(PortalSignInLink)
            .where(PortalSignInLink.token_hash == hash_token(token))
            .with_for_update()
        )
        if row is None:
            raise NotFoundError("This sign-in link is not valid. Check that it was copied whole.")
        if row.used_at is not None:
            raise GoneError("This sign-in link has been used already. Ask for a new one.")
        if row.expires_at <= now:
            raise GoneError("This sign-in link has expired. Ask for a new one.")
        row.used_at = now
        user = await db.get(m.User, row.user_id)
        if user is None or not user.is_active:
            raise ForbiddenError(DEACTIVATED)
        # Any other links sent before this one stop working: the newest sign-in wins.
        await db.execute(
            update(PortalSignInLink)
            .where(PortalSignInLink.user_id == user.id, PortalSignInLink.used_at.is_(None))
            .values(used_at=now)
        )
        user.last_login_at = now
        return SignedInUser(id=user.id, primary_role=user.primary_role)


async def register(resources: Resources, data: Registration, ip: str) -> None:
    """Self-registration (when the setting allows it): a passwordless customer account and a
    sign-in link to the address. Nothing is reachable until the link is opened, so nobody
    gets into an existing contact's records by typing its email."""
    if not resources.settings.portal_registration:
        raise NotFoundError("Self-registration is not open here. Ask us for an account.")
    await _limit_link(resources, data.email, ip)
    async with resources.unit_of_work(origin="portal") as unit:
        db, now = unit.session, unit.now
        existing = await find_user_by_email(db, data.email)
        if existing is None:
            if await role_kind(db, CUSTOMER_ROLE) != "customer":
                raise NotFoundError("Self-registration is not set up here (no customer role).")
            contact_id = await link_contact(db, data.email, data.name)
            if await db.scalar(select(m.User.id).where(m.User.contact_id == contact_id)):
                return
            user = m.User(
                contact_id=contact_id,
                email=data.email.strip(),
                primary_role=CUSTOMER_ROLE,
                is_active=True,
            )
            db.add(user)
            await db.flush()
            await audit.record(
                db,
                actor_id=user.id,
                action="user.registered",
                target_type="user",
                target_id=user.id,
                changes=audit.created({"email": user.email, "primary_role": CUSTOMER_ROLE}),
                at=now,
            )
        customer = await _customer(db, data.email)
        if customer is not None:
            await _queue_link(resources, unit, customer)
