"""The channels' demo: real templates, messages in the dev outbox (opened, clicked, one
refused for want of consent) and a letter PDF; loading twice changes nothing."""

from __future__ import annotations

from pathlib import Path

import msgspec
from sqlalchemy import select

from app.channels.models import ChannelMessage, Letter
from app.demo.loader import load_demo_data
from app.jobs.models import Job, JobFile
from app.resources import Resources
from app.runs.models import OutboxMessage
from app.settings import Settings


async def _snapshot(resources: Resources) -> list[tuple[str, str, int, int]]:
    async with resources.sessions() as db:
        rows = await db.execute(
            select(
                OutboxMessage.key, OutboxMessage.status, ChannelMessage.opens, ChannelMessage.clicks
            )
            .join(ChannelMessage, ChannelMessage.key == OutboxMessage.key)
            .order_by(OutboxMessage.key)
        )
        return [(key, status, opens, clicks) for key, status, opens, clicks in rows]


async def test_the_demo_fills_the_outbox_once(
    settings: Settings, resources: Resources, tmp_path: Path
) -> None:
    demo_settings = msgspec.structs.replace(settings, data_dir=str(tmp_path))

    await load_demo_data(demo_settings)
    first = await _snapshot(resources)
    await load_demo_data(demo_settings)

    assert await _snapshot(resources) == first
    async with resources.sessions() as db:
        messages = list(await db.scalars(select(ChannelMessage)))
        failed = list(
            await db.scalars(select(OutboxMessage).where(OutboxMessage.status == "failed"))
        )
        letters = list(await db.scalars(select(Letter).order_by(Letter.key)))
    sent = [m for m in messages if m.sent_at is not None]
    assert {m.channel for m in sent} >= {"email", "sms", "letter"}
    assert all(m.provider in ("outbox", "pdf") for m in sent)
    assert any(m.opened_at and m.clicked_at for m in sent)
    assert any(m.opened_at and not m.clicked_at for m in sent)
    # Alan gave no consent: his reminders are refused, with the reason.
    assert failed
    assert {row.last_error for row in failed} == {"no consent: the contact has not agreed to email"}
    # The channels demo's letter to Alan, and the portal demo's to Ada (her documents page).
    assert [letter.key for letter in letters] == [
        "demo:letter:return_rejected:cust-1003",
        "demo:portal:letter:ada@example.com",
    ]
    for letter in letters:
        assert (tmp_path / "letters" / letter.path).read_bytes().startswith(b"%PDF")
    # Alan's letter waits in the Print queue as a job with its PDF attached.
    alans = letters[0]
    async with resources.sessions() as db:
        [printing] = list(
            await db.scalars(
                select(Job).where(
                    Job.queue == "print",
                    Job.related.contains([{"type": "letter", "id": str(alans.id)}]),
                )
            )
        )
        [attached] = list(await db.scalars(select(JobFile).where(JobFile.job_id == printing.id)))
    assert printing.status == "new"
    assert printing.type_name == "print_letter"
    pdf = (tmp_path / "job-files" / str(attached.id)).read_bytes()
    assert pdf == (tmp_path / "letters" / alans.path).read_bytes()
