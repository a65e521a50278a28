"""Queue pages: filters, sort and keyset pagination; counts per queue.

Keyset rather than offset: a page costs the same deep in a million-row table, and jobs
arriving live do not shift the next page. The cursor is the last row's sort value and id.
"""

from __future__ import annotations

import base64
import binascii
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any, Final

import msgspec
from sqlalchemy import (
    ColumnElement,
    Row,
    Select,
    and_,
    func,
    literal_column,
    or_,
    select,
    text,
    tuple_,
    union_all,
)
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from app.auth.models import Role, User
from app.contacts.models import Contact
from app.jobs import views
from app.jobs.access import Viewer
from app.jobs.models import OPEN_STATUSES, Job, JobType
from app.jobs.schemas import JobFilters, JobPage, Queue
from app.jobs.search import CONFIG
from app.lib.problems import FieldError, ForbiddenError, InvalidInputError

MAX_LIMIT: Final = 200
_CUSTOM_PLANS: Final = text("SET LOCAL plan_cache_mode = force_custom_plan")
# Jobs without a due time sort after every real one (the due index uses the same value).
NO_DUE: Final = datetime(9999, 12, 31, tzinfo=UTC)


def _due_key(due_at: Any) -> ColumnElement[Any]:
    # Matches the expression index ix_jobs_open_queue_due: jobs without a due time sort last.
    return func.coalesce(
        due_at, literal_column("'9999-12-31 00:00:00+00'::timestamp with time zone")
    )


def _sort_columns(sort: str, rows: Any = Job) -> tuple[list[Any], list[str], bool]:
    """The sort key columns (ending in id), their kinds, and whether it is descending.

    `rows` is the jobs table (Job) or the page subquery's columns: both name the same."""
    descending = sort.startswith("-")
    name = sort.lstrip("-")
    if name == "due_at":
        return [_due_key(rows.due_at), rows.id], ["time", "id"], descending
    if name == "priority":
        return [rows.priority_rank, rows.created_at, rows.id], ["int", "time", "id"], descending
    return [rows.created_at, rows.id], ["time", "id"], descending


def _encode_cursor(values: list[Any]) -> str:
    raw = msgspec.json.encode([v.isoformat() if isinstance(v, datetime) else v for v in values])
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _decode_cursor(cursor: str, kinds: list[str]) -> list[Any]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        values = msgspec.json.decode(raw)
        if not isinstance(values, list) or len(values) != len(kinds):
            raise ValueError("wrong length")
        convert: dict[str, Callable[[Any], Any]] = {
            "id": uuid.UUID,
            "int": int,
            "time": datetime.fromisoformat,
        }
        return [convert[kind](value) for value, kind in zip(values, kinds, strict=True)]
    except (ValueError, TypeError, binascii.Error, msgspec.DecodeError) as error:
        raise InvalidInputError.on_field(
            "cursor", "is not a cursor this list gave out; start from the first page"
        ) from error


def _scope(filters: JobFilters, viewer: Viewer) -> list[ColumnElement[bool]]:
    # A dashboard names its queue: then the queue alone decides (a plain `queue IN`, which
    # the partial queue indexes serve); without one, the viewer's queues or their own jobs.
    # The default scope of staff (unassigned + mine) is not here: see _default_parts.
    where: list[ColumnElement[bool]] = [
        viewer.only_queues(filters.queue) if filters.queue else viewer.visible()
    ]
    if filters.scope == "all" and not viewer.supervisor:
        raise ForbiddenError("Seeing every job of a queue needs the jobs:supervise permission.")
    if filters.scope == "mine":
        where.append(Job.assignee_id == viewer.user_id)
    elif filters.scope == "unassigned":
        where.append(Job.assignee_id.is_(None))
    return where


