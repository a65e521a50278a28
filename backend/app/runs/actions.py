"""Who is at this step: staff actions on one contact's path (remove from the journey, move
to another step of the same version, end a wait now), docs/enrollments-api.md.

Each action is one unit of work that takes the locks the worker takes: the contact's row
(the worker holds it for the whole batch that moves the contact) and then the
enrollment's. Under them it checks that the path still stands where the person saw it
(`at_step`): a contact that moved on meanwhile — a timer fired, an event arrived — is
refused with a 409 naming where it is now, and nothing changes. The pure engine decides
the move (`app.engine.interpreter.remove`, `move`, `end_wait`) and it is written as the
worker writes one (steps, timers, outbox rows), with its audit entry, in one commit.
"""

from __future__ import annotations

import uuid
from typing import Annotated, Any, Final, Literal, assert_never

import msgspec
from msgspec import Meta
from sqlalchemy import select

from app.auth import audit
from app.auth.models import User
from app.auth.principal import Actor
from app.engine import interpreter
from app.engine.definition import TRIGGER_TYPES, JourneyDefinition
from app.engine.facts import Facts
from app.engine.interpreter import Outcome
from app.engine.state import EnrollmentState, TokenState
from app.journeys.versions import definition_of
from app.lib.problems import (
    ConflictError,
    FieldError,
    InvalidInputError,
    NotFoundError,
    UnprocessableError,
)
from app.lib.unit_of_work import UnitOfWork
from app.runs.models import Enrollment
from app.runs.services import intervene, lock_contact, state_of

StepId = Annotated[str, Meta(min_length=1, max_length=120)]
TokenId = Annotated[str, Meta(min_length=1, max_length=40)]
LIVE: Final = ("active", "paused")


