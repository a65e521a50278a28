/**
 * Generated from schemas/journey.schema.json by frontend/scripts/gen-types.mjs — do not edit.
 * Change the schema's source in the backend, then run `npm run gen:types`.
 */

export type JourneyNode =
  | EventTrigger
  | SegmentEnteredTrigger
  | ScheduleTrigger
  | ScoreThresholdTrigger
  | ManualTrigger
  | JobStatusTrigger
  | WaitDuration
  | WaitUntilDate
  | WaitUntilTime
  | WaitForEvent
  | ConditionSplit
  | Switch
  | ParallelSplit
  | Join
  | RandomSplit
  | Goal
  | End
  | SendEmail
  | SendSms
  | CreateLetter
  | UpdateContact
  | UpdateObject
  | CreateJob
  | Webhook
  | NotifyStaff
  | EmitEvent
  | PortalMessage;
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
export type Reentry = ReentryNever | ReentryAlways | ReentryAfterCooldown;

/**
 * A journey version: its steps, how they connect, and its settings.
 */
export interface JourneyDefinition {
  edges?: Edge[];
  nodes?: JourneyNode[];
  settings?: JourneySettings;
}
/**
 * A connection from one exit of a node to the next node.
 */
export interface Edge {
  id: string;
  /**
   * Unique within a journey.
   */
  source: string;
  /**
   * The exit it leaves from: `next`, `yes`, a case id, an outcome…
   */
  source_handle: string;
  /**
   * Unique within a journey.
   */
  target: string;
}
export interface EventTrigger {
  config: EventTriggerConfig;
  /**
   * Unique within a journey.
   */
  id: string;
  kind: "trigger.event";
  label: string;
  position: Position;
}
/**
 * Start the journey when an event arrives, e.g. `order.placed`.
 */
