import { formatDateTime } from "@/lib/format";
import type { Position } from "@/types/generated/enrollments-api";

type Waiting = Position["waiting_for"];
// The API always sends a tagged union's tag (msgspec writes it); the generated types mark
// it optional, so it is made required here for an exhaustive switch.
type Tagged<T> = T extends { kind?: infer K } ? T & { kind: NonNullable<K> } : never;

/** What a path of an enrollment waits for, in words: the "what next" of a journey. */
export function describeWait(value: Waiting): string {
  const waiting = value as Tagged<Waiting>;
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
