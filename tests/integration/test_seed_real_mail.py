"""Loading the demo data again never touches real mail (issue 16, item 1).

`make run` seeds on every start, and docker-compose on every API start. With SMTP
configured, mail a journey queued while the stack was down must stay queued through the
seed — not be "sent" to the dev outbox — and the real sender must then deliver it once.
The seed must not run real contacts' events either (what it handles, it would send).

The re-seed here is the command docker-compose runs (`python -m app seed
--allow-production`, in production, with SMTP settings), in its own process; the sender is
the real `python -m app worker` in the outbox role, delivering to a real SMTP server
(aiosmtpd on loopback).
"""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import msgspec
from sqlalchemy import select

from app.channels.models import ChannelMessage
from app.demo.loader import load_demo_data
from app.eventlog.models import Event
from app.resources import Resources
from app.runs.models import Enrollment, OutboxMessage
from app.settings import Settings
from tests.support.accounts import MutableClock
from tests.support.channels import SmtpServer, add_contact, add_template
from tests.support.consent import opt_in
from tests.support.runs import chain, handle, node, publish, send

REPO = Path(__file__).resolve().parents[2]
REAL = ("real-1", "real-2", "real-3")


def _env(settings: Settings, smtp: SmtpServer, data_dir: Path, **extra: str) -> dict[str, str]:
    """The environment docker-compose gives its containers, with SMTP configured."""
    return {
        **os.environ,
        "DATABASE_URL": settings.database_url,
        "REDIS_URL": settings.redis_url,
        "WAYMARK_ENV": "production",
        "WAYMARK_SECRET_KEY": "a-real-deployment-key-for-this-test",
        "WAYMARK_DATA_DIR": str(data_dir),
        "WAYMARK_PUBLIC_BASE_URL": "http://testserver.local",
        "WAYMARK_EMAIL_PROVIDER": "smtp",
        "WAYMARK_SMTP_HOST": smtp.host,
        "WAYMARK_SMTP_PORT": str(smtp.port),
        "WAYMARK_LOG_FORMAT": "console",
        "WAYMARK_LOG_LEVEL": "WARNING",
        **extra,
    }


async def _real_pending_mail(resources: Resources) -> dict[str, uuid.UUID]:
    """Three real customers, each with an invoice email queued and not yet sent."""
    clock = MutableClock()
    await add_template(
        resources,
        "real_invoice",
        "email",
        subject="Your invoice {{ event.invoice }}",
        body_html="<p>Hello {{ contact.first_name }}, invoice {{ event.invoice }}.</p>",
    )
    await publish(
        resources,
        "Invoices (real)",
        chain(
            node("trigger.event", "sent", event_name="invoice.issued"),
            node("action.send_email", "mail", template="real_invoice"),
            node("flow.end", "end"),
        ),
        clock.now(),
    )
    contacts: dict[str, uuid.UUID] = {}
    for external_id in REAL:
        email = f"{external_id}@customers.test"
        contacts[email] = await add_contact(
            resources, external_id, name=f"Real {external_id}", email=email
        )
        await opt_in(resources, contacts[email], "email")
        event_id = await send(resources, clock, "invoice.issued", external_id, invoice=external_id)
        await handle(resources, clock, event_id)
    return contacts


async def _rows(resources: Resources, *contact_ids: uuid.UUID) -> list[OutboxMessage]:
    """The outbox rows of these contacts' journeys."""
    async with resources.sessions() as db:
        return list(
            await db.scalars(
                select(OutboxMessage)
                .join(Enrollment, Enrollment.id == OutboxMessage.enrollment_id)
                .where(Enrollment.contact_id.in_(contact_ids))
                .order_by(OutboxMessage.id)
            )
        )


async def _events_of(resources: Resources, contact_id: uuid.UUID) -> list[Event]:
    async with resources.sessions() as db:
        return list(await db.scalars(select(Event).where(Event.contact_id == contact_id)))


def _seed_as_docker_compose_does(env: dict[str, str]) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "app", "seed", "--allow-production"],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]


