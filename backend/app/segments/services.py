"""Saved segments: conditions checked like a journey's, counted in one SQL query, and
asked per contact by the worker (segment membership is a fact journeys read)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime
from typing import Any, Final

import msgspec
from sqlalchemy import ColumnElement, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.contacts.models import Contact
from app.engine.conditions import ConditionGroup, check_group
from app.lib.db import any_uuid
from app.lib.problems import ConflictError, FieldError, InvalidInputError, NotFoundError
from app.segments.compile import Compiled, Compiler
from app.segments.models import Segment as SegmentRow
from app.segments.schemas import (
    Preview,
    PreviewRequest,
    SampleContact,
    Segment,
    SegmentCreate,
    SegmentUpdate,
)
from app.settings import get_settings

SAMPLE_SIZE: Final = 5


def decode_condition(raw: Any) -> ConditionGroup | None:
    try:
        return msgspec.convert(raw, ConditionGroup)
    except msgspec.ValidationError:
        return None


async def saved_conditions(session: AsyncSession) -> dict[str, ConditionGroup]:
    """Every saved segment's condition by name (one a later release cannot read is left out)."""
    found: dict[str, ConditionGroup] = {}
    for name, raw in await session.execute(select(SegmentRow.name, SegmentRow.condition)):
        group = decode_condition(raw)
        if group is not None:
            found[name] = group
    return found


def compile_group(
    group: ConditionGroup,
    saved: dict[str, ConditionGroup],
    now: datetime,
    *,
    name: str | None = None,
) -> Compiled:
    compiler = Compiler(
        now=now,
        segments=saved,
        soft_opt_in=get_settings().consent_soft_opt_in,
        _stack=(name,) if name else (),
    )
    compiled = compiler.compile(group)
    shape = check_group(group, "condition")
    compiled.problems[:0] = shape
    return compiled


def _refuse_problems(compiled: Compiled) -> None:
    if compiled.problems:
        errors = [FieldError(path, message) for path, message in compiled.problems]
        shown = "; ".join(f"{e.field}: {e.message}" for e in errors[:3])
        raise InvalidInputError(f"The segment's condition cannot be used: {shown}", errors=errors)


async def count(session: AsyncSession, predicate: ColumnElement[bool]) -> int:
    total = await session.scalar(select(func.count()).select_from(Contact).where(predicate))
    return int(total or 0)


async def preview(session: AsyncSession, data: PreviewRequest, now: datetime) -> Preview:
    compiled = compile_group(data.condition, await saved_conditions(session), now, name=data.name)
    _refuse_problems(compiled)
    rows = await session.execute(
        select(Contact.id, Contact.name, Contact.email)
        .where(compiled.predicate)
        .order_by(Contact.created_at.desc(), Contact.id)
        .limit(SAMPLE_SIZE)
    )
    return Preview(
        count=await count(session, compiled.predicate),
        sample=[SampleContact(id, name, email) for id, name, email in rows],
    )


async def _view(
    session: AsyncSession, row: SegmentRow, saved: dict[str, ConditionGroup], now: datetime
) -> Segment:
    group = decode_condition(row.condition) or ConditionGroup()
    compiled = compile_group(group, saved, now, name=row.name)
    problems = [f"{path}: {message}" for path, message in compiled.problems]
    return Segment(
        id=row.id,
        name=row.name,
        label=row.label,
        description=row.description,
        condition=group,
        count=None if problems else await count(session, compiled.predicate),
        problems=problems,
        created_at=row.created_at,
        updated_at=row.updated_at,
    )


async def list_segments(session: AsyncSession, now: datetime) -> list[Segment]:
    saved = await saved_conditions(session)
    rows = await session.scalars(select(SegmentRow).order_by(SegmentRow.label))
    return [await _view(session, row, saved, now) for row in rows]


async def _row(session: AsyncSession, segment_id: uuid.UUID) -> SegmentRow:
    row = await session.get(SegmentRow, segment_id)
    if row is None:
        raise NotFoundError(f"There is no segment {segment_id}.")
    return row


async def get_segment(session: AsyncSession, segment_id: uuid.UUID, now: datetime) -> Segment:
    row = await _row(session, segment_id)
    return await _view(session, row, await saved_conditions(session), now)


async def predicate_for(
    session: AsyncSession, name: str, now: datetime, *, field: str = "segment"
) -> ColumnElement[bool]:
    """The SQL for a saved segment by name (the contacts list filters with it)."""
    saved = await saved_conditions(session)
    group = saved.get(name)
    if group is None:
        raise InvalidInputError.on_field(field, f"There is no segment “{name}”.")
    compiled = compile_group(group, saved, now, name=name)
    if compiled.problems:
        _path, message = compiled.problems[0]
        raise InvalidInputError.on_field(field, f"Segment “{name}” cannot be used: {message}")
    return compiled.predicate


async def create_segment(
    session: AsyncSession, data: SegmentCreate, *, actor_id: uuid.UUID | None, now: datetime
) -> Segment:
    if await session.scalar(select(SegmentRow.id).where(SegmentRow.name == data.name)):
        raise ConflictError(
            f"name: a segment called “{data.name}” exists already.",
            errors=[FieldError("name", f"A segment called “{data.name}” exists already.")],
        )
    saved = await saved_conditions(session)
    _refuse_problems(compile_group(data.condition, saved, now, name=data.name))
    row = SegmentRow(
        name=data.name,
        label=data.label,
        description=data.description,
        condition=msgspec.to_builtins(data.condition),
        created_by=actor_id,
        created_at=now,
        updated_at=now,
    )
    session.add(row)
    await session.flush()
    return await _view(session, row, {**saved, data.name: data.condition}, now)


async def update_segment(
    session: AsyncSession, segment_id: uuid.UUID, data: SegmentUpdate, now: datetime
) -> Segment:
    row = await _row(session, segment_id)
    saved = await saved_conditions(session)
    if data.condition is not msgspec.UNSET:
        _refuse_problems(compile_group(data.condition, saved, now, name=row.name))
        row.condition = msgspec.to_builtins(data.condition)
        saved[row.name] = data.condition
    if data.label is not msgspec.UNSET:
        row.label = data.label
    if data.description is not msgspec.UNSET:
        row.description = data.description
    row.updated_at = now
    await session.flush()
    return await _view(session, row, saved, now)


async def delete_segment(session: AsyncSession, segment_id: uuid.UUID) -> None:
    row = await _row(session, segment_id)
    await session.delete(row)
    await session.flush()


async def memberships_of(
    session: AsyncSession, contact_ids: Sequence[uuid.UUID], now: datetime
) -> dict[uuid.UUID, frozenset[str]]:
    """The saved segments each contact is in now: one query for the whole batch (and
    none at all while no segment can be evaluated)."""
    if not contact_ids:
        return {}
    saved = await saved_conditions(session)
    columns = []
    for name, group in saved.items():
        compiled = compile_group(group, saved, now, name=name)
        if not compiled.problems:
            columns.append(compiled.predicate.label(name))
    if not columns:
        return {}
    rows = await session.execute(
        select(Contact.id, *columns).where(Contact.id == any_uuid(contact_ids))
    )
    found: dict[uuid.UUID, frozenset[str]] = {}
    for row in rows:
        values = row._mapping
        found[row[0]] = frozenset(name for name in saved if values.get(name) is True)
    return found


async def memberships(
    session: AsyncSession, contact_id: uuid.UUID, now: datetime
) -> frozenset[str]:
    """The names of the saved segments the contact is in now."""
    return (await memberships_of(session, [contact_id], now)).get(contact_id, frozenset())
