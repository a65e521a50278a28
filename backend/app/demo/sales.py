"""S11 as demo data (docs/sales-api.md): two calling projects whose cards Sofia (sales) has
processed, a "Booked meetings" project where Sam (the supervisor, the outside salesperson
here) is booked, and two automatic processes of different priority, one of them inactive.
The active one has run once, so its page shows a run, moved cards and the audit log; a
booking made since waits for its next run (the dry run shows it).

Through the real code (the services the API calls, the worker's run). Made once: a later
load finds the destination project and changes nothing."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from typing import Final

from sqlalchemy import select

from app.auth.models import User
from app.auth.permissions import Permission
from app.auth.principal import UserPrincipal
from app.contacts.models import Contact
from app.resources import Resources
from app.sales import cards, processes, projects, runs
from app.sales.models import Project
from app.sales.schemas import (
    BookingInput,
    CardCreate,
    Criteria,
    OutcomeInput,
    OutcomeSet,
    ProcessInput,
    ProjectCreate,
    StageInput,
)

DESTINATION: Final = "Booked meetings"
SELLER: Final = "sales@waymark.local"
BOOKED: Final = "supervisor@waymark.local"
MANAGER: Final = "super-user@waymark.local"
OUTCOMES: Final = (
    OutcomeInput(name="Booking", is_booking=True),
    OutcomeInput(name="Call back"),
    OutcomeInput(name="Not interested"),
)
# name, email, project, outcome (None: not called yet), booked?
_LEADS: Final = (
    ("Olivia North", "olivia.north@example.net", "Calls North", "Booking", True),
    ("Noah Fells", "noah.fells@example.net", "Calls North", "Call back", False),
    ("Isla Crag", "isla.crag@example.net", "Calls North", "Not interested", False),
    ("Leo Moor", "leo.moor@example.net", "Calls North", None, False),
    ("Ava South", "ava.south@example.net", "Calls South", "Booking", False),
    ("Ethan Bay", "ethan.bay@example.net", "Calls South", "Call back", False),
    ("Mia Downs", "mia.downs@example.net", "Calls South", None, False),
)
# Booked since the process last ran: waits for its next run.
_LATE_LEAD: Final = ("Zoe Harbour", "zoe.harbour@example.net", "Calls South")


def _principal(user: User, *permissions: Permission) -> UserPrincipal:
    return UserPrincipal(
        user_id=user.id,
        contact_id=user.contact_id,
        email=user.email,
        kind="staff",
        active_role=user.primary_role,
        permissions=frozenset(permissions),
        session_id="demo",
        csrf_token="demo",  # noqa: S106 - no session: the demo acts through services
    )


async def _user(resources: Resources, email: str) -> User | None:
    async with resources.sessions() as db:
        user: User | None = await db.scalar(select(User).where(User.email == email))
        return user


async def seed_sales(resources: Resources, now: datetime) -> int:
    """Projects, cards, outcomes and processes for S11; how many cards were made."""
    async with resources.sessions() as db:
        if await db.scalar(select(Project.id).where(Project.name == DESTINATION)):
            return 0
    seller, booked, manager = (
        await _user(resources, SELLER),
        await _user(resources, BOOKED),
        await _user(resources, MANAGER),
    )
    if seller is None or booked is None or manager is None:
        return 0
    admin = _principal(manager, Permission.SALES_MANAGE, Permission.SALES_WORK)
    caller = _principal(seller, Permission.SALES_WORK)
    started = now - timedelta(hours=3)
    # It runs daily at the time it last ran (half an hour ago): the run below is due, and
    # the next one is tomorrow, so the booking made since waits (the dry run shows it).
    ran_at = (now - timedelta(minutes=30)).replace(second=0, microsecond=0)
    made: dict[str, uuid.UUID] = {}
    async with resources.sessions.begin() as db:
        for name, members in (
            ("Calls North", [seller.id]),
            ("Calls South", [seller.id]),
            (DESTINATION, [booked.id]),
        ):
            project = await projects.create_project(
                db,
                ProjectCreate(
                    name=name,
                    outcomes=list(OUTCOMES),
                    description="Leads called by the sales team"
                    if name != DESTINATION
                    else "Meetings booked for the outside salesperson",
                    stages=[StageInput(name=s) for s in ("Lead", "Qualified", "Proposal", "Won")],
                    buckets=["Follow-ups"] if name == DESTINATION else ["Fresh leads"],
                    member_ids=members,
                ),
                admin,
                started,
            )
            made[name] = project.id
        # The active process first (priority 1), an old one kept inactive (priority 2).
        await processes.create_process(
            db,
            ProcessInput(
                name="Bookings to Booked meetings",
                priority=1,
                source_ids=[made["Calls North"], made["Calls South"]],
                destination_id=made[DESTINATION],
                placement="new_bucket",
                bucket_id=None,
                criteria=Criteria(outcomes=["Booking"]),
                frequency="1d",
                daily_at=f"{ran_at.hour:02d}:{ran_at.minute:02d}",
            ),
            actor_id=manager.id,
            now=started,
        )
        old = await processes.create_process(
            db,
            ProcessInput(
                name="Call backs to the call-back desk",
                priority=2,
                source_ids=[made["Calls North"]],
                destination_id=made["Calls South"],
                placement="active_user",
                bucket_id=None,
                criteria=Criteria(outcomes=["Call back"]),
                frequency="1d",
                daily_at="08:00",
            ),
            actor_id=manager.id,
            now=started,
        )
        await processes.deactivate(db, old.id, actor_id=manager.id, now=started)
    count = 0
    for index, (name, email, project_name, outcome, booked_with) in enumerate(_LEADS):
        await _lead(
            resources,
            caller=caller,
            project_id=made[project_name],
            name=name,
            email=email,
            outcome=outcome,
            booking=BookingInput(user_id=booked.id, at=now + timedelta(days=2 + index))
            if booked_with
            else None,
            at=started + timedelta(minutes=20 + index),
        )
        count += 1
    # The process ran a while ago: the bookings went to Booked meetings.
    while await runs.work_once(resources.sessions, ran_at):
        pass
    name, email, project_name = _LATE_LEAD
    await _lead(
        resources,
        caller=caller,
        project_id=made[project_name],
        name=name,
        email=email,
        outcome="Booking",
        booking=None,
        at=now,
    )
    return count + 1


async def _lead(
    resources: Resources,
    *,
    caller: UserPrincipal,
    project_id: uuid.UUID,
    name: str,
    email: str,
    outcome: str | None,
    booking: BookingInput | None,
    at: datetime,
) -> None:
    async with resources.sessions.begin() as db:
        contact_id = await db.scalar(select(Contact.id).where(Contact.email == email))
        if contact_id is None:
            contact = Contact(name=name, email=email)
            db.add(contact)
            await db.flush()
            contact_id = contact.id
        card = await cards.create_card(db, project_id, CardCreate(contact_id=contact_id), caller)
        if outcome is None:
            return
        detail = await projects.get_project(db, project_id, caller)
        outcome_id = next(o.id for o in detail.outcomes if o.name == outcome)
        await cards.set_outcome(
            db, card.id, OutcomeSet(outcome_id=outcome_id, booking=booking), caller, at
        )
