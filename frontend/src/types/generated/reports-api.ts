/**
 * Generated from schemas/reports-api.schema.json by frontend/scripts/gen-types.mjs — do not edit.
 * Change the schema's source in the backend, then run `npm run gen:types`.
 */

/**
 * A contact's timeline, a journey's step numbers and the job reports.
 */
export interface ReportsApi {
  durations: Durations;
  job_audit_page: JobEventPage;
  journey_stats: JourneyStats;
  overrun_row: OverrunRow;
  timeline_item: TimelineItem;
  timeline_page: TimelinePage;
  times_report: TimesReport;
  trend_point: TrendPoint;
  [k: string]: unknown | undefined;
}
export interface Durations {
  avg: number;
  median: number;
  p90: number;
  [k: string]: unknown | undefined;
}
export interface JobEventPage {
  items: JobEvent[];
  total: number;
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
export interface UserRef {
  email: string;
  id: string;
  name: string;
  [k: string]: unknown | undefined;
}
export interface JourneyStats {
  nodes: {
    [k: string]: NodeStats | undefined;
  };
  [k: string]: unknown | undefined;
}
export interface NodeStats {
  clicked: number;
  entered: number;
  exits: {
    [k: string]: number | undefined;
  };
  failed: number;
  not_sent: {
    [k: string]: number | undefined;
  };
  opened: number;
  refused: number;
  sent: number;
  waiting: number;
  [k: string]: unknown | undefined;
}
export interface OverrunRow {
  label: string;
  open: number;
  overrunning: number;
  queue: string;
  [k: string]: unknown | undefined;
}
export interface TimelineItem {
  at: string;
  detail: {
    [k: string]: unknown | undefined;
  };
  id: string;
  kind: string;
  title: string;
  [k: string]: unknown | undefined;
}
export interface TimelinePage {
  items: TimelineItem[];
  next_cursor: string | null;
  [k: string]: unknown | undefined;
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
export interface TrendPoint {
  cancelled: number;
  claimed: number;
  completed: number;
  created: number;
  start: string;
  [k: string]: unknown | undefined;
}
