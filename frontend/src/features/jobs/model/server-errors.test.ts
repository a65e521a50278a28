import { describe, expect, it } from "vitest";
import { ApiError } from "@/lib/api-client";
import { formPath, problemsOf, sortProblems } from "./server-errors";

describe("server problems on the job form", () => {
  it.each([
    ["data.tracking_number", ["tracking_number"]],
    ["data.items[2].qty", ["items", "2", "qty"]],
    ["data", []],
    ["outcome", null],
    ["version", null],
  ])("%s → %j", (field, path) => {
    expect(formPath(field)).toEqual(path);
  });

  it("puts each message on its field, nested fields and the whole form included", () => {
    const sorted = sortProblems([
      { field: "data.tracking_number", message: "Expected a string" },
      { field: "data.items[2].qty", message: "Must be at least 1" },
      { field: "data.items[2].qty", message: "Must be a whole number" },
      { field: "data", message: "'carrier' is a required property" },
      { field: "outcome", message: "Must be one of confirmed, cancel" },
    ]);
    expect(sorted.form).toEqual({
      __errors: ["'carrier' is a required property"],
      tracking_number: { __errors: ["Expected a string"] },
      items: { 2: { qty: { __errors: ["Must be at least 1", "Must be a whole number"] } } },
    });
    expect(sorted.other).toEqual(["outcome: Must be one of confirmed, cancel"]);
    expect(sorted.count).toBe(5);
  });

  it("reads the problem's errors and ignores malformed ones", () => {
    const error = new ApiError({
      message: "Invalid",
      status: 422,
      method: "POST",
      url: "/x",
      problem: { errors: [{ field: "data.a", message: "m" }, { field: 3 }, "junk"] },
    });
    expect(problemsOf(error)).toEqual([{ field: "data.a", message: "m" }]);
    expect(problemsOf(new Error("x"))).toEqual([]);
  });
});
