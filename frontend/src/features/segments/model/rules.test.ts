import { describe, expect, it } from "vitest";
import { ApiError } from "@/lib/api-client";
import { nameFromLabel, problemLines, whereIs } from "./rules";

describe("segment names", () => {
  it.each([
    ["VIP buyers", "vip_buyers"],
    ["  No activity for 90 days! ", "no_activity_for_90_days"],
    ["90 days", "segment_90_days"],
    ["Café crème", "cafe_creme"],
  ])("%s → %s", (label, name) => {
    expect(nameFromLabel(label)).toBe(name);
  });
});

describe("segment problems", () => {
  it("says which rule a field error belongs to", () => {
    expect(whereIs("condition.rules[1].rules[0].value")).toBe("Rule 2 › rule 1");
    expect(whereIs("condition.rules")).toBe("Condition");
  });

  it("lists the problem's errors, or its message", () => {
    const error = new ApiError({
      message: "The segment's condition cannot be used",
      status: 400,
      method: "POST",
      url: "/api/v1/segments/preview",
      problem: {
        errors: [{ field: "condition.rules[0].property", message: "Not in a segment." }],
      },
    });
    expect(problemLines(error)).toEqual(["Rule 1: Not in a segment."]);
    expect(problemLines(new Error("offline"))).toEqual(["offline"]);
  });
});