class RemoveRequest(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """Remove the contact from the journey: every path of the enrollment ends now."""

    # The step where the person saw the contact: refused (409) if it has moved on.
    at_step: StepId
    # One path (parallel splits make several); None: the path at `at_step`.
    token_id: TokenId | None = None


class MoveRequest(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """Move the path at `at_step` to `to_step` (same version), which it enters now."""

    at_step: StepId
    to_step: StepId
    token_id: TokenId | None = None


class EndWaitRequest(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """End the wait at `at_step` now: a timed wait goes on by "next", a wait for an event
    by "timeout"."""

    at_step: StepId
    token_id: TokenId | None = None


ActionRequest = RemoveRequest | MoveRequest | EndWaitRequest
ActionName = Literal["remove", "move", "end_wait"]


def _label(definition: JourneyDefinition, node_id: str) -> str:
    node = next((n for n in definition.nodes if n.id == node_id), None)
    return (node.label or node.id) if node else node_id


async def _who(unit: UnitOfWork, actor: Actor | None) -> str:
    if actor is None:
        return "an API key"
    email = await unit.session.scalar(select(User.email).where(User.id == actor.user_id))
    who = email or "staff"
    return f"{who} (API key {actor.api_key})" if actor.api_key else who


def _path_at(state: EnrollmentState, at_step: str, token_id: str | None) -> TokenState | None:
    return next(
        (
            token
            for token in sorted(state.tokens, key=lambda t: t.order)
            if token.node_id == at_step and token_id in (None, token.token_id)
        ),
        None,
    )


async def act(
    unit: UnitOfWork, actor: Actor | None, enrollment_id: uuid.UUID, request: ActionRequest
) -> ActionName:
    """Carry out one action under the contact's and the enrollment's row locks, audited."""
    session = unit.session
    contact_id = await session.scalar(
        select(Enrollment.contact_id).where(Enrollment.id == enrollment_id)
    )
    if contact_id is None:
        raise NotFoundError(f"There is no enrollment {enrollment_id}.")
    # The worker's lock first (it holds it for a whole batch), then the enrollment's row.
    await lock_contact(session, contact_id)
    row = await session.scalar(
        select(Enrollment).where(Enrollment.id == enrollment_id).with_for_update()
    )
    if row is None:  # the contact was erased meanwhile
        raise NotFoundError(f"There is no enrollment {enrollment_id}.")
    definition = await definition_of(session, row.journey_id, row.version)
    if definition is None:
        raise ConflictError(f"Version {row.version} of this journey is gone. Nothing was changed.")
    where = f"“{_label(definition, request.at_step)}”"
    if row.status not in LIVE:
        raise ConflictError(
            f"The contact is no longer at {where}: the enrollment has {row.status} meanwhile."
            " Nothing was changed.",
            extensions={"status": row.status, "at": []},
        )
    state = state_of(row)
    token = _path_at(state, request.at_step, request.token_id)
    if token is None:
        shown = ", ".join(f"“{_label(definition, t.node_id)}”" for t in state.tokens)
        raise ConflictError(
            f"The contact is no longer at {where}: it has moved on and is now at"
            f" {shown or 'no step'}. Nothing was changed.",
            extensions={"status": row.status, "at": [t.node_id for t in state.tokens]},
        )
    _refuse(request, token, definition, row)
    by = await _who(unit, actor)
    name, to_step = _name(request)

    def decide(d: JourneyDefinition, s: EnrollmentState, f: Facts) -> Outcome:
        try:
            match request:
                case RemoveRequest():
                    return interpreter.remove(d, s, f, unit.now, by=by)
                case MoveRequest():
                    return interpreter.move(
                        d,
                        s,
                        f,
                        unit.now,
                        token_id=token.token_id,
                        to_node_id=request.to_step,
                        by=by,
                    )
                case EndWaitRequest():
                    return interpreter.end_wait(d, s, f, unit.now, token_id=token.token_id, by=by)
                case _:
                    assert_never(request)
        except ValueError as error:
            raise ConflictError(f"Not done: {error}. Nothing was changed.") from error

    after = await intervene(unit, contact_id, enrollment_id, decide, f"staff:{uuid.uuid4()}")
    if after is None:
        raise ConflictError(f"The contact is no longer at {where}. Nothing was changed.")
    changes: dict[str, Any] = {
        "contact_id": str(contact_id),
        "journey_id": str(row.journey_id),
        "version": row.version,
        "token_id": token.token_id,
        "step": {"from": token.node_id, "to": to_step},
        "status": {"from": row.status, "to": after.status},
    }
    await audit.record(
        session,
        actor_id=actor.user_id if actor else None,
        action=f"enrollment.{name}",
        target_type="enrollment",
        target_id=enrollment_id,
        changes=actor.audited(changes) if actor else changes,
        at=unit.now,
    )
    return name


def _name(request: ActionRequest) -> tuple[ActionName, str | None]:
    match request:
        case RemoveRequest():
            return "remove", None
        case MoveRequest():
            return "move", request.to_step
        case EndWaitRequest():
            return "end_wait", None
        case _:
            assert_never(request)


def _refuse(
    request: ActionRequest, token: TokenState, definition: JourneyDefinition, row: Enrollment
) -> None:
    """Refuse up front what cannot mean anything (400, 422) or cannot be done now (409)."""
    if isinstance(request, RemoveRequest):
        return
    if row.status == "paused":
        raise ConflictError(
            "The journey is paused for this contact: resume the journey first. Nothing was changed."
        )
    if isinstance(request, MoveRequest):
        target = next((n for n in definition.nodes if n.id == request.to_step), None)
        if target is None:
            raise InvalidInputError.on_field(
                "to_step", f"there is no step “{request.to_step}” in version {row.version}."
            )
        if isinstance(target, TRIGGER_TYPES):
            raise UnprocessableError(
                f"to_step: “{target.label or target.id}” is a trigger; a contact cannot be"
                " moved there. Pick a step after it.",
                errors=[FieldError("to_step", "a trigger")],
            )
        return
    if token.status not in ("waiting_timer", "waiting_event"):
        raise UnprocessableError(
            f"at_step: “{_label(definition, token.node_id)}” is not a wait (a timer or a wait"
            " for an event); only those can end early.",
            errors=[FieldError("at_step", "not a wait")],
        )
