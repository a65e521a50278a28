"""The handlers of the CRM steps a journey takes (app.effects.handlers): update the contact
or an object, notify staff, leave a portal message, emit an event. Each runs in the
dispatcher's unit of work (in a savepoint: a failing action leaves none of its writes
behind), once per key; its preview says what it would change or show."""

from __future__ import annotations

from typing import Any, ClassVar

import msgspec
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.automation import actions
from app.automation.texts import TextNotRenderedError, render_texts_for
from app.effects.handlers import EffectHandler, Message, PreviewInput
from app.effects.previews import (
    ContactChangePreview,
    EventPreview,
    NotificationPreview,
    ObjectChangePreview,
    PortalMessagePreview,
    Preview,
)
from app.engine.effects import EmitEvent, NotifyStaff, PortalMessage, UpdateContact, UpdateObject
from app.eventlog.writer import NewEvent, write
from app.jobs.access import staff_for_queue
from app.lib.unit_of_work import UnitOfWork
from app.runs.models import Enrollment
from app.templating.render import RenderContext


def _context(given: PreviewInput) -> RenderContext:
    return RenderContext(
        contact=given.facts.contact,
        event=given.event,
        object=given.facts.object,
        journey=given.variables,
        timezone=given.facts.timezone,
        now=given.now,
    )


class UpdateContactHandler(EffectHandler[UpdateContact, None]):
    async def execute(self, unit: UnitOfWork, message: Message[UpdateContact], batch: None) -> None:
        await actions.update_contact(unit, message.row, message.effect)

    async def preview(
        self, session: AsyncSession, effect: UpdateContact, given: PreviewInput
    ) -> Preview:
        del session, given
        return ContactChangePreview(
            key=effect.key,
            node_id=effect.node_id,
            set_fields=dict(effect.set_fields),
            clear_fields=list(effect.clear_fields),
            add_tags=list(effect.add_tags),
            remove_tags=list(effect.remove_tags),
            score_change=effect.score_change,
            add_roles=list(effect.add_roles),
            remove_roles=list(effect.remove_roles),
            consent={item.channel: item.granted for item in effect.consent},
        )


class UpdateObjectHandler(EffectHandler[UpdateObject, None]):
    async def execute(self, unit: UnitOfWork, message: Message[UpdateObject], batch: None) -> None:
        await actions.update_object(unit, message.row, message.effect)

    async def preview(
        self, session: AsyncSession, effect: UpdateObject, given: PreviewInput
    ) -> Preview:
        del session
        has = effect.object_type in given.facts.objects or bool(given.facts.object)
        return ObjectChangePreview(
            key=effect.key,
            node_id=effect.node_id,
            object_type=effect.object_type,
            set_fields=dict(effect.set_fields),
            would_run=has,
            reason=None if has else f"the contact has no {effect.object_type} to update",
        )


class NotifyStaffHandler(EffectHandler[NotifyStaff, None]):
    async def execute(self, unit: UnitOfWork, message: Message[NotifyStaff], batch: None) -> None:
        await actions.notify_staff(unit, message.row, message.effect)

    async def preview(
        self, session: AsyncSession, effect: NotifyStaff, given: PreviewInput
    ) -> Preview:
        shown = NotificationPreview(
            key=effect.key, node_id=effect.node_id, queue=effect.queue, audience=effect.audience
        )
        try:
            text = (await render_texts_for(session, _context(given), message=effect.message))[
                "message"
            ]
        except TextNotRenderedError as error:
            return msgspec.structs.replace(shown, would_run=False, reason=str(error))
        title, _, rest = text.partition("\n")
        people = await staff_for_queue(session, effect.queue, effect.audience)
        return msgspec.structs.replace(
            shown,
            title=title[:200],
            body=rest.strip(),
            would_run=bool(people),
            reason=None if people else f"Nobody works the queue “{effect.queue}” to notify.",
        )


class PortalMessageHandler(EffectHandler[PortalMessage, None]):
    async def execute(self, unit: UnitOfWork, message: Message[PortalMessage], batch: None) -> None:
        await actions.portal_message(unit, message.row, message.effect)

    async def preview(
        self, session: AsyncSession, effect: PortalMessage, given: PreviewInput
    ) -> Preview:
        shown = PortalMessagePreview(
            key=effect.key, node_id=effect.node_id, link=effect.link, pin=effect.pin
        )
        try:
            texts = await render_texts_for(
                session, _context(given), title=effect.title, body=effect.body
            )
        except TextNotRenderedError as error:
            return msgspec.structs.replace(shown, would_run=False, reason=str(error))
        return msgspec.structs.replace(
            shown, title=texts["title"].strip()[:200], body=texts["body"]
        )


class EmitEventHandler(EffectHandler[EmitEvent, None]):
    """Records the event an emit-event step asked for, once per key (its idempotency
    key); it is an event like any other, which journeys can start on or wait for."""

    # One insert, keyed: nothing to undo if it fails.
    savepoint: ClassVar[bool] = False

    async def execute(self, unit: UnitOfWork, message: Message[EmitEvent], batch: None) -> None:
        del batch
        contact_id = await unit.session.scalar(
            select(Enrollment.contact_id).where(Enrollment.id == message.row.enrollment_id)
        )
        if contact_id is None:
            return
        properties: dict[str, Any] = dict(message.effect.properties)
        emitted = NewEvent(
            contact_id=contact_id,
            name=message.effect.event_name,
            properties=properties,
            source="system",
            key=f"emit:{message.key}",
        )
        await write(unit, emitted)

    async def preview(
        self, session: AsyncSession, effect: EmitEvent, given: PreviewInput
    ) -> Preview:
        del session, given
        return EventPreview(
            key=effect.key,
            node_id=effect.node_id,
            name=effect.event_name,
            properties=dict(effect.properties),
        )
