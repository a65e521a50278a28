/**
 * Generated from schemas/jobs-api.schema.json by frontend/scripts/gen-types.mjs — do not edit.
 * Change the schema's source in the backend, then run `npm run gen:types`.
 */

/**
 * Every shape of the jobs API in one schema (schemas/jobs-api.schema.json), so the
 *     SPA's TypeScript types are generated from the backend's.
 */
export interface JobsApi {
  assign: AssignRequest;
  bulk_reassign: BulkReassign;
  bulk_result: BulkResult;
  cancel: CancelRequest;
  complete: CompleteRequest;
  job: Job;
  job_event: JobEvent;
  job_event_page: JobEventPage;
  job_file: JobFileInfo;
  job_filters: JobFilters;
  job_message: JobMessage;
  job_page: JobPage;
  job_patch: JobPatch;
  job_type: JobType;
  job_type_create: JobTypeCreate;
  job_type_ref: JobTypeRef;
  job_type_update: JobTypeUpdate;
  note: Note;
  note_create: NoteCreate;
  overrun_row: OverrunRow;
  queue: Queue;
  saved_filter: SavedFilter;
  saved_filter_update: SavedFilterUpdate;
  saved_filter_write: SavedFilterWrite;
  times_report: TimesReport;
  trend_point: TrendPoint;
  unclaim: UnclaimRequest;
  workload: Workload;
  [k: string]: unknown | undefined;
}
export interface AssignRequest {
  assignee_id: string | null;
  version?: number | null;
}
export interface BulkReassign {
  assignee_id: string | null;
  /**
   * @minItems 1
   * @maxItems 500
   */
  job_ids: [string, ...string[]];
}
export interface BulkResult {
  failed: BulkFailure[];
  updated: JobSummary[];
  [k: string]: unknown | undefined;
}
export interface BulkFailure {
  detail: string;
  id: string;
  [k: string]: unknown | undefined;
}
export interface JobSummary {
  assignee: UserRef | null;
  claimed_at: string | null;
  completed_at: string | null;
  contact: ContactRef | null;
  created_at: string;
  due_at: string | null;
  id: string;
  overrunning: boolean;
  priority: "high" | "low" | "normal" | "urgent";
  queue: string;
  status: "cancelled" | "completed" | "in_progress" | "new" | "on_hold";
  title: string;
  type: JobTypeRef;
  version: number;
  [k: string]: unknown | undefined;
}
export interface UserRef {
  email: string;
  id: string;
  name: string;
  [k: string]: unknown | undefined;
}
export interface ContactRef {
  id: string;
  name: string;
  [k: string]: unknown | undefined;
}
export interface JobTypeRef {
  label: string;
  name: string;
  [k: string]: unknown | undefined;
}
export interface CancelRequest {
  reason?: string | null;
  version: number;
}
export interface CompleteRequest {
  data?: {
    [k: string]: unknown | undefined;
  };
  outcome: string;
  version: number;
}
export interface Job {
  assignee: UserRef | null;
  cancel_reason: string | null;
  claimed_at: string | null;
  completed_at: string | null;
  contact: ContactRef | null;
  contact_facts: ContactFacts | null;
  created_at: string;
  due_at: string | null;
  files_count: number;
  form_data: {
    [k: string]: unknown | undefined;
  };
  form_schema: {
    [k: string]: unknown | undefined;
  };
  guidance: string;
  id: string;
  journey: JourneyRef | null;
  notes_count: number;
  outcome: string | null;
  outcomes: string[];
  overrunning: boolean;
  priority: "high" | "low" | "normal" | "urgent";
  queue: string;
  related: RelatedObject[];
  status: "cancelled" | "completed" | "in_progress" | "new" | "on_hold";
  title: string;
  type: JobTypeRef;
  ui_schema: {
    [k: string]: unknown | undefined;
  };
  version: number;
  [k: string]: unknown | undefined;
}
/**
 * The job's contact at a glance.
 */
export interface ContactFacts {
  email: string | null;
  id: string;
  name: string;
  phone: string | null;
  score: number;
  tags: string[];
  [k: string]: unknown | undefined;
}
export interface JourneyRef {
  enrollment_id: string | null;
  journey_id: string;
  journey_name: string;
  node_id: string | null;
  [k: string]: unknown | undefined;
}
export interface RelatedObject {
  id: string;
  object: ObjectFacts | null;
  type: string;
  [k: string]: unknown | undefined;
}
/**
 * A related object's key facts (one of the job's contact's own objects).
 */
export interface ObjectFacts {
  amount: number | null;
  created_at: string;
  currency: string | null;
  due_at: string | null;
  fields: {
    [k: string]: string | number | boolean | undefined;
  };
  id: string;
  kind: string;
  reference: string | null;
  starts_at: string | null;
  status: string;
  [k: string]: unknown | undefined;
}
export interface JobEvent {
  action: string;
  actor: UserRef | null;
  at: string;
  changes: {
    [k: string]: unknown | undefined;
  };
  id: number;
  job_id: string;
  [k: string]: unknown | undefined;
}
export interface JobEventPage {
  items: JobEvent[];
  total: number;
  [k: string]: unknown | undefined;
}
export interface JobFileInfo {
  content_type: string;
  filename: string;
  id: string;
  sha256: string;
  size: number;
  uploaded_at: string;
  uploaded_by: UserRef | null;
  [k: string]: unknown | undefined;
}
/**
 * The list query as an object (saved filters store this).
 */
