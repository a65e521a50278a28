/**
 * A condition in plain words, for tables, summaries and the publish review:
 * "has not done Order placed since entering this journey and region is north".
 */
import type { Condition, ConditionGroup, Duration } from "@/types/generated/journey";
import { OPERATORS } from "./conditions";
import { humanize } from "./field-choices";

const OPERATOR_WORDS: Record<string, string> = Object.fromEntries(
  OPERATORS.map((o) => [o.name, o.label]),
);

function shown(value: unknown): string {
  if (Array.isArray(value)) return value.map(shown).join(", ");
  if (value === true) return "yes";
  if (value === false) return "no";
  return typeof value === "string" ? `“${value}”` : String(value);
}

function compared(subject: string, operator: string, value: unknown): string {
  const words = OPERATOR_WORDS[operator] ?? operator;
  if (operator === "is_set" || operator === "is_not_set" || value === undefined || value === null)
    return `${subject} ${words}`;
  if (operator === "within_last_days") return `${subject} is in the last ${value} days`;
  return `${subject} ${words} ${shown(value)}`;
}

export function durationWords(d: Duration | null | undefined): string {
  if (!d) return "";
  return `${d.amount} ${d.amount === 1 ? d.unit.replace(/s$/, "") : d.unit}`;
}

function times(comparison: string | undefined, count: number | undefined): string {
  const n = count ?? 1;
  if ((comparison ?? "at_least") === "at_least" && n === 1) return "";
  const how = (comparison ?? "at_least").replace("_", " ");
  return ` ${how} ${n} time${n === 1 ? "" : "s"}`;
}

function describeRule(rule: Condition): string {
  switch (rule.type) {
    case "event_property":
      return compared(
        `the event's ${humanize(rule.property).toLowerCase()}`,
        rule.operator,
        rule.value,
      );
    case "contact_field":
      return compared(
        humanize(rule.field.replace(/^contact\./, "")).toLowerCase(),
        rule.operator,
        rule.value,
      );
    case "variable":
      return compared(`journey ${rule.variable}`, rule.operator, rule.value);
    case "object_field":
      return compared(
        `${humanize(rule.object_type).toLowerCase()} ${humanize(rule.field).toLowerCase()}`,
        rule.operator,
        rule.value,
      );
    case "event_history": {
      const when =
        rule.since === "journey_entry"
          ? " since entering this journey"
          : rule.since === "period"
            ? ` in the last ${durationWords(rule.period)}`
            : "";
      const where = (rule.where ?? [])
        .map((w) => compared(humanize(w.property).toLowerCase(), w.operator, w.value))
        .join(" and ");
      const verb = rule.done === false ? "has not done" : "has done";
      return `${verb} “${humanize(rule.event_name)}”${times(rule.comparison, rule.count)}${when}${
        where ? ` (where ${where})` : ""
      }`;
    }
    case "has_tag":
      return `is tagged “${rule.tag}”`;
    case "in_segment":
      return `is in segment “${rule.segment}”`;
    case "group":
      return `(${describeCondition(rule)})`;
    case "opened_email":
      return `opened ${rule.template ? `“${rule.template}”` : "an email"}${
        rule.within_days ? ` in the last ${rule.within_days} days` : ""
      }`;
    case "clicked_link":
      return `clicked a link${rule.template ? ` in “${rule.template}”` : ""}`;
    case "received_emails":
      return `received ${rule.comparison.replace("_", " ")} ${rule.count} emails`;
    case "has_open_job":
      return `has an open ${rule.job_type ? `“${rule.job_type}” ` : ""}job`;
    default: {
      const never: never = rule;
      return String(never);
    }
  }
}

/** A condition group in one line of plain words ("Always" for none). */
export function describeCondition(group: ConditionGroup | null | undefined): string {
  if (!group || !(group.rules ?? []).length) return "Always";
  const joined = (group.rules ?? []).map(describeRule).join(group.op === "any" ? " or " : " and ");
  return group.negate ? `not (${joined})` : joined;
}