def _start_sender(env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    with log.open("wb") as out:
        return subprocess.Popen(
            [sys.executable, "-m", "app", "worker"],
            cwd=REPO,
            env={**env, "WAYMARK_WORKER_ROLE": "outbox"},
            stdout=out,
            stderr=subprocess.STDOUT,
        )


def _tail(log: Path) -> str:
    return log.read_text()[-3000:]


async def _deliver_with_the_real_sender(
    resources: Resources, env: dict[str, str], log: Path, keys: set[str]
) -> None:
    sender = _start_sender(env, log)
    try:
        deadline = time.monotonic() + 60
        while True:
            async with resources.sessions() as db:
                statuses = set(
                    await db.scalars(
                        select(OutboxMessage.status).where(OutboxMessage.key.in_(keys))
                    )
                )
            if statuses == {"sent"}:
                break
            assert sender.poll() is None, _tail(log)
            assert time.monotonic() < deadline, f"not delivered: {statuses}\n{_tail(log)}"
            await asyncio.sleep(0.2)
    finally:
        sender.terminate()
        sender.wait(30)


async def test_a_reseed_leaves_real_pending_mail_to_the_sender_which_delivers_it_once(
    resources: Resources,
    settings: Settings,
    smtp: SmtpServer,
    smtp_settings: Settings,
    tmp_path: Path,
) -> None:
    # The first `make run` (or the first start of the API container): the demo is loaded.
    await load_demo_data(msgspec.structs.replace(smtp_settings, data_dir=str(tmp_path)))
    assert smtp.mailbox.messages == []  # the demo's own mail went to the dev outbox
    # Then the business runs: real mail queued, the stack stopped before it was sent.
    contacts = await _real_pending_mail(resources)
    pending = await _rows(resources, *contacts.values())
    assert [row.status for row in pending] == ["pending"] * len(REAL)
    # A real customer joins the VIPs, and a schedule fired for one, while nobody looked.
    vip = await add_contact(
        resources, "real-vip", name="Real Vip", email="vip@customers.test", tags=["vip"]
    )
    await opt_in(resources, vip, "email")
    await opt_in(resources, vip, "sms")
    async with resources.sessions.begin() as db:
        db.add(
            Event(
                contact_id=contacts["real-1@customers.test"],
                name="schedule.fired",
                properties={"journey_id": str(uuid.uuid4()), "node_id": "x", "run_id": 1},
                source="schedule",
                occurred_at=MutableClock().now(),
                received_at=MutableClock().now(),
            )
        )

    env = _env(settings, smtp, tmp_path)
    _seed_as_docker_compose_does(env)

    # The seed sent nothing by SMTP and left every real message as it was.
    assert smtp.mailbox.messages == []
    after = await _rows(resources, *contacts.values())
    assert [(r.key, r.status, r.attempts, r.sent_at) for r in after] == [
        (r.key, "pending", 0, None) for r in pending
    ]
    async with resources.sessions() as db:
        logged = list(
            await db.scalars(
                select(ChannelMessage).where(ChannelMessage.key.in_([r.key for r in pending]))
            )
        )
    assert logged == []
    # The VIP welcome is the engine worker's to start for a real customer.
    assert await _rows(resources, vip) == []
    # Real customers' events are the worker's to handle, not the seed's.
    for contact_id in (vip, contacts["real-1@customers.test"]):
        handled = [e.name for e in await _events_of(resources, contact_id) if e.processed_at]
        assert "segment.entered" not in handled
        assert "schedule.fired" not in handled

    # The real sender delivers each real message, once.
    log = tmp_path / "sender.log"
    await _deliver_with_the_real_sender(resources, env, log, {r.key for r in pending})
    delivered = [rcpt for rcpts, _ in smtp.mailbox.messages for rcpt in rcpts]
    for email in contacts:
        assert delivered.count(email) == 1, (email, delivered)
    ids = [mail["Message-ID"] for rcpts, mail in smtp.mailbox.messages if rcpts[0] in contacts]
    assert len(set(ids)) == len(REAL)
    async with resources.sessions() as db:
        sent = list(
            await db.scalars(
                select(ChannelMessage).where(ChannelMessage.key.in_([r.key for r in pending]))
            )
        )
    assert sorted((m.recipient, m.provider) for m in sent) == sorted(
        (email, "smtp") for email in contacts
    )
