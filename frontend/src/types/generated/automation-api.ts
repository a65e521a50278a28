/**
 * Generated from schemas/automation-api.schema.json by frontend/scripts/gen-types.mjs — do not edit.
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
 * Every shape of the automation API in one schema (schemas/automation-api.schema.json),
 *     so the SPA's TypeScript types are generated from these.
 */
export interface AutomationApi {
  marked_read: MarkedRead;
  notification: NotificationView;
  notification_page: NotificationPage;
  read_request: ReadRequest;
  schedule: ScheduleView;
  schedule_run: ScheduleRunView;
  schedule_run_page: ScheduleRunPage;
  score_rule: ScoreRule;
  score_rule_create: ScoreRuleCreate;
  score_rule_update: ScoreRuleUpdate;
  [k: string]: unknown | undefined;
}
export interface MarkedRead {
  marked: number;
  unread: number;
  [k: string]: unknown | undefined;
}
export interface NotificationView {
  body: string;
  contact_id: string | null;
  created_at: string;
  id: number;
  link: string | null;
  read_at: string | null;
  title: string;
  [k: string]: unknown | undefined;
}
export interface NotificationPage {
  items: NotificationView[];
  unread: number;
  [k: string]: unknown | undefined;
}
export interface ReadRequest {
  /**
   * @minItems 1
   * @maxItems 500
   */
  ids: [number, ...number[]];
}
/**
 * A schedule trigger of an active journey, and when it runs next.
 */
export interface ScheduleView {
  description: string;
  journey_id: string;
  journey_name: string;
  label: string;
  last_run: ScheduleRunView | null;
  next_run_at: string | null;
  node_id: string;
  segment: string | null;
  version: number;
  [k: string]: unknown | undefined;
}
export interface ScheduleRunView {
  due_at: string;
  enrolled: number;
  finished_at: string | null;
  id: number;
  journey_id: string;
  journey_name: string;
  node_id: string;
  started_at: string;
  timezones: string[];
  version: number;
  [k: string]: unknown | undefined;
}
export interface ScheduleRunPage {
  items: ScheduleRunView[];
  total: number;
  [k: string]: unknown | undefined;
}
export interface ScoreRule {
  active: boolean;
  condition: ConditionGroup | null;
  created_at: string;
  event_name: string;
  id: string;
  name: string;
  points: number;
  updated_at: string;
  [k: string]: unknown | undefined;
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
/**
 * A rule: when `event_name` arrives (and `condition` holds), add `points`.
 */
export interface ScoreRuleCreate {
  active?: boolean;
  condition?: ConditionGroup | null;
  /**
   * Dotted lower-case event name, e.g. `order.placed`.
   */
  event_name: string;
  name: string;
  /**
   * Points to add; negative to remove, e.g. -5.
   */
  points: number;
}
/**
 * Send only what changes; `condition: null` removes the condition.
 */
export interface ScoreRuleUpdate {
  active?: boolean;
  condition?: ConditionGroup | null;
  /**
   * Dotted lower-case event name, e.g. `order.placed`.
   */
  event_name?: string;
  name?: string;
  /**
   * Points to add; negative to remove, e.g. -5.
   */
  points?: number;
}
