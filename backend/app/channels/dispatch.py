"""The channel providers the outbox dispatcher calls: email, SMS, letters, webhooks.

Each send loads the enrollment's context (contact, event, object, journey variables),
checks consent and the address, renders every part, then delivers and records the
message in `channel_messages` under the outbox key. A template that does not render, a
missing address or consent fail the row at once (`PermanentError`); a delivery failure
is retried by the outbox with backoff.
"""

from __future__ import annotations

import dataclasses
import json
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from email.message import EmailMessage
from typing import Any, Final, cast

import anyio
from redis.asyncio import Redis
from sqlalchemy import Table, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from app.channels import email, letters, sms, webhook, withheld
from app.channels.models import MESSAGE_KINDS, ChannelMessage, Letter
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
from app.channels.templating import RenderContext, RenderError, build_environment, render_part
from app.channels.tracking import Links
from app.contacts.models import Contact
from app.engine.facts import Facts
from app.lib.db import any_uuid
from app.runs import webhook_answers
from app.runs.facts import contact_facts, enrollment_facts, facts_of_contacts
from app.runs.models import Enrollment, OutboxMessage
from app.runs.outbox import BATCH_INFO, MessageSender, PermanentError, ProviderRegistry
from app.runs.services import state_of
from app.settings import Settings


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
    # None for a direct send (no journey): the payload names the contact.
    enrollment: Enrollment | None
    contact: Contact
    context: RenderContext
    # Its CRM facts: consent per channel is what `may_contact` answers.
    facts: Facts


@dataclass(slots=True)
class _Preloaded:
    """What one dispatch batch's messages share, loaded once (see `preload`)."""

    # Held here, not just in the session: its identity map keeps only weak references,
    # so rows loaded and let go would be fetched again one message at a time.
    enrollments: dict[uuid.UUID, Enrollment]
    contacts: dict[uuid.UUID, Contact]
    facts: dict[uuid.UUID, Facts]
    sources: dict[tuple[str, str], Source | TemplateMissingError] = field(default_factory=dict)
    layouts: dict[str, str] | None = None
    # Message log rows of sends that succeeded, written together when the batch is done.
    records: list[dict[str, Any]] = field(default_factory=list)


async def preload(session: AsyncSession, rows: Sequence[OutboxMessage], now: datetime) -> None:
    """A batch's enrollments, contacts and their facts in a few queries, not a dozen per
    message; templates and layouts once per batch. Dropped when the batch is done."""
    ids = {row.enrollment_id for row in rows if row.kind in MESSAGE_KINDS and row.enrollment_id}
    enrollments = list(
        await session.scalars(select(Enrollment).where(Enrollment.id == any_uuid(ids)))
    )
    contact_ids = {enrollment.contact_id for enrollment in enrollments}
    contacts = list(
        await session.scalars(select(Contact).where(Contact.id == any_uuid(contact_ids)))
    )
    session.info[BATCH_INFO] = _Preloaded(
        enrollments={enrollment.id: enrollment for enrollment in enrollments},
        contacts={contact.id: contact for contact in contacts},
        facts=await facts_of_contacts(session, contacts, now=now),
    )


def _preloaded(session: AsyncSession) -> _Preloaded | None:
    found = session.info.get(BATCH_INFO)
    return found if isinstance(found, _Preloaded) else None


async def _facts(session: AsyncSession, contact_id: uuid.UUID) -> Facts:
    preloaded = _preloaded(session)
    found = preloaded.facts.get(contact_id) if preloaded else None
    return found if found is not None else await contact_facts(session, contact_id)


async def _source(session: AsyncSession, channel: str, name: str) -> Source:
    preloaded = _preloaded(session)
    if preloaded is None:
        return await load_source(session, channel, name)
    key = (channel, name)
    if key not in preloaded.sources:
        try:
            preloaded.sources[key] = await load_source(session, channel, name)
        except TemplateMissingError as error:
            preloaded.sources[key] = error
    found = preloaded.sources[key]
    if isinstance(found, TemplateMissingError):
        raise found
    return found


async def _layouts(session: AsyncSession) -> dict[str, str]:
    preloaded = _preloaded(session)
    if preloaded is None:
        return await layouts(session)
    if preloaded.layouts is None:
        preloaded.layouts = await layouts(session)
    return preloaded.layouts


