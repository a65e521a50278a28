"""Emails sent per second by one sender, in this process: the outbox's two ways side by side.

- `batch`: a batch of 100 sent and marked sent in one transaction (`dispatch_batch`, the
  sender's way before issue 16: a sender killed mid-batch sent the whole batch again);
- `each`: one message at a time, its try counted and the row leased in a commit before
  the send, its outcome committed after it (`dispatch_due`, the sender's way now: a
  killed sender sends only the message in flight again).

Both render, build and log every email through the real channels' handlers, in the dev
outbox (as with no SMTP server configured): the per-message commits are what differs.
The rounds alternate, so a machine busy with other work weighs on both alike. It empties
the database it is given, so that database's name must end in `_bench` (as for
bench/engine); use a server with fsync on (`make services`), where a commit costs what it
does in production.

    .venv/bin/python -m bench.sending --emails 12000 --rounds 3

With `--smtp` every email really goes over SMTP to a sink on loopback (aiosmtpd in a
process of its own, bench/smtp_sink.py, counting what it receives), one commit per email
both ways, and the two ways compared are how the sender reaches the server:
- `fresh`: a connection opened (and QUIT) for every email, as before;
- `kept`: the sender's connections kept open and reused (app.channels.smtp_pool), as a
  sender process (`python -m app worker`) now runs.

    .venv/bin/python -m bench.sending --smtp --emails 6000 --rounds 3
"""

from __future__ import annotations

import argparse
import asyncio
import socket
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from pathlib import Path

import msgspec
from alembic import command
from sqlalchemy import text

from app.channels.smtp_pool import SmtpPool
from app.cli import alembic_config
from app.effects.handlers import Handlers
from app.lib.clock import FrozenClock
from app.resources import Resources, open_resources
from app.runs import outbox
from app.runs.sweeper import drain_timers
from app.settings import Settings, load_settings
from app.worker.assembly import effect_handlers
from bench.engine.__main__ import (
    ONE_WAIT,
    check_database,
    cpu_seconds,
    publish,
    reset,
    seed_waiting,
    settle,
)

Way = Callable[[Resources, Handlers, datetime], Awaitable[int]]


async def batch(resources: Resources, handlers: Handlers, now: datetime) -> int:
    async with resources.unit_of_work(now=now, origin="journey") as unit:
        return (await outbox.dispatch_batch(unit, handlers)).sent


async def each(resources: Resources, handlers: Handlers, now: datetime) -> int:
    return (await outbox.dispatch_due(resources.sessions, resources.bell, now, handlers)).sent


async def seed(resources: Resources, emails: int) -> datetime:
    """`emails` enrollments whose wait is over, moved on by the engine: an email each."""
    await reset(resources)
    journey_id = await publish(resources, "one wait", ONE_WAIT)
    now = datetime.now(UTC)
    await seed_waiting(resources, journey_id, emails, 1, now)
    await drain_timers(resources.sessions, FrozenClock(now), resources.bell, batch=1000)
    async with resources.sessions() as db:
        pending = await db.scalar(text("SELECT count(*) FROM outbox WHERE status = 'pending'"))
    assert pending == emails, f"{pending} emails waiting, not {emails}"
    await settle(resources)
    return now


async def backends_cpu(resources: Resources) -> dict[int, float]:
    """CPU seconds so far of each PostgreSQL backend serving this database."""
    async with resources.sessions() as db:
        pids = await db.scalars(
            text("SELECT pid FROM pg_stat_activity WHERE datname = current_database()")
        )
        return {pid: seconds for pid in pids if (seconds := cpu_seconds(pid)) is not None}


