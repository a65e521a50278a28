"""Building an email (MIME) and sending it: SMTP, or the development outbox.

The same message is built either way (tracking links, unsubscribe headers, Message-ID);
only the last step differs. The Message-ID derives from the outbox key, so a retried send
carries the same id and receivers can drop the duplicate.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime
from email import policy
from email.headerregistry import Address, BaseHeader, HeaderRegistry
from email.message import EmailMessage
from email.utils import format_datetime, parseaddr

import aiosmtplib

from app.channels.rendering import Rendered
from app.channels.smtp_pool import SmtpPool
from app.channels.tracking import Links
from app.settings import Settings


@dataclass(frozen=True, slots=True)
class Envelope:
    key: str
    to: str
    to_name: str


class _HeaderClasses(HeaderRegistry):
    """The standard header registry, making each header's class once.

    The stock registry builds a new class (`type(...)`) for every header it parses: a
    dozen per email, about 40 % of building one. The class depends only on the name.
    """

    def __init__(self) -> None:
        super().__init__()
        self._made: dict[str, type[BaseHeader]] = {}

    def __getitem__(self, name: str) -> type[BaseHeader]:
        key = name.lower()
        made = self._made.get(key)
        if made is None:
            made = self._made[key] = super().__getitem__(name)
        return made


# The standard policy (RFC-correct headers, UTF-8), with the registry above.
POLICY = policy.default.clone(header_factory=_HeaderClasses())


def message_id(key: str, sender: str) -> str:
    domain = parseaddr(sender)[1].rpartition("@")[2] or "waymark.local"
    return f"<{hashlib.sha256(key.encode()).hexdigest()[:32]}@{domain}>"


def build_email(
    settings: Settings,
    envelope: Envelope,
    rendered: Rendered,
    links: Links,
    now: datetime,
    *,
    service: bool = False,
) -> EmailMessage:
    """The MIME message. Marketing mail gets the unsubscribe header and footer and tracked
    links; `service` mail (a sign-in link: transactional, sent whatever the consent) gets
    none of them, since there is nothing to unsubscribe from."""
    message = EmailMessage(policy=POLICY)
    message["From"] = settings.email_from
    message["To"] = Address(display_name=envelope.to_name, addr_spec=envelope.to)
    message["Subject"] = rendered.subject or ""
    message["Date"] = format_datetime(now)
    message["Message-ID"] = message_id(envelope.key, settings.email_from)
    if not service:
        # RFC 8058 one-click unsubscribe: mail clients POST to the URL.
        message["List-Unsubscribe"] = f"<{links.unsubscribe}>"
        message["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    message["X-Waymark-Key"] = envelope.key
    text = (rendered.text or _text_from_html(rendered.html)).rstrip()
    message.set_content(f"{text}\n" if service else f"{text}\n\nUnsubscribe: {links.unsubscribe}\n")
    if rendered.html:
        html = rendered.html
        if not service:
            html = links.track_html(html)
            footer = f'<p style="font-size:12px"><a href="{links.unsubscribe}">Unsubscribe</a></p>'
            html = (
                html.replace("</body>", footer + "</body>", 1)
                if "</body>" in html
                else html + footer
            )
        message.add_alternative(html, subtype="html")
    return message


def _text_from_html(html: str) -> str:
    # A plain part for clients that want one; the HTML stays the designed version.
    import re  # noqa: PLC0415 - only used here

    text = re.sub(r"<(br|/p|/h\d|/li|/tr)[^>]*>", "\n", html, flags=re.IGNORECASE)
    text = re.sub(r"<[^>]+>", "", text)
    return re.sub(r"\n{3,}", "\n\n", text).strip()


async def send_smtp(
    settings: Settings,
    message: EmailMessage,
    envelope: Envelope,
    *,
    raw: str | None = None,
    pool: SmtpPool | None = None,
) -> None:
    """Deliver over SMTP; any failure raises and the outbox retries later.

    `raw`: the message as already written out for the message log. Sent as it is when it
    is plain ASCII (every header encoded), it is not written out a second time: that was
    a quarter of an email's CPU. Otherwise (an address that needs SMTPUTF8) aiosmtplib
    writes it out itself and asks the server for SMTPUTF8.
    `pool`: a sender's kept connections (app.channels.smtp_pool); without it, a connection
    is opened for this message and closed after it.
    """
    content: EmailMessage | str = raw if raw is not None and raw.isascii() else message
    sender = parseaddr(settings.email_from)[1]
    if pool is not None:
        await pool.send(content, sender=sender, to=envelope.to)
        return
    plain = isinstance(content, str)
    await aiosmtplib.send(
        content,
        # For a message object aiosmtplib reads both from its headers.
        sender=sender if plain else None,
        recipients=[envelope.to] if plain else None,
        hostname=settings.smtp_host,
        port=settings.smtp_port,
        username=settings.smtp_username,
        password=settings.smtp_password,
        use_tls=settings.smtp_security == "tls",
        start_tls=settings.smtp_security == "starttls",
        timeout=settings.smtp_timeout_seconds,
    )