def _conditions(filters: JobFilters, viewer: Viewer, now: datetime) -> list[ColumnElement[bool]]:
    where = _scope(filters, viewer)
    statuses = list(filters.status) or list(OPEN_STATUSES)
    where.append(Job.status.in_(statuses))
    if filters.type:
        where.append(Job.type_name.in_(filters.type))
    if filters.priority:
        where.append(Job.priority.in_(filters.priority))
    if filters.assignee:
        where.append(_assignee(filters.assignee, viewer))
    if filters.q and filters.q.strip():
        query = func.websearch_to_tsquery(
            literal_column(f"'{CONFIG}'::regconfig"), filters.q.strip()
        )
        where.append(Job.search.op("@@")(query))
    if filters.created_from:
        where.append(Job.created_at >= filters.created_from)
    if filters.created_to:
        where.append(Job.created_at < filters.created_to)
    if filters.due_from:
        where.append(Job.due_at >= filters.due_from)
    if filters.due_to:
        where.append(Job.due_at < filters.due_to)
    if filters.overrunning:
        where.append(and_(Job.status.in_(OPEN_STATUSES), Job.due_at < now))
    return where


def _assignee(value: str, viewer: Viewer) -> ColumnElement[bool]:
    if value == "me":
        return Job.assignee_id == viewer.user_id
    if value == "none":
        return Job.assignee_id.is_(None)
    try:
        return Job.assignee_id == uuid.UUID(value)
    except ValueError as error:
        raise InvalidInputError.on_field("assignee", "must be a user id, `me` or `none`") from error


_PAGE_COLUMNS: Final = (
    Job.id,
    Job.type_name,
    Job.title,
    Job.queue,
    Job.status,
    Job.priority,
    Job.priority_rank,
    Job.assignee_id,
    Job.contact_id,
    Job.created_at,
    Job.due_at,
    Job.claimed_at,
    Job.completed_at,
    Job.version,
)


# Made once: an alias copies its table's columns, a millisecond a page if made per call.
_PAGE_CONTACT: Final = aliased(Contact, name="contact")
_PAGE_ASSIGNEE: Final = aliased(User, name="assignee")
_PAGE_ASSIGNEE_CONTACT: Final = aliased(Contact, name="assignee_contact")


def _default_parts(filters: JobFilters, viewer: Viewer) -> list[ColumnElement[bool]]:
    """Staff's default page, unassigned + mine: for open jobs, two conditions read apart.

    As one `assignee_id IS NULL OR assignee_id = me` filter, a queue whose open jobs are
    all someone else's is read to the end to find nothing (30 ms at 10,000 open jobs). Apart,
    each part walks its own index: the unassigned partial indexes, and the viewer's jobs.
    """
    if filters.scope != "default" or viewer.supervisor:
        return []
    if filters.status and not set(filters.status) <= set(OPEN_STATUSES):
        # Closed jobs all have someone's name on them: apart, the unassigned half would
        # read the queue's history to find none; together, mine turn up as it reads.
        return [or_(Job.assignee_id.is_(None), Job.assignee_id == viewer.user_id)]
    return [Job.assignee_id.is_(None), Job.assignee_id == viewer.user_id]


def page_query(
    filters: JobFilters, viewer: Viewer, now: datetime, *, limit: int, cursor: str | None
) -> Select[Any]:
    """One statement for a page: its rows, with the type label, contact and assignee names.

    The rows are chosen first (a subquery with the LIMIT); the names are joined to those
    few only. Looked up apart, they were three more round trips, a third of a page's time.
    """
    columns, kinds, descending = _sort_columns(filters.sort)
    where = _conditions(filters, viewer, now)
    if cursor:
        after = _decode_cursor(cursor, kinds)
        key = tuple_(*columns)
        where.append(key < tuple_(*after) if descending else key > tuple_(*after))
    order = [c.desc() if descending else c.asc() for c in columns]
    parts = _default_parts(filters, viewer)
    if len(parts) == 1:
        where.append(parts[0])
    elif parts:
        # Each part's first page, then the page from those (at most twice a page of ids).
        firsts = [
            select(Job.id).where(*where, half).order_by(*order).limit(limit + 1) for half in parts
        ]
        where = [Job.id.in_(union_all(*firsts))]
    # Only what a page row shows (JobSummary) and its cursor: not the guidance, the form
    # data or the search vector, which make a row many times wider.
    page = select(*_PAGE_COLUMNS).where(*where).order_by(*order).limit(limit + 1).subquery("page")
    contact, assignee, assignee_contact = _PAGE_CONTACT, _PAGE_ASSIGNEE, _PAGE_ASSIGNEE_CONTACT
    outer_columns, _, _ = _sort_columns(filters.sort, page.c)
    return (
        select(
            page,
            JobType.label.label("type_label"),
            contact.name.label("contact_name"),
            contact.email.label("contact_email"),
            assignee.email.label("assignee_email"),
            assignee_contact.name.label("assignee_name"),
        )
        .outerjoin(JobType, JobType.name == page.c.type_name)
        .outerjoin(contact, contact.id == page.c.contact_id)
        .outerjoin(assignee, assignee.id == page.c.assignee_id)
        .outerjoin(assignee_contact, assignee_contact.id == assignee.contact_id)
        .order_by(*[c.desc() if descending else c.asc() for c in outer_columns])
    )


