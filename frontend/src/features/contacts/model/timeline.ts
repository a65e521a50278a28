/** How the contact page's timeline says what happened: a headline and a short detail. */
import { CHANNELS } from "@/lib/channels";
import type { TimelineItem } from "../types";

// Inside "Opted in to …": what the customer consented to, in their words (lib/channels).
const CHANNEL_WORDS: Record<string, string | undefined> = Object.fromEntries(
  CHANNELS.filter((channel) => channel.consent_label).map((channel) => [
    channel.name,
    channel.consent_label.toLowerCase(),
  ]),
);

function str(value: unknown): string {
  if (value === null || value === undefined || value === "") return "nothing";
  return typeof value === "string" ? value : JSON.stringify(value);
}

function eventHeadline(name: string, p: Record<string, unknown>): string {
  switch (name) {
    case "contact.created":
      return "Contact created";
    case "contact.tagged":
      return `Tagged “${str(p.tag)}”`;
    case "contact.untagged":
      return `Tag “${str(p.tag)}” removed`;
    case "contact.score_changed":
      return `Score ${str(p.previous)} → ${str(p.current)}`;
    case "contact.field_changed":
      return `${str(p.field)} changed from ${str(p.previous)} to ${str(p.current)}`;
    case "contact.owner_changed":
      return p.current ? "Owner changed" : "Owner removed";
    case "contact.opted_in":
      return `Opted in to ${CHANNEL_WORDS[String(p.channel)] ?? str(p.channel)}`;
    case "contact.opted_out":
      return `Opted out of ${CHANNEL_WORDS[String(p.channel)] ?? str(p.channel)}`;
    case "contact.note_added":
      return "Note added";
    case "object.created":
      return `${str(p.kind)} ${str(p.external_ref ?? "")} created (${str(p.status)})`.replace(
        "  ",
        " ",
      );
    case "object.status_changed":
      return `${str(p.kind)} ${p.external_ref ? `${str(p.external_ref)} ` : ""}${str(p.previous_status)} → ${str(p.status)}`;
    case "object.updated":
      return `${str(p.kind)} ${p.external_ref ? `${str(p.external_ref)} ` : ""}updated`;
    case "object.deleted":
      return `${str(p.kind)} ${p.external_ref ? `${str(p.external_ref)} ` : ""}removed`;
    default:
      return name;
  }
}

const STEP_NOTES: Record<string, string> = {
  not_sent: "not sent",
  trigger_refused: "trigger refused",
};

export interface TimelineLine {
  /** "Event", "Journey", "Message", "Job". */
  badge: string;
  headline: string;
  detail: string | null;
}

export function describe(item: TimelineItem): TimelineLine {
  const d = item.detail;
  if (item.kind === "event") {
    const properties = (d.properties ?? {}) as Record<string, unknown>;
    const source = typeof d.source === "string" ? d.source : null;
    const origin = typeof properties.origin === "string" ? properties.origin : null;
    return {
      badge: "Event",
      headline: eventHeadline(item.title, properties),
      detail: [item.title, origin ?? source].filter(Boolean).join(" · "),
    };
  }
  if (item.kind === "journey_step") {
    const exit = typeof d.exit_taken === "string" ? ` → ${d.exit_taken}` : "";
    // A note on a step: what it did not do (its message was not sent, its trigger refused).
    const note = typeof d.note === "string" ? (STEP_NOTES[d.note] ?? d.note) : "";
    return {
      badge: "Journey",
      // The step's label in the contact's version (older entries have only the id).
      headline: `${str(d.journey)}: ${str(d.step_label ?? d.node_id)}${exit}${note ? ` — ${note}` : ""}`,
      detail: typeof d.text === "string" && d.text ? d.text : null,
    };
  }
  if (item.kind === "message") {
    const failed = d.status === "failed" && typeof d.error === "string" ? d.error : null;
    // As rendered and sent: the subject, and the text's opening (the message log's).
    const what = [
      d.template,
      d.subject,
      typeof d.text === "string" ? excerpt(d.text) : null,
      failed,
    ]
      .filter((v) => typeof v === "string" && v)
      .join(" · ");
    return {
      badge: "Message",
      headline: `${item.title} (${str(d.status)})`,
      detail: what || null,
    };
  }
  if (item.kind === "job") {
    const outcome =
      typeof d.outcome === "string" && d.outcome ? d.outcome.replace(/_/g, " ") : null;
    const queue = typeof d.queue === "string" ? d.queue.replace(/_/g, " ") : null;
    return {
      badge: "Job",
      headline: outcome ? `${item.title} (${outcome})` : item.title,
      detail:
        [queue, d.from && d.to ? `${str(d.from)} → ${str(d.to)}` : null]
          .filter(Boolean)
          .join(" · ") || null,
    };
  }
  return { badge: item.kind, headline: item.title, detail: null };
}

/** A rendered message's opening, on one line. */
function excerpt(text: string): string {
  const line = text.replace(/\s+/g, " ").trim();
  return line.length > 160 ? `${line.slice(0, 159)}…` : line;
}

/** The job page a timeline item links to, if it is about a job. */
export function jobOf(item: TimelineItem): string | null {
  return item.kind === "job" && typeof item.detail.job_id === "string" ? item.detail.job_id : null;
}
