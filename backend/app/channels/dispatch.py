"""The channels' effect handlers: email, SMS, letters, webhooks (app.effects.handlers).

Executing one loads the enrollment's context (contact, event, object, journey variables),
checks consent and the address, renders every part, then delivers and records the
message in `channel_messages` under the outbox key. A template that does not render, a
missing address or consent fail the row at once (`PermanentError`); a delivery failure
is retried by the outbox with backoff. Previewing one renders the same parts against the
contact's facts given, and says whether it would be sent, and if not why.
"""

from __future__ import annotations

import dataclasses
import functools
import json
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from email.message import EmailMessage
from typing import Any, ClassVar, Final, TypeVar, cast

import anyio
import msgspec
from redis.asyncio import Redis
from sqlalchemy import Table, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from app.channels import email, letters, sms, webhook, webhook_networks, withheld
from app.channels.models import ChannelMessage, Letter
from app.channels.print_jobs import create_print_job
from app.channels.rendering import (
    Rendered,
    Source,
    TemplateMissingError,
    inline_source,
    layouts,
    load_source,
    render_off_loop,
)
from app.channels.smtp_pool import SmtpPool
from app.channels.tracking import Links
from app.contacts.models import Contact
from app.effects.errors import (
    Failure,
    NoAddressError,
    NoConsentError,
    PermanentError,
    TemplateFailedError,
)
from app.effects.handlers import EffectHandler, Message, PreviewInput
from app.effects.previews import EmailPreview, LetterPreview, Preview, SmsPreview, WebhookPreview
from app.engine.effects import CreateLetter, SendEmail, SendSms, Webhook
from app.engine.facts import Facts
from app.lib.db import any_uuid
from app.lib.unit_of_work import UnitOfWork
from app.runs import not_sent, webhook_answers
from app.runs.facts import contact_facts, enrollment_facts, facts_of_contacts
from app.runs.models import Enrollment
from app.runs.services import state_of
from app.settings import Settings
from app.templating.render import RenderContext, RenderError, build_environment, render_part

ChannelEffect = SendEmail | SendSms | CreateLetter | Webhook
C = TypeVar("C", SendEmail, SendSms, CreateLetter, Webhook)


@dataclass(slots=True)
class Draft:
    """What is known of a message so far; recorded even when the send fails."""

    key: str
    channel: str
    outbox_id: int
    contact_id: uuid.UUID | None = None
    journey_id: uuid.UUID | None = None
    node_id: str | None = None
    values: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Target:
    # None for a direct send (no journey): the message names the contact.
    enrollment: Enrollment | None
    contact: Contact
    context: RenderContext
    # Its CRM facts: consent per channel is what `may_contact` answers.
    facts: Facts


@dataclass(slots=True)
class ChannelBatch:
    """What one dispatch batch's messages of a channel share, loaded once (`prepare`)."""

    # Held here, not just in the session: its identity map keeps only weak references,
    # so rows loaded and let go would be fetched again one message at a time.
    enrollments: dict[uuid.UUID, Enrollment] = field(default_factory=dict)
    contacts: dict[uuid.UUID, Contact] = field(default_factory=dict)
    facts: dict[uuid.UUID, Facts] = field(default_factory=dict)
    sources: dict[tuple[str, str], Source | TemplateMissingError] = field(default_factory=dict)
    layouts: dict[str, str] | None = None
    # Message log rows of sends that succeeded, written together when the batch is done.
    records: list[dict[str, Any]] = field(default_factory=list)
    # Each message's draft, by key: a failure records what was known.
    drafts: dict[str, Draft] = field(default_factory=dict)


async def _source(
    session: AsyncSession, batch: ChannelBatch | None, channel: str, name: str
) -> Source:
    if batch is None:
        return await load_source(session, channel, name)
    key = (channel, name)
    if key not in batch.sources:
        try:
            batch.sources[key] = await load_source(session, channel, name)
        except TemplateMissingError as error:
            batch.sources[key] = error
    found = batch.sources[key]
    if isinstance(found, TemplateMissingError):
        raise found
    return found


async def _layouts(session: AsyncSession, batch: ChannelBatch | None) -> dict[str, str]:
    if batch is None:
        return await layouts(session)
    if batch.layouts is None:
        batch.layouts = await layouts(session)
    return batch.layouts


