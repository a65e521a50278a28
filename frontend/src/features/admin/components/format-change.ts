import type { FieldChange } from "../types";

/** One audited value, for people: lists joined, nothing as "—". */
export function formatValue(value: unknown): string {
  if (value === null || value === undefined || value === "") return "—";
  if (Array.isArray(value)) return value.length ? value.map(formatValue).join(", ") : "none";
  if (typeof value === "boolean") return value ? "yes" : "no";
  if (typeof value === "object") return JSON.stringify(value);
  return String(value);
}

function isFieldChange(value: unknown): value is FieldChange {
  return (
    typeof value === "object" &&
    value !== null &&
    !Array.isArray(value) &&
    ("from" in value || "to" in value)
  );
}

/** `{field: {from, to}}` as `["field: from → to", …]`; other shapes as `field: value`. */
export function formatChanges(changes: Record<string, unknown>): string[] {
  return Object.entries(changes).map(([field, change]) =>
    isFieldChange(change)
      ? `${field}: ${formatValue(change.from)} → ${formatValue(change.to)}`
      : `${field}: ${formatValue(change)}`,
  );
}
