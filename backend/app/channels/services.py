"""Templates (CRUD and preview), the message log, letters, opens/clicks and inbound SMS."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, Final

from sqlalchemy import ColumnElement, case, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from app.channels import consent, letters, sms
from app.channels.models import ChannelMessage, Letter, MessageTemplate
from app.channels.rendering import Source, layouts, off_loop, render_off_loop
from app.channels.schemas import (
    LetterInfo,
    Message,
    MessageDetail,
    MessagePage,
    Preview,
    PreviewContact,
    PreviewError,
    PreviewRequest,
    Template,
    TemplateWrite,
)
from app.contacts.models import Contact
from app.contacts.schemas import ContactRef
from app.contacts.services import resolve_contact
from app.engine.channels import MESSAGE_KINDS, template_parts
from app.eventlog.kinds import EmailClicked, EmailOpened, SmsReceived, SmsReplied
from app.eventlog.writer import record
from app.lib.problems import ConflictError, FieldError, InvalidInputError, NotFoundError
from app.lib.unit_of_work import UnitOfWork
from app.runs.facts import contact_facts
from app.runs.models import Enrollment, OutboxMessage
from app.templating.render import RenderContext, RenderError, check_part, variable_names

_SAMPLE_CONTACT: Final = {
    "id": "00000000-0000-0000-0000-000000000000",
    "external_id": "sample",
    "name": "Sam Sample",
    "first_name": "Sam",
    "last_name": "Sample",
    "email": "sam@example.com",
    "phone": "+447700900123",
}

# ---- templates ------------------------------------------------------------------------


def _view(row: MessageTemplate) -> Template:
    return Template(
        id=row.id,
        name=row.name,
        label=row.label,
        channel=row.channel,  # type: ignore[arg-type]
        subject=row.subject,
        body_html=row.body_html,
        body_text=row.body_text,
        updated_at=row.updated_at,
    )


async def list_templates(db: AsyncSession, channel: str | None) -> list[Template]:
    query = select(MessageTemplate).order_by(MessageTemplate.channel, MessageTemplate.name)
    if channel:
        query = query.where(MessageTemplate.channel == channel)
    return [_view(row) for row in await db.scalars(query)]


async def _get(db: AsyncSession, template_id: uuid.UUID) -> MessageTemplate:
    row = await db.get(MessageTemplate, template_id)
    if row is None:
        raise NotFoundError(f"There is no template {template_id}.")
    return row


async def get_template(db: AsyncSession, template_id: uuid.UUID) -> Template:
    return _view(await _get(db, template_id))


# The API field of each part a render names (a broken layout shows in the HTML).
_FIELDS: Final = {"subject": "subject", "html": "body_html", "text": "body_text"}


def _field_error(error: RenderError) -> FieldError:
    where = f"line {error.line}: " if error.line else ""
    part = "" if error.part in _FIELDS else f"{error.part}: "
    return FieldError(_FIELDS.get(error.part, "body_html"), f"{part}{where}{error.message}")


async def _check(db: AsyncSession, data: TemplateWrite) -> None:
    """Every part must compile and render within the sandbox's bounds (checked with a
    contact who has no data, by the function that sends it), and each kind needs its
    parts: what is saved can be sent."""
    layout_sources = await layouts(db)
    if data.channel == "layout":
        # A layout being saved is checked as it is written, not as stored.
        layout_sources.pop(data.name, None)
    errors: list[FieldError] = []
    for part, text in (
        ("subject", data.subject or ""),
        ("html", data.body_html),
        ("text", data.body_text),
    ):
        problem = await off_loop(check_part, text, part, layout_sources) if text else None
        if problem is not None:
            errors.append(_field_error(problem))
    errors.extend(_missing_parts(data))
    if errors:
        detail = "; ".join(f"{e.field}: {e.message}" for e in errors)
        raise InvalidInputError(f"The template is not valid. {detail}", errors=errors)


def _missing_parts(data: TemplateWrite) -> list[FieldError]:
    """The parts the template's kind needs (app.engine.channels) that are empty."""
    parts = template_parts(data.channel)
    kind = f"{'an' if data.channel[0] in 'aeiou' else 'a'} {data.channel}"
    missing: list[FieldError] = []
    if "subject" in parts and not (data.subject or "").strip():
        missing.append(FieldError("subject", f"{kind} needs a subject"))
    has_html, has_text = bool(data.body_html.strip()), bool(data.body_text.strip())
    if "html" in parts and "text" in parts:
        if not (has_html or has_text):
            missing.append(FieldError("body_html", f"{kind} needs HTML or text"))
    elif "text" in parts and not has_text:
        missing.append(FieldError("body_text", f"{kind} template needs text"))
    elif "html" in parts and not has_html:
        missing.append(FieldError("body_html", f"{kind} needs HTML"))
    return missing


