/** The jobs reports (docs/jobs-api.md, "Reports"), computed by the server from the audit log. */
import { keepPreviousData, queryOptions } from "@tanstack/react-query";
import { api, type QueryParams } from "@/lib/api-client";
import type {
  UserRef as AuditUser,
  Durations,
  JobEvent as JobAuditEntry,
  OverrunRow as OverrunningRow,
  TimesRow,
  TrendPoint,
} from "@/types/generated/reports-api";

export type GroupBy = "type" | "queue" | "assignee" | "journey";
export type Bucket = "day" | "week";

// The reports' shapes, generated from the backend's (types/generated/reports-api.ts).
export type { AuditUser, Durations, JobAuditEntry, OverrunningRow, TimesRow, TrendPoint };

export interface AuditFilters {
  job_id: string;
  actor: string;
  action: string | null;
  from: string | null;
  to: string | null;
  page: number;
}

export const AUDIT_PAGE_SIZE = 50;
const BASE = "/api/v1/jobs";

export interface Period {
  from: string | null;
  to: string | null;
}

const reportKeys = {
  times: (groupBy: GroupBy, period: Period) =>
    ["reports", "jobs", "times", groupBy, period] as const,
  overrunning: ["reports", "jobs", "overrunning"] as const,
  trend: (bucket: Bucket, period: Period) => ["reports", "jobs", "trend", bucket, period] as const,
  audit: (filters: AuditFilters) => ["reports", "jobs", "audit", filters] as const,
};

export function timesQuery(groupBy: GroupBy, period: Period): QueryParams {
  return { group_by: groupBy, from: period.from, to: period.to };
}

/** The CSV of the same rows the table shows. */
export function timesCsvUrl(groupBy: GroupBy, period: Period): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(timesQuery(groupBy, period))) {
    if (value !== null && value !== undefined) params.set(key, String(value));
  }
  return `${BASE}/reports/times.csv?${params}`;
}

export const timesQueryOptions = (groupBy: GroupBy, period: Period) =>
  queryOptions({
    queryKey: reportKeys.times(groupBy, period),
    queryFn: ({ signal }) =>
      api.get<{ rows: TimesRow[] }>(`${BASE}/reports/times`, {
        signal,
        query: timesQuery(groupBy, period),
      }),
    placeholderData: keepPreviousData,
  });

export const overrunningQueryOptions = () =>
  queryOptions({
    queryKey: reportKeys.overrunning,
    queryFn: ({ signal }) => api.get<OverrunningRow[]>(`${BASE}/reports/overrunning`, { signal }),
  });

export const trendQueryOptions = (bucket: Bucket, period: Period) =>
  queryOptions({
    queryKey: reportKeys.trend(bucket, period),
    queryFn: ({ signal }) =>
      api.get<TrendPoint[]>(`${BASE}/reports/trend`, {
        signal,
        query: { bucket, from: period.from, to: period.to },
      }),
    placeholderData: keepPreviousData,
  });

export const jobAuditQueryOptions = (filters: AuditFilters) =>
  queryOptions({
    queryKey: reportKeys.audit(filters),
    queryFn: ({ signal }) =>
      api.get<{ items: JobAuditEntry[]; total: number }>(`${BASE}/audit`, {
        signal,
        query: {
          job_id: filters.job_id.trim() || null,
          actor: filters.actor.trim() || null,
          action: filters.action,
          from: filters.from,
          to: filters.to,
          page: filters.page,
        },
      }),
    placeholderData: keepPreviousData,
  });
