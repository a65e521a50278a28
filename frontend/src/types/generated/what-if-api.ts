/**
 * Generated from schemas/what-if-api.schema.json by frontend/scripts/gen-types.mjs — do not edit.
 * Change the schema's source in the backend, then run `npm run gen:types`.
 */

/**
 * Every shape of the what-if API in one schema (schemas/what-if-api.schema.json).
 */
export interface WhatIfApi {
  contacts: WhatIfContacts;
  create: WhatIfCreate;
  result: WhatIfResult;
  run: WhatIfRun;
  [k: string]: unknown | undefined;
}
export interface WhatIfContacts {
  bucket: string;
  items: WhatIfContactRow[];
  next_after: string | null;
  side: "draft" | "live";
  [k: string]: unknown | undefined;
}
export interface WhatIfContactRow {
  contact_id: string;
  email: string | null;
  name: string;
  [k: string]: unknown | undefined;
}
export interface WhatIfCreate {
  /**
   * Job step id -> its outcome; a step not named takes its first outcome.
   */
  job_steps?: {
    [k: string]: WhatIfJobChoice | undefined;
  };
  period_end: string;
  period_start: string;
  /**
   * Only this saved segment's members; everyone if null.
   */
  segment_id?: string | null;
  version?: number | null;
}
/**
 * What a job step's jobs are taken to end with, since no job of the draft was ever
 *     done: one `outcome` for every contact, or a `split` of the contacts by weight (the
 *     same contact always gets the same outcome).
 */
export interface WhatIfJobChoice {
  outcome?: string | null;
  split?: Share[] | null;
}
export interface Share {
  outcome: string;
  weight: number;
}
export interface WhatIfResult {
  assumptions: string[];
  contacts: number;
  ends: Total[];
  enrolled: Total;
  events: number;
  jobs: Total[];
  messages: Total[];
  seconds: number;
  steps: StepComparison[];
  [k: string]: unknown | undefined;
}
/**
 * A line of the totals: `bucket` is what the contacts endpoint takes to list them.
 */
export interface Total {
  bucket: string;
  draft: number;
  label: string;
  live: number;
  [k: string]: unknown | undefined;
}
export interface StepComparison {
  draft: Numbers;
  kind: string;
  label: string;
  live: Numbers;
  node_id: string;
  [k: string]: unknown | undefined;
}
/**
 * One step's numbers: distinct contacts brought there, and down each exit.
 */
export interface Numbers {
  entered: number;
  exits: {
    [k: string]: number | undefined;
  };
  waiting: number;
  [k: string]: unknown | undefined;
}
export interface WhatIfRun {
  contacts_done: number;
  contacts_total: number;
  created_at: string;
  error: string | null;
  events_done: number;
  finished_at: string | null;
  id: string;
  job_steps: {
    [k: string]: WhatIfJobChoice | undefined;
  };
  journey_id: string;
  limitations: string[];
  period_end: string;
  period_start: string;
  progress: number;
  result: WhatIfResult | null;
  segment_id: string | null;
  segment_name: string | null;
  started_at: string | null;
  status: "cancelled" | "completed" | "failed" | "queued" | "running";
  version: number | null;
  [k: string]: unknown | undefined;
}