def _cursor_values(row: Row[Any], sort: str) -> list[Any]:
    name = sort.lstrip("-")
    if name == "due_at":
        return [row.due_at or NO_DUE, str(row.id)]
    if name == "priority":
        return [row.priority_rank, row.created_at, str(row.id)]
    return [row.created_at, str(row.id)]


async def list_jobs(
    db: AsyncSession,
    viewer: Viewer,
    filters: JobFilters,
    now: datetime,
    *,
    limit: int = 50,
    cursor: str | None = None,
) -> JobPage:
    # A page's best plan depends on its values (how many jobs a keyword or a date range
    # matches). asyncpg prepares statements, and after five runs PostgreSQL may keep one
    # generic plan that ignores them: for the keyword page that plan walked every job of
    # the assignee (60 ms instead of 10). Planning afresh costs about a millisecond.
    await db.execute(_CUSTOM_PLANS)
    rows = list(await db.execute(page_query(filters, viewer, now, limit=limit, cursor=cursor)))
    more = len(rows) > limit
    rows = rows[:limit]
    next_cursor = _encode_cursor(_cursor_values(rows[-1], filters.sort)) if more else None
    return JobPage(items=[views.page_row(row, now) for row in rows], next_cursor=next_cursor)


def filters_from(raw: dict[str, Any], *, where: str = "") -> JobFilters:
    """A JobFilters from query parameters or a saved filter; 400 naming the bad key."""
    try:
        return msgspec.convert(raw, JobFilters, strict=False)
    except msgspec.ValidationError as error:
        message = str(error)
        text, _, path = message.rpartition(" - at `$.")
        field = path.rstrip("`").split("[")[0] if path else "filters"
        raise InvalidInputError(
            f"The filter is not valid: {where}{field}: {text or message}",
            errors=[FieldError(f"{where}{field}", text or message)],
        ) from error


async def queues(db: AsyncSession, viewer: Viewer, now: datetime) -> list[Queue]:
    """The viewer's queues (every role queue for a supervisor) with their counts."""
    roles = list(
        await db.execute(
            select(Role.name, Role.label, Role.queue, Role.dashboard)
            .where(Role.queue.in_(sorted(viewer.queues)))
            .order_by(Role.label)
        )
    )
    if not roles:
        return []
    open_jobs = Job.status.in_(OPEN_STATUSES)
    counts = {
        queue: (total, unassigned, mine, overrunning)
        for queue, total, unassigned, mine, overrunning in await db.execute(
            select(
                Job.queue,
                func.count(),
                func.count().filter(Job.assignee_id.is_(None)),
                func.count().filter(Job.assignee_id == viewer.user_id),
                func.count().filter(Job.due_at < now),
            )
            .where(open_jobs, Job.queue.in_(sorted(viewer.queues)))
            .group_by(Job.queue)
        )
    }
    seen: set[str] = set()
    result = []
    for name, label, queue, dashboard in roles:
        if queue is None or queue in seen:
            continue
        seen.add(queue)
        total, unassigned, mine, overrunning = counts.get(queue, (0, 0, 0, 0))
        result.append(
            Queue(
                name=queue,
                label=label,
                role=name,
                dashboard=dashboard,
                open=total,
                unassigned=unassigned,
                mine=mine,
                overrunning=overrunning,
            )
        )
    return result
