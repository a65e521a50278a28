"""Customer cards: made by hand (or imported, app.sales.imports), moved within their
project (a bucket, a user, a stage), and processed by setting an outcome from the
project's list, with a booking (a resource and a time) when the outcome is a booking."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Final

from msgspec import UnsetType
from sqlalchemy import func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.auth.principal import UserPrincipal
from app.contacts.models import Contact
from app.lib.db import any_uuid
from app.lib.problems import ConflictError, InvalidInputError, NotFoundError
from app.sales.access import visible_project
from app.sales.models import Bucket, Card, CardOutcome, Member, Outcome, Project, Stage
from app.sales.moves import move_views
from app.sales.people import people, require_active_user
from app.sales.schemas import (
    CardContact,
    CardCreate,
    CardDetail,
    CardMove,
    CardPage,
    CardView,
    ContactFacts,
    HistoryEntry,
    OutcomeSet,
    ProjectRef,
)

MAX_PAGE: Final = 500
# A booking's time is a meeting's: these years bound it (and keep it storable).
BOOKABLE_YEARS: Final = (1900, 9000)
HISTORY: Final = 50


def view(card: Card, contact: CardContact) -> CardView:
    return CardView(
        id=card.id,
        project_id=card.project_id,
        contact=contact,
        bucket_id=card.bucket_id,
        holder_id=card.holder_id,
        stage_id=card.stage_id,
        processed=card.processed,
        processed_at=card.processed_at,
        processed_by=card.processed_by,
        last_outcome=card.last_outcome,
        last_outcome_booking=card.last_outcome_booking,
        booking_user_id=card.booking_user_id,
        booking_at=card.booking_at,
        created_at=card.created_at,
        updated_at=card.updated_at,
    )


async def contacts_of(
    session: AsyncSession, contact_ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, CardContact]:
    rows = await session.execute(
        select(Contact.id, Contact.name, Contact.email, Contact.phone).where(
            Contact.id == any_uuid(set(contact_ids))
        )
    )
    return {i: CardContact(i, name, email, phone) for i, name, email, phone in rows}


async def views(session: AsyncSession, cards: Sequence[Card]) -> list[CardView]:
    contacts = await contacts_of(session, [c.contact_id for c in cards])
    return [view(card, contacts[card.contact_id]) for card in cards]


# ---- finding -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CardFilters:
    # A bucket's id, or "none" for cards in no bucket.
    bucket: uuid.UUID | str | None = None
    stage: uuid.UUID | str | None = None
    # "me", or a user's id.
    holder: uuid.UUID | str | None = None
    processed: bool | None = None
    # Part of the contact's name, email or phone.
    q: str | None = None
    limit: int = 200
    offset: int = 0


async def list_cards(
    session: AsyncSession, project_id: uuid.UUID, user: UserPrincipal, filters: CardFilters
) -> CardPage:
    await visible_project(session, project_id, user)
    query = (
        select(Card)
        .join(Contact, Contact.id == Card.contact_id)
        .where(Card.project_id == project_id)
    )
    if filters.bucket == "none":
        query = query.where(Card.bucket_id.is_(None))
    elif isinstance(filters.bucket, uuid.UUID):
        query = query.where(Card.bucket_id == filters.bucket)
    if filters.stage == "none":
        query = query.where(Card.stage_id.is_(None))
    elif isinstance(filters.stage, uuid.UUID):
        query = query.where(Card.stage_id == filters.stage)
    if filters.holder == "me":
        query = query.where(Card.holder_id == user.user_id)
    elif isinstance(filters.holder, uuid.UUID):
        query = query.where(Card.holder_id == filters.holder)
    if filters.processed is not None:
        query = query.where(Card.processed.is_(filters.processed))
    if filters.q:
        pattern = f"%{_escape_like(filters.q.strip())}%"
        query = query.where(
            or_(
                Contact.name.ilike(pattern, escape="\\"),
                Contact.email.ilike(pattern, escape="\\"),
                Contact.phone.ilike(pattern, escape="\\"),
            )
        )
    total = await session.scalar(select(func.count()).select_from(query.subquery()))
    cards = list(
        await session.scalars(
            query.order_by(Card.processed, Contact.name, Card.id)
            .limit(min(filters.limit, MAX_PAGE))
            .offset(filters.offset)
        )
    )
    return CardPage(items=await views(session, cards), total=int(total or 0))


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


async def visible_card(
    session: AsyncSession, card_id: uuid.UUID, user: UserPrincipal, *, lock: bool = False
) -> Card:
    card = await session.get(Card, card_id, with_for_update=lock)
    if card is None:
        raise NotFoundError(f"There is no card {card_id}.")
    try:
        await visible_project(session, card.project_id, user)
    except NotFoundError:
        raise NotFoundError(
            f"There is no card {card_id} (or you are not a member of its project)."
        ) from None
    return card


async def card_detail(session: AsyncSession, card_id: uuid.UUID, user: UserPrincipal) -> CardDetail:
    card = await visible_card(session, card_id, user)
    contact = await session.get(Contact, card.contact_id)
    assert contact is not None  # the foreign key cascades
    project = await session.get(Project, card.project_id)
    assert project is not None
    rows = list(
        await session.scalars(
            select(CardOutcome)
            .where(CardOutcome.card_id == card.id)
            .order_by(CardOutcome.at.desc(), CardOutcome.id.desc())
            .limit(HISTORY)
        )
    )
    names = dict(
        (
            await session.execute(
                select(Project.id, Project.name).where(
                    Project.id == any_uuid({r.project_id for r in rows})
                )
            )
        ).all()
    )
    who = await people(session, [r.user_id for r in rows] + [r.booking_user_id for r in rows])
    history = [
        HistoryEntry(
            id=row.id,
            project=ProjectRef(row.project_id, names.get(row.project_id, "")),
            outcome=row.outcome,
            is_booking=row.is_booking,
            user=who.get(row.user_id) if row.user_id else None,
            booking_user=who.get(row.booking_user_id) if row.booking_user_id else None,
            booking_at=row.booking_at,
            note=row.note,
            at=row.at,
        )
        for row in rows
    ]
    card_contact = CardContact(contact.id, contact.name, contact.email, contact.phone)
    return CardDetail(
        card=view(card, card_contact),
        contact=ContactFacts(
            id=contact.id,
            name=contact.name,
            email=contact.email,
            phone=contact.phone,
            tags=list(contact.tags),
            score=contact.score,
            attributes=dict(contact.attributes),
        ),
        project=ProjectRef(project.id, project.name),
        history=history,
        moves=await move_views(session, card_id=card.id, limit=HISTORY),
    )


# ---- placing within a project --------------------------------------------------------


async def check_place(
    session: AsyncSession,
    project_id: uuid.UUID,
    *,
    bucket_id: uuid.UUID | None,
    holder_id: uuid.UUID | None,
    stage_id: uuid.UUID | None,
) -> None:
    """A 400 naming the field when the bucket, stage or holder is not this project's."""
    if bucket_id is not None and holder_id is not None:
        raise InvalidInputError.on_field(
            "holder_id", "A card is in a bucket or held by a user, not both: send one of them."
        )
    if bucket_id is not None and not await session.scalar(
        select(Bucket.id).where(Bucket.id == bucket_id, Bucket.project_id == project_id)
    ):
        raise InvalidInputError.on_field("bucket_id", "Not a bucket of this project.")
    if stage_id is not None and not await session.scalar(
        select(Stage.id).where(Stage.id == stage_id, Stage.project_id == project_id)
    ):
        raise InvalidInputError.on_field("stage_id", "Not a funnel stage of this project.")
    if holder_id is not None and not await session.scalar(
        select(Member.user_id).where(Member.user_id == holder_id, Member.project_id == project_id)
    ):
        raise InvalidInputError.on_field(
            "holder_id", "Not a member of this project: only members hold its cards."
        )