def _context(
    facts: Facts, event: dict[str, Any], variables: dict[str, Any], now: Any
) -> RenderContext:
    return RenderContext(
        contact=facts.contact,
        event=event,
        object=facts.object,
        journey=variables,
        timezone=facts.timezone,
        now=now,
    )


async def load_target(
    unit: UnitOfWork, message: Message[Any], batch: ChannelBatch | None
) -> Target:
    """Who the message is for and what its templates see."""
    session, row = unit.session, message.row
    if message.direct is not None:
        contact = await session.get(Contact, message.direct.contact_id)
        if contact is None:
            raise PermanentError("the contact no longer exists")
        facts = (batch.facts.get(contact.id) if batch else None) or await contact_facts(
            session, contact.id
        )
        context = _context(facts, dict(message.direct.event), {}, unit.now)
        return Target(None, contact, context, facts)
    if row.enrollment_id is None:
        raise PermanentError("the message names neither an enrollment nor a contact")
    enrollment = batch.enrollments.get(row.enrollment_id) if batch else None
    if enrollment is None:
        enrollment = await session.get(Enrollment, row.enrollment_id)
    if enrollment is None:
        raise PermanentError("the enrollment this message belonged to no longer exists")
    contact = batch.contacts.get(enrollment.contact_id) if batch else None
    if contact is None:
        contact = await session.get(Contact, enrollment.contact_id)
    if contact is None:
        raise PermanentError("the contact no longer exists")
    state = state_of(enrollment)
    known = (batch.facts.get(contact.id) if batch else None) or await contact_facts(
        session, contact.id
    )
    facts = enrollment_facts(known, state)
    return Target(
        enrollment, contact, _context(facts, state.event, state.variables, unit.now), facts
    )


def record(batch: ChannelBatch | None, draft: Draft, now: Any, **values: Any) -> dict[str, Any]:
    """The message's log row (one per outbox key), kept in `batch` to be written with
    the batch's other successes when it is done (`finish`), in one statement."""
    row = {
        "key": draft.key,
        "created_at": now,
        "outbox_id": draft.outbox_id,
        "channel": draft.channel,
        "contact_id": draft.contact_id,
        "journey_id": draft.journey_id,
        "node_id": draft.node_id,
        **draft.values,
        **values,
    }
    if batch is not None:
        batch.records.append(row)
    return row


async def write_record(session: AsyncSession, row: dict[str, Any]) -> None:
    await session.execute(_upsert(tuple(row)), row)


# Set when the log row is first written, kept when a retry updates it.
_FIXED: Final = frozenset({"key", "created_at"})


@functools.cache
def _upsert(columns: tuple[str, ...]) -> Any:
    """Insert or update by key; the values come as parameters, so the SQL is the same for
    every message with these columns and a list of rows is one executemany. Built once per
    set of columns (a channel's few): building it was a large part of a message's cost
    once each message is logged in its own commit."""
    # The table, not the mapped class: a Core executemany, not the ORM's bulk insert.
    statement = insert(cast(Table, ChannelMessage.__table__))
    return statement.on_conflict_do_update(
        index_elements=["key"],
        set_={name: statement.excluded[name] for name in columns if name not in _FIXED},
    )


