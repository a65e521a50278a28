"""The reports' endpoints: a contact's timeline, a journey's step numbers, the job reports.

Their paths sit under the resources they describe (a contact, a journey, the jobs) and
keep their operation ids; they live here because each reads several domains.
"""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from typing import Annotated

from litestar import Controller, Response, get
from litestar.params import FromPath, FromQuery, QueryParameter

from app.auth.guards import requires
from app.auth.permissions import Permission
from app.contacts import views as contact_views
from app.deps import ResourcesDep
from app.jobs.schemas import JobEventPage, OverrunRow, TimesReport, TrendPoint
from app.journeys.schemas import JourneyStats
from app.lib.params import VersionFilter
from app.lib.problems import InvalidInputError, problem_response
from app.reports import enrollments, steps, timeline
from app.reports import jobs as jobs_reports
from app.resources import Resources

CONTACTS_READ = [requires(Permission.CONTACTS_READ)]
JOURNEYS_READ = [requires(Permission.JOURNEYS_READ)]
# Enrollments name their contacts: both permissions.
ENROLLMENTS_READ = [requires(Permission.JOURNEYS_READ, Permission.CONTACTS_READ)]
REPORTS = [requires(Permission.REPORTS_READ)]
ContactId = FromPath[uuid.UUID]
JourneyId = FromPath[uuid.UUID]


class ContactTimelineController(Controller):
    path = "/api/v1/contacts"
    tags = ["contacts"]  # noqa: RUF012 - Litestar reads it as a class attribute

    @get("/{contact_id:uuid}/timeline", operation_id="getContactTimeline", guards=CONTACTS_READ)
    async def timeline(
        self,
        resources: ResourcesDep,
        contact_id: ContactId,
        before: FromQuery[str | None] = None,
        limit: Annotated[int, QueryParameter(ge=1, le=timeline.MAX_LIMIT)] = 50,
        kind: FromQuery[list[str] | None] = None,
    ) -> timeline.TimelinePage:
        async with resources.sessions() as db:
            await contact_views.detail(db, contact_id)
            return await timeline.timeline(
                db,
                contact_id,
                before=before,
                limit=limit,
                kinds=frozenset(kind) if kind else None,
            )


class JourneyStatsController(Controller):
    path = "/api/v1/journeys"
    tags = ["journeys"]  # noqa: RUF012

    @get(
        "/{journey_id:uuid}/stats",
        operation_id="getJourneyStats",
        guards=JOURNEYS_READ,
        summary="Per-step counts over every version, or over one (`version`)",
        responses={404: problem_response("No such journey, or no such published `version`.")},
    )
    async def stats(
        self, resources: ResourcesDep, journey_id: JourneyId, version: VersionFilter = None
    ) -> JourneyStats:
        async with resources.sessions() as db:
            return await steps.journey_stats(db, journey_id, version)


_SIGNED_IN = {
    401: problem_response("Not signed in (no session, no API key)."),
    403: problem_response("The caller lacks journeys:read or contacts:read."),
}


_BAD_FILTER = problem_response(
    "A filter that means nothing (`version` or `node_id` without `journey_id`, a step not"
    " in the journey, a bad `after` cursor): `errors` names it."
)
_NO_SUCH = problem_response("The `journey_id`, its `version` or the `contact_id` does not exist.")


class EnrollmentsController(Controller):
    """Who is where and why (docs/enrollments-api.md)."""

    path = "/api/v1/enrollments"
    tags = ["enrollments"]  # noqa: RUF012

    @get(
        "/",
        operation_id="listEnrollments",
        guards=ENROLLMENTS_READ,
        summary="Enrollments by contact, journey, version and step, newest first",
        responses={400: _BAD_FILTER, 404: _NO_SUCH, **_SIGNED_IN},
    )
    async def list_enrollments(  # noqa: PLR0917 - one parameter per filter
        self,
        resources: ResourcesDep,
        contact_id: FromQuery[uuid.UUID | None] = None,
        journey_id: FromQuery[uuid.UUID | None] = None,
        version: VersionFilter = None,
        node_id: FromQuery[str | None] = None,
        status: FromQuery[list[enrollments.EnrollmentStatus] | None] = None,
        q: FromQuery[str | None] = None,
        after: FromQuery[str | None] = None,
        limit: Annotated[int, QueryParameter(ge=1, le=enrollments.MAX_LIMIT)] = 50,
    ) -> enrollments.EnrollmentPage:
        filters = enrollments.Filters(
            contact_id=contact_id,
            journey_id=journey_id,
            version=version,
            node_id=node_id,
            statuses=tuple(status or ()),
            q=q,
        )
        async with resources.sessions() as db:
            return await enrollments.list_enrollments(db, filters, after=after, limit=limit)

    @get(
        "/export.csv",
        operation_id="exportEnrollments",
        guards=ENROLLMENTS_READ,
        summary="The enrollments matching the filters as CSV, one row per live path",
        media_type="text/csv",
        responses={400: _BAD_FILTER, 404: _NO_SUCH, **_SIGNED_IN},
    )
    async def export(  # noqa: PLR0917 - one parameter per filter
        self,
        resources: ResourcesDep,
        contact_id: FromQuery[uuid.UUID | None] = None,
        journey_id: FromQuery[uuid.UUID | None] = None,
        version: VersionFilter = None,
        node_id: FromQuery[str | None] = None,
        status: FromQuery[list[enrollments.EnrollmentStatus] | None] = None,
        q: FromQuery[str | None] = None,
    ) -> Response[str]:
        filters = enrollments.Filters(
            contact_id=contact_id,
            journey_id=journey_id,
            version=version,
            node_id=node_id,
            statuses=tuple(status or ()),
            q=q,
        )
        async with resources.sessions() as db:
            body = await enrollments.export_csv(db, filters)
        name = f"enrollments-{node_id}.csv" if node_id else "enrollments.csv"
        return Response(
            body,
            media_type="text/csv",
            headers={"Content-Disposition": f'attachment; filename="{name}"'},
        )

    @get(
        "/waiting",
        operation_id="countEnrollmentsWaiting",
        guards=ENROLLMENTS_READ,
        summary="Live paths per step of a journey: over all versions, then per version",
        responses={
            400: problem_response("`journey_id` is missing or not a journey id."),
            404: problem_response("There is no journey with that `journey_id`."),
            **_SIGNED_IN,
        },
    )
    async def waiting(
        self, resources: ResourcesDep, journey_id: FromQuery[uuid.UUID]
    ) -> list[enrollments.VersionCounts]:
        async with resources.sessions() as db:
            return await enrollments.waiting_counts(db, journey_id)

    @get(
        "/{enrollment_id:uuid}",
        operation_id="getEnrollment",
        guards=ENROLLMENTS_READ,
        summary="One enrollment: where it stands, what it waits for, its path",
        responses={404: problem_response("There is no enrollment with that id."), **_SIGNED_IN},
    )
    async def get_enrollment(
        self, resources: ResourcesDep, enrollment_id: FromPath[uuid.UUID]
    ) -> enrollments.EnrollmentItem:
        async with resources.sessions() as db:
            return await enrollments.enrollment(db, enrollment_id)