async def create_card(
    session: AsyncSession, project_id: uuid.UUID, data: CardCreate, user: UserPrincipal
) -> CardView:
    await visible_project(session, project_id, user)
    contact = await session.get(Contact, data.contact_id)
    if contact is None:
        raise InvalidInputError.on_field("contact_id", f"There is no contact {data.contact_id}.")
    await check_place(
        session,
        project_id,
        bucket_id=data.bucket_id,
        holder_id=data.holder_id,
        stage_id=data.stage_id,
    )
    taken = await session.scalar(
        select(Card.id).where(Card.project_id == project_id, Card.contact_id == data.contact_id)
    )
    if taken is not None:
        raise ConflictError(
            f"{contact.name or contact.email or 'This contact'} already has a card in this "
            f"project ({taken}).",
            extensions={"card_id": str(taken)},
        )
    card = Card(
        project_id=project_id,
        contact_id=data.contact_id,
        bucket_id=data.bucket_id,
        holder_id=data.holder_id,
        stage_id=data.stage_id,
    )
    session.add(card)
    await session.flush()
    await session.refresh(card)
    return view(card, CardContact(contact.id, contact.name, contact.email, contact.phone))


async def move_card(
    session: AsyncSession, card_id: uuid.UUID, data: CardMove, user: UserPrincipal, now: datetime
) -> CardView:
    card = await visible_card(session, card_id, user, lock=True)
    bucket_id, holder_id, stage_id = card.bucket_id, card.holder_id, card.stage_id
    # A bucket and a holder exclude each other: setting one takes the card from the other.
    if not isinstance(data.bucket_id, UnsetType):
        bucket_id = data.bucket_id
        if bucket_id is not None and isinstance(data.holder_id, UnsetType):
            holder_id = None
    if not isinstance(data.holder_id, UnsetType):
        holder_id = data.holder_id
        if holder_id is not None and isinstance(data.bucket_id, UnsetType):
            bucket_id = None
    if not isinstance(data.stage_id, UnsetType):
        stage_id = data.stage_id
    await check_place(
        session, card.project_id, bucket_id=bucket_id, holder_id=holder_id, stage_id=stage_id
    )
    card.bucket_id, card.holder_id, card.stage_id = bucket_id, holder_id, stage_id
    card.updated_at = now
    await session.flush()
    return (await views(session, [card]))[0]


