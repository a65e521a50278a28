/**
 * Generated from schemas/enrollments-api.schema.json by frontend/scripts/gen-types.mjs — do not edit.
 * Change the schema's source in the backend, then run `npm run gen:types`.
 */

/**
 * Every shape of the enrollments API in one schema (schemas/enrollments-api.schema.json),
 *     so the SPA's TypeScript types are generated from the backend's.
 */
export interface EnrollmentsApi {
  enrollment: EnrollmentItem;
  page: EnrollmentPage;
  waiting: VersionCounts[];
  [k: string]: unknown | undefined;
}
export interface EnrollmentItem {
  at: Position[];
  contact: ContactRef;
  ended_at: string | null;
  ended_reason: string | null;
  entered_at: string;
  id: string;
  journey_id: string;
  journey_name: string;
  path: PathStep[];
  path_total: number;
  status: "active" | "completed" | "exited" | "paused";
  updated_at: string;
  version: number;
  [k: string]: unknown | undefined;
}
/**
 * Where one path (token) of the enrollment stands.
 */
export interface Position {
  since: string | null;
  step: StepRef;
  token_id: string;
  waiting_for: WaitTimer | WaitEvent | WaitJob | WaitAnswer | WaitJoin | WaitContinue;
  [k: string]: unknown | undefined;
}
/**
 * A step of the enrollment's version, by id, with its label and kind (None when the
 *     version has no such step any more).
 */
export interface StepRef {
  label: string;
  node_id: string;
  node_kind: string | null;
  [k: string]: unknown | undefined;
}
/**
 * A wait step: the timer fires at `due_at`.
 */
export interface WaitTimer {
  due_at: string;
  kind?: "timer";
  [k: string]: unknown | undefined;
}
/**
 * A wait-for-event step: `event_name` moves it on, or the timeout at `timeout_at`.
 */
export interface WaitEvent {
  event_name: string;
  kind?: "event";
  timeout_at: string;
  [k: string]: unknown | undefined;
}
/**
 * A create-job step: the job's outcome picks the exit. `job_id` and `job_status` are
 *     None until the job exists (the outbox makes it just after the step).
 */
export interface WaitJob {
  job_id: string | null;
  job_ref: string;
  job_status: string | null;
  job_type: string | null;
  kind?: "job";
  [k: string]: unknown | undefined;
}
/**
 * A webhook step: the call's answer (or its final failure) picks the exit.
 */
export interface WaitAnswer {
  kind?: "webhook";
  webhook_ref: string;
  [k: string]: unknown | undefined;
}
/**
 * A join: waits for the other parallel paths.
 */
export interface WaitJoin {
  kind?: "join";
  [k: string]: unknown | undefined;
}
/**
 * Ready to go on (held by the step limit or a paused journey): moves at `due_at`.
 */
export interface WaitContinue {
  due_at: string | null;
  kind?: "continue";
  [k: string]: unknown | undefined;
}
export interface ContactRef {
  email: string | null;
  id: string;
  name: string;
  [k: string]: unknown | undefined;
}
/**
 * One line of the path: a step taken (with its exit) or a path held at it.
 */
export interface PathStep {
  at: string;
  exit_taken: string | null;
  id: number;
  sending: Sending | null;
  step: StepRef;
  text: string;
  token_id: string;
  why: {
    [k: string]: unknown | undefined;
  } | null;
  [k: string]: unknown | undefined;
}
/**
 * What became of the side effect an action step queued (its outbox row): `pending`,
 *     `sent` or `failed`, with the last error (no consent, template failed…).
 */
export interface Sending {
  attempts: number;
  last_error: string | null;
  sent_at: string | null;
  status: string;
  [k: string]: unknown | undefined;
}
export interface EnrollmentPage {
  items: EnrollmentItem[];
  next_cursor: string | null;
  [k: string]: unknown | undefined;
}
/**
 * Live paths per step of one version (`version` None: all versions, by step id).
 */
export interface VersionCounts {
  steps: StepCount[];
  total: number;
  version: number | null;
  [k: string]: unknown | undefined;
}
export interface StepCount {
  label: string;
  node_id: string;
  waiting: number;
  [k: string]: unknown | undefined;
}
