"""The reports' shapes in one schema (schemas/reports-api.schema.json), so the SPA's
TypeScript types are generated from the backend's."""

from __future__ import annotations

import msgspec

from app.jobs.schemas import Durations, JobEventPage, OverrunRow, TimesReport, TrendPoint
from app.journeys.schemas import JourneyStats
from app.reports.timeline import TimelineItem, TimelinePage


class ReportsApi(msgspec.Struct, frozen=True):
    """A contact's timeline, a journey's step numbers and the job reports."""

    timeline_item: TimelineItem
    timeline_page: TimelinePage
    journey_stats: JourneyStats
    durations: Durations
    times_report: TimesReport
    overrun_row: OverrunRow
    trend_point: TrendPoint
    job_audit_page: JobEventPage
