/** What a segment's condition may use, and how its problems read. */
import type { RuleType } from "@/components/condition-builder/condition-builder";
import { isApiError } from "@/lib/api-client";
import type { ConditionGroup } from "@/types/generated/journey";

/** Event properties, journey variables and open jobs exist only inside a journey. */
export const SEGMENT_RULE_TYPES: RuleType[] = [
  "contact_field",
  "event_history",
  "object_field",
  "has_tag",
  "in_segment",
  "opened_email",
  "clicked_link",
  "received_emails",
];

export const EMPTY_CONDITION: ConditionGroup = { type: "group", op: "all", rules: [] };

/** A name journeys can refer to, suggested from the label: "VIP buyers" → "vip_buyers". */
export function nameFromLabel(label: string): string {
  const slug = label
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "");
  const name = /^[a-z]/.test(slug) ? slug : `segment_${slug}`;
  return name.slice(0, 80).replace(/_+$/, "");
}

/** The problem's field errors as lines a person reads ("Rule 2: …"), else its message. */
export function problemLines(error: unknown): string[] {
  if (!isApiError(error)) return error instanceof Error ? [error.message] : [];
  const raw = error.problem?.errors;
  if (!Array.isArray(raw) || raw.length === 0) return [error.message];
  return raw.flatMap((item) => {
    if (typeof item !== "object" || item === null) return [];
    const { field, message } = item as { field?: unknown; message?: unknown };
    if (typeof message !== "string") return [];
    return [`${typeof field === "string" ? `${whereIs(field)}: ` : ""}${message}`];
  });
}

/** `condition.rules[1].rules[0].value` → "Rule 2 › rule 1". */
export function whereIs(field: string): string {
  const indexes = [...field.matchAll(/rules\[(\d+)\]/g)].map((m) => Number(m[1]) + 1);
  if (indexes.length === 0) return "Condition";
  return indexes.map((n, i) => `${i === 0 ? "Rule" : "rule"} ${n}`).join(" › ");
}

/** A condition worth counting: at least one rule somewhere. */
export function hasRules(group: ConditionGroup): boolean {
  return (group.rules ?? []).length > 0;
}
