/** A one-line summary of a node's config, shown on its card under the label. */
import type { Duration, JourneyNode } from "@/types/generated/journey";
import { assertNever } from "./exits";
import { describeWeekdays } from "./time-expressions";

export function formatDuration(d: Duration | null | undefined): string {
  if (!d) return "";
  const unit = d.amount === 1 ? d.unit.replace(/s$/, "") : d.unit;
  return `${d.amount} ${unit}`;
}

const or = (value: string | null | undefined, fallback: string) => value || fallback;
const count = (n: number, noun: string) => `${n} ${noun}${n === 1 ? "" : "s"}`;

export function summarize(node: Pick<JourneyNode, "kind" | "config">): string {
  const n = node as JourneyNode;
  switch (n.kind) {
    case "trigger.event":
      return or(n.config.event_name, "No event chosen");
    case "trigger.segment_entered":
      return `Segment: ${or(n.config.segment, "none")}`;
    case "trigger.schedule":
      return n.config.repeat.type === "daily"
        ? `Daily at ${n.config.repeat.at}`
        : `Cron ${n.config.repeat.expression}`;
    case "trigger.score_threshold":
      return `${n.config.direction === "falls_below" ? "Falls below" : "Rises to"} ${n.config.threshold}`;
    case "trigger.manual":
      return "Enrolled by staff";
    case "trigger.job_status":
      return `${or(n.config.job_type, "Any job")} ${n.config.status ?? "completed"}`;
    case "flow.wait_duration":
      return `Wait ${formatDuration(n.config.duration)}`;
    case "flow.wait_until_date":
      return n.config.offset
        ? `${formatDuration(n.config.offset)} ${n.config.offset_direction ?? "before"} ${or(n.config.date_field, "a date")}`
        : `Until ${or(n.config.date_field, "a date")}`;
    case "flow.wait_until_time": {
      const days = describeWeekdays(n.config.weekdays);
      return `Until ${n.config.at}${days === "every day" ? "" : ` on ${days}`}`;
    }
    case "flow.wait_for_event":
      return `${or(n.config.event_name, "No event")} · timeout ${formatDuration(n.config.timeout)}`;
    case "flow.condition":
      return count(n.config.condition?.rules?.length ?? 0, "rule");
    case "flow.switch":
      return count(n.config.cases?.length ?? 0, "case");
    case "flow.parallel_split":
    case "flow.random_split":
      return count(n.config.branches?.length ?? 0, "branch");
    case "flow.join":
      return n.config?.wait_for === "first" ? "First branch to arrive" : "All branches";
    case "flow.goal":
      return or(n.config?.goal, "Conversion");
    case "flow.end":
      return "Contact leaves";
    case "action.send_email":
      return (
        n.config.template ||
        (n.config.subject ? `“${n.config.subject}”` : "Subject and text to write")
      );
    case "action.send_sms":
      return or(n.config.template, n.config.text ? `“${n.config.text}”` : "Text to write");
    case "action.create_letter":
      return or(n.config.template, n.config.body ? "Its own text" : "Text to write");
    case "action.update_contact": {
      const c = n.config;
      const changes =
        (c.set_fields?.length ?? 0) + (c.add_tags?.length ?? 0) + (c.remove_tags?.length ?? 0);
      return c.score_change
        ? `Score ${c.score_change > 0 ? "+" : ""}${c.score_change}`
        : count(changes, "change");
    }
    case "action.update_object":
      return `${or(n.config.object_type, "Object")}: ${count(n.config.set_fields?.length ?? 0, "field")}`;
    case "action.create_job":
      return `${or(n.config.job_type, "No job type")} → ${or(n.config.queue, "no queue")}`;
    case "action.webhook":
      return `${n.config.method ?? "POST"} ${n.config.url}`;
    case "action.notify_staff":
      return `Notify ${or(n.config.queue, "no queue")}`;
    case "action.emit_event":
      return or(n.config.event_name, "No event chosen");
    case "action.portal_message":
      return or(n.config.title, "Untitled message");
    default:
      return assertNever(n);
  }
}
