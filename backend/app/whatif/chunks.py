"""Running a what-if's replay chunk by chunk (`replay_audience`), with its progress and
the contacts behind its numbers written as it goes."""

from __future__ import annotations

import asyncio
import contextlib
import uuid
from collections.abc import Collection, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import delete, text, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from app.whatif.feeds import load_feeds
from app.whatif.models import WhatIfContact, WhatIfRun
from app.whatif.replay import Feed, Plan, Tally, Totals, replay_contacts


async def replay_audience(
    sessions: async_sessionmaker[AsyncSession],
    run: WhatIfRun,
    plan: Plan,
    ids: list[uuid.UUID],
    *,
    names: Collection[str],
    clock: Any,
    chunk: int,
) -> Totals | None:
    """The audience replayed a chunk at a time; None when the run was stopped meanwhile.

    Three things go on at once: a chunk replays in a thread (pure Python), the next one
    loads, and the one before has its contacts written with the progress, so that
    PostgreSQL's part of the loading and writing (in its own processes) is not waited
    for. The chunks hold different contacts: each is written once and dropped, and only
    its counts stay (`Totals`).

    (A process of its own for the replay, to give it the other core, was tried and
    measured slower on two cores: PostgreSQL needs that core too, and a chunk's feeds
    cost the worker about a third of its replay time to pickle.)
    """
    totals = Totals()
    parts = [ids[offset : offset + chunk] for offset in range(0, len(ids), chunk)]

    async def load(part: Sequence[uuid.UUID]) -> list[Feed]:
        async with sessions() as session:
            return await load_feeds(session, run, part, names, clock.now())

    loading = asyncio.ensure_future(load(parts[0])) if parts else None
    writing: asyncio.Future[bool] | None = None
    try:
        replayed = 0
        for n, part in enumerate(parts):
            assert loading is not None
            feeds = await loading
            loading = asyncio.ensure_future(load(parts[n + 1])) if n + 1 < len(parts) else None
            tally = await asyncio.to_thread(replay_contacts, plan, feeds)
            del feeds
            if writing is not None and not await writing:
                return None
            totals.add(tally)
            replayed += len(part)
            writing = asyncio.ensure_future(
                _advance(
                    sessions,
                    run.id,
                    clock.now(),
                    _rows(tally),
                    contacts_done=replayed,
                    events_done=totals.events,
                )
            )
        if writing is not None and not await writing:
            return None
        writing = None
    finally:
        for pending in (loading, writing):
            if pending is not None and not pending.done():
                # Work for nothing (stopped, or failed): its own error is not this run's.
                pending.cancel()
                with contextlib.suppress(asyncio.CancelledError, Exception):
                    await pending
    return totals


def _rows(tally: Tally) -> list[tuple[str, uuid.UUID]]:
    """A chunk's contacts behind every number (a bucket name as long as its column)."""
    return [(bucket[:300], cid) for bucket, found in tally.buckets() for cid in found]


async def _advance(
    sessions: async_sessionmaker[AsyncSession],
    run_id: uuid.UUID,
    now: datetime,
    rows: list[tuple[str, uuid.UUID]],
    **values: Any,
) -> bool:
    """A chunk's contacts written with the run's progress, in one transaction; False
    (and nothing written) when the run was cancelled or deleted meanwhile."""
    async with sessions.begin() as session:
        moved = await session.scalar(
            update(WhatIfRun)
            .where(WhatIfRun.id == run_id, WhatIfRun.status == "running")
            .values(heartbeat_at=now, **values)
            .returning(WhatIfRun.id)
        )
        if moved is None:
            return False
        step = 50_000
        for offset in range(0, len(rows), step):
            part = rows[offset : offset + step]
            await session.execute(
                text(
                    "INSERT INTO journey_what_if_contacts (run_id, bucket, contact_id)"
                    " SELECT :run, b, c FROM unnest(CAST(:b AS text[]), CAST(:c AS uuid[]))"
                    " AS u(b, c) ON CONFLICT DO NOTHING"
                ),
                {"run": run_id, "b": [b for b, _ in part], "c": [c for _, c in part]},
            )
    return True


async def forget_contacts(sessions: async_sessionmaker[AsyncSession], run_id: uuid.UUID) -> None:
    """The contacts written for a run that did not complete (cancelled, failed)."""
    async with sessions.begin() as session:
        await session.execute(delete(WhatIfContact).where(WhatIfContact.run_id == run_id))
