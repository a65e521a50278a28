import { describe, expect, it } from "vitest";
import {
  eventLabel,
  eventOptions,
  type FieldInfo,
  fieldOptions,
  humanize,
  NO_CHOICES,
  objectKindOptions,
  operatorsFor,
  parseValue,
} from "./field-choices";

const f = (path: string, label: string, type: FieldInfo["type"], custom = false): FieldInfo => ({
  path,
  label,
  type,
  custom,
  example: null,
});

describe("field choices", () => {
  it("groups built-in fields before those seen in the data, keeping an unknown saved path", () => {
    const fields = [f("first_name", "First name", "text"), f("region", "Region", "text", true)];
    expect(fieldOptions(fields, "region")).toEqual([
      { group: "Fields", items: [{ value: "first_name", label: "First name" }] },
      { group: "Seen in the data", items: [{ value: "region", label: "Region" }] },
    ]);
    expect(fieldOptions(fields, "old.path").at(-1)).toEqual({
      group: "Typed in",
      items: [{ value: "old.path", label: "old.path" }],
    });
  });

  it.each<[FieldInfo["type"] | undefined, string[]]>([
    ["date", ["before", "after", "within_last_days", "is_set", "is_not_set"]],
    ["boolean", ["equals", "is_set", "is_not_set"]],
    ["list", ["contains", "is_set", "is_not_set"]],
  ])("offers the comparisons that suit a %s field", (type, names) => {
    expect(operatorsFor(type).map((o) => o.name)).toEqual(names);
  });

  it("offers every comparison for a field it does not know", () => {
    expect(operatorsFor(undefined)).toHaveLength(13);
  });

  it.each<[string, string, FieldInfo["type"] | undefined, unknown]>([
    ["a, b ,", "in", "text", ["a", "b"]],
    ["50", "gt", "number", 50],
    ["50", "equals", "text", "50"],
    ["50", "gt", undefined, 50],
    ["7", "within_last_days", "date", 7],
    ["", "gt", "number", ""],
  ])("reads %j for %s on a %s field", (raw, operator, type, expected) => {
    expect(parseValue(raw, operator, type)).toEqual(expected);
  });

  it("names events and objects for people", () => {
    expect(humanize("cart.abandoned")).toBe("Cart abandoned");
    expect(eventLabel("order.placed")).toBe("Order placed · order.placed");
    const choices = { ...NO_CHOICES, eventNames: ["cart.abandoned"], objects: { order: [] } };
    expect(eventOptions(choices, "order.placed").map((o) => o.value)).toEqual([
      "cart.abandoned",
      "order.placed",
    ]);
    expect(objectKindOptions(choices, undefined)).toEqual([{ value: "order", label: "Order" }]);
  });
});
