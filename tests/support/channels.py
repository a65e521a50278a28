"""Real servers for the channel tests: an SMTP server (aiosmtpd) and an HTTP server, both
on loopback, recording what they receive."""

from __future__ import annotations

import asyncio
import email
import email.policy
import json
import socket
import threading
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from email.message import EmailMessage
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, Envelope, Session
from sqlalchemy import insert, select

from app.channels.models import ChannelMessage, MessageTemplate
from app.contacts.models import Contact
from app.eventlog.models import Event
from app.resources import Resources
from app.runs import outbox as dispatcher
from app.runs.models import OutboxMessage
from app.settings import Settings
from app.worker.assembly import effect_handlers
from tests.support.accounts import MutableClock
from tests.support.runs import handle


@dataclass
class Mailbox:
    """What the SMTP server received: (envelope recipients, parsed message) per mail."""

    messages: list[tuple[list[str], EmailMessage]] = field(default_factory=list)
    # Each mail as it came over the wire (DATA, CRLF line ends).
    received: list[bytes] = field(default_factory=list)

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:  # noqa: N802 - aiosmtpd's hook name
        content = envelope.original_content or b""
        self.received.append(content)
        parsed = email.message_from_bytes(content, policy=email.policy.default)
        assert isinstance(parsed, EmailMessage)
        self.messages.append((list(envelope.rcpt_tos), parsed))
        return "250 Message accepted for delivery"


@dataclass
class GatedMailbox(Mailbox):
    """Takes `open_for` mails, then takes the next one in and holds back its answer until
    `release` is set: as if the server got the mail and the sender never heard back.
    `held` is set while it holds one (threading events: the server runs in a thread)."""

    open_for: int = 0
    held: threading.Event = field(default_factory=threading.Event)
    release: threading.Event = field(default_factory=threading.Event)

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:  # noqa: N802 - aiosmtpd's hook name
        answer = await super().handle_DATA(server, session, envelope)
        if len(self.received) > self.open_for and not self.release.is_set():
            self.held.set()
            await asyncio.to_thread(self.release.wait)
        return answer


@dataclass(frozen=True)
class SmtpServer:
    host: str
    port: int
    mailbox: Mailbox


def smtp_server(mailbox: Mailbox | None = None) -> Iterator[SmtpServer]:
    mailbox = mailbox if mailbox is not None else Mailbox()
    # aiosmtpd's start-up probe connects to the port it was given, so pick a free one first.
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(mailbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield SmtpServer("127.0.0.1", port, mailbox)
    finally:
        controller.stop()


@dataclass
class Received:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes


@dataclass
class HttpServer:
    url: str
    requests: list[Received]
    # What the next requests are answered with: (status, JSON body).
    answers: list[tuple[int, Any]]


def http_server() -> Iterator[HttpServer]:
    requests: list[Received] = []
    answers: list[tuple[int, Any]] = []

    class Handler(BaseHTTPRequestHandler):
        def _handle(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            requests.append(Received(self.command, self.path, dict(self.headers.items()), body))
            status, answer = answers.pop(0) if answers else (200, {"ok": True})
            payload = json.dumps(answer).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = _handle  # noqa: N815

        def log_message(self, format: str, *args: Any) -> None:
            return

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield HttpServer(f"http://127.0.0.1:{server.server_address[1]}", requests, answers)
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


# ---- contacts, templates, sending --------------------------------------------------------


async def add_contact(resources: Resources, external_id: str, **fields: Any) -> uuid.UUID:
    async with resources.sessions.begin() as db:
        contact = Contact(external_id=external_id, **fields)
        db.add(contact)
        await db.flush()
        return contact.id


async def add_template(resources: Resources, name: str, channel: str, **texts: str) -> None:
    async with resources.sessions.begin() as db:
        db.add(MessageTemplate(name=name, label=name.replace("_", " "), channel=channel, **texts))


async def dispatch(
    resources: Resources, settings: Settings, now: datetime
) -> dispatcher.Dispatched:
    """One dispatcher pass with the real channels' handlers, as a sender does it."""
    return await dispatcher.dispatch_due(
        resources.sessions, resources.bell, now, effect_handlers(settings, redis=resources.redis)
    )


async def settle(resources: Resources, settings: Settings, clock: MutableClock) -> None:
    """Handle every waiting event, then send the outbox (jobs, CRM steps, messages) through
    the real channel providers, until nothing is left."""
    for _ in range(20):
        async with resources.sessions() as db:
            pending = list(
                await db.scalars(
                    select(Event.id).where(Event.processed_at.is_(None)).order_by(Event.id)
                )
            )
        for event_id in pending:
            await handle(resources, clock, event_id)
        sent = await dispatch(resources, settings, clock.now())
        if not pending and not sent.total:
            return
    raise AssertionError("the events never settled")


async def messages(resources: Resources) -> list[ChannelMessage]:
    async with resources.sessions() as db:
        return list(await db.scalars(select(ChannelMessage).order_by(ChannelMessage.created_at)))


async def queue_service_emails(
    resources: Resources, count: int, *, key: str, due: datetime
) -> None:
    """One service email each to `count` new contacts (`reader-N@example.test`), all due
    before `due`, keyed `{key}:NNN`: what a sender's batch finds waiting."""
    contacts = [uuid.uuid4() for _ in range(count)]
    async with resources.sessions.begin() as db:
        await db.execute(
            insert(Contact),
            [
                {"id": c, "name": f"Reader {n}", "email": f"reader-{n}@example.test"}
                for n, c in enumerate(contacts)
            ],
        )
        await db.execute(
            insert(OutboxMessage),
            [
                {
                    "key": f"{key}:{n:03}",
                    "kind": "send_email",
                    "payload": {
                        "contact_id": str(c),
                        "subject": "Your order, {{ contact.name }}",
                        "body": "<p>It is on its way.</p>",
                        "transactional": True,
                        "to": f"reader-{n}@example.test",
                    },
                    "next_attempt_at": due - timedelta(minutes=1),
                    "created_at": due - timedelta(minutes=1),
                }
                for n, c in enumerate(contacts)
            ],
        )
