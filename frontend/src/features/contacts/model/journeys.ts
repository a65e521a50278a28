import { formatDateTime } from "@/lib/format";
import type { Position } from "@/types/generated/enrollments-api";

/** What a path of an enrollment waits for, in words: the "what next" of a journey. */
export function describeWait(waiting: Position["waiting_for"]): string {
  switch (waiting.kind) {
    case "timer":
      return `Continues on ${formatDateTime(waiting.due_at)}`;
    case "event":
      return `Waits for “${waiting.event_name}” until ${formatDateTime(waiting.timeout_at)}`;
    case "job":
      return waiting.job_status
        ? `Waits for the ${waiting.job_type ?? ""} job (${waiting.job_status.replace("_", " ")})`
        : "Waits for its job to be created";
    case "webhook":
      return "Waits for the webhook's answer";
    case "join":
      return "Waits for its other paths";
    case "continue":
      return "Continues shortly";
    default: {
      const unknown: never = waiting;
      return String(unknown);
    }
  }
}
