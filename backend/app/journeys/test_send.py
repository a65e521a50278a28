"""A test send from the publish review: one email step of the saved draft, sent to the
staff member who asks, rendered for a contact of their choice (themselves by default) and
the latest event of the journey's trigger, through the same outbox and sender as any
message. It is service mail to the one asking: no consent check, no unsubscribe link, no
tracking, and "[Test]" before the subject."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from app.auth.models import User
from app.contacts.models import Contact
from app.engine.actions import SendEmail
from app.engine.definition import Node
from app.engine.triggers import EventTrigger
from app.eventlog.models import Event
from app.journeys import services, views
from app.journeys.schemas import TestSendRequest, TestSendResult
from app.lib.problems import FieldError, InvalidInputError, NotFoundError, UnprocessableError
from app.lib.unit_of_work import UnitOfWork
from app.runs.models import OutboxMessage

TEST_PREFIX = "[Test] "


async def send_test_email(
    unit: UnitOfWork, journey_id: uuid.UUID, user_id: uuid.UUID, data: TestSendRequest
) -> TestSendResult:
    db = unit.session
    row = await services.get_row(db, journey_id)
    definition = views.definition_of(row)
    step = next((node for node in definition.nodes if node.id == data.node_id), None)
    if step is None:
        raise NotFoundError(f"This journey's draft has no step “{data.node_id}”.")
    if not isinstance(step, SendEmail):
        raise _refused("Only an email step can be sent as a test.")
    config = step.config
    if config.template is None and not (config.subject and config.body):
        raise _refused("The step has no email yet: pick a template or write a subject and text.")
    user = await db.get(User, user_id)
    if user is None:
        raise NotFoundError("Your account was not found.")
    contact = await db.get(Contact, data.contact_id or user.contact_id)
    if contact is None:
        raise InvalidInputError.on_field("contact_id", "There is no such contact.")
    key = f"test-send:{journey_id}:{step.id}:{uuid.uuid4()}"
    await db.execute(
        insert(OutboxMessage).values(
            key=key,
            enrollment_id=None,
            kind="send_email",
            payload={
                "type": "send_email",
                "key": key,
                "node_id": step.id,
                "contact_id": str(contact.id),
                "to": user.email,
                "template": config.template,
                "subject": None if config.subject is None else TEST_PREFIX + config.subject,
                "body": config.body,
                "event": await _sample_event(db, definition.nodes),
                # To the staff member asking, not the contact: no consent, no tracking.
                "transactional": True,
            },
            next_attempt_at=unit.now,
            created_at=unit.now,
        )
    )
    unit.queued(1)
    return TestSendResult(key=key, to=user.email, contact_id=contact.id, contact_name=contact.name)


def _refused(message: str) -> UnprocessableError:
    return UnprocessableError(message, errors=[FieldError("node_id", message)])


async def _sample_event(db: AsyncSession, nodes: list[Node]) -> dict[str, Any]:
    """The properties of the latest event that starts this journey, for `event.*`."""
    names = [n.config.event_name for n in nodes if isinstance(n, EventTrigger)]
    if not names:
        return {}
    properties = await db.scalar(
        select(Event.properties)
        .where(Event.name.in_(names))
        .order_by(Event.occurred_at.desc())
        .limit(1)
    )
    return dict(properties or {})