export interface EventTriggerConfig {
  /**
   * Dotted lower-case event name, e.g. `order.placed`.
   */
  event_name: string;
  /**
   * Optional: the event (or contact) must also match these rules.
   */
  filter?: ConditionGroup | null;
  /**
   * Start only for events from these sources, e.g. only the website (track.js) or only your servers (API); leave empty for any source.
   *
   * @maxItems 8
   */
  sources?:
    | []
    | ["api" | "email" | "job" | "portal" | "schedule" | "sms" | "system" | "track"]
    | [
        "api" | "email" | "job" | "portal" | "schedule" | "sms" | "system" | "track",
        "api" | "email" | "job" | "portal" | "schedule" | "sms" | "system" | "track",
      ]
    | [
        "api" | "email" | "job" | "portal" | "schedule" | "sms" | "system" | "track",
        "api" | "email" | "job" | "portal" | "schedule" | "sms" | "system" | "track",
        "api" | "email" | "job" | "portal" | "schedule" | "sms" | "system" | "track",
      ]
    | [
        "api" | "email" | "job" | "portal" | "schedule" | "sms" | "system" | "track",
        "api" | "email" | "job" | "portal" | "schedule" | "sms" | "system" | "track",
        "api" | "email" | "job" | "portal" | "schedule" | "sms" | "system" | "track",
        "api" | "email" | "job" | "portal" | "schedule" | "sms" | "system" | "track",
      ]
    | [
        "api" | "email" | "job" | "portal" | "schedule" | "sms" | "system" | "track",
        "api" | "email" | "job" | "portal" | "schedule" | "sms" | "system" | "track",
        "api" | "email" | "job" | "portal" | "schedule" | "sms" | "system" | "track",
        "api" | "email" | "job" | "portal" | "schedule" | "sms" | "system" | "track",
        "api" | "email" | "job" | "portal" | "schedule" | "sms" | "system" | "track",
      ]
    | [
        "api" | "email" | "job" | "portal" | "schedule" | "sms" | "system" | "track",
        "api" | "email" | "job" | "portal" | "schedule" | "sms" | "system" | "track",
        "api" | "email" | "job" | "portal" | "schedule" | "sms" | "system" | "track",
        "api" | "email" | "job" | "portal" | "schedule" | "sms" | "system" | "track",
        "api" | "email" | "job" | "portal" | "schedule" | "sms" | "system" | "track",
        "api" | "email" | "job" | "portal" | "schedule" | "sms" | "system" | "track",
      ]
    | [
        "api" | "email" | "job" | "portal" | "schedule" | "sms" | "system" | "track",
        "api" | "email" | "job" | "portal" | "schedule" | "sms" | "system" | "track",
        "api" | "email" | "job" | "portal" | "schedule" | "sms" | "system" | "track",
        "api" | "email" | "job" | "portal" | "schedule" | "sms" | "system" | "track",
        "api" | "email" | "job" | "portal" | "schedule" | "sms" | "system" | "track",
        "api" | "email" | "job" | "portal" | "schedule" | "sms" | "system" | "track",
        "api" | "email" | "job" | "portal" | "schedule" | "sms" | "system" | "track",
      ]
    | [
        "api" | "email" | "job" | "portal" | "schedule" | "sms" | "system" | "track",
        "api" | "email" | "job" | "portal" | "schedule" | "sms" | "system" | "track",
        "api" | "email" | "job" | "portal" | "schedule" | "sms" | "system" | "track",
        "api" | "email" | "job" | "portal" | "schedule" | "sms" | "system" | "track",
        "api" | "email" | "job" | "portal" | "schedule" | "sms" | "system" | "track",
        "api" | "email" | "job" | "portal" | "schedule" | "sms" | "system" | "track",
        "api" | "email" | "job" | "portal" | "schedule" | "sms" | "system" | "track",
        "api" | "email" | "job" | "portal" | "schedule" | "sms" | "system" | "track",
      ];
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
 * Where the step sits on the canvas.
 */
export interface Position {
  x: number;
  y: number;
}
export interface SegmentEnteredTrigger {
  config: SegmentEnteredConfig;
  /**
   * Unique within a journey.
   */
  id: string;
  kind: "trigger.segment_entered";
  label: string;
  position: Position;
}
/**
 * Start the journey when a contact joins a segment.
 */
export interface SegmentEnteredConfig {
  segment: string;
}
export interface ScheduleTrigger {
  config: ScheduleTriggerConfig;
  /**
   * Unique within a journey.
   */
  id: string;
  kind: "trigger.schedule";
  label: string;
  position: Position;
}
/**
 * Run on a schedule for every contact in a segment (or matching a date).
 */
export interface ScheduleTriggerConfig {
  date_match?: DateMatch | null;
  repeat: DailySchedule | CronSchedule;
  /**
   * Leave empty for all contacts.
   */
  segment?: string | null;
  /**
   * `contact` for each contact's own time zone, or a zone such as `Europe/London`.
   */
  timezone?: string;
}
/**
 * Pick contacts by a date in their data, e.g. a birthday or a renewal date.
 */
export interface DateMatch {
  /**
   * 0 for today, 30 for “in 30 days”, -1 for “yesterday”.
   */
  days_ahead?: number;
  /**
   * Ignore the year, as for birthdays.
   */
  every_year?: boolean;
  /**
   * Dotted path, e.g. `contact.first_name` or `object.appointment_at`.
   */
  field: string;
}
/**
 * Every day (or on chosen weekdays) at a time of day.
 */
export interface DailySchedule {
  /**
   * 24-hour clock, e.g. `09:00` or `18:30`.
   */
  at: string;
  type: "daily";
  /**
   * Leave empty for every day.
   *
   * @maxItems 7
   */
  weekdays?:
    | []
    | ["fri" | "mon" | "sat" | "sun" | "thu" | "tue" | "wed"]
    | [
        "fri" | "mon" | "sat" | "sun" | "thu" | "tue" | "wed",
        "fri" | "mon" | "sat" | "sun" | "thu" | "tue" | "wed",
      ]
    | [
        "fri" | "mon" | "sat" | "sun" | "thu" | "tue" | "wed",
        "fri" | "mon" | "sat" | "sun" | "thu" | "tue" | "wed",
        "fri" | "mon" | "sat" | "sun" | "thu" | "tue" | "wed",
      ]
    | [
        "fri" | "mon" | "sat" | "sun" | "thu" | "tue" | "wed",
        "fri" | "mon" | "sat" | "sun" | "thu" | "tue" | "wed",
        "fri" | "mon" | "sat" | "sun" | "thu" | "tue" | "wed",
        "fri" | "mon" | "sat" | "sun" | "thu" | "tue" | "wed",
      ]
    | [
        "fri" | "mon" | "sat" | "sun" | "thu" | "tue" | "wed",
        "fri" | "mon" | "sat" | "sun" | "thu" | "tue" | "wed",
        "fri" | "mon" | "sat" | "sun" | "thu" | "tue" | "wed",
        "fri" | "mon" | "sat" | "sun" | "thu" | "tue" | "wed",
        "fri" | "mon" | "sat" | "sun" | "thu" | "tue" | "wed",
      ]
    | [
        "fri" | "mon" | "sat" | "sun" | "thu" | "tue" | "wed",
        "fri" | "mon" | "sat" | "sun" | "thu" | "tue" | "wed",
        "fri" | "mon" | "sat" | "sun" | "thu" | "tue" | "wed",
        "fri" | "mon" | "sat" | "sun" | "thu" | "tue" | "wed",
        "fri" | "mon" | "sat" | "sun" | "thu" | "tue" | "wed",
        "fri" | "mon" | "sat" | "sun" | "thu" | "tue" | "wed",
      ]
    | [
        "fri" | "mon" | "sat" | "sun" | "thu" | "tue" | "wed",
        "fri" | "mon" | "sat" | "sun" | "thu" | "tue" | "wed",
        "fri" | "mon" | "sat" | "sun" | "thu" | "tue" | "wed",
        "fri" | "mon" | "sat" | "sun" | "thu" | "tue" | "wed",
        "fri" | "mon" | "sat" | "sun" | "thu" | "tue" | "wed",
        "fri" | "mon" | "sat" | "sun" | "thu" | "tue" | "wed",
        "fri" | "mon" | "sat" | "sun" | "thu" | "tue" | "wed",
      ];
}
/**
 * An advanced repeat pattern written as a cron expression.
 */
export interface CronSchedule {
  /**
   * Five fields: minute hour day-of-month month weekday, e.g. `0 9 * * 1`.
   */
  expression: string;
  type: "cron";
}
export interface ScoreThresholdTrigger {
  config: ScoreThresholdConfig;
  /**
   * Unique within a journey.
   */
  id: string;
  kind: "trigger.score_threshold";
  label: string;
  position: Position;
}
/**
 * Start the journey when a contact's score crosses a threshold.
 */
export interface ScoreThresholdConfig {
  /**
   * Rises to (or above) / falls below.
   */
  direction?: "falls_below" | "rises_to";
  /**
   * Which score.
   */
  score?: string;
  threshold: number;
}
export interface ManualTrigger {
  config?: ManualTriggerConfig;
  /**
   * Unique within a journey.
   */
  id: string;
  kind: "trigger.manual";
  label: string;
  position: Position;
}
/**
 * Contacts are enrolled by staff from the contact page, or by the API.
 */
export interface ManualTriggerConfig {
  allow_api?: boolean;
}
export interface JobStatusTrigger {
  config: JobStatusConfig;
  /**
   * Unique within a journey.
   */
  id: string;
  kind: "trigger.job_status";
  label: string;
  position: Position;
}
/**
 * Start the journey when a job of a given type changes status.
 */
export interface JobStatusConfig {
  job_type: string;
  /**
   * Only completions with this outcome.
   */
  outcome?: string | null;
  status?: "cancelled" | "claimed" | "completed" | "created";
}
export interface WaitDuration {
  config: WaitDurationConfig;
  /**
   * Unique within a journey.
   */
  id: string;
  kind: "flow.wait_duration";
  label: string;
  position: Position;
}
/**
 * Wait for a length of time, e.g. 3 days, then continue.
 */
export interface WaitDurationConfig {
  duration: Duration;
}
export interface WaitUntilDate {
  config: WaitUntilDateConfig;
  /**
   * Unique within a journey.
   */
  id: string;
  kind: "flow.wait_until_date";
  label: string;
  position: Position;
}
/**
 * Wait until a date found in the data, e.g. 1 day before the appointment.
 */
export interface WaitUntilDateConfig {
  /**
   * Leave empty to keep the time in the data.
   */
  at?: string | null;
  /**
   * Dotted path, e.g. `contact.first_name` or `object.appointment_at`.
   */
  date_field: string;
  /**
   * Leave empty to wait until the date itself.
   */
  offset?: Duration | null;
  offset_direction?: "after" | "before";
  /**
   * `contact` for each contact's own time zone, or a zone such as `Europe/London`.
   */
  timezone?: string;
  /**
   * Continue at once, or end the journey for this contact.
   */
  when_passed?: "continue" | "end";
}
export interface WaitUntilTime {
  config: WaitUntilTimeConfig;
  /**
   * Unique within a journey.
   */
  id: string;
  kind: "flow.wait_until_time";
  label: string;
  position: Position;
}
/**
 * Wait until a time of day (and optionally a weekday) in the contact's time zone.
 */
export interface WaitUntilTimeConfig {
  /**
   * 24-hour clock, e.g. `09:00` or `18:30`.
   */
  at: string;
  /**
   * `contact` for each contact's own time zone, or a zone such as `Europe/London`.
   */
  timezone?: string;
  /**
   * Leave empty for any day.
   *
   * @maxItems 7
   */
  weekdays?:
    | []
    | ["fri" | "mon" | "sat" | "sun" | "thu" | "tue" | "wed"]
    | [
        "fri" | "mon" | "sat" | "sun" | "thu" | "tue" | "wed",
        "fri" | "mon" | "sat" | "sun" | "thu" | "tue" | "wed",
      ]
    | [
        "fri" | "mon" | "sat" | "sun" | "thu" | "tue" | "wed",
        "fri" | "mon" | "sat" | "sun" | "thu" | "tue" | "wed",
        "fri" | "mon" | "sat" | "sun" | "thu" | "tue" | "wed",
      ]
    | [
        "fri" | "mon" | "sat" | "sun" | "thu" | "tue" | "wed",
        "fri" | "mon" | "sat" | "sun" | "thu" | "tue" | "wed",
        "fri" | "mon" | "sat" | "sun" | "thu" | "tue" | "wed",
        "fri" | "mon" | "sat" | "sun" | "thu" | "tue" | "wed",
      ]
    | [
        "fri" | "mon" | "sat" | "sun" | "thu" | "tue" | "wed",
        "fri" | "mon" | "sat" | "sun" | "thu" | "tue" | "wed",
        "fri" | "mon" | "sat" | "sun" | "thu" | "tue" | "wed",
        "fri" | "mon" | "sat" | "sun" | "thu" | "tue" | "wed",
        "fri" | "mon" | "sat" | "sun" | "thu" | "tue" | "wed",
      ]
    | [
        "fri" | "mon" | "sat" | "sun" | "thu" | "tue" | "wed",
        "fri" | "mon" | "sat" | "sun" | "thu" | "tue" | "wed",
        "fri" | "mon" | "sat" | "sun" | "thu" | "tue" | "wed",
        "fri" | "mon" | "sat" | "sun" | "thu" | "tue" | "wed",
        "fri" | "mon" | "sat" | "sun" | "thu" | "tue" | "wed",
        "fri" | "mon" | "sat" | "sun" | "thu" | "tue" | "wed",
      ]
    | [
        "fri" | "mon" | "sat" | "sun" | "thu" | "tue" | "wed",
        "fri" | "mon" | "sat" | "sun" | "thu" | "tue" | "wed",
        "fri" | "mon" | "sat" | "sun" | "thu" | "tue" | "wed",
        "fri" | "mon" | "sat" | "sun" | "thu" | "tue" | "wed",
        "fri" | "mon" | "sat" | "sun" | "thu" | "tue" | "wed",
        "fri" | "mon" | "sat" | "sun" | "thu" | "tue" | "wed",
        "fri" | "mon" | "sat" | "sun" | "thu" | "tue" | "wed",
      ];
}
export interface WaitForEvent {
  config: WaitForEventConfig;
  /**
   * Unique within a journey.
   */
  id: string;
  kind: "flow.wait_for_event";
  label: string;
  position: Position;
}
/**
 * Wait for an event; take the “timeout” exit if it does not arrive in time.
 */
export interface WaitForEventConfig {
  /**
   * Dotted lower-case event name, e.g. `order.placed`.
   */
  event_name: string;
  /**
   * Optional: the event must also match these rules.
   */
  filter?: ConditionGroup | null;
  timeout: Duration;
}
export interface ConditionSplit {
  config: ConditionConfig;
  /**
   * Unique within a journey.
   */
  id: string;
  kind: "flow.condition";
  label: string;
  position: Position;
}
/**
 * Take the “yes” exit when the condition holds, “no” otherwise.
 */
export interface ConditionConfig {
  condition: ConditionGroup;
}
export interface Switch {
  config: SwitchConfig;
  /**
   * Unique within a journey.
   */
  id: string;
  kind: "flow.switch";
  label: string;
  position: Position;
}
/**
 * Take the first case whose condition holds, or “default” when none does.
 */
export interface SwitchConfig {
  /**
   * @minItems 1
   * @maxItems 20
   */
  cases:
    | [SwitchCase]
    | [SwitchCase, SwitchCase]
    | [SwitchCase, SwitchCase, SwitchCase]
    | [SwitchCase, SwitchCase, SwitchCase, SwitchCase]
    | [SwitchCase, SwitchCase, SwitchCase, SwitchCase, SwitchCase]
    | [SwitchCase, SwitchCase, SwitchCase, SwitchCase, SwitchCase, SwitchCase]
    | [SwitchCase, SwitchCase, SwitchCase, SwitchCase, SwitchCase, SwitchCase, SwitchCase]
    | [
        SwitchCase,
        SwitchCase,
        SwitchCase,
        SwitchCase,
        SwitchCase,
        SwitchCase,
        SwitchCase,
        SwitchCase,
      ]
    | [
        SwitchCase,
        SwitchCase,
        SwitchCase,
        SwitchCase,
        SwitchCase,
        SwitchCase,
        SwitchCase,
        SwitchCase,
        SwitchCase,
      ]
    | [
        SwitchCase,
        SwitchCase,
        SwitchCase,
        SwitchCase,
        SwitchCase,
        SwitchCase,
        SwitchCase,
        SwitchCase,
        SwitchCase,
        SwitchCase,
      ]
    | [
        SwitchCase,
        SwitchCase,
        SwitchCase,
        SwitchCase,
        SwitchCase,
        SwitchCase,
        SwitchCase,
        SwitchCase,
        SwitchCase,
        SwitchCase,
        SwitchCase,
      ]
    | [
        SwitchCase,
        SwitchCase,
        SwitchCase,
        SwitchCase,
        SwitchCase,
        SwitchCase,
        SwitchCase,
        SwitchCase,
        SwitchCase,
        SwitchCase,
        SwitchCase,
        SwitchCase,
      ]
    | [
        SwitchCase,
        SwitchCase,
        SwitchCase,
        SwitchCase,
        SwitchCase,
        SwitchCase,
        SwitchCase,
        SwitchCase,
        SwitchCase,
        SwitchCase,
        SwitchCase,
        SwitchCase,
        SwitchCase,
      ]
    | [
        SwitchCase,
        SwitchCase,
        SwitchCase,
        SwitchCase,
        SwitchCase,
        SwitchCase,
        SwitchCase,
        SwitchCase,
        SwitchCase,
        SwitchCase,
        SwitchCase,
        SwitchCase,
        SwitchCase,
        SwitchCase,
      ]
    | [
        SwitchCase,
        SwitchCase,
        SwitchCase,
        SwitchCase,
        SwitchCase,
        SwitchCase,
        SwitchCase,
        SwitchCase,
        SwitchCase,
        SwitchCase,
        SwitchCase,
        SwitchCase,
        SwitchCase,
        SwitchCase,
        SwitchCase,
      ]
    | [
        SwitchCase,
        SwitchCase,
        SwitchCase,
        SwitchCase,
        SwitchCase,
        SwitchCase,
        SwitchCase,
        SwitchCase,
        SwitchCase,
        SwitchCase,
        SwitchCase,
        SwitchCase,
        SwitchCase,
        SwitchCase,
        SwitchCase,
        SwitchCase,
      ]
    | [
        SwitchCase,
        SwitchCase,
        SwitchCase,
        SwitchCase,
        SwitchCase,
        SwitchCase,
        SwitchCase,
        SwitchCase,
        SwitchCase,
        SwitchCase,
        SwitchCase,
        SwitchCase,
        SwitchCase,
        SwitchCase,
        SwitchCase,
        SwitchCase,
        SwitchCase,
      ]
    | [
        SwitchCase,
        SwitchCase,
        SwitchCase,
        SwitchCase,
        SwitchCase,
        SwitchCase,
        SwitchCase,
        SwitchCase,
        SwitchCase,
        SwitchCase,
        SwitchCase,
        SwitchCase,
        SwitchCase,
        SwitchCase,
        SwitchCase,
        SwitchCase,
        SwitchCase,
        SwitchCase,
      ]
    | [
        SwitchCase,
        SwitchCase,
        SwitchCase,
        SwitchCase,
        SwitchCase,
        SwitchCase,
        SwitchCase,
        SwitchCase,
        SwitchCase,
        SwitchCase,
        SwitchCase,
        SwitchCase,
        SwitchCase,
        SwitchCase,
        SwitchCase,
        SwitchCase,
        SwitchCase,
        SwitchCase,
        SwitchCase,
      ]
    | [
        SwitchCase,
        SwitchCase,
        SwitchCase,
        SwitchCase,
        SwitchCase,
        SwitchCase,
        SwitchCase,
        SwitchCase,
        SwitchCase,
        SwitchCase,
        SwitchCase,
        SwitchCase,
        SwitchCase,
        SwitchCase,
        SwitchCase,
        SwitchCase,
        SwitchCase,
        SwitchCase,
        SwitchCase,
        SwitchCase,
      ];
}
/**
 * One exit of a switch, taken when its condition holds.
 */
export interface SwitchCase {
  condition: ConditionGroup;
  /**
   * Short lower-case id for this exit, e.g. `north` or `variant-b`.
   */
  id: string;
  label: string;
}
export interface ParallelSplit {
  config: ParallelSplitConfig;
  /**
   * Unique within a journey.
   */
  id: string;
  kind: "flow.parallel_split";
  label: string;
  position: Position;
}
/**
 * Continue along every branch at the same time.
 */
export interface ParallelSplitConfig {
  /**
   * @minItems 2
   * @maxItems 10
   */
  branches:
    | [Branch, Branch]
    | [Branch, Branch, Branch]
    | [Branch, Branch, Branch, Branch]
    | [Branch, Branch, Branch, Branch, Branch]
    | [Branch, Branch, Branch, Branch, Branch, Branch]
    | [Branch, Branch, Branch, Branch, Branch, Branch, Branch]
    | [Branch, Branch, Branch, Branch, Branch, Branch, Branch, Branch]
    | [Branch, Branch, Branch, Branch, Branch, Branch, Branch, Branch, Branch]
    | [Branch, Branch, Branch, Branch, Branch, Branch, Branch, Branch, Branch, Branch];
}
/**
 * One exit of a parallel split.
 */
export interface Branch {
  /**
   * Short lower-case id for this exit, e.g. `north` or `variant-b`.
   */
  id: string;
  label: string;
}
export interface Join {
  config?: JoinConfig;
  /**
   * Unique within a journey.
   */
  id: string;
  kind: "flow.join";
  label: string;
  position: Position;
}
/**
 * Wait for the branches that meet here before continuing once.
 */
export interface JoinConfig {
  /**
   * All branches have arrived, or the first one.
   */
  wait_for?: "all" | "first";
}
export interface RandomSplit {
  config: RandomSplitConfig;
  /**
   * Unique within a journey.
   */
  id: string;
  kind: "flow.random_split";
  label: string;
  position: Position;
}
/**
 * Send each contact down one branch at random (the same one every time, per contact).
 */
export interface RandomSplitConfig {
  /**
   * @minItems 2
   * @maxItems 10
   */
  branches:
    | [WeightedBranch, WeightedBranch]
    | [WeightedBranch, WeightedBranch, WeightedBranch]
    | [WeightedBranch, WeightedBranch, WeightedBranch, WeightedBranch]
    | [WeightedBranch, WeightedBranch, WeightedBranch, WeightedBranch, WeightedBranch]
    | [
        WeightedBranch,
        WeightedBranch,
        WeightedBranch,
        WeightedBranch,
        WeightedBranch,
        WeightedBranch,
      ]
    | [
        WeightedBranch,
        WeightedBranch,
        WeightedBranch,
        WeightedBranch,
        WeightedBranch,
        WeightedBranch,
        WeightedBranch,
      ]
    | [
        WeightedBranch,
        WeightedBranch,
        WeightedBranch,
        WeightedBranch,
        WeightedBranch,
        WeightedBranch,
        WeightedBranch,
        WeightedBranch,
      ]
    | [
        WeightedBranch,
        WeightedBranch,
        WeightedBranch,
        WeightedBranch,
        WeightedBranch,
        WeightedBranch,
        WeightedBranch,
        WeightedBranch,
        WeightedBranch,
      ]
    | [
        WeightedBranch,
        WeightedBranch,
        WeightedBranch,
        WeightedBranch,
        WeightedBranch,
        WeightedBranch,
        WeightedBranch,
        WeightedBranch,
        WeightedBranch,
        WeightedBranch,
      ];
}
/**
 * One exit of a random split, taken by a share of contacts.
 */
export interface WeightedBranch {
  /**
   * Short lower-case id for this exit, e.g. `north` or `variant-b`.
   */
  id: string;
  label: string;
  /**
   * Relative: 50 and 50 is an even split.
   */
  weight: number;
}
export interface Goal {
  config?: GoalConfig;
  /**
   * Unique within a journey.
   */
  id: string;
  kind: "flow.goal";
  label: string;
  position: Position;
}
/**
 * The contact reached the journey's goal: counted as a conversion, then leaves.
 */
export interface GoalConfig {
  /**
   * What reaching this step means, e.g. “Paid” or “Booked a call”: reports count conversions under this name (empty: “Conversion”).
   */
  goal?: string;
}
export interface End {
  config?: EmptyConfig;
  /**
   * Unique within a journey.
   */
  id: string;
  kind: "flow.end";
  label: string;
  position: Position;
}
/**
 * This step has no settings.
 */
export interface EmptyConfig {}
export interface SendEmail {
  config: SendEmailConfig;
  /**
   * Unique within a journey.
   */
  id: string;
  kind: "action.send_email";
  label: string;
  position: Position;
}
/**
 * Send an email: pick a saved template, or write the subject and body here.
 */
export interface SendEmailConfig {
  /**
   * The email's text: a blank line starts a paragraph (the HTML part shows paragraphs).
   */
  body?: string | null;
  /**
   * The email's subject line (with a template picked, it replaces the template's subject).
   */
  subject?: string | null;
  /**
   * Leave empty to write the text here instead.
   */
  template?: string | null;
}
export interface SendSms {
  config: SendSmsConfig;
  /**
   * Unique within a journey.
   */
  id: string;
  kind: "action.send_sms";
  label: string;
  position: Position;
}
/**
 * Send a text message: pick a saved template, or write the text here.
 */
export interface SendSmsConfig {
  /**
   * Leave empty to write the text here instead.
   */
  template?: string | null;
  text?: string | null;
}
export interface CreateLetter {
  config: CreateLetterConfig;
  /**
   * Unique within a journey.
   */
  id: string;
  kind: "action.create_letter";
  label: string;
  position: Position;
}
/**
 * Create a personalised letter (PDF), optionally queued for printing.
 */
export interface CreateLetterConfig {
  /**
   * HTML (a template), e.g. `<p>Dear {{ contact.first_name }},</p>`. Sanitised once rendered: formatting, lists, tables and links stay; scripts, styles, `javascript:` links and remote images are removed.
   */
  body?: string | null;
  /**
   * Create a print job with the PDF attached in this queue.
   */
  print_queue?: string | null;
  /**
   * Leave empty to write the text here instead.
   */
  template?: string | null;
}
export interface UpdateContact {
  config: UpdateContactConfig;
  /**
   * Unique within a journey.
   */
  id: string;
  kind: "action.update_contact";
  label: string;
  position: Position;
}
/**
 * Change the contact: fields, tags, score, roles or consent.
 */
export interface UpdateContactConfig {
  /**
   * @maxItems 50
   */
  add_roles?: string[];
  /**
   * @maxItems 50
   */
  add_tags?: string[];
  /**
   * @maxItems 50
   *
   * Items: Dotted path, e.g. `contact.first_name` or `object.appointment_at`.
   */
  clear_fields?: string[];
  /**
   * @maxItems 4
   */
  consent?:
    | []
    | [ConsentChange]
    | [ConsentChange, ConsentChange]
    | [ConsentChange, ConsentChange, ConsentChange]
    | [ConsentChange, ConsentChange, ConsentChange, ConsentChange];
  /**
   * @maxItems 50
   */
  remove_roles?: string[];
  /**
   * @maxItems 50
   */
  remove_tags?: string[];
  /**
   * e.g. 10 or -5
   */
  score_change?: number;
  /**
   * @maxItems 50
   */
  set_fields?: FieldAssignment[];
}
/**
 * Record that the contact gave or withdrew consent for a channel.
 */
export interface ConsentChange {
  channel: "email" | "letter" | "phone" | "sms";
  granted: boolean;
}
/**
 * Set one field, either to a fixed value or to a value copied from other data.
 */
export interface FieldAssignment {
  field: string;
  value?: string | number | boolean | (string | number)[] | null;
  /**
   * Instead of a fixed value, e.g. `job.form.discount`.
   */
  value_from?: string | null;
}
export interface UpdateObject {
  config: UpdateObjectConfig;
  /**
   * Unique within a journey.
   */
  id: string;
  kind: "action.update_object";
  label: string;
  position: Position;
}
/**
 * Change the related object of the journey, e.g. set the order's status.
 */
export interface UpdateObjectConfig {
  object_type: string;
  /**
   * @minItems 1
   * @maxItems 50
   */
  set_fields: [FieldAssignment, ...FieldAssignment[]];
}
export interface CreateJob {
  config: CreateJobConfig;
  /**
   * Unique within a journey.
   */
  id: string;
  kind: "action.create_job";
  label: string;
  position: Position;
}
/**
 * Create a job for staff in a queue. The journey waits; each outcome is an exit.
 */
export interface CreateJobConfig {
  due_in?: Duration | null;
  escalation?: Escalation | null;
  /**
   * What the person working the job should do.
   */
  guidance?: string | null;
  job_type: string;
  /**
   * e.g. `order`, `return`.
   *
   * @maxItems 10
   */
  link_objects?:
    | []
    | [string]
    | [string, string]
    | [string, string, string]
    | [string, string, string, string]
    | [string, string, string, string, string]
    | [string, string, string, string, string, string]
    | [string, string, string, string, string, string, string]
    | [string, string, string, string, string, string, string, string]
    | [string, string, string, string, string, string, string, string, string]
    | [string, string, string, string, string, string, string, string, string, string];
  priority?: "high" | "low" | "normal" | "urgent";
  queue: string;
  title: string;
}
/**
 * What happens when nobody claims the job in time.
 */
export interface Escalation {
  if_unclaimed_after: Duration;
  notify_supervisors?: boolean;
  raise_priority_to?: ("high" | "low" | "normal" | "urgent") | null;
}
export interface Webhook {
  config: WebhookConfig;
  /**
   * Unique within a journey.
   */
  id: string;
  kind: "action.webhook";
  label: string;
  position: Position;
}
/**
 * Call another system over HTTP. The “failed” exit is taken after retries run out.
 */
export interface WebhookConfig {
  /**
   * JSON text; a template.
   */
  body?: string | null;
  headers?: {
    [k: string]: string | undefined;
  };
  method?: "DELETE" | "GET" | "PATCH" | "POST" | "PUT";
  /**
   * Journey variable → JSON pointer into the JSON answer, e.g. `ticket_id` → `/data/id`. Steps after the call (past a wait or event) read `journey.ticket_id`.
   */
  save_response?: {
    [k: string]: string | undefined;
  };
  url: string;
}
export interface NotifyStaff {
  config: NotifyStaffConfig;
  /**
   * Unique within a journey.
   */
  id: string;
  kind: "action.notify_staff";
  label: string;
  position: Position;
}
/**
 * Send a notification to the people of a queue (or only its supervisors).
 */
export interface NotifyStaffConfig {
  audience?: "everyone" | "supervisors";
  message: string;
  queue: string;
}
export interface EmitEvent {
  config: EmitEventConfig;
  /**
   * Unique within a journey.
   */
  id: string;
  kind: "action.emit_event";
  label: string;
  position: Position;
}
/**
 * Record an event for the contact; other journeys can start from it.
 */
export interface EmitEventConfig {
  /**
   * Dotted lower-case event name, e.g. `order.placed`.
   */
  event_name: string;
  /**
   * Each value is a template.
   */
  properties?: {
    [k: string]: string | undefined;
  };
  "x-order"?: ["title", "description", "type", "additionalProperties", "default"];
}
export interface PortalMessage {
  config: PortalMessageConfig;
  /**
   * Unique within a journey.
   */
  id: string;
  kind: "action.portal_message";
  label: string;
  position: Position;
}
/**
 * Show a message to the customer in the portal.
 */
export interface PortalMessageConfig {
  body: string;
  /**
   * A page of the portal (/portal/…), a web address (https://…) or a mailto: address.
   */
  link?: string | null;
  pin?: boolean;
  title: string;
}
/**
 * Journey-wide rules: who may enter again, and when contacts leave early.
 */
export interface JourneySettings {
  exit_criteria?: ExitCriteria;
  reentry?: Reentry;
}
/**
 * When a contact leaves the journey early, wherever they are in it.
 */
export interface ExitCriteria {
  condition?: ConditionGroup | null;
  /**
   * @maxItems 20
   *
   * Items: Dotted lower-case event name, e.g. `order.placed`.
   */
  goal_events?:
    | []
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
}
/**
 * A contact goes through this journey once, ever.
 */
export interface ReentryNever {
  rule: "never";
}
/**
 * A contact may enter again whenever a trigger fires, even while still in it.
 */
export interface ReentryAlways {
  rule: "always";
}
/**
 * A contact may enter again once this long has passed since they last entered.
 */
export interface ReentryAfterCooldown {
  cooldown: Duration;
  rule: "after_cooldown";
}