class _Channel(EffectHandler[C, ChannelBatch]):
    """Shared steps; subclasses deliver (and preview) one channel."""

    channel: ClassVar[str] = ""
    # A journey step whose message fails for good gets a note (app.runs.not_sent).
    notes_not_sent: ClassVar[bool] = True

    def __init__(self, settings: Settings, redis: Redis | None = None) -> None:
        self.settings = settings
        # Holds withheld values (app.channels.withheld); only email reads it.
        self.redis = redis

    async def prepare(self, unit: UnitOfWork, messages: Sequence[Message[C]]) -> ChannelBatch:
        """The batch's enrollments, contacts and their facts in a few queries, not a dozen
        per message; templates and layouts once per batch."""
        session = unit.session
        ids = {m.row.enrollment_id for m in messages if m.row.enrollment_id}
        enrollments = list(
            await session.scalars(select(Enrollment).where(Enrollment.id == any_uuid(ids)))
        )
        contact_ids = {enrollment.contact_id for enrollment in enrollments}
        contact_ids |= {m.direct.contact_id for m in messages if m.direct}
        contacts = list(
            await session.scalars(select(Contact).where(Contact.id == any_uuid(contact_ids)))
        )
        return ChannelBatch(
            enrollments={enrollment.id: enrollment for enrollment in enrollments},
            contacts={contact.id: contact for contact in contacts},
            facts=await facts_of_contacts(session, contacts, now=unit.now),
        )

    async def finish(self, unit: UnitOfWork, batch: ChannelBatch | None) -> None:
        """Write the batch's message log rows: one statement per set of columns."""
        if batch is None or not batch.records:
            return
        shapes: dict[tuple[str, ...], list[dict[str, Any]]] = {}
        for row in batch.records:
            shapes.setdefault(tuple(row), []).append(row)
        batch.records.clear()
        for columns, rows in shapes.items():
            await unit.session.execute(_upsert(columns), rows)

    async def execute(
        self, unit: UnitOfWork, message: Message[C], batch: ChannelBatch | None
    ) -> None:
        draft = Draft(message.key, self.channel, message.row.id)
        draft.node_id = message.effect.node_id or None
        if batch is not None:
            batch.drafts[message.key] = draft
        await self.deliver(unit, message, draft, batch)

    async def failed(
        self,
        unit: UnitOfWork,
        message: Message[C],
        batch: ChannelBatch | None,
        failure: Failure,
        *,
        final: bool,
    ) -> None:
        """The message log says why (written now: the failed savepoint wrote nothing); a
        journey step whose message will never be sent says so on its step."""
        draft = (batch.drafts.get(message.key) if batch else None) or Draft(
            message.key, self.channel, message.row.id, node_id=message.effect.node_id or None
        )
        row = record(None, draft, unit.now, error=failure.reason[:2000], sent_at=None)
        await write_record(unit.session, row)
        if final and self.notes_not_sent:
            await not_sent.record(unit, message.row, failure)

    async def deliver(
        self, unit: UnitOfWork, message: Message[C], draft: Draft, batch: ChannelBatch | None
    ) -> None:
        raise NotImplementedError

    async def target(
        self, unit: UnitOfWork, message: Message[C], draft: Draft, batch: ChannelBatch | None
    ) -> Target:
        target = await load_target(unit, message, batch)
        draft.contact_id = target.contact.id
        draft.journey_id = target.enrollment.journey_id if target.enrollment else None
        return target

    async def source(
        self,
        session: AsyncSession,
        batch: ChannelBatch | None,
        template: str | None,
        subject: str | None,
        body: str | None,
    ) -> Source:
        """The template's texts (the step's subject overriding the template's), or the
        step's own."""
        if template:
            try:
                found = await _source(session, batch, self.channel, template)
            except TemplateMissingError as error:
                raise TemplateFailedError(str(error)) from error
            return Source(
                found.channel, subject or found.subject, found.html, found.text, found.name
            )
        return inline_source(self.channel, subject, body)

    async def render(
        self,
        session: AsyncSession,
        batch: ChannelBatch | None,
        source: Source,
        context: RenderContext,
    ) -> Rendered:
        try:
            return await render_off_loop(source, context, await _layouts(session, batch))
        except RenderError as error:
            raise TemplateFailedError(f"the template did not render: {error}") from error