async def load_target(session: AsyncSession, row: OutboxMessage, now: datetime) -> Target:
    """Who the message is for and what its templates see."""
    if row.enrollment_id is None and row.payload.get("contact_id"):
        return await _direct_target(session, row, now)
    if row.enrollment_id is None:
        raise PermanentError("the message names neither an enrollment nor a contact")
    # The batch's preloaded rows (see `preload`), else the session's.
    preloaded = _preloaded(session)
    enrollment = preloaded.enrollments.get(row.enrollment_id) if preloaded else None
    if enrollment is None:
        enrollment = await session.get(Enrollment, row.enrollment_id)
    if enrollment is None:
        raise PermanentError("the enrollment this message belonged to no longer exists")
    contact = preloaded.contacts.get(enrollment.contact_id) if preloaded else None
    if contact is None:
        contact = await session.get(Contact, enrollment.contact_id)
    if contact is None:
        raise PermanentError("the contact no longer exists")
    state = state_of(enrollment)
    facts = enrollment_facts(await _facts(session, contact.id), state)
    context = RenderContext(
        contact=facts.contact,
        event=state.event,
        object=facts.object,
        journey=state.variables,
        timezone=facts.timezone,
        now=now,
    )
    return Target(enrollment, contact, context, facts)


async def _direct_target(session: AsyncSession, row: OutboxMessage, now: datetime) -> Target:
    """A message queued for a contact outside any journey (`payload.contact_id`, and an
    optional `payload.event` as its event context)."""
    contact = await session.get(Contact, uuid.UUID(str(row.payload["contact_id"])))
    if contact is None:
        raise PermanentError("the contact no longer exists")
    facts = await _facts(session, contact.id)
    context = RenderContext(
        contact=facts.contact,
        event=dict(row.payload.get("event") or {}),
        object=facts.object,
        journey={},
        timezone=facts.timezone,
        now=now,
    )
    return Target(None, contact, context, facts)


async def record(
    session: AsyncSession, draft: Draft, now: datetime, *, later: bool = False, **values: Any
) -> None:
    """Insert or update the message's log row (one per outbox key). `later`: in a batch,
    with the batch's other successes when it is done (`write_records`), one statement."""
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
    preloaded = _preloaded(session)
    if later and preloaded is not None:
        preloaded.records.append(row)
        return
    await session.execute(_upsert(tuple(row)), row)


# Set when the log row is first written, kept when a retry updates it.
_FIXED: Final = frozenset({"key", "created_at"})


def _upsert(columns: tuple[str, ...]) -> Any:
    """Insert or update by key; the values come as parameters, so the SQL is the same for
    every message with these columns (compiled once) and a list of rows is one executemany."""
    # The table, not the mapped class: a Core executemany, not the ORM's bulk insert.
    statement = insert(cast(Table, ChannelMessage.__table__))
    return statement.on_conflict_do_update(
        index_elements=["key"],
        set_={name: statement.excluded[name] for name in columns if name not in _FIXED},
    )


async def write_records(session: AsyncSession, messages: Sequence[OutboxMessage]) -> None:
    """Write the batch's deferred message log rows: one statement per set of columns (a
    channel's), not one per message. (`messages`, the batch, is what every after-batch
    hook is given; the rows were kept as each was sent.)"""
    preloaded = _preloaded(session)
    if preloaded is None or not preloaded.records:
        return
    shapes: dict[tuple[str, ...], list[dict[str, Any]]] = {}
    for row in preloaded.records:
        shapes.setdefault(tuple(row), []).append(row)
    preloaded.records.clear()
    for columns, rows in shapes.items():
        await session.execute(_upsert(columns), rows)


