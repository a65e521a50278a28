"""Who is where and why: enrollments with where each path stands, since when, what it waits
for and the path so far (`GET /api/v1/enrollments`, docs/enrollments-api.md).

A read model over runs (enrollments, their steps), journeys (versions, for step labels),
contacts and jobs: it lives in reports. Pages are cut by keyset on (entered_at, id),
newest first, so a page costs the same however deep it is and an enrollment that starts
meanwhile never shifts the next page.
"""

from __future__ import annotations

import csv
import io
import uuid
from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any, Final, Literal, assert_never

import msgspec
from sqlalchemy import Boolean, ColumnElement, Integer, func, literal_column, select, tuple_
from sqlalchemy.ext.asyncio import AsyncSession

from app.contacts import views as contact_views
from app.contacts.models import Contact
from app.engine.definition import JourneyDefinition
from app.engine.state import AwaitEvent, AwaitJob, AwaitWebhook, EnrollmentState, decode_state
from app.jobs.models import Job
from app.journeys.models import Journey, JourneyVersion
from app.journeys.versions import definition_of
from app.lib.db import any_uuid
from app.lib.problems import InvalidInputError, NotFoundError
from app.runs.models import Enrollment, JourneyStep, OutboxMessage

MAX_LIMIT: Final = 200
# The list shows each enrollment's last steps; one enrollment's page shows more.
LIST_PATH_STEPS: Final = 20
DETAIL_PATH_STEPS: Final = 1000

EnrollmentStatus = Literal["active", "paused", "completed", "exited"]


# ---- what the API answers ------------------------------------------------------------


class WaitTimer(msgspec.Struct, frozen=True, tag_field="kind", tag="timer"):
    """A wait step: the timer fires at `due_at`."""

    due_at: datetime


class WaitEvent(msgspec.Struct, frozen=True, tag_field="kind", tag="event"):
    """A wait-for-event step: `event_name` moves it on, or the timeout at `timeout_at`."""

    event_name: str
    timeout_at: datetime


class WaitJob(msgspec.Struct, frozen=True, tag_field="kind", tag="job"):
    """A create-job step: the job's outcome picks the exit. `job_id` and `job_status` are
    None until the job exists (the outbox makes it just after the step)."""

    job_ref: str
    job_id: uuid.UUID | None
    job_status: str | None
    job_type: str | None


class WaitAnswer(msgspec.Struct, frozen=True, tag_field="kind", tag="webhook"):
    """A webhook step: the call's answer (or its final failure) picks the exit."""

    webhook_ref: str


class WaitJoin(msgspec.Struct, frozen=True, tag_field="kind", tag="join"):
    """A join: waits for the other parallel paths."""


class WaitContinue(msgspec.Struct, frozen=True, tag_field="kind", tag="continue"):
    """Ready to go on (held by the step limit or a paused journey): moves at `due_at`."""

    due_at: datetime | None


Waiting = WaitTimer | WaitEvent | WaitJob | WaitAnswer | WaitJoin | WaitContinue


class StepRef(msgspec.Struct, frozen=True):
    """A step of the enrollment's version, by id, with its label and kind (None when the
    version has no such step any more)."""

    node_id: str
    label: str
    node_kind: str | None


class Position(msgspec.Struct, frozen=True):
    """Where one path (token) of the enrollment stands."""

    token_id: str
    step: StepRef
    # When the path entered this step.
    since: datetime | None
    waiting_for: Waiting


class Sending(msgspec.Struct, frozen=True):
    """What became of the side effect an action step queued (its outbox row): `pending`,
    `sent` or `failed`, with the last error (no consent, template failed…)."""

    status: str
    attempts: int
    sent_at: datetime | None
    last_error: str | None


class PathStep(msgspec.Struct, frozen=True):
    """One line of the path: a step taken (with its exit) or a path held at it."""

    id: int
    at: datetime
    step: StepRef
    exit_taken: str | None
    token_id: str
    text: str
    # The step's trace: what it saw and why it left by its exit (`kind`: condition,
    # timer, event, job, webhook, effect, branch), bounded (docs/enrollments-api.md).
    why: dict[str, Any] | None
    # For an action step: what became of its side effect (None before the outbox has it).
    sending: Sending | None


class ContactRef(msgspec.Struct, frozen=True):
    id: uuid.UUID
    name: str
    email: str | None


