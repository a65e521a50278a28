import type { Condition, ConditionGroup } from "@/types/generated/journey";

const OPERATORS: Record<string, string> = {
  equals: "is",
  not_equals: "is not",
  contains: "contains",
  gt: ">",
  gte: "≥",
  lt: "<",
  lte: "≤",
  is_set: "is set",
  is_not_set: "is not set",
  in: "is one of",
  before: "is before",
  after: "is after",
  within_last_days: "within the last days",
};

function compared(operator: string, value: unknown): string {
  const words = OPERATORS[operator] ?? operator;
  return value === undefined || value === null ? words : `${words} ${JSON.stringify(value)}`;
}

function describeRule(rule: Condition): string {
  switch (rule.type) {
    case "event_property":
      return `event.${rule.property} ${compared(rule.operator, rule.value)}`;
    case "contact_field":
      return `contact.${rule.field} ${compared(rule.operator, rule.value)}`;
    case "variable":
      return `vars.${rule.variable} ${compared(rule.operator, rule.value)}`;
    case "object_field":
      return `${rule.object_type}.${rule.field} ${compared(rule.operator, rule.value)}`;
    case "has_tag":
      return `tagged “${rule.tag}”`;
    case "in_segment":
      return `in segment “${rule.segment}”`;
    case "group":
      return `(${describeCondition(rule)})`;
    case "opened_email":
      return "opened an email";
    case "clicked_link":
      return "clicked a link";
    case "received_emails":
      return `received ${rule.comparison.replace("_", " ")} ${rule.count} emails`;
    case "has_open_job":
      return "has an open job";
    default: {
      const never: never = rule;
      return String(never);
    }
  }
}

/** A condition group in one line of plain words, for tables. */
export function describeCondition(group: ConditionGroup | null): string {
  if (!group) return "Always";
  const joined = (group.rules ?? []).map(describeRule).join(group.op === "any" ? " or " : " and ");
  return group.negate ? `not (${joined})` : joined;
}