class ChannelProvider:
    """Shared steps; subclasses deliver one channel."""

    channel: str = ""
    # Whether a delivery writes before its last step (a letter's PDF row, a print job):
    # then a savepoint undoes those if it fails. Email and SMS write only the message
    # log, last and deferred to the batch's end, so a failure leaves nothing to undo.
    writes_before_sending: bool = True

    def __init__(self, settings: Settings, redis: Redis | None = None) -> None:
        self.settings = settings
        # Holds withheld values (app.channels.withheld); only email reads it.
        self.redis = redis

    async def send(self, session: AsyncSession, message: OutboxMessage, now: datetime) -> None:
        draft = Draft(message.key, MESSAGE_KINDS[message.kind], message.id)
        draft.node_id = str(message.payload.get("node_id") or "") or None
        try:
            if self.writes_before_sending:
                async with session.begin_nested():
                    await self.deliver(session, message, draft, now)
            else:
                await self.deliver(session, message, draft, now)
        except Exception as error:
            reason = (
                str(error)
                if isinstance(error, PermanentError)
                else f"{type(error).__name__}: {error}"
            )
            await record(session, draft, now, error=reason[:2000], sent_at=None)
            raise

    async def deliver(
        self, session: AsyncSession, message: OutboxMessage, draft: Draft, now: datetime
    ) -> None:
        raise NotImplementedError

    async def prepare(
        self, session: AsyncSession, message: OutboxMessage, draft: Draft, now: datetime
    ) -> Target:
        target = await load_target(session, message, now)
        draft.contact_id = target.contact.id
        draft.journey_id = target.enrollment.journey_id if target.enrollment else None
        return target

    async def rendered_source(
        self, session: AsyncSession, payload: dict[str, Any], draft: Draft
    ) -> Source:
        name = payload.get("template")
        draft.values["template"] = name
        inline_body = payload.get("body") if self.channel != "sms" else payload.get("text")
        if name:
            try:
                source = await _source(session, self.channel, name)
            except TemplateMissingError as error:
                raise PermanentError(str(error)) from error
            subject = payload.get("subject")
            return Source(
                source.channel, subject or source.subject, source.html, source.text, source.name
            )
        return inline_source(self.channel, payload.get("subject"), inline_body)

    async def render(self, session: AsyncSession, source: Source, context: RenderContext) -> Any:
        try:
            return await render_off_loop(source, context, await _layouts(session))
        except RenderError as error:
            raise PermanentError(f"the template did not render: {error}") from error


class EmailProvider(ChannelProvider):
    channel = "email"
    writes_before_sending = False

    async def deliver(
        self, session: AsyncSession, message: OutboxMessage, draft: Draft, now: datetime
    ) -> None:
        target = await self.prepare(session, message, draft, now)
        # Service mail (a portal sign-in link) goes to the address it was asked for, and
        # marketing consent does not apply to it; everything else needs consent.
        transactional = message.payload.get("transactional") is True
        to = message.payload.get("to")
        address = to if transactional and isinstance(to, str) and to else target.contact.email
        draft.values["recipient"] = address
        if not address:
            raise PermanentError("the contact has no email address")
        if not transactional and not target.facts.consent.get("email", False):
            raise PermanentError("no consent: the contact has not agreed to email")
        links = Links(self.settings.public_base_url, self.settings.secret_key, message.key)
        # Service mail has no unsubscribe link and no tracking: it is not marketing, and a
        # tracked link would copy its URL (a sign-in link, say) into the click events.
        extra = {} if transactional else {"unsubscribe_url": links.unsubscribe}
        names = [str(name) for name in message.payload.get("withheld") or []]
        values = await self.withheld_values(message.key, names)
        source = await self.rendered_source(session, message.payload, draft)
        envelope = email.Envelope(message.key, address, target.contact.name)

        async def build(shown: dict[str, str]) -> tuple[Rendered, EmailMessage]:
            context = dataclasses.replace(target.context, extra={**extra, **shown})
            rendered = await self.render(session, source, context)
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
            await email.send_smtp(self.settings, mime, envelope, raw=sent)
        # The one write, after the send: a failed send has nothing to undo.
        await record(session, draft, now, later=True, error=None, sent_at=now)

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


class SmsProvider(ChannelProvider):
    channel = "sms"
    writes_before_sending = False

    async def deliver(
        self, session: AsyncSession, message: OutboxMessage, draft: Draft, now: datetime
    ) -> None:
        target = await self.prepare(session, message, draft, now)
        number = target.contact.phone
        draft.values["recipient"] = number
        if not number:
            raise PermanentError("the contact has no phone number")
        if not target.facts.consent.get("sms", False):
            raise PermanentError("no consent: the contact has not agreed to SMS")
        source = await self.rendered_source(session, message.payload, draft)
        rendered = await self.render(session, source, target.context)
        text = rendered.text.strip()
        draft.values.update(
            body_text=text,
            raw=sms.gateway_body(self.settings, number, text),
            provider=self.settings.sms_provider,
        )
        if self.settings.sms_provider == "http":
            answer = await sms.send_http(self.settings, number, text)
            draft.values["response"] = answer
        await record(session, draft, now, later=True, error=None, sent_at=now)


