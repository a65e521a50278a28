/**
 * Where a problem is, in words people read, and which form field fixes it. Pure: the
 * problems panel and the inspector share it.
 */
import type { Problem } from "@/types/generated/journey-problems";

/** "Send email", "Condition · exit “No”", "Journey settings" — never an internal id. */
export function problemPlace(
  problem: Pick<Problem, "edge_id" | "field" | "node_id">,
  stepLabel: string | null,
  exitLabel: string | null,
): string {
  if (stepLabel) return exitLabel ? `${stepLabel} · exit “${exitLabel}”` : stepLabel;
  if (problem.edge_id) return "A connection";
  if (problem.field?.startsWith("settings")) return "Journey settings";
  return "Journey";
}

/**
 * The inspector field a problem points at: `config.subject` → `subject`,
 * `config.condition.rules[0].value` → `condition`, `config.cases[1].label` → `cases_1_label`.
 * None for problems about the step as a whole or its connections.
 */
export function problemField(problem: Pick<Problem, "field">): string | null {
  const field = problem.field ?? "";
  if (!field.startsWith("config.")) return null;
  const path = field.slice("config.".length);
  const [first = "", second = ""] = path.split(".");
  const list = first.match(/^([A-Za-z_]+)\[(\d+)\]$/);
  if (list)
    return second ? `${list[1]}_${list[2]}_${second.replace(/\[.*$/, "")}` : (list[1] ?? null);
  return first || null;
}