class EmailHandler(_Channel[SendEmail]):
    channel = "email"
    reaches_out = True
    # The one write is the message log, last and deferred to `finish` (the batch's end;
    # right after the send, as each email goes on its own): a failed send has nothing to
    # undo, so no savepoint.
    savepoint = False

    def __init__(
        self, settings: Settings, redis: Redis | None = None, smtp: SmtpPool | None = None
    ) -> None:
        super().__init__(settings, redis)
        self.smtp = smtp

    async def deliver(
        self,
        unit: UnitOfWork,
        message: Message[SendEmail],
        draft: Draft,
        batch: ChannelBatch | None,
    ) -> None:
        session, now, effect, direct = unit.session, unit.now, message.effect, message.direct
        target = await self.target(unit, message, draft, batch)
        # Service mail (a portal sign-in link) goes to the address it was asked for, and
        # marketing consent does not apply to it; everything else needs consent.
        transactional = direct is not None and direct.transactional
        to = direct.to if direct is not None else None
        address = to if transactional and to else target.contact.email
        draft.values["recipient"] = address
        if not address:
            raise NoAddressError("the contact has no email address")
        if not transactional and not target.facts.consent.get("email", False):
            raise NoConsentError("no consent: the contact has not agreed to email")
        links = Links(self.settings.public_base_url, self.settings.secret_key, message.key)
        # Service mail has no unsubscribe link and no tracking: it is not marketing, and a
        # tracked link would copy its URL (a sign-in link, say) into the click events.
        extra = {} if transactional else {"unsubscribe_url": links.unsubscribe}
        names = list(direct.withheld) if direct is not None else []
        values = await self.withheld_values(message.key, names)
        draft.values["template"] = effect.template
        source = await self.source(session, batch, effect.template, effect.subject, effect.body)
        envelope = email.Envelope(message.key, address, target.contact.name)

        async def build(shown: dict[str, str]) -> tuple[Rendered, EmailMessage]:
            context = dataclasses.replace(target.context, extra={**extra, **shown})
            rendered = await self.render(session, batch, source, context)
            mime = email.build_email(
                self.settings, envelope, rendered, links, now, service=transactional
            )
            return rendered, mime

        rendered, mime = await build(values)
        if names:
            # What is kept (message log, dev outbox) shows placeholders, never the values.
            rendered, kept = await build(withheld.placeholders(names))
        else:
            kept = mime
        raw = kept.as_string()
        draft.values.update(
            subject=rendered.subject,
            body_text=rendered.text,
            body_html=kept.get_body(("html",)).get_content() if rendered.html else None,  # type: ignore[union-attr]
            raw=raw,
            message_id=mime["Message-ID"],
            provider=self.settings.email_provider,
        )
        if self.settings.email_provider == "smtp":
            # What was logged is what is sent, unless the log shows placeholders.
            sent = raw if kept is mime else None
            await email.send_smtp(self.settings, mime, envelope, raw=sent, pool=self.smtp)
        # The one write, after the send (with the batch's others when it is done).
        logged = record(batch, draft, now, error=None, sent_at=now)
        if batch is None:
            await write_record(session, logged)

    async def withheld_values(self, key: str, names: list[str]) -> dict[str, str]:
        if not names:
            return {}
        if self.redis is None:
            raise PermanentError("this email carries withheld values and no Redis holds them")
        values = await withheld.fetch(self.redis, key, names)
        if values is None:
            raise PermanentError(
                "its one-time values (" + ", ".join(names) + ") expired before it was sent"
            )
        return values

    async def preview(
        self, session: AsyncSession, effect: SendEmail, given: PreviewInput
    ) -> Preview:
        address = given.facts.contact.get("email")
        refused = (
            None
            if address and given.facts.consent.get("email", False)
            else "no consent: the contact has not agreed to email"
            if address
            else "the contact has no email address"
        )
        context = _context(given.facts, given.event, given.variables, given.now)
        context = dataclasses.replace(context, extra={"unsubscribe_url": "#unsubscribe"})
        shown = EmailPreview(key=effect.key, node_id=effect.node_id, template=effect.template)
        try:
            source = await self.source(session, None, effect.template, effect.subject, effect.body)
            rendered = await self.render(session, None, source, context)
        except PermanentError as error:
            return msgspec.structs.replace(shown, to=address, would_run=False, reason=str(error))
        return msgspec.structs.replace(
            shown,
            to=address,
            subject=rendered.subject,
            html=rendered.html,
            text=rendered.text,
            would_run=refused is None,
            reason=refused,
        )


