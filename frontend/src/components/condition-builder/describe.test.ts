import { describe, expect, it } from "vitest";
import type { Condition } from "@/types/generated/journey";
import { describeCondition } from "./describe";

const one = (rule: Condition) => describeCondition({ type: "group", op: "all", rules: [rule] });

describe("conditions in words", () => {
  it.each<[string, Condition, string]>([
    [
      "not done since entering",
      { type: "event_history", event_name: "order.placed", done: false, since: "journey_entry" },
      "has not done “Order placed” since entering this journey",
    ],
    [
      "counted in a period, with a property",
      {
        type: "event_history",
        event_name: "page.viewed",
        count: 3,
        since: "period",
        period: { amount: 7, unit: "days" },
        where: [{ property: "url", operator: "contains", value: "pricing" }],
      },
      "has done “Page viewed” at least 3 times in the last 7 days (where url contains “pricing”)",
    ],
    [
      "a contact field",
      { type: "contact_field", field: "contact.first_name", operator: "is_set" },
      "first name has a value",
    ],
    [
      "consent",
      { type: "contact_field", field: "consent.email", operator: "equals", value: true },
      "consent email is yes",
    ],
  ])("%s", (_name, rule, words) => {
    expect(one(rule)).toBe(words);
  });

  it("joins with and / or and reads an empty condition as always", () => {
    expect(
      describeCondition({
        type: "group",
        op: "any",
        negate: true,
        rules: [
          { type: "has_tag", tag: "vip" },
          { type: "in_segment", segment: "north" },
        ],
      }),
    ).toBe("not (is tagged “vip” or is in segment “north”)");
    expect(describeCondition(null)).toBe("Always");
  });
});
