/**
 * The exits of each node kind, mirroring backend/app/engine/exits.py: the labelled source
 * handles the canvas draws. A job node's outcomes come from its job type in the catalog;
 * without it (or for an unknown job type) it offers only its optional "cancelled" exit.
 */
import type { JourneyNode } from "@/types/generated/journey";
import type { Catalog } from "@/types/generated/journey-catalog";

export interface Exit {
  id: string;
  label: string;
  /** An optional exit may stay unconnected: the contact then ends. */
  required: boolean;
}

/** Reserved: a switch case may not use it as its id. */
export const DEFAULT_EXIT_ID = "default";
const NEXT: Exit = { id: "next", label: "Next", required: true };
const JOB_CANCELLED: Exit = { id: "cancelled", label: "Job cancelled", required: false };

/** `apply_discount` → `Apply discount`: a label for an id that has none. */
export function humanize(identifier: string): string {
  const words = identifier.replaceAll("_", " ").replaceAll("-", " ").trim();
  return words ? words[0]?.toUpperCase() + words.slice(1) : identifier;
}

const exit = (id: string, label: string): Exit => ({ id, label, required: true });

/** The part of a node exits depend on: its kind and config. */
export type ExitSubject = Pick<JourneyNode, "kind" | "config">;

/** The exits of `node`, in the order the canvas shows them. */
export function exitsOf(node: ExitSubject, catalog?: Catalog | null): Exit[] {
  const n = node as JourneyNode;
  switch (n.kind) {
    case "trigger.event":
    case "trigger.segment_entered":
    case "trigger.schedule":
    case "trigger.score_threshold":
    case "trigger.manual":
    case "trigger.job_status":
    case "flow.wait_duration":
    case "flow.wait_until_date":
    case "flow.wait_until_time":
    case "flow.join":
      return [NEXT];
    case "flow.wait_for_event":
      return [exit("received", "It happened"), exit("timeout", "Not in time")];
    case "flow.condition":
      return [exit("yes", "Yes"), exit("no", "No")];
    case "flow.switch":
      return [
        ...(n.config.cases ?? []).map((c) => exit(c.id, c.label || humanize(c.id))),
        exit(DEFAULT_EXIT_ID, "Otherwise"),
      ];
    case "flow.parallel_split":
      return (n.config.branches ?? []).map((b) => exit(b.id, b.label || humanize(b.id)));
    case "flow.random_split":
      return (n.config.branches ?? []).map((b) =>
        exit(b.id, `${b.label || humanize(b.id)} (${b.weight})`),
      );
    case "flow.goal":
    case "flow.end":
      return [];
    case "action.create_job": {
      const outcomes = catalog?.job_types?.[n.config.job_type] ?? [];
      return [...outcomes.map((o) => exit(o, humanize(o))), JOB_CANCELLED];
    }
    case "action.webhook":
      return [NEXT, { id: "failed", label: "Failed", required: false }];
    case "action.send_email":
    case "action.send_sms":
    case "action.create_letter":
    case "action.update_contact":
    case "action.update_object":
    case "action.notify_staff":
    case "action.emit_event":
    case "action.portal_message":
      return [NEXT];
    default:
      return assertNever(n);
  }
}

export function assertNever(value: never): never {
  throw new Error(`Unexpected value: ${JSON.stringify(value)}`);
}
