/**
 * One line a changed job field, as the job's history and the jobs audit log show it:
 * "status: new → in_progress", "assignee: — → Casey Colleague".
 */

// Fields the API names by the id it stores; people read the name the API resolves.
const FIELD_LABELS: Record<string, string> = { assignee_id: "assignee", cancel_reason: "reason" };

function show(value: unknown): string {
  if (value === null || value === undefined || value === "") return "—";
  if (typeof value === "object") {
    // People and files read better by name than as JSON.
    const named = value as { name?: unknown; filename?: unknown };
    if (typeof named.name === "string") return named.name;
    if (typeof named.filename === "string") return named.filename;
    return JSON.stringify(value);
  }
  return String(value);
}

export function describeChange(field: string, change: unknown): string {
  const label = FIELD_LABELS[field] ?? field;
  if (change && typeof change === "object" && "from" in change && "to" in change) {
    const { from, to } = change as { from: unknown; to: unknown };
    return `${label}: ${show(from)} → ${show(to)}`;
  }
  return `${label}: ${show(change)}`;
}
