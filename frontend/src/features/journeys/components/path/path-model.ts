/**
 * A path as the path view shows it, whatever produced it (an enrollment's steps, a test
 * run's): pure conversions, so the view stays thin and both sources can feed it.
 */
import { formatDateTime } from "@/lib/format";
import type { EnrollmentItem, PathStep, Sending } from "@/types/generated/enrollments-api";
import { edgeKey, type PathHighlight } from "../../model/test-run";

/** One line of a path: a step taken (with its exit) or a path held at a step. */
export interface PathLine {
  id: string;
  at: string;
  nodeId: string;
  label: string;
  exit: string | null;
  text: string;
  /** The step's trace (`kind`: condition, timer, event, job, webhook, effect, branch). */
  why: Record<string, unknown> | null;
  sending: Sending | null;
}

export function linesOfEnrollment(item: EnrollmentItem): PathLine[] {
  return item.path.map((step: PathStep) => ({
    id: String(step.id),
    at: step.at,
    nodeId: step.step.node_id,
    label: step.step.label,
    exit: step.exit_taken,
    text: step.text,
    why: (step.why as Record<string, unknown> | null) ?? null,
    sending: step.sending,
  }));
}

/** The canvas highlight of an enrollment (the test runs' shape): each step's first place
 * on the path, where its live paths are held now, the exits it took. */
export function highlightOf(item: EnrollmentItem): PathHighlight {
  const order = new Map<string, number>();
  const edges = new Set<string>();
  for (const step of item.path) {
    if (!order.has(step.step.node_id)) order.set(step.step.node_id, order.size + 1);
    if (step.exit_taken) edges.add(edgeKey(step.step.node_id, step.exit_taken));
  }
  const held = new Set(item.at.map((position) => position.step.node_id));
  for (const nodeId of held) if (!order.has(nodeId)) order.set(nodeId, order.size + 1);
  return { order, held, problems: new Map(), edges };
}

/** One row of a trace's table: what is shown and its value, already in words. */
export interface TraceRow {
  name: string;
  value: string;
}

const text = (value: unknown): string => {
  if (value === null || value === undefined) return "—";
  if (typeof value === "string") {
    return /^\d{4}-\d\d-\d\dT/.test(value) ? formatDateTime(value) : value;
  }
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return JSON.stringify(value);
};

/** A condition's checks: one line each, "holds" or "does not hold". */
export interface CheckLine {
  where: string;
  what: string;
  expected: string;
  actual: string;
  holds: boolean;
}

export function checksOf(why: Record<string, unknown> | null): CheckLine[] {
  if (why?.kind !== "condition" || !Array.isArray(why.checks)) return [];
  return why.checks.map((raw) => {
    const check = (raw ?? {}) as Record<string, unknown>;
    const subject = check.subject ?? check.rule;
    const operator = check.operator ? ` ${text(check.operator).replace(/_/g, " ")}` : "";
    return {
      where: text(check.where),
      what: `${text(subject)}${operator}`,
      expected: "expected" in check ? text(check.expected) : "",
      actual: check.missing ? "(nothing)" : "actual" in check ? text(check.actual) : "",
      holds: check.holds === true,
    };
  });
}

/** Every other trace as name/value rows, in words (the condition's checks go apart). */
export function traceRows(
  why: Record<string, unknown> | null,
  sending: Sending | null,
): TraceRow[] {
  const rows: TraceRow[] = [];
  if (why) {
    for (const [key, value] of Object.entries(why)) {
      if (key === "kind" || key === "checks" || key === "clipped") continue;
      if (key === "form" || key === "saved" || key === "weights") {
        for (const [name, inner] of Object.entries((value ?? {}) as Record<string, unknown>)) {
          rows.push({ name: `${key.replace(/_/g, " ")}: ${name}`, value: text(inner) });
        }
        continue;
      }
      rows.push({ name: key.replace(/_/g, " "), value: text(value) });
    }
  }
  if (sending) {
    rows.push({ name: "sending", value: sending.status });
    rows.push({ name: "attempts", value: String(sending.attempts) });
    if (sending.sent_at) rows.push({ name: "sent at", value: text(sending.sent_at) });
    if (sending.last_error) rows.push({ name: "why not sent", value: sending.last_error });
  }
  return rows;
}

/** What kind of trace, in words. */
export const TRACE_TITLES: Record<string, string> = {
  condition: "Condition checked",
  timer: "Wait",
  event: "Wait for an event",
  job: "Job",
  webhook: "Webhook call",
  effect: "Action",
  branch: "Random split",
};