class EnrollmentItem(msgspec.Struct, frozen=True):
    id: uuid.UUID
    journey_id: uuid.UUID
    journey_name: str
    version: int
    contact: ContactRef
    status: EnrollmentStatus
    # Why it ended: "end", "goal:<name>", "goal_event:<event>", "exit_criteria",
    # "date_passed"; None while it runs.
    ended_reason: str | None
    entered_at: datetime
    ended_at: datetime | None
    updated_at: datetime
    # Where each live path stands now (empty once it ended).
    at: list[Position]
    # The path so far, oldest first: the last `path_shown` of `path_total` steps.
    path: list[PathStep]
    path_total: int


class EnrollmentPage(msgspec.Struct, frozen=True):
    items: list[EnrollmentItem]
    # Pass as `after` for the next page; None on the last one.
    next_cursor: str | None


# ---- filters -------------------------------------------------------------------------


class Filters(msgspec.Struct, frozen=True, kw_only=True):
    contact_id: uuid.UUID | None = None
    journey_id: uuid.UUID | None = None
    version: int | None = None
    node_id: str | None = None
    statuses: tuple[EnrollmentStatus, ...] = ()
    # The contact's name, email, phone or external id contains it (any case).
    q: str | None = None


class Cursor(msgspec.Struct, frozen=True):
    entered_at: datetime
    id: uuid.UUID

    def encode(self) -> str:
        return f"{self.entered_at.isoformat()}|{self.id}"

    @classmethod
    def decode(cls, text: str) -> Cursor:
        try:
            at, row_id = text.split("|")
            return cls(datetime.fromisoformat(at), uuid.UUID(row_id))
        except ValueError as error:
            raise InvalidInputError.on_field(
                "after", "Not an enrollments cursor: pass `next_cursor` from the previous page."
            ) from error


async def _check(session: AsyncSession, filters: Filters) -> None:
    """Filters that cannot mean anything are refused, naming the filter at fault."""
    if filters.journey_id is None:
        for name, value in (("version", filters.version), ("node_id", filters.node_id)):
            if value is not None:
                raise InvalidInputError.on_field(
                    name, "needs `journey_id`: versions and steps belong to one journey."
                )
        return
    if await session.get(Journey, filters.journey_id) is None:
        raise NotFoundError(f"journey_id: there is no journey {filters.journey_id}.")
    versions: Sequence[int] = (
        [filters.version]
        if filters.version is not None
        else list(
            await session.scalars(
                select(JourneyVersion.version).where(
                    JourneyVersion.journey_id == filters.journey_id
                )
            )
        )
    )
    definitions = [await definition_of(session, filters.journey_id, v) for v in versions]
    if filters.version is not None and definitions[0] is None:
        raise NotFoundError(
            f"version: journey {filters.journey_id} has no published version {filters.version}."
        )
    if filters.node_id is not None and not any(
        node.id == filters.node_id for d in definitions if d for node in d.nodes
    ):
        where = f"version {filters.version}" if filters.version else "any published version"
        raise InvalidInputError.on_field(
            "node_id", f"there is no step “{filters.node_id}” in {where} of this journey."
        )


def _conditions(filters: Filters, cursor: Cursor | None) -> list[ColumnElement[bool]]:
    where: list[ColumnElement[bool]] = []
    if filters.contact_id is not None:
        where.append(Enrollment.contact_id == filters.contact_id)
    if filters.journey_id is not None:
        where.append(Enrollment.journey_id == filters.journey_id)
    if filters.version is not None:
        where.append(Enrollment.version == filters.version)
    if filters.statuses:
        where.append(Enrollment.status.in_(filters.statuses))
    if filters.node_id is not None:
        # A live path stands at the step (JSONB containment over the state's tokens).
        where.append(Enrollment.state["tokens"].contains([{"node_id": filters.node_id}]))
    if filters.q and filters.q.strip():
        where.append(contact_views.search(filters.q))
    if cursor is not None:
        where.append(
            tuple_(Enrollment.entered_at, Enrollment.id) < tuple_(cursor.entered_at, cursor.id)
        )
    return where


# ---- reading -------------------------------------------------------------------------


async def list_enrollments(
    session: AsyncSession, filters: Filters, *, after: str | None = None, limit: int = 50
) -> EnrollmentPage:
    """A page of enrollments matching every filter, newest first."""
    cursor = Cursor.decode(after) if after else None
    await check_filters(session, filters)
    return await _page(session, filters, cursor, limit, LIST_PATH_STEPS)


async def check_filters(session: AsyncSession, filters: Filters) -> None:
    """Refuse filters that cannot mean anything (400) or name what does not exist (404)."""
    await _check(session, filters)
    if filters.contact_id is not None and await session.get(Contact, filters.contact_id) is None:
        raise NotFoundError(f"contact_id: there is no contact {filters.contact_id}.")


