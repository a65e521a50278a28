/**
 * Our ConditionGroup ⇄ react-querybuilder's rule groups, as pure functions.
 *
 * A field rule's RQB `field` is `<type>:<path>` (`contact_field:region`;
 * `object_field:<object type>:<path>`), its operator and value stay as they are. A fact
 * rule (opened an email, has a tag…) has `field` = its type, operator `is`, and its
 * parameters as the value object.
 */
import type { RuleGroupType, RuleType } from "react-querybuilder";
import type { Condition, ConditionGroup } from "@/types/generated/journey";

export type FieldRuleType = "contact_field" | "event_property" | "variable" | "object_field";
export type FactRuleType = Exclude<Condition["type"], FieldRuleType | "group">;

export const FIELD_RULE_TYPES: FieldRuleType[] = [
  "contact_field",
  "event_property",
  "variable",
  "object_field",
];
export const FACT_RULE_TYPES: FactRuleType[] = [
  "event_history",
  "opened_email",
  "clicked_link",
  "received_emails",
  "has_open_job",
  "in_segment",
  "has_tag",
];

export const RULE_TYPE_LABELS: Record<FieldRuleType | FactRuleType, string> = {
  event_history: "Did an event",
  contact_field: "Contact field",
  event_property: "Property of the event",
  variable: "Journey variable",
  object_field: "Order, return, ticket…",
  opened_email: "Opened an email",
  clicked_link: "Clicked a link",
  received_emails: "Received emails",
  has_open_job: "Has an open job",
  in_segment: "Is in a segment",
  has_tag: "Has a tag",
};

export type OperatorName = Extract<Condition, { type: "contact_field" }>["operator"];

export const OPERATORS: { name: OperatorName; label: string; arity?: "unary" }[] = [
  { name: "equals", label: "is" },
  { name: "not_equals", label: "is not" },
  { name: "contains", label: "contains" },
  { name: "in", label: "is one of" },
  { name: "gt", label: "is more than" },
  { name: "gte", label: "is at least" },
  { name: "lt", label: "is less than" },
  { name: "lte", label: "is at most" },
  { name: "before", label: "is before" },
  { name: "after", label: "is after" },
  { name: "within_last_days", label: "is in the last … days" },
  { name: "is_set", label: "has a value", arity: "unary" },
  { name: "is_not_set", label: "is empty", arity: "unary" },
];
export const FACT_OPERATOR = "is";

export function isFieldRuleType(value: string): value is FieldRuleType {
  return (FIELD_RULE_TYPES as string[]).includes(value);
}

/** `contact_field:contact.region` → {type, path}; `object_field:order:status` → objectType too. */
export function parseRuleField(field: string): { type: string; objectType?: string; path: string } {
  const [type = "", ...rest] = field.split(":");
  if (type === "object_field") {
    const [objectType = "", ...path] = rest;
    return { type, objectType, path: path.join(":") };
  }
  return { type, path: rest.join(":") };
}

function ruleToRqb(rule: Condition): RuleType | RuleGroupType {
  switch (rule.type) {
    case "group":
      return conditionToQuery(rule);
    case "contact_field":
      return {
        field: `contact_field:${rule.field}`,
        operator: rule.operator,
        value: rule.value ?? null,
      };
    case "event_property":
      return {
        field: `event_property:${rule.property}`,
        operator: rule.operator,
        value: rule.value ?? null,
      };
    case "variable":
      return {
        field: `variable:${rule.variable}`,
        operator: rule.operator,
        value: rule.value ?? null,
      };
    case "object_field":
      return {
        field: `object_field:${rule.object_type}:${rule.field}`,
        operator: rule.operator,
        value: rule.value ?? null,
      };
    default: {
      const { type, ...params } = rule;
      return { field: type, operator: FACT_OPERATOR, value: params };
    }
  }
}

export function conditionToQuery(group: ConditionGroup | null | undefined): RuleGroupType {
  return {
    combinator: group?.op === "any" ? "or" : "and",
    not: group?.negate ?? false,
    rules: (group?.rules ?? []).map(ruleToRqb),
  };
}

function isGroup(rule: RuleType | RuleGroupType | string): rule is RuleGroupType {
  return typeof rule === "object" && "rules" in rule;
}

type Value = string | number | boolean | (string | number)[] | null;

function rqbToRule(rule: RuleType): Condition {
  const { type, objectType, path } = parseRuleField(rule.field);
  const operator = rule.operator as Extract<Condition, { type: "contact_field" }>["operator"];
  const value = (rule.value ?? null) as Value;
  const withValue = operator === "is_set" || operator === "is_not_set" ? {} : { value };
  switch (type) {
    case "contact_field":
      return { type, field: path, operator, ...withValue };
    case "event_property":
      return { type, property: path, operator, ...withValue };
    case "variable":
      return { type, variable: path, operator, ...withValue };
    case "object_field":
      return { type, object_type: objectType ?? "", field: path, operator, ...withValue };
    default: {
      const params = rule.value && typeof rule.value === "object" ? rule.value : {};
      return { ...params, type } as Condition;
    }
  }
}

export function queryToCondition(query: RuleGroupType): ConditionGroup {
  const group: ConditionGroup = {
    type: "group",
    op: query.combinator === "or" ? "any" : "all",
    rules: query.rules.flatMap((rule) => {
      if (typeof rule === "string") return [];
      return [isGroup(rule) ? queryToCondition(rule) : rqbToRule(rule)];
    }),
  };
  if (query.not) group.negate = true;
  return group;
}
