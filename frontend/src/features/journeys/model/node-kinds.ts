/**
 * What the canvas knows about each node kind: its group, label, icon and starting config.
 * One entry per kind of the generated union; `satisfies Record<NodeKind, …>` makes a kind
 * added to the schema fail the type check here until it has an entry.
 */
import type { JourneyNode } from "@/types/generated/journey";

export type NodeKind = JourneyNode["kind"];
export type NodeOfKind<K extends NodeKind> = Extract<JourneyNode, { kind: K }>;
export type ConfigOf<K extends NodeKind> = NonNullable<NodeOfKind<K>["config"]>;

export type NodeGroup = "trigger" | "flow" | "action";

export interface KindInfo<K extends NodeKind = NodeKind> {
  group: NodeGroup;
  label: string;
  /** A glyph every system font has; shown beside the label. */
  icon: string;
  /** The config a freshly dropped node starts with (it may not validate yet). */
  defaults: () => ConfigOf<K>;
}

const emptyGroup = () => ({ type: "group" as const, op: "all" as const, rules: [] });

export const KINDS: { [K in NodeKind]: KindInfo<K> } = {
  "trigger.event": {
    group: "trigger",
    label: "Event received",
    icon: "⚡",
    defaults: () => ({ event_name: "" }),
  },
  "trigger.segment_entered": {
    group: "trigger",
    label: "Entered a segment",
    icon: "◎",
    defaults: () => ({ segment: "" }),
  },
  "trigger.schedule": {
    group: "trigger",
    label: "On a schedule",
    icon: "◷",
    defaults: () => ({ repeat: { type: "daily", at: "09:00" } }),
  },
  "trigger.score_threshold": {
    group: "trigger",
    label: "Score threshold",
    icon: "↗",
    defaults: () => ({ threshold: 50 }),
  },
  "trigger.manual": {
    group: "trigger",
    label: "Manual enrolment",
    icon: "☛",
    defaults: () => ({}),
  },
  "trigger.job_status": {
    group: "trigger",
    label: "Job status changed",
    icon: "☑",
    defaults: () => ({ job_type: "" }),
  },
  "flow.wait_duration": {
    group: "flow",
    label: "Wait",
    icon: "◔",
    defaults: () => ({ duration: { amount: 1, unit: "days" } }),
  },
  "flow.wait_until_date": {
    group: "flow",
    label: "Wait until a date",
    icon: "▦",
    defaults: () => ({ date_field: "" }),
  },
  "flow.wait_until_time": {
    group: "flow",
    label: "Wait until a time",
    icon: "◴",
    defaults: () => ({ at: "09:00" }),
  },
  "flow.wait_for_event": {
    group: "flow",
    label: "Wait for an event",
    icon: "◑",
    defaults: () => ({ event_name: "", timeout: { amount: 3, unit: "days" } }),
  },
  "flow.condition": {
    group: "flow",
    label: "Condition",
    icon: "◇",
    defaults: () => ({ condition: emptyGroup() }),
  },
  "flow.switch": {
    group: "flow",
    label: "Switch",
    icon: "⇶",
    defaults: () => ({ cases: [{ id: "case-1", label: "Case 1", condition: emptyGroup() }] }),
  },
  "flow.parallel_split": {
    group: "flow",
    label: "Parallel split",
    icon: "⇉",
    defaults: () => ({
      branches: [
        { id: "a", label: "A" },
        { id: "b", label: "B" },
      ],
    }),
  },
  "flow.join": { group: "flow", label: "Join", icon: "⋈", defaults: () => ({ wait_for: "all" }) },
  "flow.random_split": {
    group: "flow",
    label: "Random split",
    icon: "⚄",
    defaults: () => ({
      branches: [
        { id: "a", label: "A", weight: 50 },
        { id: "b", label: "B", weight: 50 },
      ],
    }),
  },
  "flow.goal": { group: "flow", label: "Goal reached", icon: "⚑", defaults: () => ({}) },
  "flow.end": { group: "flow", label: "End", icon: "■", defaults: () => ({}) },
  "action.send_email": {
    group: "action",
    label: "Send email",
    icon: "✉",
    defaults: () => ({ template: null }),
  },
  "action.send_sms": {
    group: "action",
    label: "Send SMS",
    icon: "✆",
    defaults: () => ({ template: null }),
  },
  "action.create_letter": {
    group: "action",
    label: "Create letter",
    icon: "✎",
    defaults: () => ({ template: null }),
  },
  "action.update_contact": {
    group: "action",
    label: "Update contact",
    icon: "☺",
    defaults: () => ({}),
  },
  "action.update_object": {
    group: "action",
    label: "Update object",
    icon: "▤",
    defaults: () => ({ object_type: "", set_fields: [{ field: "" }] }),
  },
  "action.create_job": {
    group: "action",
    label: "Create job",
    icon: "☰",
    defaults: () => ({ job_type: "", queue: "", title: "" }),
  },
  "action.webhook": {
    group: "action",
    label: "Webhook",
    icon: "⇄",
    defaults: () => ({ url: "https://", method: "POST" }),
  },
  "action.notify_staff": {
    group: "action",
    label: "Notify staff",
    icon: "♪",
    defaults: () => ({ queue: "", message: "" }),
  },
  "action.emit_event": {
    group: "action",
    label: "Emit event",
    icon: "➚",
    defaults: () => ({ event_name: "" }),
  },
  "action.portal_message": {
    group: "action",
    label: "Portal message",
    icon: "✦",
    defaults: () => ({ title: "", body: "" }),
  },
};

export const NODE_KINDS = Object.keys(KINDS) as NodeKind[];

export const GROUPS: { id: NodeGroup; label: string }[] = [
  { id: "trigger", label: "Triggers" },
  { id: "flow", label: "Flow" },
  { id: "action", label: "Actions" },
];

export function isNodeKind(value: unknown): value is NodeKind {
  return typeof value === "string" && Object.hasOwn(KINDS, value);
}

export function kindsOfGroup(group: NodeGroup): NodeKind[] {
  return NODE_KINDS.filter((kind) => KINDS[kind].group === group);
}