async def _page(
    session: AsyncSession, filters: Filters, cursor: Cursor | None, limit: int, path_steps: int
) -> EnrollmentPage:
    query = (
        select(Enrollment, Journey.name, Contact.name, Contact.email)
        .join(Journey, Journey.id == Enrollment.journey_id)
        .join(Contact, Contact.id == Enrollment.contact_id)
        .where(*_conditions(filters, cursor))
    )
    rows = list(
        await session.execute(
            query.order_by(Enrollment.entered_at.desc(), Enrollment.id.desc()).limit(limit + 1)
        )
    )
    more = len(rows) > limit
    rows = rows[:limit]
    items = await _items(session, [tuple(row) for row in rows], path_steps)
    last = items[-1] if items else None
    next_cursor = Cursor(last.entered_at, last.id).encode() if more and last else None
    return EnrollmentPage(items=items, next_cursor=next_cursor)


async def enrollment(session: AsyncSession, enrollment_id: uuid.UUID) -> EnrollmentItem:
    """One enrollment with its path (up to `DETAIL_PATH_STEPS` last steps)."""
    row = (
        await session.execute(
            select(Enrollment, Journey.name, Contact.name, Contact.email)
            .join(Journey, Journey.id == Enrollment.journey_id)
            .join(Contact, Contact.id == Enrollment.contact_id)
            .where(Enrollment.id == enrollment_id)
        )
    ).first()
    if row is None:
        raise NotFoundError(f"There is no enrollment {enrollment_id}.")
    [item] = await _items(session, [tuple(row)], DETAIL_PATH_STEPS)
    return item


class _Step(msgspec.Struct):
    id: int
    at: datetime
    node_id: str
    exit_taken: str | None
    detail: dict[str, Any]


async def _items(
    session: AsyncSession, rows: list[tuple[Any, ...]], path_steps: int
) -> list[EnrollmentItem]:
    """The API items of loaded (enrollment, journey name, contact name, email) rows: four
    more queries whatever the page size (paths, since-when, jobs, step labels)."""
    if not rows:
        return []
    ids = [row[0].id for row in rows]
    states = {row[0].id: decode_state(msgspec.json.encode(row[0].state)) for row in rows}
    paths, totals = await _paths(session, ids, path_steps) if path_steps else ({}, {})
    since = await _since(session, ids)
    jobs = await _jobs(session, states.values())
    sendings = await _sendings(session, [step for steps in paths.values() for step in steps])
    labels: dict[tuple[uuid.UUID, int], dict[str, tuple[str, str]]] = {}
    for row in rows:
        key = (row[0].journey_id, row[0].version)
        if key not in labels:
            labels[key] = _labels(await definition_of(session, *key))
    items = []
    for enrollment_row, journey_name, contact_name, email in rows:
        eid = enrollment_row.id
        known = labels[(enrollment_row.journey_id, enrollment_row.version)]
        state = states[eid]
        items.append(
            EnrollmentItem(
                id=eid,
                journey_id=enrollment_row.journey_id,
                journey_name=journey_name,
                version=enrollment_row.version,
                contact=ContactRef(enrollment_row.contact_id, contact_name, email),
                status=enrollment_row.status,
                ended_reason=state.ended_reason,
                entered_at=enrollment_row.entered_at,
                ended_at=enrollment_row.ended_at,
                updated_at=enrollment_row.updated_at,
                at=_positions(state, known, since, jobs),
                path=[
                    PathStep(
                        id=step.id,
                        at=step.at,
                        step=_ref(known, step.node_id),
                        exit_taken=step.exit_taken,
                        token_id=str(step.detail.get("token") or ""),
                        text=str(step.detail.get("text") or ""),
                        why=step.detail.get("why"),
                        sending=sendings.get(_effect_key(step)),
                    )
                    for step in paths.get(eid, [])
                ],
                path_total=totals.get(eid, 0),
            )
        )
    return items


def _labels(definition: JourneyDefinition | None) -> dict[str, tuple[str, str]]:
    if definition is None:
        return {}
    return {
        node.id: (node.label or node.id, str(node.__struct_config__.tag))
        for node in definition.nodes
    }


def _ref(known: dict[str, tuple[str, str]], node_id: str) -> StepRef:
    label, kind = known.get(node_id, (node_id, None))
    return StepRef(node_id=node_id, label=label, node_kind=kind)


