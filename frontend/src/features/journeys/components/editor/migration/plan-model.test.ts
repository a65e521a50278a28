import { describe, expect, it } from "vitest";
import type { PlanProposal, WaitingStep } from "@/types/generated/migrations-api";
import {
  canKeep,
  initialChoices,
  parseDestination,
  percentDone,
  stepKey,
  toPlan,
  withDestination,
} from "./plan-model";

const removed: WaitingStep = {
  version: 1,
  node_id: "w-old",
  label: "Wait 3 days",
  kind: "flow.wait_duration",
  waiting: 20,
  in_new_version: false,
  proposed: { version: 1, node_id: "w-old", action: "finish" },
  keepable: ["w-new"],
};
const kept: WaitingStep = {
  version: 1,
  node_id: "reply",
  label: "Reply?",
  kind: "flow.wait_for_event",
  waiting: 2,
  in_new_version: true,
  proposed: { version: 1, node_id: "reply", action: "move", target: "reply", timers: "keep" },
  keepable: ["reply"],
};
const proposal: PlanProposal = {
  to_version: 2,
  running: 22,
  steps: [removed, kept],
  targets: [
    { node_id: "w-new", label: "Wait 1 day", kind: "flow.wait_duration" },
    { node_id: "reply", label: "Reply?", kind: "flow.wait_for_event" },
  ],
  active_migration: null,
};

describe("migration plan model", () => {
  it("starts from the server's proposal and sends it back as the API's plan", () => {
    const choices = initialChoices(proposal);
    expect(toPlan(proposal, choices)).toEqual({
      to_version: 2,
      mappings: [
        { version: 1, node_id: "w-old", action: "finish" },
        { version: 1, node_id: "reply", action: "move", target: "reply", timers: "keep" },
      ],
    });
  });

  it.each([
    // A wait moved to another timer wait keeps its due time when asked to.
    ["move:w-new", "keep", { action: "move", target: "w-new", timers: "keep" }],
    // A timer wait moved to an event wait cannot keep it: restart, whatever was chosen.
    ["move:reply", "restart", { action: "move", target: "reply", timers: "restart" }],
    ["leave", "keep", { action: "leave" }],
    ["finish", "keep", { action: "finish" }],
  ])("moving the removed step's contacts to %s keeps %s", (value, timers, mapping) => {
    const choices = initialChoices(proposal);
    const key = stepKey(removed);
    const start = {
      destination: { kind: "finish" as const },
      ...choices[key],
      timers: "keep" as const,
    };
    const chosen = withDestination(removed, start, parseDestination(value));
    expect(chosen.timers).toBe(timers);
    const plan = toPlan(proposal, { ...choices, [key]: chosen });
    expect(plan.mappings[0]).toEqual({ version: 1, node_id: "w-old", ...mapping });
  });

  it("keeps a due time only at a step that waits the same way", () => {
    expect(
      canKeep(removed, { destination: { kind: "move", target: "w-new" }, timers: "keep" }),
    ).toBe(true);
    expect(
      canKeep(removed, { destination: { kind: "move", target: "reply" }, timers: "keep" }),
    ).toBe(false);
    expect(canKeep(removed, { destination: { kind: "finish" }, timers: "keep" })).toBe(false);
  });

  it("says how far a migration has come", () => {
    expect(percentDone(100_000, 25_000)).toBe(75);
    expect(percentDone(0, 0)).toBe(100);
  });
});
