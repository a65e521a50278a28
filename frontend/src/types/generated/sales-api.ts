/**
 * Generated from schemas/sales-api.schema.json by frontend/scripts/gen-types.mjs — do not edit.
 * Change the schema's source in the backend, then run `npm run gen:types`.
 */

export type Condition =
  | ContactFieldRule
  | EventPropertyRule
  | VariableRule
  | ObjectFieldRule
  | OpenedEmailRule
  | ClickedLinkRule
  | ReceivedEmailsRule
  | HasOpenJobRule
  | InSegmentRule
  | HasTagRule
  | EventHistoryRule
  | ConditionGroup;

/**
 * Every shape of the sales API in one schema (schemas/sales-api.schema.json), so the
 *     SPA's TypeScript types are generated from these.
 */
export interface SalesApi {
  bucket_create: BucketCreate;
  bucket_update: BucketUpdate;
  bucket_view: BucketView;
  card_create: CardCreate;
  card_detail: CardDetail;
  card_import: CardImport;
  card_move: CardMove;
  card_page: CardPage;
  card_view: CardView;
  import_report: ImportReport;
  members_replace: MembersReplace;
  move_view: MoveView;
  outcome_set: OutcomeSet;
  outcomes_replace: OutcomesReplace;
  person: Person;
  process_input: ProcessInput;
  process_view: ProcessView;
  project_create: ProjectCreate;
  project_detail: ProjectDetail;
  project_summary: ProjectSummary;
  project_update: ProjectUpdate;
  run_preview: RunPreview;
  run_view: RunView;
  stages_replace: StagesReplace;
  [k: string]: unknown | undefined;
}
export interface BucketCreate {
  name: string;
  /**
   * @maxItems 500
   */
  user_ids?: string[];
}
export interface BucketUpdate {
  name?: string;
  /**
   * @maxItems 500
   */
  user_ids?: string[];
}
export interface BucketView {
  cards: number;
  id: string;
  name: string;
  user_ids: string[];
  [k: string]: unknown | undefined;
}
export interface CardCreate {
  bucket_id?: string | null;
  contact_id: string;
  holder_id?: string | null;
  stage_id?: string | null;
}
export interface CardDetail {
  card: CardView;
  contact: ContactFacts;
  history: HistoryEntry[];
  moves: MoveView[];
  project: ProjectRef;
  [k: string]: unknown | undefined;
}
export interface CardView {
  booking_at: string | null;
  booking_user_id: string | null;
  bucket_id: string | null;
  contact: CardContact;
  created_at: string;
  holder_id: string | null;
  id: string;
  last_outcome: string | null;
  last_outcome_booking: boolean;
  processed: boolean;
  processed_at: string | null;
  processed_by: string | null;
  project_id: string;
  stage_id: string | null;
  updated_at: string;
  [k: string]: unknown | undefined;
}
export interface CardContact {
  email: string | null;
  id: string;
  name: string;
  phone: string | null;
  [k: string]: unknown | undefined;
}
/**
 * The contact's key facts, for the card panel.
 */
export interface ContactFacts {
  attributes: {
    [k: string]: unknown | undefined;
  };
  email: string | null;
  id: string;
  name: string;
  phone: string | null;
  score: number;
  tags: string[];
  [k: string]: unknown | undefined;
}
export interface HistoryEntry {
  at: string;
  booking_at: string | null;
  booking_user: Person | null;
  id: number;
  is_booking: boolean;
  note: string;
  outcome: string;
  project: ProjectRef;
  user: Person | null;
  [k: string]: unknown | undefined;
}
export interface Person {
  active: boolean;
  email: string;
  id: string;
  name: string;
  [k: string]: unknown | undefined;
}
export interface ProjectRef {
  id: string;
  name: string;
  [k: string]: unknown | undefined;
}
export interface MoveView {
  action: "moved" | "skipped";
  at: string;
  card_id: string;
  contact: CardContact;
  detail: string;
  from_project: ProjectRef;
  id: number;
  outcome: string | null;
  process: ProcessRef;
  reason: string;
  run_id: string;
  to_bucket: BucketRef | null;
  to_project: ProjectRef;
  to_user: Person | null;
  [k: string]: unknown | undefined;
}
export interface ProcessRef {
  id: string;
  name: string;
  [k: string]: unknown | undefined;
}
export interface BucketRef {
  id: string;
  name: string;
  [k: string]: unknown | undefined;
}
/**
 * A CSV with a header row: `email`, `external_id` or `phone` (at least one per row),
 *     and optionally `name`, `bucket`, `stage`, `holder` (a member's email).
 */
