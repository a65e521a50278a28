/**
 * The jobs API's shapes (docs/jobs-api.md, "Shapes"): generated from the backend's schema
 * (types/generated/jobs-api.ts), plus the unions and lists the SPA iterates over.
 */
export type {
  BulkResult as BulkReassignResult,
  Job,
  JobEvent,
  JobFileInfo as JobFile,
  JobMessage as JobStreamMessage,
  JobPage,
  JobSummary,
  JobType,
  JobTypeRef,
  Note,
  Queue,
  RelatedObject as RelatedRef,
  SavedFilter,
  UserRef,
  Workload,
} from "@/types/generated/jobs-api";

import type { JobType, JobFilters as ListQuery } from "@/types/generated/jobs-api";

/**
 * The list query's filters (GET /jobs: one query parameter per field of the backend's
 * `JobFilters`), as saved filters store them. The queue is the dashboard's, not a filter.
 */
export type JobFilters = Omit<ListQuery, "queue">;
export type JobStatus = NonNullable<ListQuery["status"]>[number];
export type Priority = NonNullable<ListQuery["priority"]>[number];
export type Scope = NonNullable<ListQuery["scope"]>;
export type SortKey = NonNullable<ListQuery["sort"]>;

/** `values` in the order the SPA shows them; the type check fails if one is missing. */
export function inOrder<T extends string>() {
  return <const L extends readonly T[]>(
    values: L & ([Exclude<T, L[number]>] extends [never] ? unknown : never),
  ): readonly T[] => values;
}

export const JOB_STATUSES = inOrder<JobStatus>()([
  "new",
  "in_progress",
  "on_hold",
  "completed",
  "cancelled",
]);
export const OPEN_STATUSES: readonly JobStatus[] = ["new", "in_progress", "on_hold"];
export const PRIORITIES = inOrder<Priority>()(["low", "normal", "high", "urgent"]);

export type JsonObject = Record<string, unknown>;

export type JobTypeInput = Omit<JobType, "id" | "version" | "created_at" | "updated_at">;

export type JobAction =
  | "job.created"
  | "job.claimed"
  | "job.unclaimed"
  | "job.assigned"
  | "job.updated"
  | "job.note_added"
  | "job.file_added"
  | "job.completed"
  | "job.cancelled";
