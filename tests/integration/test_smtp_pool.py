"""A sender's SMTP connections kept open across emails, against a real SMTP server
(aiosmtpd on loopback), including servers that close the connection under it.

What must hold: one connection carries many emails; a connection the server closed
between emails (abruptly, or with a 421 "too many messages") is replaced and the email
goes on the new one, so nothing is lost and nothing is sent twice; a break during DATA,
where the server may have kept the mail, is raised for the outbox to try later, not
sent again at once.
"""

from __future__ import annotations

import contextlib
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.message import EmailMessage

import aiosmtplib
import msgspec
import pytest
from aiosmtpd.smtp import SMTP, Envelope, Session
from sqlalchemy import select

from app.channels.smtp_pool import SmtpPool
from app.resources import Resources
from app.runs import outbox
from app.runs.models import OutboxMessage
from app.settings import Settings
from app.worker.assembly import effect_handlers, handlers_for
from tests.support.channels import Mailbox, queue_service_emails, smtp_server

T = datetime(2026, 6, 1, 9, 0, tzinfo=UTC)


@dataclass
class CountingMailbox(Mailbox):
    """Keeps each mail's connection (the client's port) too."""

    peers: list[object] = field(default_factory=list)

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:  # noqa: N802 - aiosmtpd's hook name
        self.peers.append(session.peer)
        return await super().handle_DATA(server, session, envelope)


@dataclass
class ClosingMailbox(CountingMailbox):
    """After `every` mails on a connection, drops it at the next MAIL: abruptly (as an
    idle timeout or a restart looks to the sender), or with a 421 answer first."""

    every: int = 3
    with_421: bool = False
    _on_connection: Counter[object] = field(default_factory=Counter)

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:  # noqa: N802
        self._on_connection[session.peer] += 1
        return await super().handle_DATA(server, session, envelope)

    async def handle_MAIL(  # noqa: N802 - aiosmtpd's hook name
        self, server: SMTP, session: Session, envelope: Envelope, address: str, options: list[str]
    ) -> str:
        if self._on_connection[session.peer] >= self.every:
            if self.with_421:
                await server.push("421 4.7.0 Too many messages on this connection")
            assert server.transport is not None
            server.transport.close()
            return "421 closing"  # never reaches the sender: the connection is gone
        envelope.mail_from = address
        envelope.mail_options.extend(options)
        return "250 OK"


@dataclass
class SilentAtDataMailbox(CountingMailbox):
    """Takes in the mail numbered `drop_at` (1-based), then closes without answering."""

    drop_at: int = 2

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:  # noqa: N802
        answer = await super().handle_DATA(server, session, envelope)
        if len(self.received) == self.drop_at:
            assert server.transport is not None
            server.transport.close()
        return answer


def _settings(settings: Settings, port: int) -> Settings:
    return msgspec.structs.replace(
        settings,
        email_provider="smtp",
        smtp_host="127.0.0.1",
        smtp_port=port,
        test_recording_provider=False,
    )


def _mail(n: int) -> str:
    message = EmailMessage()
    message["From"] = "hello@waymark.local"
    message["To"] = f"reader-{n}@example.test"
    message["Subject"] = f"Mail {n}"
    message["X-Waymark-Key"] = f"pool:{n:03}"
    message.set_content("Hello.\n")
    return message.as_string()


def _keys(mailbox: Mailbox) -> Counter[str]:
    return Counter(str(parsed["X-Waymark-Key"]) for _, parsed in mailbox.messages)


async def test_one_connection_carries_many_emails(settings: Settings) -> None:
    mailbox = CountingMailbox()
    with contextlib.contextmanager(smtp_server)(mailbox) as server:
        pool = SmtpPool(_settings(settings, server.port))
        try:
            for n in range(20):
                await pool.send(_mail(n), sender="hello@waymark.local", to=f"r{n}@example.test")
        finally:
            await pool.close()
    assert _keys(mailbox) == Counter({f"pool:{n:03}": 1 for n in range(20)})
    assert len(set(mailbox.peers)) == 1
    assert pool.opened == 1


async def test_a_connection_is_quit_after_its_message_limit(settings: Settings) -> None:
    mailbox = CountingMailbox()
    with contextlib.contextmanager(smtp_server)(mailbox) as server:
        pool = SmtpPool(_settings(settings, server.port), messages_per_connection=4)
        try:
            for n in range(10):
                await pool.send(_mail(n), sender="hello@waymark.local", to=f"r{n}@example.test")
        finally:
            await pool.close()
    assert len(mailbox.messages) == 10
    assert Counter(Counter(mailbox.peers).values()) == Counter({4: 2, 2: 1})