export interface CardImport {
  csv: string;
}
/**
 * Move a card within its project: into a bucket, to a user, to a stage. A bucket and
 *     a user exclude each other; null takes the card out of one.
 */
export interface CardMove {
  bucket_id?: string | null;
  holder_id?: string | null;
  stage_id?: string | null;
}
export interface CardPage {
  items: CardView[];
  total: number;
  [k: string]: unknown | undefined;
}
export interface ImportReport {
  already_there: number;
  contacts_created: number;
  created: number;
  rows: number;
  [k: string]: unknown | undefined;
}
export interface MembersReplace {
  /**
   * @maxItems 500
   */
  user_ids: string[];
}
export interface OutcomeSet {
  booking?: BookingInput | null;
  note?: string;
  outcome_id: string;
}
export interface BookingInput {
  at: string;
  user_id: string;
}
export interface OutcomesReplace {
  /**
   * @maxItems 100
   */
  outcomes: OutcomeInput[];
}
export interface OutcomeInput {
  id?: string | null;
  is_booking?: boolean;
  name: string;
}
export interface ProcessInput {
  bucket_id: string | null;
  criteria: Criteria;
  daily_at: string | null;
  destination_id: string;
  frequency: "15m" | "1d" | "1h" | "5m";
  name: string;
  placement: "active_user" | "bucket" | "new_bucket" | "same_user";
  /**
   * Processes run in this order, 1 first.
   */
  priority: number;
  /**
   * @maxItems 100
   */
  source_ids: string[];
}
export interface Criteria {
  condition?: ConditionGroup | null;
  /**
   * @maxItems 100
   */
  outcomes: string[];
}
/**
 * All (or any) of the rules hold; negate the group for "if not".
 */
export interface ConditionGroup {
  /**
   * True when the group does NOT hold.
   */
  negate?: boolean;
  op?: "all" | "any";
  /**
   * @maxItems 100
   */
  rules?: Condition[];
  type: "group";
}
/**
 * Compare a field of the contact, e.g. `region` equals `north`.
 */
export interface ContactFieldRule {
  /**
   * A field of the contact: `email`, `region`, a custom attribute such as `plan`, `consent.email`. A leading `contact.` is accepted and dropped.
   */
  field: string;
  /**
   * `before` / `after` compare dates; `within_last_days` takes a number of days.
   */
  operator:
    | "after"
    | "before"
    | "contains"
    | "equals"
    | "gt"
    | "gte"
    | "in"
    | "is_not_set"
    | "is_set"
    | "lt"
    | "lte"
    | "not_equals"
    | "within_last_days";
  type: "contact_field";
  /**
   * Not needed for `is_set` / `is_not_set`.
   */
  value?: string | number | boolean | (string | number)[] | null;
}
/**
 * Compare a property of the event that started (or resumed) the journey.
 */
export interface EventPropertyRule {
  /**
   * `before` / `after` compare dates; `within_last_days` takes a number of days.
   */
  operator:
    | "after"
    | "before"
    | "contains"
    | "equals"
    | "gt"
    | "gte"
    | "in"
    | "is_not_set"
    | "is_set"
    | "lt"
    | "lte"
    | "not_equals"
    | "within_last_days";
  /**
   * A property as the event carries it: `total`, or `product.category` for one inside another. A leading `event.` is accepted and dropped.
   */
  property: string;
  type: "event_property";
  /**
   * Not needed for `is_set` / `is_not_set`.
   */
  value?: string | number | boolean | (string | number)[] | null;
}
/**
 * Compare a journey variable, e.g. a job's outcome or a form answer saved earlier.
 */
