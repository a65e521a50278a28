"""Saved test cases: a test run kept with its journey, re-run to see what a change does.

Saving runs the case once and keeps how it ended (`CaseResult`); `check` runs every case
of the journey against the draft (or the definition the editor holds) and says which end
the same, which end otherwise, and which cannot run any more.
"""

from __future__ import annotations

import uuid
from datetime import datetime

import msgspec
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.effects.handlers import Handlers
from app.effects.previews import EmailPreview, LetterPreview, SmsPreview
from app.lib.problems import DomainError, NotFoundError
from app.testruns import services
from app.testruns.models import JourneyTestCase
from app.testruns.schemas import (
    CaseCheck,
    CaseResult,
    TestCase,
    TestCaseCreate,
    TestRun,
    TestRunRequest,
    Verdict,
)


def result_of(run: TestRun) -> CaseResult:
    return CaseResult(
        status=run.status,
        ended_reason=run.ended_reason,
        path=list(run.path),
        messages=[
            f"{step.node_id}:{step.preview.__struct_config__.tag}"
            for step in run.steps
            if isinstance(step.preview, EmailPreview | SmsPreview | LetterPreview)
        ],
        waiting_at=[held.node_id for held in run.waiting],
    )


async def save(
    session: AsyncSession,
    handlers: Handlers,
    *,
    journey_id: uuid.UUID,
    data: TestCaseCreate,
    actor_id: uuid.UUID,
    now: datetime,
) -> TestCase:
    run = await services.run(session, handlers, journey_id=journey_id, data=data.run, now=now)
    kept = msgspec.structs.replace(data.run, version=None, definition=None)
    row = JourneyTestCase(
        journey_id=journey_id,
        name=data.name,
        request=msgspec.to_builtins(kept),
        expected=msgspec.to_builtins(result_of(run)),
        created_at=now,
        created_by=actor_id,
    )
    session.add(row)
    await session.flush()
    return _case(row)


async def list_cases(session: AsyncSession, journey_id: uuid.UUID) -> list[TestCase]:
    await services.journey_row(session, journey_id)
    rows = await session.scalars(
        select(JourneyTestCase)
        .where(JourneyTestCase.journey_id == journey_id)
        .order_by(JourneyTestCase.created_at, JourneyTestCase.id)
    )
    return [_case(row) for row in rows]


async def delete(session: AsyncSession, journey_id: uuid.UUID, case_id: uuid.UUID) -> None:
    row = await session.get(JourneyTestCase, case_id)
    if row is None or row.journey_id != journey_id:
        raise NotFoundError("This journey has no test case with that id.")
    await session.delete(row)


async def check(
    session: AsyncSession,
    handlers: Handlers,
    *,
    journey_id: uuid.UUID,
    definition: dict[str, object] | None,
    now: datetime,
) -> list[CaseCheck]:
    """Every saved case run again, on the draft or on `definition`."""
    found = []
    for case in await list_cases(session, journey_id):
        request = msgspec.structs.replace(case.request, definition=definition)
        try:
            run = await services.run(
                session, handlers, journey_id=journey_id, data=request, now=now
            )
        except DomainError as error:
            found.append(_verdict(case, None, error.detail))
            continue
        found.append(_verdict(case, result_of(run), None))
    return found


def _verdict(case: TestCase, actual: CaseResult | None, problem: str | None) -> CaseCheck:
    verdict: Verdict = (
        "fails" if actual is None else "same" if actual == case.expected else "changed"
    )
    return CaseCheck(
        case_id=case.id,
        name=case.name,
        verdict=verdict,
        expected=case.expected,
        actual=actual,
        problem=problem,
    )


def _case(row: JourneyTestCase) -> TestCase:
    return TestCase(
        id=row.id,
        journey_id=row.journey_id,
        name=row.name,
        request=msgspec.convert(row.request, TestRunRequest),
        expected=msgspec.convert(row.expected, CaseResult),
        created_at=row.created_at,
    )
