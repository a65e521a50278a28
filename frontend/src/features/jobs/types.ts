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

import type { JobType } from "@/types/generated/jobs-api";

export type JobStatus = "new" | "in_progress" | "on_hold" | "completed" | "cancelled";
export type Priority = "low" | "normal" | "high" | "urgent";

export const JOB_STATUSES: readonly JobStatus[] = [
  "new",
  "in_progress",
  "on_hold",
  "completed",
  "cancelled",
];
export const OPEN_STATUSES: readonly JobStatus[] = ["new", "in_progress", "on_hold"];
export const PRIORITIES: readonly Priority[] = ["low", "normal", "high", "urgent"];

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

export type Scope = "default" | "mine" | "unassigned" | "all";
export type SortKey =
  | "created_at"
  | "-created_at"
  | "due_at"
  | "-due_at"
  | "priority"
  | "-priority";

/** The list query's filters (GET /jobs), as the saved filters store them. */
export interface JobFilters {
  scope?: Scope;
  status?: JobStatus[];
  type?: string[];
  priority?: Priority[];
  assignee?: string;
  q?: string;
  created_from?: string;
  created_to?: string;
  due_from?: string;
  due_to?: string;
  overrunning?: boolean;
  sort?: SortKey;
}

/** One message of GET /jobs/stream (`event: job`). */
