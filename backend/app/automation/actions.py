"""CRM actions a journey step asks for, run by the outbox dispatcher after commit.

Each handler runs inside the dispatcher's transaction (in a savepoint), so its writes and
the outbox row leaving `pending` commit together: an effect key acts exactly once, however
often the dispatcher is rung. Contact and object changes go through the CRM services, so
each one is recorded as an event (`contact.tagged`, `object.status_changed`…) in the
dispatcher's unit of work, which rings the journeys' worker once it commits.
"""

from __future__ import annotations

import uuid
from typing import Any, Final

import msgspec
from sqlalchemy import func, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from app.auth.models import User
from app.automation.models import Notification
from app.automation.texts import render_texts
from app.contacts import consent, objects, profile
from app.contacts.consent import ConsentStatus
from app.contacts.models import Contact, ContactObject
from app.contacts.schemas import ContactUpdate, ObjectUpdate
from app.engine import effects as fx
from app.jobs.access import staff_for_queue
from app.lib.problems import DomainError
from app.lib.unit_of_work import UnitOfWork
from app.portal.models import PortalMessage
from app.runs.models import Enrollment, OutboxMessage

# Built-in contact fields an update step may set; any other name is a custom attribute.
_CONTACT_FIELDS: Final = frozenset(
    {"name", "email", "phone", "external_id", "timezone", "locale", "birthday"}
)
# The contact's owner: a user id, or a member of staff's email.
_OWNER: Final = frozenset({"owner", "owner_id"})
_OBJECT_FIELDS: Final = frozenset({"status", "external_ref", "due_at", "starts_at"})
# Where a contact's CRM roles live (customer, lead, affiliate…). They are CRM data for
# journeys and segments, never sign-in permissions: a journey cannot grant access.
ROLES_ATTRIBUTE: Final = "roles"


class ActionRefusedError(Exception):
    """The step cannot be done as written (no such object, a value the CRM refuses).
    Retried like any failure, so the reason shows on the outbox row."""


async def _enrollment(session: AsyncSession, row: OutboxMessage) -> Enrollment:
    enrollment = await session.get(Enrollment, row.enrollment_id) if row.enrollment_id else None
    if enrollment is None:
        raise ActionRefusedError("The enrollment this step belongs to no longer exists.")
    return enrollment


def _field_name(name: str) -> tuple[str, str]:
    """(`builtin`|`attribute`, name) for a field a step names: `contact.` is optional."""
    bare = name.removeprefix("contact.")
    if bare.startswith("attributes."):
        return "attribute", bare.removeprefix("attributes.")
    return ("builtin", bare) if bare in _CONTACT_FIELDS else ("attribute", bare)


def _contact_update(set_fields: dict[str, Any], clear_fields: list[str]) -> ContactUpdate:
    builtins: dict[str, Any] = {}
    attributes: dict[str, Any] = {}
    for name, value in [*set_fields.items(), *((name, None) for name in clear_fields)]:
        kind, bare = _field_name(name)
        (builtins if kind == "builtin" else attributes)[bare] = value
    raw: dict[str, Any] = dict(builtins)
    if attributes:
        raw["attributes"] = attributes
    try:
        return msgspec.convert(raw, ContactUpdate)
    except msgspec.ValidationError as error:
        raise ActionRefusedError(f"The contact cannot take these values: {error}") from error


async def update_contact(unit: UnitOfWork, row: OutboxMessage, effect: fx.UpdateContact) -> None:
    session = unit.session
    contact_id = (await _enrollment(session, row)).contact_id
    set_fields = dict(effect.set_fields)
    owner = _pop_owner(set_fields, effect.clear_fields)
    clear_fields = [name for name in effect.clear_fields if _field_name(name)[1] not in _OWNER]
    try:
        if set_fields or clear_fields:
            update = _contact_update(set_fields, clear_fields)
            await profile.update_contact(unit, contact_id, update)
        if owner is not msgspec.UNSET:
            owner_id = await _owner_id(session, owner)
            await profile.set_owner(unit, contact_id, owner_id)
        if effect.add_tags:
            await profile.add_tags(unit, contact_id, effect.add_tags)
        if effect.remove_tags:
            await profile.remove_tags(unit, contact_id, effect.remove_tags)
        if effect.score_change:
            await profile.change_score(unit, contact_id, delta=effect.score_change)
        if effect.add_roles or effect.remove_roles:
            await _change_roles(unit, contact_id, effect)
        for item in effect.consent:
            await profile.lock(session, contact_id)
            status: ConsentStatus = "opted_in" if item.granted else "opted_out"
            await consent.set_consent(
                unit,
                contact_id,
                item.channel,  # type: ignore[arg-type]  # the engine's Literal of channels
                status,
                source="journey",
            )
    except DomainError as error:
        raise ActionRefusedError(error.detail) from error


def _pop_owner(set_fields: dict[str, Any], clear_fields: list[str]) -> Any:
    """The owner a step sets (a user id or a staff email), None to clear, else UNSET."""
    for name in list(set_fields):
        if _field_name(name)[1] in _OWNER:
            return set_fields.pop(name)
    if any(_field_name(name)[1] in _OWNER for name in clear_fields):
        return None
    return msgspec.UNSET


