/** Words and choices for "who is at this step" (pure). */
import { formatDateTime } from "@/lib/format";
import type { Position } from "@/types/generated/enrollments-api";
import type { JourneyDefinition } from "@/types/generated/journey";
import { KINDS } from "../../model/node-kinds";

type Waiting = Position["waiting_for"];
// The API always sends a tagged union's tag; the generated types mark it optional.
type Tagged<T> = T extends { kind?: infer K } ? T & { kind: NonNullable<K> } : never;

/** What a path at a step waits for, in words. */
export function describeWaiting(value: Waiting): string {
  const waiting = value as Tagged<Waiting>;
  switch (waiting.kind) {
    case "timer":
      return `Timer, due ${formatDateTime(waiting.due_at)}`;
    case "event":
      return `“${waiting.event_name}” until ${formatDateTime(waiting.timeout_at)}`;
    case "job":
      return `Job ${waiting.job_type ?? ""} (${waiting.job_status ?? "not created yet"})`;
    case "webhook":
      return "The webhook's answer";
    case "join":
      return "The other paths";
    case "continue":
      return "Continues shortly";
    default:
      return assertNever(waiting);
  }
}

function assertNever(value: never): never {
  throw new Error(`Unexpected wait: ${JSON.stringify(value)}`);
}

/** The steps a path at `from` may be moved to: every step of its version but triggers. */
export function movableSteps(
  definition: JourneyDefinition,
  from: string,
): { value: string; label: string }[] {
  return (definition.nodes ?? [])
    .filter((node) => KINDS[node.kind]?.group !== "trigger")
    .map((node) => ({
      value: node.id,
      label: `${node.label || KINDS[node.kind]?.label || node.id}${node.id === from ? " (here now)" : ""}`,
    }));
}
