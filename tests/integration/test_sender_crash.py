"""A sender killed with -9 in the middle of a batch of emails, against a real SMTP server.

The SMTP server takes 30 mails, then takes the 31st in and holds back its answer: the
sender is then surely mid-send (a state, not a moment), and is killed there. What must
hold: the 30 it was told were delivered stay sent (none is sent again), the one in flight
is sent again once its lease runs out — the only duplicate, with the same Message-ID —
and its two tries show as `attempts: 2` in the message log; the rest go once.
"""

from __future__ import annotations

import contextlib
from collections import Counter
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.resources import Resources
from app.runs import outbox
from app.runs.models import OutboxMessage
from app.runs.outbox import LEASE
from app.settings import Settings
from app.worker.assembly import effect_handlers
from tests.fixtures import SignedIn
from tests.support.channels import GatedMailbox, queue_service_emails, smtp_server
from tests.support.faults import WorkerProcess, wait_for

T = datetime(2026, 6, 1, 9, 0, tzinfo=UTC)
MESSAGES = 100
DELIVERED_BEFORE_THE_KILL = 30


async def state(resources: Resources) -> dict[str, tuple[str, int]]:
    async with resources.sessions() as db:
        rows = await db.execute(
            select(OutboxMessage.key, OutboxMessage.status, OutboxMessage.attempts)
        )
        return {key: (status, attempts) for key, status, attempts in rows}


async def pending(resources: Resources) -> int:
    async with resources.sessions() as db:
        count = await db.scalar(
            select(func.count()).select_from(OutboxMessage).where(OutboxMessage.status == "pending")
        )
    return int(count or 0)


async def test_a_sender_killed_mid_batch_sends_again_only_the_message_in_flight(
    resources: Resources,
    settings: Settings,
    tmp_path: Path,
    signed_in: Callable[..., Awaitable[SignedIn]],
) -> None:
    _, staff = await signed_in("super_user")
    await queue_service_emails(resources, MESSAGES, key="crash", due=T)
    mailbox = GatedMailbox(open_for=DELIVERED_BEFORE_THE_KILL)
    senders = [WorkerProcess(settings, tmp_path, f"sender-{n}") for n in range(3)]
    logs = [sender.log for sender in senders]
    with contextlib.contextmanager(smtp_server)(mailbox) as smtp:
        env = {
            "WAYMARK_WORKER_ROLE": "outbox",
            "WAYMARK_TEST_RECORDING_PROVIDER": "false",
            "WAYMARK_EMAIL_PROVIDER": "smtp",
            "WAYMARK_SMTP_HOST": smtp.host,
            "WAYMARK_SMTP_PORT": str(smtp.port),
        }
        try:
            first, second, third = senders
            first.start(T, env=env)

            async def holding() -> bool:
                return mailbox.held.is_set()

            await wait_for(holding, seconds=120, what="the 31st mail in flight", logs=logs)
            first.kill()
            mailbox.release.set()
            [(_, in_flight_mail)] = mailbox.messages[DELIVERED_BEFORE_THE_KILL:]
            in_flight = str(in_flight_mail["X-Waymark-Key"])

            # What the kill left: each mail the server answered is recorded sent, once
            # tried; the one in flight is leased with its try counted; the rest untried.
            left = await state(resources)
            answered = {str(m["X-Waymark-Key"]) for _, m in mailbox.messages[:-1]}
            assert len(answered) == DELIVERED_BEFORE_THE_KILL
            assert {k for k, v in left.items() if v == ("sent", 1)} == answered
            assert left[in_flight] == ("pending", 1)
            assert sum(1 for v in left.values() if v == ("pending", 0)) == (
                MESSAGES - DELIVERED_BEFORE_THE_KILL - 1
            )

            # Another sender at the same moment sends the rest, and leaves the leased one.
            second.start(T, env=env)

            async def only_the_leased_one_left() -> bool:
                return await pending(resources) == 1

            await wait_for(only_the_leased_one_left, seconds=120, what="the rest", logs=logs)
            assert len(mailbox.messages) == MESSAGES
            second.stop()

            # Once its lease has run out, the one in flight goes again: its second try.
            third.start(T + LEASE + timedelta(minutes=1), env=env)

            async def all_sent() -> bool:
                return await pending(resources) == 0

            await wait_for(all_sent, seconds=120, what="the one in flight", logs=logs)
        finally:
            mailbox.release.set()
            for sender in senders:
                sender.stop()

    received = Counter(str(m["X-Waymark-Key"]) for _, m in mailbox.messages)
    assert set(received) == {f"crash:{n:03}" for n in range(MESSAGES)}
    assert [key for key, times in received.items() if times > 1] == [in_flight]
    assert received[in_flight] == 2
    copies = [m for _, m in mailbox.messages if m["X-Waymark-Key"] == in_flight]
    assert copies[0]["Message-ID"] == copies[1]["Message-ID"]
    final = await state(resources)
    assert final.pop(in_flight) == ("sent", 2)
    assert set(final.values()) == {("sent", 1)}

    # The message log shows the two tries.
    async with resources.sessions() as db:
        outbox_id = await db.scalar(select(OutboxMessage.id).where(OutboxMessage.key == in_flight))
    logged = await staff.get(f"/api/v1/messages/{outbox_id}")
    assert logged.status_code == 200, logged.text
    assert (logged.json()["attempts"], logged.json()["status"]) == (2, "sent")


async def test_a_round_leases_no_message_once_its_clock_reading_is_too_old(
    resources: Resources, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A round leases from the clock reading it started with: past ROUND_LIMIT it leases
    nothing more (a lease taken then could run out under its send), and leaves the rest,
    untried, to the next round."""
    await queue_service_emails(resources, MESSAGES, key="crash", due=T)
    handlers = effect_handlers(settings, redis=resources.redis)
    monkeypatch.setattr(outbox, "ROUND_LIMIT", timedelta(0))
    late = await outbox.dispatch_due(resources.sessions, resources.bell, T, handlers)
    assert late.total == 0
    assert set((await state(resources)).values()) == {("pending", 0)}
    monkeypatch.undo()
    done = await outbox.dispatch_due(resources.sessions, resources.bell, T, handlers)
    assert done.sent == MESSAGES
    assert set((await state(resources)).values()) == {("sent", 1)}