def _positions(
    state: EnrollmentState,
    known: dict[str, tuple[str, str]],
    since: dict[tuple[uuid.UUID, str, str], datetime],
    jobs: dict[str, tuple[uuid.UUID, str, str]],
) -> list[Position]:
    if state.status not in ("active", "paused"):
        return []
    eid = uuid.UUID(state.enrollment_id)
    positions = []
    for token in sorted(state.tokens, key=lambda t: t.order):
        waiting: Waiting
        awaiting = token.awaiting
        if isinstance(awaiting, AwaitEvent):
            waiting = WaitEvent(awaiting.event_name, awaiting.timeout_at)
        elif isinstance(awaiting, AwaitJob):
            job_id, job_status, job_type = jobs.get(awaiting.job_ref, (None, None, None))
            waiting = WaitJob(awaiting.job_ref, job_id, job_status, job_type)
        elif isinstance(awaiting, AwaitWebhook):
            waiting = WaitAnswer(awaiting.webhook_ref)
        elif token.status == "waiting_timer" and token.wake_at is not None:
            waiting = WaitTimer(token.wake_at)
        elif token.status == "waiting_join":
            waiting = WaitJoin()
        else:
            waiting = WaitContinue(token.wake_at)
        positions.append(
            Position(
                token_id=token.token_id,
                step=_ref(known, token.node_id),
                since=since.get((eid, token.token_id, token.node_id)),
                waiting_for=waiting,
            )
        )
    return positions


async def _paths(
    session: AsyncSession, ids: list[uuid.UUID], last: int
) -> tuple[dict[uuid.UUID, list[_Step]], dict[uuid.UUID, int]]:
    """Each enrollment's last `last` steps (oldest first) and its number of steps."""
    ranked = (
        select(
            JourneyStep.enrollment_id,
            JourneyStep.id,
            JourneyStep.at,
            JourneyStep.node_id,
            JourneyStep.exit_taken,
            JourneyStep.detail,
            func.row_number()
            .over(partition_by=JourneyStep.enrollment_id, order_by=JourneyStep.id.desc())
            .label("rank"),
            func.count().over(partition_by=JourneyStep.enrollment_id).label("total"),
        )
        .where(JourneyStep.enrollment_id == any_uuid(ids))
        .subquery()
    )
    rows = await session.execute(
        select(ranked).where(ranked.c.rank <= last).order_by(ranked.c.enrollment_id, ranked.c.id)
    )
    paths: dict[uuid.UUID, list[_Step]] = defaultdict(list)
    totals: dict[uuid.UUID, int] = {}
    for eid, step_id, at, node_id, exit_taken, detail, _rank, total in rows:
        paths[eid].append(_Step(step_id, at, node_id, exit_taken, detail))
        totals[eid] = total
    return paths, totals


async def _since(
    session: AsyncSession, ids: list[uuid.UUID]
) -> dict[tuple[uuid.UUID, str, str], datetime]:
    """When each path last entered each step (held and leaving lines do not enter)."""
    token: ColumnElement[str] = JourneyStep.detail["token"].astext
    entered: ColumnElement[bool] = JourneyStep.detail["entered"].astext.cast(Boolean)
    rows = await session.execute(
        select(JourneyStep.enrollment_id, token, JourneyStep.node_id, func.max(JourneyStep.at))
        .where(JourneyStep.enrollment_id == any_uuid(ids), entered)
        .group_by(JourneyStep.enrollment_id, token, JourneyStep.node_id)
    )
    return {(eid, tok, node): at for eid, tok, node, at in rows}


async def _jobs(
    session: AsyncSession, states: Iterable[EnrollmentState]
) -> dict[str, tuple[uuid.UUID, str, str]]:
    """The jobs create-job steps wait for, by their ref: (id, status, type)."""
    refs = [
        token.awaiting.job_ref
        for state in states
        for token in state.tokens
        if isinstance(token.awaiting, AwaitJob)
    ]
    if not refs:
        return {}
    rows = await session.execute(
        select(Job.effect_key, Job.id, Job.status, Job.type_name).where(Job.effect_key.in_(refs))
    )
    return {key: (job_id, status, type_name) for key, job_id, status, type_name in rows if key}


def _effect_key(step: _Step) -> str:
    why = step.detail.get("why") or {}
    return str(why.get("key") or "") if why.get("kind") == "effect" else ""


async def _sendings(session: AsyncSession, steps: list[_Step]) -> dict[str, Sending]:
    """The outbox rows of the action steps on the paths, by key."""
    keys = sorted({key for key in map(_effect_key, steps) if key})
    if not keys:
        return {}
    rows = await session.execute(
        select(
            OutboxMessage.key,
            OutboxMessage.status,
            OutboxMessage.attempts,
            OutboxMessage.sent_at,
            OutboxMessage.last_error,
        ).where(OutboxMessage.key.in_(keys))
    )
    return {
        key: Sending(status, attempts, sent_at, error)
        for key, status, attempts, sent_at, error in rows
    }