async def create_template(db: AsyncSession, data: TemplateWrite) -> Template:
    await _check(db, data)
    row = MessageTemplate(
        name=data.name,
        label=data.label,
        channel=data.channel,
        subject=data.subject if "subject" in template_parts(data.channel) else None,
        body_html=data.body_html,
        body_text=data.body_text,
    )
    db.add(row)
    try:
        await db.flush()
    except IntegrityError as error:
        raise ConflictError(
            f"A template called “{data.name}” already exists.",
            errors=[FieldError("name", "already taken")],
        ) from error
    await db.refresh(row)
    return _view(row)


async def update_template(
    db: AsyncSession, template_id: uuid.UUID, data: TemplateWrite
) -> Template:
    await _check(db, data)
    # Locked, so two saves of one template cannot both pass the check below.
    row = await db.get(MessageTemplate, template_id, with_for_update=True)
    if row is None:
        raise NotFoundError(f"There is no template {template_id}.")
    if data.expected_updated_at is not None and data.expected_updated_at != row.updated_at:
        # Two editors (the Templates page, a canvas inspector) may hold the same template.
        raise ConflictError(
            "Someone else saved this template since you opened it: reload it to see their "
            "changes, then make yours again.",
            errors=[FieldError("expected_updated_at", "the template changed since you loaded it")],
        )
    if data.name != row.name or data.channel != row.channel:
        # Journeys name templates: a rename or a change of kind would break them silently.
        field = "name" if data.name != row.name else "channel"
        raise InvalidInputError.on_field(field, "cannot change once created; make a new template")
    row.label = data.label
    row.subject = data.subject if "subject" in template_parts(data.channel) else None
    row.body_html = data.body_html
    row.body_text = data.body_text
    await db.flush()
    await db.refresh(row)
    return _view(row)


async def delete_template(db: AsyncSession, template_id: uuid.UUID) -> None:
    row = await _get(db, template_id)
    await db.delete(row)


# ---- preview -------------------------------------------------------------------------


async def preview_contacts(db: AsyncSession, q: str | None) -> list[PreviewContact]:
    query = select(Contact).order_by(Contact.name, Contact.id).limit(20)
    if q:
        like = f"%{q.strip()}%"
        query = query.where(Contact.name.ilike(like) | Contact.email.ilike(like))
    return [PreviewContact(c.id, c.name, c.email) for c in await db.scalars(query)]


async def preview(db: AsyncSession, data: PreviewRequest, now: datetime) -> Preview:
    contact: dict[str, Any] = dict(_SAMPLE_CONTACT)
    timezone = "UTC"
    if data.contact_id is not None:
        if await db.get(Contact, data.contact_id) is None:
            raise InvalidInputError.on_field("contact_id", "no such contact")
        facts = await contact_facts(db, data.contact_id)
        contact, timezone = dict(facts.contact), facts.timezone
    extra = (
        {"unsubscribe_url": "https://example.com/unsubscribe"} if data.channel == "email" else {}
    )
    context = RenderContext(
        contact=contact,
        event=data.event,
        object=data.object,
        journey=data.journey,
        timezone=timezone,
        now=now,
        extra=extra,
    )
    names = variable_names(context)
    if data.channel == "layout":
        return Preview(ok=True, html=data.body_html, variables=names)
    parts = template_parts(data.channel)
    source = Source(
        # Job guidance is text only, rendered as a text message's is.
        "sms" if data.channel == "guidance" else data.channel,
        data.subject if "subject" in parts else None,
        data.body_html if "html" in parts else "",
        data.body_text,
    )
    try:
        rendered = await render_off_loop(source, context, await layouts(db))
    except RenderError as error:
        if error.kind == "limit":
            # Past the bounds is not a slip to show beside the text but a template that
            # can never be sent: refused as the save would refuse it.
            field_error = _field_error(error)
            raise InvalidInputError(
                f"The template cannot be rendered within the limits. {field_error.field}: "
                f"{field_error.message}",
                errors=[field_error],
            ) from error
        return Preview(
            ok=False, error=PreviewError(error.part, error.message, error.line), variables=names
        )
    return Preview(
        ok=True, subject=rendered.subject, html=rendered.html, text=rendered.text, variables=names
    )


# ---- the message log -----------------------------------------------------------------