class SmsHandler(_Channel[SendSms]):
    channel = "sms"
    reaches_out = True
    savepoint = False

    async def deliver(
        self,
        unit: UnitOfWork,
        message: Message[SendSms],
        draft: Draft,
        batch: ChannelBatch | None,
    ) -> None:
        session, now, effect = unit.session, unit.now, message.effect
        target = await self.target(unit, message, draft, batch)
        number = target.contact.phone
        draft.values["recipient"] = number
        if not number:
            raise NoAddressError("the contact has no phone number")
        if not target.facts.consent.get("sms", False):
            raise NoConsentError("no consent: the contact has not agreed to SMS")
        draft.values["template"] = effect.template
        source = await self.source(session, batch, effect.template, None, effect.text)
        rendered = await self.render(session, batch, source, target.context)
        text = rendered.text.strip()
        draft.values.update(
            body_text=text,
            raw=sms.gateway_body(self.settings, number, text),
            provider=self.settings.sms_provider,
        )
        if self.settings.sms_provider == "http":
            answer = await sms.send_http(self.settings, number, text)
            draft.values["response"] = answer
        logged = record(batch, draft, now, error=None, sent_at=now)
        if batch is None:
            await write_record(session, logged)

    async def preview(self, session: AsyncSession, effect: SendSms, given: PreviewInput) -> Preview:
        number = given.facts.contact.get("phone")
        refused = (
            None
            if number and given.facts.consent.get("sms", False)
            else "no consent: the contact has not agreed to SMS"
            if number
            else "the contact has no phone number"
        )
        context = _context(given.facts, given.event, given.variables, given.now)
        shown = SmsPreview(key=effect.key, node_id=effect.node_id, template=effect.template)
        try:
            source = await self.source(session, None, effect.template, None, effect.text)
            rendered = await self.render(session, None, source, context)
        except PermanentError as error:
            return msgspec.structs.replace(shown, to=number, would_run=False, reason=str(error))
        return msgspec.structs.replace(
            shown, to=number, text=rendered.text.strip(), would_run=refused is None, reason=refused
        )


class LetterHandler(_Channel[CreateLetter]):
    channel = "letter"

    async def deliver(
        self,
        unit: UnitOfWork,
        message: Message[CreateLetter],
        draft: Draft,
        batch: ChannelBatch | None,
    ) -> None:
        session, now, effect = unit.session, unit.now, message.effect
        target = await self.target(unit, message, draft, batch)
        if not target.facts.consent.get("letter", False):
            raise NoConsentError("the contact opted out of letters")
        draft.values["template"] = effect.template
        source = await self.source(session, batch, effect.template, None, effect.body)
        rendered = await self.render(session, batch, source, target.context)
        path, size = await letters.write_pdf(
            self.settings.data_dir, target.contact.id, message.key, rendered.html
        )
        letter_id = await session.scalar(
            insert(Letter)
            .values(
                key=message.key,
                contact_id=target.contact.id,
                template=effect.template,
                path=path,
                size=size,
                print_queue=effect.print_queue,
                created_at=now,
            )
            .on_conflict_do_update(index_elements=["key"], set_={"path": path, "size": size})
            .returning(Letter.id)
        )
        assert letter_id is not None
        if effect.print_queue:
            pdf = await anyio.Path(letters.letters_dir(self.settings.data_dir) / path).read_bytes()
            await create_print_job(
                unit,
                self.settings,
                key=message.key,
                queue=effect.print_queue,
                letter_id=letter_id,
                template=effect.template,
                contact_id=target.contact.id,
                journey_id=target.enrollment.journey_id if target.enrollment else None,
                event=dict(target.context.event),
                pdf=pdf,
            )
        draft.values.update(
            body_html=rendered.html, recipient=target.contact.name or None, provider="pdf"
        )
        await write_record(session, record(None, draft, now, error=None, sent_at=now))

    async def preview(
        self, session: AsyncSession, effect: CreateLetter, given: PreviewInput
    ) -> Preview:
        refused = (
            None if given.facts.consent.get("letter", False) else "the contact opted out of letters"
        )
        context = _context(given.facts, given.event, given.variables, given.now)
        shown = LetterPreview(
            key=effect.key,
            node_id=effect.node_id,
            template=effect.template,
            print_queue=effect.print_queue,
        )
        try:
            source = await self.source(session, None, effect.template, None, effect.body)
            rendered = await self.render(session, None, source, context)
        except PermanentError as error:
            return msgspec.structs.replace(shown, would_run=False, reason=str(error))
        pdf = await letters.render_pdf(rendered.html)
        return msgspec.structs.replace(
            shown, html=rendered.html, pdf=pdf, would_run=refused is None, reason=refused
        )


@dataclass(frozen=True, slots=True)
class _Request:
    method: str
    url: str
    headers: dict[str, str]
    body: str | None