class LetterProvider(ChannelProvider):
    channel = "letter"

    async def deliver(
        self, session: AsyncSession, message: OutboxMessage, draft: Draft, now: datetime
    ) -> None:
        target = await self.prepare(session, message, draft, now)
        if not target.facts.consent.get("letter", False):
            raise PermanentError("the contact opted out of letters")
        source = await self.rendered_source(session, message.payload, draft)
        rendered = await self.render(session, source, target.context)
        path, size = await letters.write_pdf(
            self.settings.data_dir, target.contact.id, message.key, rendered.html
        )
        print_queue = message.payload.get("print_queue")
        letter_id = await session.scalar(
            insert(Letter)
            .values(
                key=message.key,
                contact_id=target.contact.id,
                template=draft.values.get("template"),
                path=path,
                size=size,
                print_queue=print_queue,
                created_at=now,
            )
            .on_conflict_do_update(index_elements=["key"], set_={"path": path, "size": size})
            .returning(Letter.id)
        )
        assert letter_id is not None
        if print_queue:
            pdf = await anyio.Path(letters.letters_dir(self.settings.data_dir) / path).read_bytes()
            await create_print_job(
                session,
                self.settings,
                key=message.key,
                queue=str(print_queue),
                letter_id=letter_id,
                template=draft.values.get("template"),
                contact_id=target.contact.id,
                journey_id=target.enrollment.journey_id if target.enrollment else None,
                event=dict(target.context.event),
                pdf=pdf,
                now=now,
            )
        draft.values.update(
            body_html=rendered.html, recipient=target.contact.name or None, provider="pdf"
        )
        await record(session, draft, now, error=None, sent_at=now)


class WebhookProvider(ChannelProvider):
    channel = "webhook"

    async def deliver(
        self, session: AsyncSession, message: OutboxMessage, draft: Draft, now: datetime
    ) -> None:
        target = await self.prepare(session, message, draft, now)
        payload = message.payload
        env = build_environment(await _layouts(session), target.context.timezone)
        variables = target.context.variables()
        try:
            url = render_part(env, "url", str(payload["url"]), variables).strip()
            headers = {
                name: render_part(env, f"headers.{name}", value, variables)
                for name, value in (payload.get("headers") or {}).items()
            }
            body = (
                render_part(env, "body", payload["body"], variables)
                if payload.get("body") is not None
                else None
            )
        except RenderError as error:
            raise PermanentError(f"the webhook did not render: {error}") from error
        method = str(payload.get("method") or "POST")
        draft.values.update(
            recipient=url, subject=f"{method} {url}", body_text=body, provider="http"
        )
        try:
            response = await webhook.call(
                url,
                method=method,
                headers=headers,
                body=body,
                timeout=self.settings.webhook_timeout_seconds,
                allow=webhook.allowed_networks(self.settings.webhook_allow_networks),
            )
        except webhook.WebhookRefusedError as error:
            raise PermanentError(str(error)) from error
        saved = _saved_from(payload, response.text)
        draft.values["response"] = {
            "status": response.status_code,
            "body": response.text[:2000],
            "saved": saved,
        }
        await record(session, draft, now, error=None, sent_at=now)
        # The step waits for this: the dispatcher records it as the answer.
        webhook_answers.note(session, message.key, status=response.status_code, saved=saved)


def _saved_from(payload: dict[str, Any], text: str) -> dict[str, Any]:
    """The answer fields to keep as journey variables (`save_response`: variable name →
    JSON pointer); a field the answer lacks (or an answer that is not JSON) is null."""
    mapping: dict[str, str] = payload.get("save_response") or {}
    if not mapping:
        return {}
    try:
        document = json.loads(text)
    except ValueError:
        document = None
    return {name: webhook.pick(document, pointer) for name, pointer in mapping.items()}


def channel_providers(
    settings: Settings, fallback: MessageSender | None = None, *, redis: Redis | None = None
) -> ProviderRegistry:
    """The registry the worker dispatches with: one provider per channel effect kind.
    `redis` holds withheld values (sign-in links); without it such mail cannot be sent."""
    by_kind: dict[str, MessageSender] = {
        "send_email": EmailProvider(settings, redis),
        "send_sms": SmsProvider(settings),
        "create_letter": LetterProvider(settings),
        "webhook": WebhookProvider(settings),
    }
    registry = ProviderRegistry(by_kind, before_batch=preload, after_batch=write_records)
    if fallback is not None:
        registry.fallback = fallback
    return registry


async def contact_of_key(session: AsyncSession, key: str) -> uuid.UUID | None:
    return await session.scalar(select(ChannelMessage.contact_id).where(ChannelMessage.key == key))