export interface VariableRule {
  /**
   * `before` / `after` compare dates; `within_last_days` takes a number of days.
   */
  operator:
    | "after"
    | "before"
    | "contains"
    | "equals"
    | "gt"
    | "gte"
    | "in"
    | "is_not_set"
    | "is_set"
    | "lt"
    | "lte"
    | "not_equals"
    | "within_last_days";
  type: "variable";
  /**
   * Not needed for `is_set` / `is_not_set`.
   */
  value?: string | number | boolean | (string | number)[] | null;
  /**
   * A variable's name, e.g. `ticket_id`. A leading `journey.` or `vars.` is accepted and dropped.
   */
  variable: string;
}
/**
 * Compare a field of a related object such as the order, return or ticket.
 */
export interface ObjectFieldRule {
  /**
   * A field of the object, e.g. `status` or `total`. A leading `object.` is accepted and dropped.
   */
  field: string;
  object_type: string;
  /**
   * `before` / `after` compare dates; `within_last_days` takes a number of days.
   */
  operator:
    | "after"
    | "before"
    | "contains"
    | "equals"
    | "gt"
    | "gte"
    | "in"
    | "is_not_set"
    | "is_set"
    | "lt"
    | "lte"
    | "not_equals"
    | "within_last_days";
  type: "object_field";
  /**
   * Not needed for `is_set` / `is_not_set`.
   */
  value?: string | number | boolean | (string | number)[] | null;
}
/**
 * The contact opened an email (a given template, or any).
 */
export interface OpenedEmailRule {
  template?: string | null;
  type: "opened_email";
  /**
   * Leave empty for any time.
   */
  within_days?: number | null;
}
/**
 * The contact clicked a link in an email (optionally one whose address contains …).
 */
export interface ClickedLinkRule {
  template?: string | null;
  type: "clicked_link";
  url_contains?: string | null;
  /**
   * Leave empty for any time.
   */
  within_days?: number | null;
}
/**
 * The contact received at least / at most / exactly N emails.
 */
export interface ReceivedEmailsRule {
  comparison: "at_least" | "at_most" | "exactly";
  count: number;
  type: "received_emails";
  /**
   * Leave empty for any time.
   */
  within_days?: number | null;
}
/**
 * The contact has a job that is not completed or cancelled.
 */
export interface HasOpenJobRule {
  job_type?: string | null;
  queue?: string | null;
  type: "has_open_job";
}
/**
 * The contact is in a segment.
 */
export interface InSegmentRule {
  segment: string;
  type: "in_segment";
}
/**
 * The contact carries a tag.
 */
export interface HasTagRule {
  tag: string;
  type: "has_tag";
}
/**
 * The contact did an event (or did not): e.g. has not placed an order since entering
 *     this journey, or viewed the pricing page at least 3 times in the last 7 days.
 */
export interface EventHistoryRule {
  comparison?: "at_least" | "at_most" | "exactly";
  count?: number;
  /**
   * Off for “has not done”: the count is not reached.
   */
  done?: boolean;
  /**
   * Dotted lower-case event name, e.g. `order.placed`.
   */
  event_name: string;
  /**
   * For “within a period”.
   */
  period?: Duration | null;
  /**
   * Since the contact entered this journey, within a period, or ever.
   */
  since?: "ever" | "journey_entry" | "period";
  type: "event_history";
  /**
   * @maxItems 10
   */
  where?:
    | []
    | [PropertyFilter]
    | [PropertyFilter, PropertyFilter]
    | [PropertyFilter, PropertyFilter, PropertyFilter]
    | [PropertyFilter, PropertyFilter, PropertyFilter, PropertyFilter]
    | [PropertyFilter, PropertyFilter, PropertyFilter, PropertyFilter, PropertyFilter]
    | [
        PropertyFilter,
        PropertyFilter,
        PropertyFilter,
        PropertyFilter,
        PropertyFilter,
        PropertyFilter,
      ]
    | [
        PropertyFilter,
        PropertyFilter,
        PropertyFilter,
        PropertyFilter,
        PropertyFilter,
        PropertyFilter,
        PropertyFilter,
      ]
    | [
        PropertyFilter,
        PropertyFilter,
        PropertyFilter,
        PropertyFilter,
        PropertyFilter,
        PropertyFilter,
        PropertyFilter,
        PropertyFilter,
      ]
    | [
        PropertyFilter,
        PropertyFilter,
        PropertyFilter,
        PropertyFilter,
        PropertyFilter,
        PropertyFilter,
        PropertyFilter,
        PropertyFilter,
        PropertyFilter,
      ]
    | [
        PropertyFilter,
        PropertyFilter,
        PropertyFilter,
        PropertyFilter,
        PropertyFilter,
        PropertyFilter,
        PropertyFilter,
        PropertyFilter,
        PropertyFilter,
        PropertyFilter,
      ];
}
/**
 * A length of time, e.g. 3 days.
 */