async def run(settings: Settings, emails: int, rounds: int, sink: Sink | None) -> None:
    async with open_resources(settings) as resources:
        now = await seed(resources, emails)
        per_round = emails // (2 * rounds)
        # Per way: emails, wall seconds, this process's CPU seconds, PostgreSQL's.
        totals = {name: [0.0, 0.0, 0.0, 0.0] for name in (SMTP_WAYS if sink else WAYS)}
        pool = SmtpPool(settings)
        kept = effect_handlers(settings, redis=resources.redis, smtp=pool)
        fresh = effect_handlers(settings, redis=resources.redis)
        ways: dict[str, tuple[Way, Handlers]] = (
            {"fresh": (each, fresh), "kept": (each, kept)}
            if sink
            else {"batch": (batch, fresh), "each": (each, fresh)}
        )
        for n in range(rounds):
            for name, (way, handlers) in ways.items():
                pg_before = await backends_cpu(resources)
                sent, started, cpu = 0, time.perf_counter(), time.process_time()
                while sent < per_round:
                    sent += await way(resources, handlers, now)
                elapsed = time.perf_counter() - started
                cpu = time.process_time() - cpu
                pg_after = await backends_cpu(resources)
                pg = sum(t - pg_before.get(pid, 0.0) for pid, t in pg_after.items())
                for i, value in enumerate((sent, elapsed, cpu, pg)):
                    totals[name][i] += value
                print(
                    f"  round {n + 1} {name:5}: {sent:6} emails in {elapsed:6.2f} s"
                    f" = {sent / elapsed:6.0f}/s; CPU per email: sender"
                    f" {cpu / sent * 1000:5.2f} ms, PostgreSQL {pg / sent * 1000:5.2f} ms"
                )
        await pool.close()
        async with resources.sessions() as db:
            attempts = await db.scalar(
                text("SELECT max(attempts) FROM outbox WHERE status = 'sent'")
            )
            sent_rows = await db.scalar(text("SELECT count(*) FROM outbox WHERE status = 'sent'"))
    where = f"SMTP to {sink.describe()}" if sink else "dev outbox"
    print(f"sending {emails} emails ({rounds} rounds of each way), {where}, one sender:")
    for name, (count, seconds, own, server) in totals.items():
        print(
            f"  {name:5}: {count / seconds:6.0f} emails/s; CPU per email: sender"
            f" {own / count * 1000:5.2f} ms + PostgreSQL {server / count * 1000:5.2f} ms"
        )
    print(f"  (every email sent once: max attempts {attempts})")
    if sink:
        received = sink.received()
        twice = sum(1 for times in received.values() if times > 1)
        print(
            f"  the sink received {sum(received.values())} emails, {len(received)} distinct"
            f" ({twice} more than once) for {sent_rows} marked sent;"
            f" the kept way opened {pool.opened} connection(s)"
        )


WAYS = ("batch", "each")
SMTP_WAYS = ("fresh", "kept")


class Sink:
    """The SMTP sink process (bench/smtp_sink.py) and the file of keys it received."""

    def __init__(self, folder: Path) -> None:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.keys = folder / "received.txt"
        self._process = subprocess.Popen(
            [sys.executable, "-m", "bench.smtp_sink", str(self.port), str(self.keys)],
            stdout=subprocess.PIPE,
        )
        assert self._process.stdout is not None
        self._process.stdout.readline()  # "ready"

    def describe(self) -> str:
        return f"an aiosmtpd sink on 127.0.0.1:{self.port} (a process of its own)"

    def received(self) -> Counter[str]:
        return Counter(self.keys.read_text().split())

    def stop(self) -> None:
        self._process.terminate()
        self._process.wait(timeout=10)


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.sending")
    parser.add_argument("--emails", type=int, default=12_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument(
        "--smtp",
        action="store_true",
        help="send over SMTP to an aiosmtpd sink: a connection per email against kept ones",
    )
    args = parser.parse_args()
    settings = msgspec.structs.replace(load_settings(), email_provider="outbox")
    check_database(settings)
    command.upgrade(alembic_config(settings), "head")
    if not args.smtp:
        asyncio.run(run(settings, args.emails, args.rounds, None))
        return
    with tempfile.TemporaryDirectory() as folder:
        sink = Sink(Path(folder))
        try:
            smtp = msgspec.structs.replace(
                settings, email_provider="smtp", smtp_host="127.0.0.1", smtp_port=sink.port
            )
            asyncio.run(run(smtp, args.emails, args.rounds, sink))
        finally:
            sink.stop()


if __name__ == "__main__":
    main()
