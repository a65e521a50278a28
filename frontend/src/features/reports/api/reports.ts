/** The jobs reports (docs/jobs-api.md, "Reports"), computed by the server from the audit log. */
import { keepPreviousData, queryOptions } from "@tanstack/react-query";
import { api, type QueryParams } from "@/lib/api-client";

export type GroupBy = "type" | "queue" | "assignee" | "journey";
export type Bucket = "day" | "week";

export interface Durations {
  avg: number;
  median: number;
  p90: number;
}

export interface TimesRow {
  key: string;
  label: string;
  created: number;
  claimed: number;
  completed: number;
  time_to_claim: Durations | null;
  time_to_complete: Durations | null;
}

export interface OverrunningRow {
  queue: string;
  label: string;
  overrunning: number;
  open: number;
}

export interface TrendPoint {
  start: string;
  created: number;
  claimed: number;
  completed: number;
  cancelled: number;
}

export interface AuditUser {
  id: string;
  name: string;
  email: string;
}

export interface JobAuditEntry {
  id: string | number;
  at: string;
  actor: AuditUser | null;
  action: string;
  job_id: string;
  changes: Record<string, unknown>;
}

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
