"""Manual enrolment: put a contact (or a segment's contacts) into a journey that starts
with a "Manual enrolment" trigger, from the contact page, the API or a segment.

A request is a committed event of the product's own (`journey.enrol_requested`, source
`system`), so it takes its place in the contact's order like any other and the worker's
trigger matching applies the journey's re-entry rule; the enrollment id derives from it
(a retried request enrols once). One contact is enrolled at once, in the request's unit
of work: the contact's row lock is taken (as the worker takes it) and its events up to
the request are handled, so the answer says whether the contact went in or why not. A
segment's contacts are recorded in batches (one unit of work each), and the workers
enrol them in the background; the request's progress is read back by its id.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from contextlib import AbstractAsyncContextManager
from typing import Annotated, Final, Literal

import msgspec
from msgspec import Meta
from sqlalchemy import Integer, func, select

from app.auth import audit
from app.auth.principal import Actor
from app.contacts.models import Contact
from app.engine.definition import JourneyDefinition
from app.engine.triggers import ManualTrigger
from app.eventlog.kinds import EnrolRequested
from app.eventlog.models import Event
from app.eventlog.writer import record, record_for_each
from app.journeys.models import Journey
from app.journeys.versions import definition_of
from app.lib.problems import ConflictError, InvalidInputError, NotFoundError, UnprocessableError
from app.lib.unit_of_work import UnitOfWork
from app.runs.actions import EndWaitRequest, MoveRequest, RemoveRequest
from app.runs.models import Enrollment, JourneyStep
from app.runs.services import enrollment_id_for, handle_contacts, lock_contact
from app.segments.services import predicate_for

# A new unit of work (Resources.unit_of_work bound to the caller): a segment's contacts
# are recorded in several, each committed (and rung) before the next.
SegmentUnits = Callable[[], AbstractAsyncContextManager[UnitOfWork]]
# Contacts recorded per unit of work when a segment is enrolled.
SEGMENT_BATCH: Final = 1000
Via = Literal["staff", "api", "segment"]
StepId = Annotated[str, Meta(min_length=1, max_length=120)]


class EnrolContact(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """Enrol one contact now."""

    contact_id: uuid.UUID
    # The manual trigger to start at; None: the journey's first manual trigger.
    trigger_node_id: StepId | None = None


class Enrolled(msgspec.Struct, frozen=True):
    """Whether the contact went in: `enrolled` with its enrollment, or `refused` with why
    (the journey's re-entry rule: "already in this journey since …")."""

    contact_id: uuid.UUID
    journey_id: uuid.UUID
    version: int
    outcome: Literal["enrolled", "refused"]
    enrollment_id: uuid.UUID | None
    # Why the contact was not enrolled (None when it was).
    refused: str | None


class EnrolSegment(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """Enrol every contact of a saved segment. `expected_count` is the count the person
    confirmed: refused (409) when the segment has changed size since."""

    segment: Annotated[str, Meta(min_length=1, max_length=80)]
    expected_count: Annotated[int, Meta(ge=0, le=10_000_000)]
    trigger_node_id: StepId | None = None


class SegmentCount(msgspec.Struct, frozen=True):
    """How many contacts a segment enrolment would ask to enrol (before confirming)."""

    segment: str
    count: int


class EnrolRequestStatus(msgspec.Struct, frozen=True):
    """A segment enrolment as it goes: `requested` contacts, of which the workers have
    `handled` so far: `enrolled` went in, `refused` did not (the re-entry rule; each
    refused contact's timeline says why)."""

    request_id: uuid.UUID
    journey_id: uuid.UUID
    segment: str
    requested: int
    handled: int
    enrolled: int
    refused: int
    done: bool


async def _manual_start(
    unit: UnitOfWork, journey_id: uuid.UUID, trigger_node_id: str | None, via: Via
) -> tuple[Journey, JourneyDefinition, ManualTrigger]:
    """The live journey's manual trigger to start at, or why there is none."""
    journey = await unit.session.get(Journey, journey_id)
    if journey is None:
        raise NotFoundError(f"There is no journey {journey_id}.")
    if journey.status != "active" or journey.published_version is None:
        raise ConflictError(
            f"“{journey.name}” is {journey.status}, not live: publish (or resume) it before"
            " enrolling contacts. Nothing was changed."
        )
    definition = await definition_of(unit.session, journey_id, journey.published_version)
    triggers = [n for n in (definition.nodes if definition else []) if isinstance(n, ManualTrigger)]
    if definition is None or not triggers:
        raise UnprocessableError(
            f"“{journey.name}” (version {journey.published_version}) has no “Manual"
            " enrolment” trigger: contacts enter it only by its own triggers."
        )
    trigger = next((t for t in triggers if trigger_node_id in (None, t.id)), None)
    if trigger is None:
        raise InvalidInputError.on_field(
            "trigger_node_id",
            f"there is no manual trigger “{trigger_node_id}” in version"
            f" {journey.published_version}; it has {', '.join(t.id for t in triggers)}.",
        )
    if via == "api" and not trigger.config.allow_api:
        raise UnprocessableError(
            f"The manual trigger “{trigger.label or trigger.id}” does not allow enrolment"
            " through the API (its “Allow enrolment through the API” is off)."
        )
    return journey, definition, trigger


def _request(  # noqa: PLR0917 - the event's fields
    journey_id: uuid.UUID,
    trigger: ManualTrigger,
    via: Via,
    request_id: uuid.UUID,
    actor: Actor | None,
    segment: str | None = None,
) -> EnrolRequested:
    return EnrolRequested(
        segment=segment,
        journey_id=str(journey_id),
        node_id=trigger.id,
        via=via,
        request_id=str(request_id),
        actor_id=str(actor.user_id) if actor else None,
    )


async def enrol_contact(
    unit: UnitOfWork, actor: Actor | None, journey_id: uuid.UUID, data: EnrolContact, via: Via
) -> Enrolled:
    """Enrol one contact now (re-entry rule applied), audited; says why when refused."""
    session = unit.session
    journey, _definition, trigger = await _manual_start(unit, journey_id, data.trigger_node_id, via)
    if await session.get(Contact, data.contact_id) is None:
        raise NotFoundError(f"contact_id: there is no contact {data.contact_id}.")
    await lock_contact(session, data.contact_id)
    request_id = uuid.uuid4()
    event_id = await record(
        unit, data.contact_id, _request(journey_id, trigger, via, request_id, actor)
    )
    assert event_id is not None  # no idempotency key: always written
    await handle_contacts(unit, [data.contact_id], upto_event=event_id)
    enrollment_id = enrollment_id_for(event_id, str(journey_id))
    version = int(journey.published_version or 0)
    enrolled = await session.get(Enrollment, enrollment_id) is not None
    refused = None if enrolled else await _refusal(unit, event_id, journey_id)
    changes = {
        "contact_id": str(data.contact_id),
        "version": version,
        "trigger": trigger.id,
        "via": via,
        "outcome": "enrolled" if enrolled else "refused",
        **({"refused": refused} if refused else {}),
    }
    await audit.record(
        session,
        actor_id=actor.user_id if actor else None,
        action="journey.contact_enrolled",
        target_type="journey",
        target_id=journey_id,
        changes=actor.audited(changes) if actor else changes,
        at=unit.now,
    )
    return Enrolled(
        contact_id=data.contact_id,
        journey_id=journey_id,
        version=version,
        outcome="enrolled" if enrolled else "refused",
        enrollment_id=enrollment_id if enrolled else None,
        refused=refused,
    )


async def _refusal(unit: UnitOfWork, event_id: int, journey_id: uuid.UUID) -> str:
    """Why the request did not enrol: the re-entry rule's note the worker left."""
    text = await unit.session.scalar(
        select(JourneyStep.detail["text"].astext).where(
            JourneyStep.cause == f"event:{event_id}:refused",
            JourneyStep.journey_id == journey_id,
        )
    )
    return text or "The journey did not take the contact (its trigger did not match)."


async def segment_count(
    unit: UnitOfWork, journey_id: uuid.UUID, segment: str, trigger_node_id: str | None
) -> SegmentCount:
    """How many contacts enrolling the segment would ask for (the number to confirm)."""
    await _manual_start(unit, journey_id, trigger_node_id, "segment")
    predicate = await predicate_for(unit.session, segment, unit.now)
    count = await unit.session.scalar(select(func.count()).select_from(Contact).where(predicate))
    return SegmentCount(segment=segment, count=int(count or 0))


async def enrol_segment(
    begin: SegmentUnits, actor: Actor | None, journey_id: uuid.UUID, data: EnrolSegment
) -> EnrolRequestStatus:
    """Record one enrol request per contact of the segment, `SEGMENT_BATCH` contacts per
    unit of work (each commit rings the workers, who enrol in the background)."""
    request_id = uuid.uuid4()
    async with begin() as unit:
        _journey, _definition, trigger = await _manual_start(
            unit, journey_id, data.trigger_node_id, "segment"
        )
        predicate = await predicate_for(unit.session, data.segment, unit.now)
        count = int(
            await unit.session.scalar(select(func.count()).select_from(Contact).where(predicate))
            or 0
        )
        if count != data.expected_count:
            raise ConflictError(
                f"Segment “{data.segment}” has {count} contacts now, not the"
                f" {data.expected_count} confirmed: confirm the new count. Nothing was changed.",
                extensions={"count": count},
            )
        changes = {"segment": data.segment, "count": count, "request_id": str(request_id)}
        await audit.record(
            unit.session,
            actor_id=actor.user_id if actor else None,
            action="journey.segment_enrolled",
            target_type="journey",
            target_id=journey_id,
            changes=actor.audited(changes) if actor else changes,
            at=unit.now,
        )
    event = _request(journey_id, trigger, "segment", request_id, actor, data.segment)
    after: uuid.UUID | None = None
    while True:
        async with begin() as unit:
            predicate = await predicate_for(unit.session, data.segment, unit.now)
            query = select(Contact.id).where(predicate).order_by(Contact.id).limit(SEGMENT_BATCH)
            if after is not None:
                query = query.where(Contact.id > after)
            ids = list(await unit.session.scalars(query))
            if not ids:
                break
            await record_for_each(unit, ids, event, key_prefix=f"enrol:{request_id}:")
            after = ids[-1]
    return await request_status(begin, journey_id, request_id, segment=data.segment)


async def request_status(
    begin: SegmentUnits, journey_id: uuid.UUID, request_id: uuid.UUID, *, segment: str = ""
) -> EnrolRequestStatus:
    """How far a segment enrolment has gone (404 when there is no such request)."""
    async with begin() as unit:
        session = unit.session
        prefix = f"enrol:{request_id}:%"
        requested, handled = (
            await session.execute(
                select(
                    func.count().cast(Integer),
                    func.count(Event.processed_at).cast(Integer),
                ).where(Event.idempotency_key.like(prefix))
            )
        ).one()
        if not requested:
            raise NotFoundError(f"There is no enrolment request {request_id} for this journey.")
        enrolled = await session.scalar(
            select(func.count().cast(Integer)).where(
                Enrollment.journey_id == journey_id,
                Enrollment.state["trigger"]["request_id"].astext == str(request_id),
            )
        )
        if not segment:
            segment = str(
                await session.scalar(
                    select(Event.properties["segment"].astext)
                    .where(Event.idempotency_key.like(prefix))
                    .limit(1)
                )
                or ""
            )
    enrolled = int(enrolled or 0)
    return EnrolRequestStatus(
        request_id=request_id,
        journey_id=journey_id,
        segment=segment,
        requested=requested,
        handled=handled,
        enrolled=enrolled,
        refused=max(0, handled - enrolled),
        done=handled == requested,
    )


class ManualStart(msgspec.Struct, frozen=True):
    """A manual trigger contacts may be enrolled at."""

    node_id: str
    label: str
    allow_api: bool


class EnrolableJourney(msgspec.Struct, frozen=True):
    """A live journey whose published version starts with a manual trigger."""

    id: uuid.UUID
    name: str
    version: int
    triggers: list[ManualStart]


async def enrolable(unit: UnitOfWork) -> list[EnrolableJourney]:
    """Every live journey that takes contacts by hand, by name."""
    rows = await unit.session.execute(
        select(Journey.id, Journey.name, Journey.published_version)
        .where(Journey.status == "active", Journey.published_version.is_not(None))
        .order_by(Journey.name, Journey.id)
    )
    found = []
    for journey_id, name, published in rows:
        version = int(published or 0)
        definition = await definition_of(unit.session, journey_id, version)
        starts = [
            ManualStart(n.id, n.label or n.id, n.config.allow_api)
            for n in (definition.nodes if definition else [])
            if isinstance(n, ManualTrigger)
        ]
        if starts:
            found.append(EnrolableJourney(journey_id, name, version, starts))
    return found


class EnrollmentActionsApi(msgspec.Struct, frozen=True):
    """Every shape of the enrollment actions and manual enrolment in one schema
    (schemas/enrollment-actions-api.schema.json), for the SPA's generated types."""

    remove: RemoveRequest
    move: MoveRequest
    end_wait: EndWaitRequest
    enrol: EnrolContact
    enrolled: Enrolled
    enrol_segment: EnrolSegment
    segment_count: SegmentCount
    request: EnrolRequestStatus
    enrolable: list[EnrolableJourney]