async def _owner_id(session: AsyncSession, owner: Any) -> uuid.UUID | None:
    if owner is None:
        return None
    text = str(owner).strip()
    try:
        return uuid.UUID(text)
    except ValueError:
        pass
    found = await session.scalar(select(User.id).where(func.lower(User.email) == text.lower()))
    if found is None:
        raise ActionRefusedError(f"There is no member of staff “{text}” to own the contact.")
    return found


async def _change_roles(unit: UnitOfWork, contact_id: uuid.UUID, effect: fx.UpdateContact) -> None:
    session = unit.session
    contact = await profile.lock(session, contact_id)
    current = contact.attributes.get(ROLES_ATTRIBUTE)
    roles = [str(r) for r in current] if isinstance(current, list) else []
    wanted = [r for r in roles if r not in effect.remove_roles]
    wanted += [r for r in effect.add_roles if r not in wanted]
    if wanted != roles:
        update = ContactUpdate(attributes={ROLES_ATTRIBUTE: wanted or None})
        await profile.update_contact(unit, contact_id, update)


async def _related_object(
    session: AsyncSession, enrollment: Enrollment, kind: str
) -> ContactObject | None:
    """The journey's object of `kind`: the one its starting event named (`object_id`, or
    `<kind>_id` / `<kind>_ref` as the object's reference), else the contact's latest."""
    started_by: dict[str, Any] = enrollment.state.get("event") or {}
    mine = ContactObject.contact_id == enrollment.contact_id
    object_id = started_by.get("object_id")
    if object_id and started_by.get("kind", kind) == kind:
        try:
            found = await session.get(ContactObject, uuid.UUID(str(object_id)))
        except ValueError:
            found = None
        if found is not None and found.contact_id == enrollment.contact_id:
            return found
    ref = started_by.get(f"{kind}_id") or started_by.get(f"{kind}_ref")
    if ref is not None:
        found = await session.scalar(
            select(ContactObject).where(
                mine, ContactObject.kind == kind, ContactObject.external_ref == str(ref)
            )
        )
        if found is not None:
            return found
    return await session.scalar(
        select(ContactObject)
        .where(mine, ContactObject.kind == kind)
        .order_by(ContactObject.created_at.desc(), ContactObject.id)
        .limit(1)
    )


async def update_object(unit: UnitOfWork, row: OutboxMessage, effect: fx.UpdateObject) -> None:
    session = unit.session
    enrollment = await _enrollment(session, row)
    target = await _related_object(session, enrollment, effect.object_type)
    if target is None:
        raise ActionRefusedError(f"The contact has no {effect.object_type} to update.")
    own: dict[str, Any] = {}
    data: dict[str, Any] = {}
    for name, value in effect.set_fields.items():
        bare = name.removeprefix("object.").removeprefix(f"{effect.object_type}.")
        if bare.startswith("data."):
            data[bare.removeprefix("data.")] = value
        elif bare in _OBJECT_FIELDS:
            own[bare] = value
        else:
            data[bare] = value
    try:
        update = msgspec.convert({**own, **({"data": data} if data else {})}, ObjectUpdate)
    except msgspec.ValidationError as error:
        raise ActionRefusedError(
            f"The {effect.object_type} cannot take these values: {error}"
        ) from error
    try:
        await objects.update_object(unit, enrollment.contact_id, target.id, update)
    except DomainError as error:
        raise ActionRefusedError(error.detail) from error


async def notify_staff(unit: UnitOfWork, row: OutboxMessage, effect: fx.NotifyStaff) -> None:
    session, now = unit.session, unit.now
    enrollment = await _enrollment(session, row)
    people = await staff_for_queue(session, effect.queue, effect.audience)
    if not people:
        raise ActionRefusedError(f"Nobody works the queue “{effect.queue}” to notify.")
    name = await session.scalar(select(Contact.name).where(Contact.id == enrollment.contact_id))
    message = (await render_texts(session, enrollment, now, message=effect.message))["message"]
    title, _, rest = message.partition("\n")
    await session.execute(
        insert(Notification)
        .values(
            [
                {
                    "user_id": user_id,
                    "title": title[:200],
                    "body": rest.strip() or (f"About {name}" if name else ""),
                    "link": f"/contacts/{enrollment.contact_id}",
                    "contact_id": enrollment.contact_id,
                    "source_key": row.key,
                    "created_at": now,
                }
                for user_id in people
            ]
        )
        .on_conflict_do_nothing(index_elements=["source_key", "user_id"])
    )


async def portal_message(unit: UnitOfWork, row: OutboxMessage, effect: fx.PortalMessage) -> None:
    session, now = unit.session, unit.now
    enrollment = await _enrollment(session, row)
    shown = await render_texts(session, enrollment, now, title=effect.title, body=effect.body)
    await session.execute(
        insert(PortalMessage)
        .values(
            contact_id=enrollment.contact_id,
            title=shown["title"].strip()[:200],
            body=shown["body"],
            link=effect.link,
            pinned=effect.pin,
            enrollment_id=enrollment.id,
            node_id=effect.node_id,
            source_key=row.key,
            created_at=now,
        )
        .on_conflict_do_nothing(index_elements=["source_key"])
    )
