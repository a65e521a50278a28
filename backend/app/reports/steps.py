"""Per-step counts of a journey for the canvas overlay (`journey_stats`): entered, per exit,
waiting now, and for message steps sent / opened / clicked / failed (from the outbox and
the message log), with the messages not sent counted by reason, and on triggers the
contacts the re-entry rule refused (both from the step log's notes)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

from sqlalchemy import ColumnElement, Integer, func, literal_column, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import InstrumentedAttribute

from app.channels.models import ChannelMessage
from app.engine.channels import MESSAGE_KINDS
from app.engine.exits import exits
from app.journeys import services, views
from app.journeys.models import Journey as JourneyRow
from app.journeys.models import JourneyVersion as VersionRow
from app.journeys.schemas import JourneyStats, NodeStats
from app.lib.problems import NotFoundError
from app.runs.models import Enrollment, JourneyStep, OutboxMessage
from app.runs.services import LIVE_STATUSES


@dataclass(slots=True)
class NodeCounts:
    entered: int = 0
    waiting: int = 0
    exits: dict[str, int] = field(default_factory=dict)
    # Message steps (email, SMS, letter, webhook) only.
    sent: int = 0
    opened: int = 0
    clicked: int = 0
    failed: int = 0
    # Messages never sent, by reason (`no_consent`, `no_address`, `template_failed`…).
    not_sent: dict[str, int] = field(default_factory=dict)
    # Triggers: times the trigger matched but the re-entry rule kept the contact out.
    refused: int = 0


async def node_counts(
    session: AsyncSession, journey_id: uuid.UUID, version: int | None = None
) -> dict[str, NodeCounts]:
    """Counts over every version of the journey (or one), by node id. Every query reads
    by (journey_id, version): the step log's and the enrollments' indexes start so."""
    counts: dict[str, NodeCounts] = {}
    entered = JourneyStep.detail["entered"].as_boolean()
    steps = await session.execute(
        select(
            JourneyStep.node_id,
            JourneyStep.exit_taken,
            func.count().filter(entered.is_(True)),
            func.count(),
        )
        .where(JourneyStep.journey_id == journey_id, *_of_version(JourneyStep.version, version))
        .group_by(JourneyStep.node_id, JourneyStep.exit_taken)
    )
    for node_id, exit_taken, entries, total in steps:
        node = counts.setdefault(node_id, NodeCounts())
        node.entered += entries
        if exit_taken is not None:
            node.exits[exit_taken] = node.exits.get(exit_taken, 0) + total
    token = func.jsonb_array_elements(Enrollment.state["tokens"]).table_valued("value").alias("t")
    token_node: ColumnElement[str] = literal_column("t.value ->> 'node_id'")
    waiting = await session.execute(
        select(token_node, func.count().cast(Integer))
        .select_from(Enrollment)
        .join(token, literal_column("true"))
        .where(
            Enrollment.journey_id == journey_id,
            *_of_version(Enrollment.version, version),
            Enrollment.status.in_(LIVE_STATUSES),
        )
        .group_by(token_node)
    )
    for node_id, live in waiting:
        counts.setdefault(node_id, NodeCounts()).waiting = live
    await _message_counts(session, journey_id, version, counts)
    await _note_counts(session, journey_id, version, counts)
    return counts


def _of_version(
    column: ColumnElement[int] | InstrumentedAttribute[int], version: int | None
) -> list[ColumnElement[bool]]:
    return [] if version is None else [column == version]


async def _note_counts(
    session: AsyncSession, journey_id: uuid.UUID, version: int | None, counts: dict[str, NodeCounts]
) -> None:
    note = JourneyStep.detail["note"].astext
    reason = JourneyStep.detail["reason"].astext
    rows = await session.execute(
        select(JourneyStep.node_id, note, reason, func.count())
        .where(
            JourneyStep.journey_id == journey_id,
            *_of_version(JourneyStep.version, version),
            JourneyStep.detail.has_key("note"),
        )
        .group_by(JourneyStep.node_id, note, reason)
    )
    for node_id, kind, why, total in rows:
        found = counts.setdefault(node_id, NodeCounts())
        if kind == "not_sent":
            found.not_sent[why or "other"] = found.not_sent.get(why or "other", 0) + total
        elif kind == "trigger_refused":
            found.refused += total


async def _message_counts(
    session: AsyncSession, journey_id: uuid.UUID, version: int | None, counts: dict[str, NodeCounts]
) -> None:
    node: ColumnElement[str] = OutboxMessage.payload["node_id"].astext
    rows = await session.execute(
        select(
            node,
            func.count().filter(OutboxMessage.status == "sent"),
            func.count().filter(ChannelMessage.opened_at.is_not(None)),
            func.count().filter(ChannelMessage.clicked_at.is_not(None)),
            func.count().filter(OutboxMessage.status == "failed"),
        )
        .select_from(OutboxMessage)
        .join(Enrollment, Enrollment.id == OutboxMessage.enrollment_id)
        .outerjoin(ChannelMessage, ChannelMessage.key == OutboxMessage.key)
        .where(
            Enrollment.journey_id == journey_id,
            *_of_version(Enrollment.version, version),
            OutboxMessage.kind.in_(list(MESSAGE_KINDS)),
        )
        .group_by(node)
    )
    for node_id, sent, opened, clicked, failed in rows:
        found = counts.setdefault(node_id, NodeCounts())
        found.sent, found.opened, found.clicked, found.failed = sent, opened, clicked, failed


async def journey_stats(
    db: AsyncSession, journey_id: uuid.UUID, version: int | None = None
) -> JourneyStats:
    """Per-step counts over every version (or over `version` only): entered, per exit
    (from the step log) and waiting now (tokens at the step in running enrollments).

    The steps are those of `version`, else of the latest published version (the draft
    before the first). 404 for a version the journey does not have.
    """
    row = await services.get_row(db, journey_id)
    source: JourneyRow | VersionRow = row
    if version is not None:
        chosen = await db.get(VersionRow, (journey_id, version))
        if chosen is None:
            raise NotFoundError(
                f"version: journey {journey_id} has no published version {version}."
            )
        source = chosen
    elif row.published_version is not None:
        published = await db.get(VersionRow, (journey_id, row.published_version))
        source = published or row
    definition = views.definition_of(source)
    handles: dict[str, set[str]] = {
        node.id: {e.id for e in exits(node)} for node in definition.nodes
    }
    for edge in definition.edges:
        handles.setdefault(edge.source, set()).add(edge.source_handle)
    counted = await node_counts(db, journey_id, version)
    nodes = {}
    for node in definition.nodes:
        found = counted.get(node.id, NodeCounts())
        nodes[node.id] = NodeStats(
            entered=found.entered,
            waiting=found.waiting,
            exits={h: found.exits.get(h, 0) for h in sorted(handles[node.id] | set(found.exits))},
            sent=found.sent,
            opened=found.opened,
            clicked=found.clicked,
            failed=found.failed,
            not_sent=dict(found.not_sent),
            refused=found.refused,
        )
    return JourneyStats(nodes=nodes)