# ---- CSV export and counts -----------------------------------------------------------

MAX_EXPORT: Final = 50_000
_EXPORT_BATCH: Final = 500
CSV_COLUMNS: Final = (
    "enrollment_id",
    "contact_id",
    "contact_name",
    "contact_email",
    "journey",
    "version",
    "status",
    "step_id",
    "step",
    "since",
    "waiting_for",
    "due_at",
    "entered_at",
)


def _waiting_csv(waiting: Waiting) -> tuple[str, str]:
    """What a path waits for and when that is due, as two CSV cells."""
    match waiting:
        case WaitTimer():
            return "timer", waiting.due_at.isoformat()
        case WaitEvent():
            return f"event {waiting.event_name}", waiting.timeout_at.isoformat()
        case WaitJob():
            return f"job {waiting.job_type or ''} ({waiting.job_status or 'not created yet'})", ""
        case WaitAnswer():
            return "webhook answer", ""
        case WaitJoin():
            return "other paths", ""
        case WaitContinue():
            return "continues", waiting.due_at.isoformat() if waiting.due_at else ""
        case _:
            assert_never(waiting)


async def export_csv(session: AsyncSession, filters: Filters) -> str:
    """Every enrollment matching the filters (up to MAX_EXPORT), one row per live path
    (an ended enrollment is one row without a step), newest first."""
    await check_filters(session, filters)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    cursor: Cursor | None = None
    written = 0
    while written < MAX_EXPORT:
        page = await _page(session, filters, cursor, min(_EXPORT_BATCH, MAX_EXPORT - written), 0)
        for item in page.items:
            common = [item.id, item.contact.id, item.contact.name, item.contact.email or ""]
            common += [item.journey_name, item.version, item.status]
            positions: list[Position | None] = [*item.at] or [None]
            for position in positions:
                where: list[Any] = ["", "", "", "", ""]
                if position is not None:
                    waiting, due = _waiting_csv(position.waiting_for)
                    since = position.since.isoformat() if position.since else ""
                    where = [position.step.node_id, position.step.label, since, waiting, due]
                writer.writerow([*common, *where, item.entered_at.isoformat()])
        written += len(page.items)
        if page.next_cursor is None:
            break
        cursor = Cursor.decode(page.next_cursor)
    return out.getvalue()


class StepCount(msgspec.Struct, frozen=True):
    node_id: str
    label: str
    waiting: int


class VersionCounts(msgspec.Struct, frozen=True):
    """Live paths per step of one version (`version` None: all versions, by step id)."""

    version: int | None
    total: int
    steps: list[StepCount]


async def waiting_counts(session: AsyncSession, journey_id: uuid.UUID) -> list[VersionCounts]:
    """How many live paths stand at each step, per version and over all versions."""
    await _check(session, Filters(journey_id=journey_id))
    token = func.jsonb_array_elements(Enrollment.state["tokens"]).table_valued("value").alias("t")
    node: ColumnElement[str] = literal_column("t.value ->> 'node_id'")
    rows = await session.execute(
        select(Enrollment.version, node, func.count().cast(Integer))
        .select_from(Enrollment)
        .join(token, literal_column("true"))
        .where(Enrollment.journey_id == journey_id, Enrollment.status.in_(("active", "paused")))
        .group_by(Enrollment.version, node)
        .order_by(Enrollment.version, node)
    )
    per_version: dict[int, dict[str, int]] = defaultdict(dict)
    overall: dict[str, int] = defaultdict(int)
    for version, node_id, count in rows:
        per_version[version][node_id] = count
        overall[node_id] += count
    latest: dict[str, tuple[str, str]] = {}
    answer = []
    for version, counts in sorted(per_version.items()):
        known = _labels(await definition_of(session, journey_id, version))
        latest.update(known)
        steps = [StepCount(n, _ref(known, n).label, c) for n, c in counts.items()]
        answer.append(VersionCounts(version, sum(counts.values()), steps))
    all_steps = [StepCount(n, _ref(latest, n).label, c) for n, c in sorted(overall.items())]
    answer.insert(0, VersionCounts(None, sum(overall.values()), all_steps))
    return answer


class EnrollmentsApi(msgspec.Struct, frozen=True):
    """Every shape of the enrollments API in one schema (schemas/enrollments-api.schema.json),
    so the SPA's TypeScript types are generated from the backend's."""

    page: EnrollmentPage
    enrollment: EnrollmentItem
    waiting: list[VersionCounts]
