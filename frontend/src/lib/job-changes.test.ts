import { describe, expect, it } from "vitest";
import { describeChange } from "./job-changes";

describe("describeChange", () => {
  it.each([
    ["status", { from: "new", to: "in_progress" }, "status: new → in_progress"],
    [
      "assignee_id",
      {
        from: null,
        to: { id: "51b2c3d4-0000-4000-8000-000000000001", name: "Casey", email: "c@x" },
      },
      "assignee: — → Casey",
    ],
    [
      "assignee_id",
      { from: { id: "u-1", name: "Casey", email: "c@x" }, to: null },
      "assignee: Casey → —",
    ],
    ["file", { id: 3, filename: "proof.pdf" }, "file: proof.pdf"],
    ["form_data", { from: null, to: "saved" }, "form_data: — → saved"],
    ["priority", { from: 1, to: { level: 2 } }, 'priority: 1 → {"level":2}'],
  ])("%s %j reads %s", (field, change, line) => {
    expect(describeChange(field, change)).toBe(line);
  });
});
