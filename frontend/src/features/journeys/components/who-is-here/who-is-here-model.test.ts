import { describe, expect, it } from "vitest";
import type { JourneyDefinition } from "@/types/generated/journey";
import { describeWaiting, movableSteps } from "./who-is-here-model";

describe("who is at this step: words and choices", () => {
  it("says what a path waits for", () => {
    expect(
      describeWaiting({ kind: "event", event_name: "paid", timeout_at: "2026-03-05T09:00:00Z" }),
    ).toMatch(/^“paid” until /);
    expect(
      describeWaiting({
        kind: "job",
        job_ref: "k",
        job_id: null,
        job_status: null,
        job_type: "call",
      }),
    ).toBe("Job call (not created yet)");
    expect(describeWaiting({ kind: "join" })).toBe("The other paths");
  });

  it("offers every step of the version but its triggers, marking where the contact is", () => {
    const definition = {
      nodes: [
        {
          id: "start",
          kind: "trigger.manual",
          label: "Start",
          position: { x: 0, y: 0 },
          config: {},
        },
        {
          id: "wait",
          kind: "flow.wait_duration",
          label: "Wait",
          position: { x: 0, y: 0 },
          config: {},
        },
        { id: "done", kind: "flow.end", label: "", position: { x: 0, y: 0 }, config: {} },
      ],
      edges: [],
    } as unknown as JourneyDefinition;
    expect(movableSteps(definition, "wait")).toEqual([
      { value: "wait", label: "Wait (here now)" },
      { value: "done", label: "End" },
    ]);
  });
});
