import { describe, expect, it } from "vitest";
import type { JourneyNode } from "@/types/generated/journey";
import { exitsOf, humanize } from "./exits";

const node = (kind: string, config: unknown = {}) =>
  ({ kind, config }) as unknown as Pick<JourneyNode, "kind" | "config">;
const catalog = { job_types: { call_customer: ["paid", "promised", "no_answer"] } };

describe("exitsOf mirrors backend/app/engine/exits.py", () => {
  it.each([
    ["trigger.event", {}, ["next"]],
    ["trigger.manual", {}, ["next"]],
    ["flow.wait_duration", {}, ["next"]],
    ["flow.join", {}, ["next"]],
    ["flow.wait_for_event", {}, ["received", "timeout"]],
    ["flow.condition", {}, ["yes", "no"]],
    [
      "flow.switch",
      {
        cases: [
          { id: "north", label: "" },
          { id: "south", label: "S" },
        ],
      },
      ["north", "south", "default"],
    ],
    [
      "flow.parallel_split",
      {
        branches: [
          { id: "a", label: "" },
          { id: "b", label: "" },
        ],
      },
      ["a", "b"],
    ],
    ["flow.random_split", { branches: [{ id: "a", label: "A", weight: 50 }] }, ["a"]],
    ["flow.goal", {}, []],
    ["flow.end", {}, []],
    ["action.send_email", {}, ["next"]],
    ["action.webhook", { url: "x" }, ["next", "failed"]],
    [
      "action.create_job",
      { job_type: "call_customer" },
      ["paid", "promised", "no_answer", "cancelled"],
    ],
    ["action.create_job", { job_type: "unknown" }, ["cancelled"]],
  ])("%s %j → %j", (kind, config, ids) => {
    expect(exitsOf(node(kind, config), catalog).map((e) => e.id)).toEqual(ids);
  });

  it("labels exits like the backend, with optional ones marked", () => {
    expect(exitsOf(node("flow.switch", { cases: [{ id: "variant-b", label: "" }] }))).toEqual([
      { id: "variant-b", label: "Variant b", required: true },
      { id: "default", label: "Otherwise", required: true },
    ]);
    expect(
      exitsOf(node("flow.random_split", { branches: [{ id: "a", label: "Half", weight: 50 }] }))[0]
        ?.label,
    ).toBe("Half (50)");
    expect(exitsOf(node("action.webhook", { url: "x" }))[1]).toEqual({
      id: "failed",
      label: "Failed",
      required: false,
    });
    expect(exitsOf(node("action.create_job", { job_type: "call_customer" }), null)).toEqual([
      { id: "cancelled", label: "Job cancelled", required: false },
    ]);
  });

  it("humanizes ids", () => {
    expect(humanize("apply_discount")).toBe("Apply discount");
    expect(humanize("")).toBe("");
  });
});
