/**
 * Generated from schemas/test-runs-api.schema.json by frontend/scripts/gen-types.mjs — do not edit.
 * Change the schema's source in the backend, then run `npm run gen:types`.
 */

/**
 * Every shape of the test-run API in one schema (schemas/test-runs-api.schema.json),
 *     so the SPA's TypeScript types are generated from the backend's.
 */
export interface TestRunsApi {
  case: TestCase;
  case_check: CaseCheck;
  case_check_request: CaseCheckRequest;
  case_create: TestCaseCreate;
  request: TestRunRequest;
  run: TestRun;
  [k: string]: unknown | undefined;
}
export interface TestCase {
  created_at: string;
  expected: CaseResult;
  id: string;
  journey_id: string;
  name: string;
  request: TestRunRequest;
  [k: string]: unknown | undefined;
}
/**
 * How a run ended, as a saved case compares it: a change in any of these marks it.
 */
export interface CaseResult {
  ended_reason: string | null;
  messages: string[];
  path: string[];
  status: string;
  waiting_at: string[];
  [k: string]: unknown | undefined;
}
export interface TestRunRequest {
  /**
   * @maxItems 200
   */
  choices: (FastForward | EventArrives | TimesOut | JobOutcome | WebhookReply)[];
  contact: ExistingContact | MadeUpContact;
  /**
   * An unsaved definition to try instead of the stored draft.
   */
  definition: {
    [k: string]: unknown | undefined;
  } | null;
  /**
   * Random split node id -> the branch it takes.
   */
  forced_branches: {
    [k: string]: string | undefined;
  };
  start: StartEvent;
  version: number | null;
  [k: string]: unknown | undefined;
}
/**
 * Move the virtual clock to the next pending timer (a wait or an event's timeout).
 */
export interface FastForward {
  type?: "fast_forward";
  [k: string]: unknown | undefined;
}
/**
 * At a wait-for-event step: the event arrives now. Without `node_id`, any event (a
 *     goal event, say) arrives for the whole run.
 */
export interface EventArrives {
  name: string | null;
  node_id: string | null;
  properties: {
    [k: string]: unknown | undefined;
  };
  type?: "event";
  [k: string]: unknown | undefined;
}
/**
 * At a wait-for-event step: nothing arrives; the clock moves to its timeout.
 */
export interface TimesOut {
  node_id: string;
  type?: "time_out";
  [k: string]: unknown | undefined;
}
/**
 * At a job step: the job is completed with this outcome (or `cancelled`).
 */
export interface JobOutcome {
  form: {
    [k: string]: unknown | undefined;
  };
  node_id: string;
  outcome: string;
  type?: "job";
  [k: string]: unknown | undefined;
}
/**
 * At a webhook step: the call answers (`ok`, with the values it would save) or fails.
 */
export interface WebhookReply {
  node_id: string;
  ok: boolean;
  saved: {
    [k: string]: unknown | undefined;
  };
  status: number | null;
  type?: "webhook";
  [k: string]: unknown | undefined;
}
/**
 * A real contact: its facts are read (never changed) as the worker would read them.
 */
export interface ExistingContact {
  contact_id: string;
  type?: "existing";
  [k: string]: unknown | undefined;
}
/**
 * A contact that exists only in this run.
 */
export interface MadeUpContact {
  /**
   * Custom attributes (`contact.region`).
   */
  attributes: {
    [k: string]: unknown | undefined;
  };
  /**
   * Channel (email, sms, letter, phone) -> agreed.
   */
  consent: {
    [k: string]: boolean | undefined;
  };
  /**
   * name, first_name, email, phone, locale, birthday…
   */
  fields: {
    [k: string]: unknown | undefined;
  };
  /**
   * Related objects by type: `{"order": {"status": "paid"}}`.
   */
  objects: {
    [k: string]:
      | {
          [k: string]: unknown | undefined;
        }
      | undefined;
  };
  score: number;
  segments: string[];
  tags: string[];
  timezone: string;
  type?: "made_up";
  [k: string]: unknown | undefined;
}
/**
 * How the contact enters: at a trigger (the first one when not named), with the event
 *     that started it (its name defaults to the trigger's event).
 */
export interface StartEvent {
  /**
   * The virtual clock's start; now when not given.
   */
  at: string | null;
  event_name: string | null;
  properties: {
    [k: string]: unknown | undefined;
  };
  trigger_node_id: string | null;
  [k: string]: unknown | undefined;
}
export interface CaseCheck {
  actual: CaseResult | null;
  case_id: string;
  expected: CaseResult;
  name: string;
  problem: string | null;
  verdict: "changed" | "fails" | "same";
  [k: string]: unknown | undefined;
}
export interface CaseCheckRequest {
  /**
   * The definition to check the cases against; the stored draft if not.
   */
  definition?: {
    [k: string]: unknown | undefined;
  } | null;
}
/**
 * Save a run as a case: its request (a `definition` in it is what the case is run on
 *     now, to record what it gives; it is not kept).
 */
