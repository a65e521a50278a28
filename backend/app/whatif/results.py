"""A what-if's answer: what the live version did in the same period for the same
audience (`live_numbers`, from `journey_steps`, `enrollments` and the outbox), beside
the draft's own numbers (`result_of`)."""

from __future__ import annotations

from datetime import datetime
from typing import Final

import msgspec
from sqlalchemy import ColumnElement, and_, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.contacts.models import Contact
from app.engine.definition import JourneyDefinition
from app.engine.flow import End, Goal
from app.runs.models import Enrollment, JourneyStep, OutboxMessage
from app.segments.services import predicate_for
from app.whatif import schemas as api
from app.whatif.models import WhatIfRun
from app.whatif.replay import Totals

WRITTEN: Final = "(written in the step)"
MESSAGE_KINDS: Final = {"email": "send_email", "sms": "send_sms", "letter": "create_letter"}


async def audience(session: AsyncSession, run: WhatIfRun, now: datetime) -> ColumnElement[bool]:
    """Who a run is over: a segment's members, or everyone."""
    if run.segment_name is None:
        return Contact.id.is_not(None)
    return await predicate_for(session, run.segment_name, now, field="segment_id")


class Live(msgspec.Struct, kw_only=True):
    entered: dict[str, int] = msgspec.field(default_factory=dict)
    exits: dict[str, dict[str, int]] = msgspec.field(default_factory=dict)
    messages: dict[tuple[str, str], int] = msgspec.field(default_factory=dict)
    jobs: dict[str, int] = msgspec.field(default_factory=dict)
    enrolled: int = 0


async def live_numbers(
    session: AsyncSession, run: WhatIfRun, definition: JourneyDefinition, now: datetime
) -> Live:
    """What the live version(s) did in the period, for the same audience."""
    live = Live()
    people = select(Contact.id).where(await audience(session, run, now))
    mine = and_(Enrollment.journey_id == run.journey_id, Enrollment.contact_id.in_(people))
    in_period = and_(JourneyStep.at >= run.period_start, JourneyStep.at < run.period_end)
    entered = JourneyStep.detail["entered"].as_boolean().is_(True)
    base = (
        select()
        .select_from(JourneyStep)
        .join(Enrollment, JourneyStep.enrollment_id == Enrollment.id)
        .where(JourneyStep.journey_id == run.journey_id, in_period, mine)
    )
    for node_id, n in await session.execute(
        base.add_columns(JourneyStep.node_id, func.count(Enrollment.contact_id.distinct()))
        .where(entered)
        .group_by(JourneyStep.node_id)
    ):
        live.entered[node_id] = n
    for node_id, exit_taken, n in await session.execute(
        base.add_columns(
            JourneyStep.node_id,
            JourneyStep.exit_taken,
            func.count(Enrollment.contact_id.distinct()),
        )
        .where(JourneyStep.exit_taken.is_not(None))
        .group_by(JourneyStep.node_id, JourneyStep.exit_taken)
    ):
        live.exits.setdefault(node_id, {})[exit_taken] = n
    live.enrolled = (
        await session.scalar(
            select(func.count(Enrollment.contact_id.distinct())).where(
                mine,
                Enrollment.entered_at >= run.period_start,
                Enrollment.entered_at < run.period_end,
            )
        )
        or 0
    )
    outbox = (
        select()
        .select_from(OutboxMessage)
        .join(Enrollment, OutboxMessage.enrollment_id == Enrollment.id)
        .where(
            mine,
            OutboxMessage.created_at >= run.period_start,
            OutboxMessage.created_at < run.period_end,
        )
    )
    kinds = {kind: channel for channel, kind in MESSAGE_KINDS.items()}
    template = func.coalesce(OutboxMessage.payload["template"].astext, WRITTEN)
    for kind, name, n in await session.execute(
        outbox.add_columns(OutboxMessage.kind, template, func.count())
        .where(OutboxMessage.kind.in_(list(kinds)))
        .group_by(OutboxMessage.kind, template)
    ):
        live.messages[(kinds[kind], name)] = n
    queue = OutboxMessage.payload["queue"].astext
    for name, n in await session.execute(
        outbox.add_columns(queue, func.count())
        .where(OutboxMessage.kind == "create_job")
        .group_by(queue)
    ):
        live.jobs[name] = n
    return live


def result_of(
    run: WhatIfRun, definition: JourneyDefinition, totals: Totals, live: Live, seconds: float
) -> api.WhatIfResult:
    steps = []
    for node in definition.nodes:
        draft_exits = {
            exit_id: found
            for (node_id, exit_id), found in totals.exits.items()
            if node_id == node.id
        }
        steps.append(
            api.StepComparison(
                node_id=node.id,
                kind=str(node.__struct_config__.tag),
                label=node.label or "",
                draft=api.Numbers(
                    entered=totals.entered.get(node.id, 0),
                    exits=draft_exits,
                    waiting=totals.waiting.get(node.id, 0),
                ),
                live=api.Numbers(
                    entered=live.entered.get(node.id, 0), exits=live.exits.get(node.id, {})
                ),
            )
        )
    message_keys = sorted(set(totals.messages) | set(live.messages))
    messages = [
        api.Total(
            bucket=f"message:{channel}:{template}",
            label=f"{channel} · {template}",
            draft=totals.messages.get((channel, template), 0),
            live=live.messages.get((channel, template), 0),
        )
        for channel, template in message_keys
    ]
    jobs = [
        api.Total(
            bucket=f"job:{queue}",
            label=queue,
            draft=totals.jobs.get(queue, 0),
            live=live.jobs.get(queue, 0),
        )
        for queue in sorted(set(totals.jobs) | set(live.jobs))
    ]
    ends = [
        api.Total(
            bucket=f"end:{node.id}",
            label=node.label or node.id,
            draft=totals.ends.get(node.id, 0),
            live=live.entered.get(node.id, 0),
        )
        for node in definition.nodes
        if isinstance(node, (End, Goal))
    ]
    assumptions = []
    for node_id, raw in sorted(run.job_steps.items()):
        choice = msgspec.convert(raw, api.WhatIfJobChoice)
        if choice.split:
            ratio = ", ".join(f"{share.outcome} {share.weight}" for share in choice.split)
            assumptions.append(f"Job step “{node_id}”: outcomes split {ratio}.")
        else:
            assumptions.append(f"Job step “{node_id}”: every job ends “{choice.outcome}”.")
    return api.WhatIfResult(
        steps=steps,
        messages=messages,
        jobs=jobs,
        ends=ends,
        contacts=totals.contacts,
        events=totals.events,
        enrolled=api.Total(
            bucket="enrolled", label="Enrolled", draft=totals.enrolled, live=live.enrolled
        ),
        assumptions=assumptions,
        seconds=round(seconds, 3),
    )