async def set_outcome(
    session: AsyncSession, card_id: uuid.UUID, data: OutcomeSet, user: UserPrincipal, now: datetime
) -> CardView:
    """Process the card: its outcome (from its project's list) and, for a booking
    outcome, the booked resource and time. Under the card's row lock, so a process run
    moving it meanwhile waits for this (and then sees it processed now)."""
    card = await visible_card(session, card_id, user, lock=True)
    outcome = await session.scalar(
        select(Outcome).where(Outcome.id == data.outcome_id, Outcome.project_id == card.project_id)
    )
    if outcome is None:
        choices = await session.scalars(
            select(Outcome.name)
            .where(Outcome.project_id == card.project_id)
            .order_by(Outcome.position)
        )
        raise InvalidInputError.on_field(
            "outcome_id",
            "Not an outcome of this card's project; its outcomes are: "
            + ", ".join(f"“{name}”" for name in choices)
            + ".",
        )
    if data.booking is not None and not outcome.is_booking:
        raise InvalidInputError.on_field(
            "booking", f"“{outcome.name}” is not a booking outcome: it takes no booking."
        )
    if data.booking is not None:
        if data.booking.at.tzinfo is None:
            raise InvalidInputError.on_field("booking.at", "Give a time zone (e.g. `Z`).")
        if not BOOKABLE_YEARS[0] <= data.booking.at.year <= BOOKABLE_YEARS[1]:
            raise InvalidInputError.on_field("booking.at", "Not a time anyone books.")
        await require_active_user(session, data.booking.user_id, "booking.user_id")
    card.processed = True
    card.processed_at = now
    card.processed_by = user.user_id
    card.last_outcome_id = outcome.id
    card.last_outcome = outcome.name
    card.last_outcome_booking = outcome.is_booking
    card.booking_user_id = data.booking.user_id if data.booking else None
    card.booking_at = data.booking.at if data.booking else None
    card.updated_at = now
    session.add(
        CardOutcome(
            card_id=card.id,
            project_id=card.project_id,
            outcome_id=outcome.id,
            outcome=outcome.name,
            is_booking=outcome.is_booking,
            user_id=user.user_id,
            booking_user_id=card.booking_user_id,
            booking_at=card.booking_at,
            note=data.note,
            at=now,
        )
    )
    await session.flush()
    return (await views(session, [card]))[0]
