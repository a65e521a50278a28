import { describe, expect, it } from "vitest";
import type { ConditionGroup } from "@/types/generated/journey";
import { conditionToQuery, parseRuleField, queryToCondition } from "./conditions";

const g = (
  rules: ConditionGroup["rules"],
  extra: Partial<ConditionGroup> = {},
): ConditionGroup => ({
  type: "group",
  op: "all",
  rules,
  ...extra,
});

describe("ConditionGroup ⇄ react-querybuilder", () => {
  it.each<[string, ConditionGroup]>([
    ["empty", g([])],
    [
      "contact field",
      g([{ type: "contact_field", field: "contact.region", operator: "equals", value: "north" }]),
    ],
    [
      "event property",
      g([{ type: "event_property", property: "amount", operator: "gt", value: 100 }]),
    ],
    ["variable, unary", g([{ type: "variable", variable: "job.outcome", operator: "is_set" }])],
    [
      "object field",
      g([
        {
          type: "object_field",
          object_type: "order",
          field: "status",
          operator: "in",
          value: ["a", "b"],
        },
      ]),
    ],
    ["opened email", g([{ type: "opened_email", template: "payment_reminder", within_days: 7 }])],
    ["received emails", g([{ type: "received_emails", comparison: "at_least", count: 3 }])],
    [
      "did an event, with filters",
      g([
        {
          type: "event_history",
          event_name: "order.placed",
          done: false,
          since: "period",
          period: { amount: 2, unit: "weeks" },
          where: [{ property: "total", operator: "gt", value: 50 }],
        },
      ]),
    ],
    [
      "has tag, any",
      g(
        [
          { type: "has_tag", tag: "vip" },
          { type: "in_segment", segment: "north" },
        ],
        { op: "any" },
      ),
    ],
    [
      "negated nested",
      g([g([{ type: "has_open_job", queue: "collections" }], { op: "any", negate: true })]),
    ],
  ])("%s round-trips", (_name, group) => {
    expect(queryToCondition(conditionToQuery(group))).toEqual(group);
  });

  it("maps op/negate to combinator/not and field rules to type:path", () => {
    const q = conditionToQuery(
      g(
        [
          {
            type: "object_field",
            object_type: "order",
            field: "status",
            operator: "equals",
            value: "x",
          },
        ],
        {
          op: "any",
          negate: true,
        },
      ),
    );
    expect(q).toEqual({
      combinator: "or",
      not: true,
      rules: [{ field: "object_field:order:status", operator: "equals", value: "x" }],
    });
  });

  it("maps fact rules to their type with parameters as value", () => {
    expect(conditionToQuery(g([{ type: "has_tag", tag: "vip" }])).rules[0]).toEqual({
      field: "has_tag",
      operator: "is",
      value: { tag: "vip" },
    });
  });

  it("ignores RQB's ids and drops a value for unary operators", () => {
    const back = queryToCondition({
      id: "root",
      combinator: "and",
      rules: [{ id: "r1", field: "contact_field:email", operator: "is_not_set", value: "stale" }],
    });
    expect(back).toEqual(g([{ type: "contact_field", field: "email", operator: "is_not_set" }]));
  });

  it("parses rule fields", () => {
    expect(parseRuleField("contact_field:contact.a:b")).toEqual({
      type: "contact_field",
      path: "contact.a:b",
    });
    expect(parseRuleField("object_field:order:status")).toEqual({
      type: "object_field",
      objectType: "order",
      path: "status",
    });
    expect(parseRuleField("has_tag")).toEqual({ type: "has_tag", path: "" });
  });
});