_STATUS: Final = case(
    (OutboxMessage.status == "failed", "failed"),
    (ChannelMessage.clicked_at.is_not(None), "clicked"),
    (ChannelMessage.opened_at.is_not(None), "opened"),
    (OutboxMessage.status == "sent", "sent"),
    else_="queued",
)
_CHANNEL: Final = case(*((OutboxMessage.kind == k, v) for k, v in MESSAGE_KINDS.items()))


# A direct send (no journey) has its contact on the message row only.
_CONTACT_ID: Final = func.coalesce(Enrollment.contact_id, ChannelMessage.contact_id)


def _message_query() -> Any:
    return (
        select(
            OutboxMessage,
            ChannelMessage,
            _STATUS.label("status"),
            _CHANNEL.label("channel"),
            Enrollment.journey_id,
            _CONTACT_ID.label("contact_id"),
            Contact.name,
        )
        .select_from(OutboxMessage)
        .outerjoin(ChannelMessage, ChannelMessage.key == OutboxMessage.key)
        .outerjoin(Enrollment, Enrollment.id == OutboxMessage.enrollment_id)
        .outerjoin(Contact, Contact.id == _CONTACT_ID)
        .where(OutboxMessage.kind.in_(list(MESSAGE_KINDS)))
    )


def _message(row: Any) -> Message:
    outbox, detail, status, channel, journey_id, contact_id, contact_name = row
    return Message(
        key=outbox.key,
        outbox_id=outbox.id,
        channel=channel,
        status=status,
        attempts=outbox.attempts,
        error=outbox.last_error or (detail.error if detail else None),
        next_attempt_at=outbox.next_attempt_at if outbox.status == "pending" else None,
        contact_id=contact_id,
        contact_name=contact_name,
        journey_id=journey_id,
        node_id=str(outbox.payload.get("node_id") or "") or None,
        template=(detail.template if detail else None) or outbox.payload.get("template"),
        recipient=detail.recipient if detail else None,
        subject=detail.subject if detail else None,
        provider=detail.provider if detail else None,
        opens=detail.opens if detail else 0,
        clicks=detail.clicks if detail else 0,
        created_at=outbox.created_at,
        sent_at=outbox.sent_at,
        opened_at=detail.opened_at if detail else None,
        clicked_at=detail.clicked_at if detail else None,
    )


async def list_messages(
    db: AsyncSession,
    *,
    status: str | None,
    channel: str | None,
    journey_id: uuid.UUID | None,
    contact_id: uuid.UUID | None,
    q: str | None,
    page: int,
    page_size: int,
) -> MessagePage:
    filters: list[ColumnElement[bool]] = []
    if status:
        filters.append(_STATUS == status)  # noqa: SIM300 - a SQL expression, not a constant
    if channel:
        kinds = [k for k, v in MESSAGE_KINDS.items() if v == channel]
        filters.append(OutboxMessage.kind.in_(kinds))
    if journey_id:
        filters.append(Enrollment.journey_id == journey_id)
    if contact_id:
        filters.append(_CONTACT_ID == contact_id)  # noqa: SIM300 - a SQL expression
    if q:
        like = f"%{q.strip()}%"
        filters.append(
            ChannelMessage.recipient.ilike(like)
            | ChannelMessage.subject.ilike(like)
            | ChannelMessage.template.ilike(like)
            | Contact.name.ilike(like)
        )
    query = _message_query().where(*filters)
    total = await db.scalar(select(func.count()).select_from(query.subquery())) or 0
    rows = await db.execute(
        query.order_by(OutboxMessage.created_at.desc(), OutboxMessage.id.desc())
        .offset((page - 1) * page_size)
        .limit(page_size)
    )
    return MessagePage([_message(row) for row in rows], total, page, page_size)


async def get_message(db: AsyncSession, outbox_id: int) -> MessageDetail:
    row = (await db.execute(_message_query().where(OutboxMessage.id == outbox_id))).first()
    if row is None:
        raise NotFoundError(f"There is no message {outbox_id}.")
    summary = _message(row)
    detail: ChannelMessage | None = row[1]
    letter_id = await db.scalar(select(Letter.id).where(Letter.key == summary.key))
    return MessageDetail(
        **{f: getattr(summary, f) for f in Message.__struct_fields__},
        body_html=detail.body_html if detail else None,
        body_text=detail.body_text if detail else None,
        raw=detail.raw if detail else None,
        message_id=detail.message_id if detail else None,
        response=detail.response if detail else None,
        letter_id=letter_id,
    )


# ---- letters -------------------------------------------------------------------------


async def contact_letters(db: AsyncSession, contact_id: uuid.UUID) -> list[LetterInfo]:
    rows = await db.scalars(
        select(Letter).where(Letter.contact_id == contact_id).order_by(Letter.created_at.desc())
    )
    return [
        LetterInfo(r.id, r.key, r.contact_id, r.template, r.size, r.print_queue, r.created_at)
        for r in rows
    ]


