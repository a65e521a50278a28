"""SMTP connections kept open and reused across messages (one small pool per sender).

Opening a connection (TCP, EHLO, STARTTLS, AUTH) for every email cost a sender about
two thirds of its CPU per email against a loopback server; a sender now keeps its
connections and sends message after message on them (aiosmtplib's MAIL, RCPT and DATA,
each message written out once).

What may go wrong on a kept connection, and what is done:
- **It was closed while idle** (the server's idle timeout, a restart, a 421 "closing"
  answer): the failure comes at MAIL or RCPT, before the message was handed over, so
  it is sent again at once on a new connection. Nothing was delivered by the first try,
  so nothing is sent twice.
- **It breaks during DATA** (after the message went out, before the server's answer):
  whether the server kept the message cannot be known. The connection is dropped and
  the error raised, so the outbox tries again later, as with a connection per message:
  at least once, and the repeat carries the same Message-ID for receivers to drop.
- **A refusal** (a 5xx or 4xx answer to MAIL, RCPT or DATA): the server ended that
  transaction itself; RSET keeps the connection usable, the error goes to the outbox.
- **Server limits**: a connection carries at most `messages_per_connection` messages
  (many servers refuse more than about 100), then QUIT and a new one; a connection idle
  longer than `idle_seconds` is closed rather than trusted; SIZE is declared when the
  server offers it, so a message too large is refused at MAIL.

PIPELINING (RFC 2920) is not used: aiosmtplib sends each command and waits for its
answer, and aiosmtpd does not offer it. Messages go one at a time per connection
anyway, each committed as sent before the next (app.runs.outbox.send_each).
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from dataclasses import dataclass
from email.message import EmailMessage
from typing import Final

import aiosmtplib
import structlog
from aiosmtplib.email import flatten_message
from aiosmtplib.protocol import normalize_message_line_endings

from app.settings import Settings

log = structlog.get_logger(__name__)

# An answer that means "this connection is over": the server is shutting the channel.
CLOSING: Final = 421


@dataclass(slots=True)
class _Connection:
    smtp: aiosmtplib.SMTP
    sent: int = 0
    idle_since: float = 0.0


class SmtpPool:
    """Up to `size` open connections to the configured SMTP server, reused in turn."""

    def __init__(
        self,
        settings: Settings,
        *,
        size: int = 2,
        messages_per_connection: int = 100,
        idle_seconds: float = 60.0,
    ) -> None:
        self._settings = settings
        self._size = size
        self._per_connection = messages_per_connection
        self._idle_seconds = idle_seconds
        self._idle: list[_Connection] = []
        # How many connections were opened (read by tests and the benchmark).
        self.opened = 0

    async def send(self, content: EmailMessage | str, *, sender: str, to: str) -> None:
        """Send one message to one recipient; raise when it was not delivered (or when
        whether it was cannot be known: a break during DATA)."""
        # Every kept connection may have been closed meanwhile: try each, then a new one.
        for _ in range(self._size + 1):
            connection = await self._take()
            reused = connection.sent > 0
            try:
                await self._transaction(connection.smtp, content, sender, to)
            except _BeforeDataError as failed:
                await _close(connection.smtp)
                if not reused:
                    raise failed.cause from None
                log.info("smtp.reconnect", reason=str(failed.cause) or type(failed.cause).__name__)
                continue
            except aiosmtplib.SMTPResponseException as refused:
                # Refused (and RSET): the connection goes on, unless the server is closing it.
                if refused.code == CLOSING or not connection.smtp.is_connected:
                    await _close(connection.smtp)
                else:
                    await self._give_back(connection)
                raise
            except BaseException:
                await _close(connection.smtp)
                raise
            connection.sent += 1
            await self._give_back(connection)
            return
        raise aiosmtplib.SMTPServerDisconnected("every SMTP connection was closed by the server")

    async def close(self) -> None:
        idle, self._idle = self._idle, []
        for connection in idle:
            with contextlib.suppress(aiosmtplib.SMTPException, OSError):
                await connection.smtp.quit()
            await _close(connection.smtp)

    async def _take(self) -> _Connection:
        now = time.monotonic()
        while self._idle:
            connection = self._idle.pop()
            if connection.smtp.is_connected and now - connection.idle_since < self._idle_seconds:
                return connection
            await _close(connection.smtp)
        settings = self._settings
        smtp = aiosmtplib.SMTP(
            hostname=settings.smtp_host,
            port=settings.smtp_port,
            username=settings.smtp_username,
            password=settings.smtp_password,
            use_tls=settings.smtp_security == "tls",
            start_tls=settings.smtp_security == "starttls",
            timeout=settings.smtp_timeout_seconds,
        )
        await smtp.connect()
        try:
            if smtp.is_ehlo_or_helo_needed:
                try:
                    await smtp.ehlo()
                except aiosmtplib.SMTPHeloError:
                    await smtp.helo()
        except BaseException:
            await _close(smtp)
            raise
        self.opened += 1
        return _Connection(smtp)

    async def _give_back(self, connection: _Connection) -> None:
        if connection.sent >= self._per_connection or len(self._idle) >= self._size:
            with contextlib.suppress(aiosmtplib.SMTPException, OSError):
                await connection.smtp.quit()
            await _close(connection.smtp)
            return
        connection.idle_since = time.monotonic()
        self._idle.append(connection)

    async def _transaction(
        self, smtp: aiosmtplib.SMTP, content: EmailMessage | str, sender: str, to: str
    ) -> None:
        options: list[str] = []
        if isinstance(content, str):
            data: str | bytes = content
        else:
            utf8 = not (sender + to).isascii()
            if utf8:
                if not smtp.supports_extension("smtputf8"):
                    raise aiosmtplib.SMTPNotSupported(
                        "the address needs SMTPUTF8, which this server does not offer"
                    )
                options.append("SMTPUTF8")
            eight_bit = smtp.supports_extension("8bitmime")
            if eight_bit:
                options.append("BODY=8BITMIME")
            data = flatten_message(content, utf8=utf8, cte_type="8bit" if eight_bit else "7bit")
        encoding = "utf-8" if "SMTPUTF8" in options else "ascii"
        if smtp.supports_extension("size"):
            wire = data.encode(encoding) if isinstance(data, str) else data
            options.insert(0, f"SIZE={len(normalize_message_line_endings(wire))}")
        try:
            await smtp.mail(sender, options=options, encoding=encoding)
            await smtp.rcpt(to, encoding=encoding)
        except aiosmtplib.SMTPTimeoutError:
            raise  # no answer: not trusted to answer another try either
        except (aiosmtplib.SMTPServerDisconnected, ConnectionError) as exc:
            raise _BeforeDataError(exc) from exc
        except aiosmtplib.SMTPResponseException as exc:
            if exc.code == CLOSING:
                raise _BeforeDataError(exc) from exc
            await _reset(smtp)
            raise
        # From here a break is ambiguous (the server may have kept the message): raised.
        await smtp.data(data)


class _BeforeDataError(Exception):
    """The connection failed before the message was handed over: safe to send again."""

    def __init__(self, cause: BaseException) -> None:
        super().__init__(str(cause))
        self.cause = cause


async def _reset(smtp: aiosmtplib.SMTP) -> None:
    with contextlib.suppress(aiosmtplib.SMTPException, OSError):
        await smtp.rset()


async def _close(smtp: aiosmtplib.SMTP) -> None:
    if smtp.is_connected:
        smtp.close()
    # Let the transport finish closing, so no socket is left for the collector.
    await asyncio.sleep(0)