export interface Duration {
  amount: number;
  unit: "days" | "hours" | "minutes" | "weeks";
}
/**
 * One property the event must have, e.g. `total` greater than 50.
 */
export interface PropertyFilter {
  /**
   * `before` / `after` compare dates; `within_last_days` takes a number of days.
   */
  operator:
    | "after"
    | "before"
    | "contains"
    | "equals"
    | "gt"
    | "gte"
    | "in"
    | "is_not_set"
    | "is_set"
    | "lt"
    | "lte"
    | "not_equals"
    | "within_last_days";
  /**
   * Dotted path, e.g. `contact.first_name` or `object.appointment_at`.
   */
  property: string;
  /**
   * Not needed for `is_set` / `is_not_set`.
   */
  value?: string | number | number | boolean | (string | number | number)[] | null;
}
export interface ProcessView {
  active: boolean;
  bucket: BucketRef | null;
  created_at: string;
  criteria: Criteria;
  daily_at: string | null;
  deactivated_at: string | null;
  destination: ProjectRef;
  frequency: "15m" | "1d" | "1h" | "5m";
  id: string;
  last_run: RunView | null;
  moved_total: number;
  name: string;
  next_run_at: string | null;
  placement: "active_user" | "bucket" | "new_bucket" | "same_user";
  priority: number;
  scan_from: string;
  sources: ProjectRef[];
  updated_at: string;
  [k: string]: unknown | undefined;
}
export interface RunView {
  detail: string;
  due_at: string;
  finished_at: string | null;
  id: string;
  kind: "manual" | "schedule";
  moved: number;
  process_id: string;
  scan_from: string;
  scan_until: string;
  skipped: number;
  started_at: string;
  status: "done" | "running" | "stopped";
  [k: string]: unknown | undefined;
}
export interface ProjectCreate {
  /**
   * @maxItems 100
   */
  buckets?: string[];
  description?: string;
  /**
   * @maxItems 500
   */
  member_ids?: string[];
  name: string;
  /**
   * @maxItems 100
   */
  outcomes: OutcomeInput[];
  /**
   * @maxItems 100
   */
  stages?: StageInput[];
}
export interface StageInput {
  id?: string | null;
  name: string;
}
export interface ProjectDetail {
  buckets: BucketView[];
  can_manage: boolean;
  cards: number;
  created_at: string;
  description: string;
  id: string;
  is_member: boolean;
  members: Person[];
  name: string;
  outcomes: OutcomeView[];
  stages: StageView[];
  updated_at: string;
  [k: string]: unknown | undefined;
}
export interface OutcomeView {
  id: string;
  is_booking: boolean;
  name: string;
  [k: string]: unknown | undefined;
}
export interface StageView {
  cards: number;
  id: string;
  name: string;
  position: number;
  [k: string]: unknown | undefined;
}
export interface ProjectSummary {
  cards: number;
  created_at: string;
  description: string;
  id: string;
  is_member: boolean;
  members: number;
  my_cards: number;
  name: string;
  unprocessed: number;
  [k: string]: unknown | undefined;
}
export interface ProjectUpdate {
  description?: string;
  name?: string;
}
export interface RunPreview {
  items: PreviewItem[];
  scan_from: string;
  scan_until: string;
  total: number;
  [k: string]: unknown | undefined;
}
export interface PreviewItem {
  action: "moved" | "skipped";
  card_id: string;
  contact: CardContact;
  detail: string;
  from_project: ProjectRef;
  outcome: string | null;
  processed_at: string;
  reason: string;
  to_id: string | null;
  to_kind: "bucket" | "new_bucket" | "none" | "user";
  to_name: string;
  [k: string]: unknown | undefined;
}
export interface StagesReplace {
  /**
   * @maxItems 100
   */
  stages: StageInput[];
}