export interface JobFilters {
  assignee?: string | null;
  created_from?: string | null;
  created_to?: string | null;
  due_from?: string | null;
  due_to?: string | null;
  overrunning?: boolean;
  priority?: ("high" | "low" | "normal" | "urgent")[];
  q?: string | null;
  queue?: string[];
  scope?: "all" | "default" | "mine" | "unassigned";
  sort?: "-created_at" | "-due_at" | "-priority" | "created_at" | "due_at" | "priority";
  status?: ("cancelled" | "completed" | "in_progress" | "new" | "on_hold")[];
  type?: string[];
}
/**
 * One server-sent `job` message: a change to a job, after its commit.
 */
export interface JobMessage {
  action: string;
  actor_id: string | null;
  at: string;
  job: JobSummary;
  [k: string]: unknown | undefined;
}
export interface JobPage {
  items: JobSummary[];
  next_cursor: string | null;
  [k: string]: unknown | undefined;
}
export interface JobPatch {
  due_at?: string | null;
  form_data?: {
    [k: string]: unknown | undefined;
  } | null;
  priority?: ("high" | "low" | "normal" | "urgent") | null;
  status?: ("in_progress" | "new" | "on_hold") | null;
  title?: string | null;
  version: number;
}
export interface JobType {
  created_at: string;
  default_due_minutes: number | null;
  form_schema: {
    [k: string]: unknown | undefined;
  };
  guidance: string;
  id: string;
  label: string;
  name: string;
  outcomes: string[];
  priority: "high" | "low" | "normal" | "urgent";
  queue: string;
  ui_schema: {
    [k: string]: unknown | undefined;
  };
  updated_at: string;
  version: number;
  [k: string]: unknown | undefined;
}
export interface JobTypeCreate {
  default_due_minutes?: number | null;
  form_schema?: {
    [k: string]: unknown | undefined;
  };
  guidance?: string;
  label: string;
  name: string;
  /**
   * @minItems 1
   * @maxItems 20
   */
  outcomes:
    | [string]
    | [string, string]
    | [string, string, string]
    | [string, string, string, string]
    | [string, string, string, string, string]
    | [string, string, string, string, string, string]
    | [string, string, string, string, string, string, string]
    | [string, string, string, string, string, string, string, string]
    | [string, string, string, string, string, string, string, string, string]
    | [string, string, string, string, string, string, string, string, string, string]
    | [string, string, string, string, string, string, string, string, string, string, string]
    | [
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
      ]
    | [
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
      ]
    | [
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
      ]
    | [
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
      ]
    | [
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
      ]
    | [
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
      ]
    | [
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
      ]
    | [
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
      ]
    | [
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
      ];
  priority?: "high" | "low" | "normal" | "urgent";
  queue: string;
  ui_schema?: {
    [k: string]: unknown | undefined;
  };
}
/**
 * A PUT replaces the type: every field is required (no default fills a gap).
 */
export interface JobTypeUpdate {
  default_due_minutes: number | null;
  form_schema: {
    [k: string]: unknown | undefined;
  };
  guidance: string;
  label: string;
  /**
   * @minItems 1
   * @maxItems 20
   */
  outcomes:
    | [string]
    | [string, string]
    | [string, string, string]
    | [string, string, string, string]
    | [string, string, string, string, string]
    | [string, string, string, string, string, string]
    | [string, string, string, string, string, string, string]
    | [string, string, string, string, string, string, string, string]
    | [string, string, string, string, string, string, string, string, string]
    | [string, string, string, string, string, string, string, string, string, string]
    | [string, string, string, string, string, string, string, string, string, string, string]
    | [
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
      ]
    | [
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
      ]
    | [
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
      ]
    | [
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
      ]
    | [
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
      ]
    | [
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
      ]
    | [
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
      ]
    | [
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
      ]
    | [
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
      ];
  priority: "high" | "low" | "normal" | "urgent";
  queue: string;
  ui_schema: {
    [k: string]: unknown | undefined;
  };
  version: number;
}
export interface Note {
  author: UserRef | null;
  body: string;
  created_at: string;
  id: number;
  [k: string]: unknown | undefined;
}
export interface NoteCreate {
  body: string;
}
export interface OverrunRow {
  label: string;
  open: number;
  overrunning: number;
  queue: string;
  [k: string]: unknown | undefined;
}
export interface Queue {
  dashboard: string;
  label: string;
  mine: number;
  name: string;
  open: number;
  overrunning: number;
  role: string;
  unassigned: number;
  [k: string]: unknown | undefined;
}
export interface SavedFilter {
  created_at: string;
  filters: JobFilters;
  id: string;
  name: string;
  owner: UserRef;
  queue: string | null;
  role: string | null;
  shared: boolean;
  updated_at: string;
  [k: string]: unknown | undefined;
}
/**
 * A PUT replaces the filter: every field is required (`queue: null` for none).
 */
export interface SavedFilterUpdate {
  filters: {
    [k: string]: unknown | undefined;
  };
  name: string;
  queue: string | null;
  shared: boolean;
}
export interface SavedFilterWrite {
  filters: {
    [k: string]: unknown | undefined;
  };
  name: string;
  queue?: string | null;
  shared?: boolean;
}
export interface TimesReport {
  rows: TimesRow[];
  [k: string]: unknown | undefined;
}
export interface TimesRow {
  claimed: number;
  completed: number;
  created: number;
  key: string;
  label: string;
  time_to_claim: Durations | null;
  time_to_complete: Durations | null;
  [k: string]: unknown | undefined;
}
export interface Durations {
  avg: number;
  median: number;
  p90: number;
  [k: string]: unknown | undefined;
}
export interface TrendPoint {
  cancelled: number;
  claimed: number;
  completed: number;
  created: number;
  start: string;
  [k: string]: unknown | undefined;
}
export interface UnclaimRequest {
  version?: number | null;
}
export interface Workload {
  completed_today: number;
  in_progress: number;
  on_hold: number;
  open: number;
  overrunning: number;
  queues: string[];
  user: UserRef;
  [k: string]: unknown | undefined;
}
