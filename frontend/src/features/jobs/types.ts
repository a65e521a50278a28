/** The jobs API's shapes (docs/jobs-api.md, "Shapes"). */

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

export interface UserRef {
  id: string;
  name: string;
  email: string;
}

export interface JobTypeRef {
  name: string;
  label: string;
}

export type JsonObject = Record<string, unknown>;

export interface JobType {
  id: string;
  name: string;
  label: string;
  queue: string;
  guidance: string;
  form_schema: JsonObject;
  ui_schema: JsonObject;
  outcomes: string[];
  default_due_minutes: number | null;
  priority: Priority;
  version: number;
  created_at: string;
  updated_at: string;
}

export type JobTypeInput = Omit<JobType, "id" | "version" | "created_at" | "updated_at">;

export interface JobSummary {
  id: string;
  type: JobTypeRef;
  title: string;
  queue: string;
  status: JobStatus;
  priority: Priority;
  assignee: UserRef | null;
  contact: { id: string; name: string } | null;
  created_at: string;
  due_at: string | null;
  claimed_at: string | null;
  completed_at: string | null;
  overrunning: boolean;
  version: number;
}

export interface RelatedRef {
  type: string;
  id: string;
}

export interface Job extends JobSummary {
  guidance: string;
  form_schema: JsonObject;
  ui_schema: JsonObject;
  outcomes: string[];
  form_data: JsonObject;
  outcome: string | null;
  related: RelatedRef[];
  journey: {
    journey_id: string;
    journey_name: string;
    enrollment_id: string;
    node_id: string;
  } | null;
  cancel_reason: string | null;
  notes_count: number;
  files_count: number;
}

export interface JobPage {
  items: JobSummary[];
  next_cursor: string | null;
}

export interface Note {
  id: string;
  body: string;
  author: UserRef | null;
  created_at: string;
}

export interface JobFile {
  id: string;
  filename: string;
  content_type: string;
  size: number;
  sha256: string;
  uploaded_by: UserRef | null;
  uploaded_at: string;
}

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

export interface JobEvent {
  id: string | number;
  at: string;
  actor: UserRef | null;
  action: JobAction | string;
  job_id: string;
  changes: Record<string, unknown>;
}

export interface Queue {
  name: string;
  label: string;
  role: string;
  dashboard: string;
  open: number;
  unassigned: number;
  mine: number;
  overrunning: number;
}

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

export interface SavedFilter {
  id: string;
  name: string;
  queue: string | null;
  filters: JobFilters;
  shared: boolean;
  role: string | null;
  owner: UserRef;
  created_at: string;
  updated_at: string;
}

/** One message of GET /jobs/stream (`event: job`). */
export interface JobStreamMessage {
  action: JobAction | string;
  job: JobSummary;
  actor_id: string | null;
  at: string;
}

export interface Workload {
  user: UserRef;
  queues: string[];
  open: number;
  in_progress: number;
  on_hold: number;
  overrunning: number;
  completed_today: number;
}

export interface BulkReassignResult {
  updated: JobSummary[];
  failed: { id: string; detail: string }[];
}
