import type { EventEnvelope } from "@/types/generated/event-envelope";

/** Where an event can come from (app.engine.primitives.EventSource, via the schema). */
export type EventSource = NonNullable<EventEnvelope["source"]>;

/** Each source in words: the events page and the event trigger's "Only from". */
export const EVENT_SOURCE_LABELS: Record<EventSource, string> = {
  api: "API (your servers)",
  track: "Website (track.js)",
  portal: "Portal",
  job: "Job",
  email: "Email",
  sms: "SMS",
  schedule: "Schedule",
  system: "System",
};

export const EVENT_SOURCES = (Object.keys(EVENT_SOURCE_LABELS) as EventSource[]).map((value) => ({
  value,
  label: EVENT_SOURCE_LABELS[value],
}));