class JobReportsController(Controller):
    path = "/api/v1/jobs"
    tags = ["jobs"]  # noqa: RUF012

    @get("/reports/times", operation_id="jobTimesReport", guards=REPORTS, summary="Times")
    async def times_report(
        self,
        resources: ResourcesDep,
        group_by: FromQuery[jobs_reports.GroupBy] = "type",
        start: Annotated[datetime | None, QueryParameter(name="from")] = None,
        end: Annotated[datetime | None, QueryParameter(name="to")] = None,
    ) -> TimesReport:
        since, until = _range(resources, start, end)
        async with resources.sessions() as db:
            return await jobs_reports.times(db, group_by, since, until)

    @get(
        "/reports/times.csv",
        operation_id="jobTimesReportCsv",
        guards=REPORTS,
        summary="Times as CSV",
        media_type="text/csv",
    )
    async def times_csv(
        self,
        resources: ResourcesDep,
        group_by: FromQuery[jobs_reports.GroupBy] = "type",
        start: Annotated[datetime | None, QueryParameter(name="from")] = None,
        end: Annotated[datetime | None, QueryParameter(name="to")] = None,
    ) -> Response[str]:
        since, until = _range(resources, start, end)
        async with resources.sessions() as db:
            report = await jobs_reports.times(db, group_by, since, until)
        return Response(
            jobs_reports.times_csv(report, group_by),
            media_type="text/csv",
            headers={"Content-Disposition": f'attachment; filename="job-times-by-{group_by}.csv"'},
        )

    @get(
        "/reports/overrunning",
        operation_id="jobOverrunReport",
        guards=REPORTS,
        summary="Overrunning per queue",
    )
    async def overrun_report(self, resources: ResourcesDep) -> list[OverrunRow]:
        async with resources.sessions() as db:
            return await jobs_reports.overrunning(db, resources.job_clock.now())

    @get("/reports/trend", operation_id="jobTrendReport", guards=REPORTS, summary="Trend")
    async def trend_report(
        self,
        resources: ResourcesDep,
        bucket: FromQuery[jobs_reports.Bucket] = "day",
        start: Annotated[datetime | None, QueryParameter(name="from")] = None,
        end: Annotated[datetime | None, QueryParameter(name="to")] = None,
    ) -> list[TrendPoint]:
        since, until = _range(resources, start, end)
        async with resources.sessions() as db:
            return await jobs_reports.trend(db, since, until, bucket)

    @get("/audit", operation_id="jobAuditLog", guards=REPORTS, summary="The jobs audit log")
    async def audit(  # noqa: PLR0917 - one parameter per filter
        self,
        resources: ResourcesDep,
        job_id: FromQuery[uuid.UUID | None] = None,
        actor: FromQuery[str | None] = None,
        action: FromQuery[str | None] = None,
        start: Annotated[datetime | None, QueryParameter(name="from")] = None,
        end: Annotated[datetime | None, QueryParameter(name="to")] = None,
        page: Annotated[int, QueryParameter(ge=1, le=100_000)] = 1,
    ) -> JobEventPage:
        async with resources.sessions() as db:
            return await jobs_reports.audit_page(
                db, job_id=job_id, actor=actor, action=action, start=start, end=end, page=page
            )


def _range(
    resources: Resources, start: datetime | None, end: datetime | None
) -> tuple[datetime, datetime]:
    """A report's window: the last 30 days unless given."""
    until = end or resources.job_clock.now()
    since = start or until - timedelta(days=30)
    if since >= until:
        raise InvalidInputError.on_field("from", "must be before `to`")
    return since, until


REPORTS_CONTROLLERS = [
    ContactTimelineController,
    JourneyStatsController,
    EnrollmentsController,
    JobReportsController,
]