async def letter_file(db: AsyncSession, data_dir: str, letter_id: int) -> Path:
    row = await db.get(Letter, letter_id)
    if row is None:
        raise NotFoundError(f"There is no letter {letter_id}.")
    base = letters.letters_dir(data_dir)
    path = (base / row.path).resolve()
    if base not in path.parents or not path.is_file():
        raise NotFoundError(f"The file of letter {letter_id} is missing.")
    return path


# ---- opens, clicks, unsubscribes -----------------------------------------------------


def _message_fields(row: ChannelMessage) -> dict[str, Any]:
    """What the events of a message name: the message, its template and journey step."""
    return {
        "message_key": row.key,
        "template": row.template,
        "journey_id": str(row.journey_id) if row.journey_id else None,
        "node_id": row.node_id,
    }


async def record_open(unit: UnitOfWork, key: str) -> None:
    """Count an open; the first one records `email.opened`."""
    row = await unit.session.get(ChannelMessage, key, with_for_update=True)
    if row is None or row.contact_id is None:
        return
    row.opens += 1
    if row.opened_at is not None:
        return
    row.opened_at = unit.now
    await record(unit, row.contact_id, EmailOpened(**_message_fields(row)))


async def record_click(unit: UnitOfWork, key: str, url: str) -> None:
    """Count a click and record `email.clicked` (and the open a blocked pixel missed)."""
    row = await unit.session.get(ChannelMessage, key, with_for_update=True)
    if row is None or row.contact_id is None:
        return
    if row.opened_at is None:
        row.opened_at = unit.now
        await record(unit, row.contact_id, EmailOpened(**_message_fields(row)))
    row.clicks += 1
    row.clicked_at = row.clicked_at or unit.now
    await record(unit, row.contact_id, EmailClicked(**_message_fields(row), url=url))


async def unsubscribe(unit: UnitOfWork, key: str) -> bool:
    """Opt the message's contact out of email; False when the link names no message."""
    row = await unit.session.get(ChannelMessage, key, with_for_update=True)
    if row is None or row.contact_id is None:
        return False
    await unit.session.execute(
        update(ChannelMessage)
        .where(ChannelMessage.key == key, ChannelMessage.unsubscribed_at.is_(None))
        .values(unsubscribed_at=unit.now)
    )
    await consent.opt_out(unit, row.contact_id, "email", source="unsubscribe_link")
    return True


# ---- inbound SMS -----------------------------------------------------------------------


# A text that comes back within this long of one we sent that contact is a reply to it.
REPLY_WINDOW: Final = timedelta(days=7)


async def receive_sms(
    unit: UnitOfWork, sender: str, text: str, to: str | None
) -> tuple[int, str | None, bool]:
    """Record `sms.received` for the sender (found by phone, or a new contact) or, when
    we texted them within REPLY_WINDOW, `sms.replied` as well (S6 waits for a YES or NO
    to its question); STOP opts out.

    Returns (the `sms.received` event's id, keyword, opted out).
    """
    words = text.strip().split()
    keyword = words[0].upper().strip(".!,") if words else None
    contact_id = await resolve_contact(unit.session, ContactRef(phone=sender))
    if keyword in sms.STOP_WORDS:
        await consent.opt_out(unit, contact_id, "sms", source="sms_stop")
    received = SmsReceived(text=text, keyword=keyword, sender=sender, to=to)
    event_id = await record(unit, contact_id, received)
    assert event_id is not None, "an event without a key is always written"
    replied = await _replied_to(unit.session, contact_id, unit.now)
    if replied is not None:
        reply = SmsReplied(
            text=text,
            keyword=keyword,
            sender=sender,
            to=to,
            in_reply_to=replied.key,
            template=replied.template,
            journey_id=str(replied.journey_id) if replied.journey_id else None,
            node_id=replied.node_id,
        )
        await record(unit, contact_id, reply)
    return event_id, keyword, keyword in sms.STOP_WORDS


async def _replied_to(
    db: AsyncSession, contact_id: uuid.UUID, now: datetime
) -> ChannelMessage | None:
    """The latest text we sent the contact within REPLY_WINDOW, if any."""
    return await db.scalar(
        select(ChannelMessage)
        .where(
            ChannelMessage.contact_id == contact_id,
            ChannelMessage.channel == "sms",
            ChannelMessage.sent_at >= now - REPLY_WINDOW,
        )
        .order_by(ChannelMessage.sent_at.desc())
        .limit(1)
    )