@pytest.mark.parametrize("with_421", [False, True], ids=["dropped", "421"])
async def test_a_connection_closed_between_emails_loses_and_repeats_nothing(
    settings: Settings, with_421: bool
) -> None:
    mailbox = ClosingMailbox(every=3, with_421=with_421)
    with contextlib.contextmanager(smtp_server)(mailbox) as server:
        pool = SmtpPool(_settings(settings, server.port))
        try:
            for n in range(10):
                await pool.send(_mail(n), sender="hello@waymark.local", to=f"r{n}@example.test")
        finally:
            await pool.close()
    assert _keys(mailbox) == Counter({f"pool:{n:03}": 1 for n in range(10)})
    assert pool.opened == 4  # 3 + 3 + 3 + 1
    assert len(set(mailbox.peers)) == 4


async def test_a_break_during_data_is_raised_for_a_later_try_not_sent_again_at_once(
    settings: Settings,
) -> None:
    mailbox = SilentAtDataMailbox(drop_at=2)
    with contextlib.contextmanager(smtp_server)(mailbox) as server:
        pool = SmtpPool(_settings(settings, server.port))
        try:
            await pool.send(_mail(0), sender="hello@waymark.local", to="r0@example.test")
            with pytest.raises(aiosmtplib.SMTPServerDisconnected):
                await pool.send(_mail(1), sender="hello@waymark.local", to="r1@example.test")
            # The server has it once; the pool did not send it again by itself.
            assert _keys(mailbox) == Counter({"pool:000": 1, "pool:001": 1})
            await pool.send(_mail(2), sender="hello@waymark.local", to="r2@example.test")
        finally:
            await pool.close()
    assert _keys(mailbox)["pool:002"] == 1
    assert pool.opened == 2


async def test_a_refused_recipient_keeps_the_connection(settings: Settings) -> None:
    @dataclass
    class Refusing(CountingMailbox):
        async def handle_RCPT(  # noqa: N802 - aiosmtpd's hook name
            self,
            server: SMTP,
            session: Session,
            envelope: Envelope,
            address: str,
            options: list[str],
        ) -> str:
            if address.startswith("nobody"):
                return "550 5.1.1 No such user"
            envelope.rcpt_tos.append(address)
            return "250 OK"

    mailbox = Refusing()
    with contextlib.contextmanager(smtp_server)(mailbox) as server:
        pool = SmtpPool(_settings(settings, server.port))
        try:
            await pool.send(_mail(0), sender="hello@waymark.local", to="r0@example.test")
            with pytest.raises(aiosmtplib.SMTPRecipientRefused):
                await pool.send(_mail(1), sender="hello@waymark.local", to="nobody@example.test")
            await pool.send(_mail(2), sender="hello@waymark.local", to="r2@example.test")
        finally:
            await pool.close()
    assert _keys(mailbox) == Counter({"pool:000": 1, "pool:002": 1})
    assert pool.opened == 1


# ---- through the outbox, as a sender runs it -------------------------------------------

MESSAGES = 30


async def test_a_sender_whose_connection_drops_mid_batch_sends_each_email_once(
    resources: Resources, settings: Settings
) -> None:
    await queue_service_emails(resources, MESSAGES, key="pool", due=T)
    mailbox = ClosingMailbox(every=7)
    with contextlib.contextmanager(smtp_server)(mailbox) as server:
        # What a sender process runs with: the real channels over kept connections.
        handlers = handlers_for(_settings(settings, server.port), resources.redis)
        try:
            done = await outbox.dispatch_due(resources.sessions, resources.bell, T, handlers)
        finally:
            await handlers.close()
    assert done.sent == MESSAGES
    received = Counter(str(m["X-Waymark-Key"]) for _, m in mailbox.messages)
    assert received == Counter({f"pool:{n:03}": 1 for n in range(MESSAGES)})
    assert len(set(mailbox.peers)) == 5  # 7 + 7 + 7 + 7 + 2
    async with resources.sessions() as db:
        rows = set(await db.execute(select(OutboxMessage.status, OutboxMessage.attempts)))
    assert rows == {("sent", 1)}


async def test_without_kept_connections_each_email_opens_its_own(
    resources: Resources, settings: Settings
) -> None:
    """Handlers built without a pool (tests, the API's own sends) connect per email."""
    await queue_service_emails(resources, MESSAGES, key="pool", due=T)
    mailbox = CountingMailbox()
    with contextlib.contextmanager(smtp_server)(mailbox) as server:
        handlers = effect_handlers(_settings(settings, server.port), redis=resources.redis)
        done = await outbox.dispatch_due(resources.sessions, resources.bell, T, handlers)
    assert done.sent == MESSAGES
    assert len(set(mailbox.peers)) == MESSAGES