export interface TestCaseCreate {
  name: string;
  run: TestRunRequest;
}
export interface TestRun {
  /**
   * The virtual clock after the last choice.
   */
  clock: string;
  /**
   * The contact as the run ended seeing it.
   */
  contact: {
    [k: string]: unknown | undefined;
  };
  ended_reason: string | null;
  journey_id: string;
  /**
   * The steps visited, in order (for the canvas).
   */
  path: string[];
  started_at: string;
  status: "active" | "completed" | "exited" | "paused";
  steps: TestStep[];
  version: number | null;
  waiting: Waiting[];
  [k: string]: unknown | undefined;
}
export interface TestStep {
  at: string;
  change: ContactChange | null;
  checks: RuleCheck[];
  detail: string;
  event: {
    [k: string]: unknown | undefined;
  };
  exit_taken: string | null;
  kind: string | null;
  label: string | null;
  node_id: string;
  preview:
    | (
        | EmailPreview
        | SmsPreview
        | LetterPreview
        | WebhookPreview
        | JobPreview
        | ContactChangePreview
        | ObjectChangePreview
        | NotificationPreview
        | EventPreview
        | PortalMessagePreview
        | RecordedPreview
      )
    | null;
  problems: StepProblem[];
  round: number;
  token_id: string;
  variables: {
    [k: string]: unknown | undefined;
  };
  [k: string]: unknown | undefined;
}
/**
 * A CRM step's change as before/after, for the fields (or object fields) it changes.
 */
export interface ContactChange {
  after: {
    [k: string]: unknown | undefined;
  };
  before: {
    [k: string]: unknown | undefined;
  };
  target: string;
  [k: string]: unknown | undefined;
}
/**
 * One rule as a step evaluated it (`explain`): what it asked, what it found there and
 *     whether it held. `where` is the rule's place in the group (`rules[1].rules[0]`).
 */
export interface RuleCheck {
  actual: unknown;
  expected: unknown;
  holds: boolean;
  missing: boolean;
  operator: string | null;
  rule: string;
  subject: string | null;
  where: string;
  [k: string]: unknown | undefined;
}
export interface EmailPreview {
  html: string;
  key: string;
  kind?: "email";
  node_id: string;
  reason: string | null;
  subject: string | null;
  template: string | null;
  text: string;
  to: string | null;
  would_run: boolean;
  [k: string]: unknown | undefined;
}
export interface SmsPreview {
  key: string;
  kind?: "sms";
  node_id: string;
  reason: string | null;
  template: string | null;
  text: string;
  to: string | null;
  would_run: boolean;
  [k: string]: unknown | undefined;
}
export interface LetterPreview {
  html: string;
  key: string;
  kind?: "letter";
  node_id: string;
  pdf: string | null;
  print_queue: string | null;
  reason: string | null;
  template: string | null;
  would_run: boolean;
  [k: string]: unknown | undefined;
}
export interface WebhookPreview {
  body: string | null;
  headers: {
    [k: string]: string | undefined;
  };
  key: string;
  kind?: "webhook";
  method: string;
  node_id: string;
  reason: string | null;
  url: string;
  would_run: boolean;
  [k: string]: unknown | undefined;
}
export interface JobPreview {
  due_at: string | null;
  guidance: string | null;
  job_type: string;
  key: string;
  kind?: "job";
  node_id: string;
  outcomes: string[];
  priority: string;
  queue: string;
  reason: string | null;
  title: string;
  would_run: boolean;
  [k: string]: unknown | undefined;
}
export interface ContactChangePreview {
  add_roles: string[];
  add_tags: string[];
  clear_fields: string[];
  consent: {
    [k: string]: boolean | undefined;
  };
  key: string;
  kind?: "contact_change";
  node_id: string;
  reason: string | null;
  remove_roles: string[];
  remove_tags: string[];
  score_change: number;
  set_fields: {
    [k: string]: unknown | undefined;
  };
  would_run: boolean;
  [k: string]: unknown | undefined;
}
export interface ObjectChangePreview {
  key: string;
  kind?: "object_change";
  node_id: string;
  object_type: string;
  reason: string | null;
  set_fields: {
    [k: string]: unknown | undefined;
  };
  would_run: boolean;
  [k: string]: unknown | undefined;
}
export interface NotificationPreview {
  audience: string;
  body: string;
  key: string;
  kind?: "notification";
  node_id: string;
  queue: string;
  reason: string | null;
  title: string;
  would_run: boolean;
  [k: string]: unknown | undefined;
}
export interface EventPreview {
  key: string;
  kind?: "event";
  name: string;
  node_id: string;
  properties: {
    [k: string]: unknown | undefined;
  };
  reason: string | null;
  would_run: boolean;
  [k: string]: unknown | undefined;
}
export interface PortalMessagePreview {
  body: string;
  key: string;
  kind?: "portal_message";
  link: string | null;
  node_id: string;
  pin: boolean;
  reason: string | null;
  title: string;
  would_run: boolean;
  [k: string]: unknown | undefined;
}
/**
 * A handler that only records (tests, and kinds no channel sends).
 */
export interface RecordedPreview {
  key: string;
  kind?: "recorded";
  node_id: string;
  reason: string | null;
  would_run: boolean;
  [k: string]: unknown | undefined;
}
export interface StepProblem {
  code: "missing_value" | "path_ends" | "trigger_mismatch" | "would_not_run";
  message: string;
  [k: string]: unknown | undefined;
}
/**
 * A token held at a step, and the choices that move it.
 */
export interface Waiting {
  event_name: string | null;
  form_schema: {
    [k: string]: unknown | undefined;
  };
  kind: "event" | "job" | "join" | "timer" | "webhook";
  node_id: string;
  outcomes: string[];
  token_id: string;
  ui_schema: {
    [k: string]: unknown | undefined;
  };
  until: string | null;
  [k: string]: unknown | undefined;
}