class WebhookHandler(_Channel[Webhook]):
    channel = "webhook"
    reaches_out = True
    # Its step waits for the call: a failure for good takes the step's "failed" exit.
    notes_not_sent = False

    def request(self, effect: Webhook, context: RenderContext, layout: dict[str, str]) -> _Request:
        env = build_environment(layout, context.timezone)
        variables = context.variables()
        try:
            url = render_part(env, "url", effect.url, variables).strip()
            headers = {
                name: render_part(env, f"headers.{name}", value, variables)
                for name, value in effect.headers.items()
            }
            body = (
                render_part(env, "body", effect.body, variables)
                if effect.body is not None
                else None
            )
        except RenderError as error:
            raise TemplateFailedError(f"the webhook did not render: {error}") from error
        return _Request(effect.method or "POST", url, headers, body)

    async def deliver(
        self,
        unit: UnitOfWork,
        message: Message[Webhook],
        draft: Draft,
        batch: ChannelBatch | None,
    ) -> None:
        session, now, effect = unit.session, unit.now, message.effect
        target = await self.target(unit, message, draft, batch)
        request = self.request(effect, target.context, await _layouts(session, batch))
        draft.values.update(
            recipient=request.url,
            subject=f"{request.method} {request.url}",
            body_text=request.body,
            provider="http",
        )
        try:
            response = await webhook.call(
                request.url,
                method=request.method,
                headers=request.headers,
                body=request.body,
                timeout=self.settings.webhook_timeout_seconds,
                # Read at each send: a super-user's change applies without a restart.
                allow=await webhook_networks.networks(session, self.settings),
            )
        except webhook.WebhookRefusedError as error:
            raise PermanentError(str(error)) from error
        saved = _saved_from(effect.save_response, response.text)
        draft.values["response"] = {
            "status": response.status_code,
            "body": response.text[:2000],
            "saved": saved,
        }
        await write_record(session, record(None, draft, now, error=None, sent_at=now))
        # The step waits for its call: this is its answer ("next").
        await webhook_answers.record(
            unit, message.row, ok=True, status=response.status_code, saved=saved
        )

    async def failed(
        self,
        unit: UnitOfWork,
        message: Message[Webhook],
        batch: ChannelBatch | None,
        failure: Failure,
        *,
        final: bool,
    ) -> None:
        await super().failed(unit, message, batch, failure, final=final)
        if final:
            # The step waits for its call: this failure is its answer ("failed").
            await webhook_answers.record(unit, message.row, ok=False, error=failure.reason[:1000])

    async def preview(self, session: AsyncSession, effect: Webhook, given: PreviewInput) -> Preview:
        context = _context(given.facts, given.event, given.variables, given.now)
        shown = WebhookPreview(key=effect.key, node_id=effect.node_id, method=effect.method)
        try:
            request = self.request(effect, context, await layouts(session))
        except PermanentError as error:
            return msgspec.structs.replace(shown, would_run=False, reason=str(error))
        return msgspec.structs.replace(
            shown,
            method=request.method,
            url=request.url,
            headers=request.headers,
            body=request.body,
        )


def _saved_from(mapping: dict[str, str], text: str) -> dict[str, Any]:
    """The answer fields to keep as journey variables (`save_response`: variable name →
    JSON pointer); a field the answer lacks (or an answer that is not JSON) is null."""
    if not mapping:
        return {}
    try:
        document = json.loads(text)
    except ValueError:
        document = None
    return {name: webhook.pick(document, pointer) for name, pointer in mapping.items()}


@dataclass(frozen=True, slots=True)
class ChannelHandlers:
    """The four channels' handlers, registered by the worker's assembly."""

    email: EmailHandler
    sms: SmsHandler
    letter: LetterHandler
    webhook: WebhookHandler


def channel_handlers(
    settings: Settings, *, redis: Redis | None = None, smtp: SmtpPool | None = None
) -> ChannelHandlers:
    """`redis` holds withheld values (sign-in links); without it such mail cannot be sent.
    `smtp`: the SMTP connections kept open by a sender (none: a connection per email)."""
    return ChannelHandlers(
        email=EmailHandler(settings, redis, smtp),
        sms=SmsHandler(settings),
        letter=LetterHandler(settings),
        webhook=WebhookHandler(settings),
    )


async def contact_of_key(session: AsyncSession, key: str) -> uuid.UUID | None:
    return await session.scalar(select(ChannelMessage.contact_id).where(ChannelMessage.key == key))
