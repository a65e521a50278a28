import { describe, expect, it } from "vitest";
import type { WhatIfResult } from "@/types/generated/what-if-api";
import {
  defaultPeriod,
  difference,
  formProblems,
  jobStepsOf,
  nodeWhatIf,
  toRequest,
} from "./model";

const NOW = new Date("2026-12-07T15:00:00Z");

const RESULT: WhatIfResult = {
  steps: [
    {
      node_id: "validate-product",
      kind: "action.create_job",
      label: "Validate product",
      draft: { entered: 12, exits: { valid: 7, invalid: 5 }, waiting: 0 },
      live: { entered: 12, exits: {}, waiting: 0 },
    },
  ],
  messages: [],
  jobs: [],
  ends: [],
  contacts: 12,
  events: 40,
  enrolled: { bucket: "enrolled", label: "Enrolled", draft: 12, live: 12 },
  assumptions: [],
  seconds: 0.4,
};

describe("the what-if form", () => {
  it("defaults to the last 30 days up to today", () => {
    expect(defaultPeriod(NOW)).toEqual({ from: "2026-11-08", to: "2026-12-07" });
  });

  it("sends whole UTC days, the end cut at now, and each job step's choice", () => {
    const body = toRequest(
      {
        from: "2026-11-08",
        to: "2026-12-07",
        segmentId: null,
        version: null,
        jobSteps: {
          "validate-product": { mode: "split", outcome: "", weights: { valid: 80, invalid: 20 } },
          "send-replacement": { mode: "outcome", outcome: "sent", weights: {} },
        },
      },
      NOW,
    );
    expect(body).toEqual({
      period_start: "2026-11-08T00:00:00.000Z",
      period_end: "2026-12-07T15:00:00.000Z",
      segment_id: null,
      version: null,
      job_steps: {
        "validate-product": {
          split: [
            { outcome: "valid", weight: 80 },
            { outcome: "invalid", weight: 20 },
          ],
        },
        "send-replacement": { outcome: "sent" },
      },
    });
  });

  it("names what is wrong before sending", () => {
    expect(
      formProblems({
        from: "2026-12-07",
        to: "2026-12-01",
        segmentId: null,
        version: null,
        jobSteps: { chase: { mode: "split", outcome: "", weights: { found: 0 } } },
      }),
    ).toEqual({
      to: "The last day is before the first.",
      "job:chase": "Give at least one outcome a weight above 0.",
    });
  });
});

describe("the journey replayed", () => {
  it("sends the published version chosen", () => {
    const body = toRequest(
      { from: "2026-11-08", to: "2026-11-30", segmentId: null, version: 2, jobSteps: {} },
      NOW,
    );
    expect(body.version).toBe(2);
  });

  it("lists a definition's job steps with their job type's outcomes", () => {
    const catalog = { job_types: { validate_product: ["valid", "invalid"] } };
    expect(
      jobStepsOf(
        [
          { id: "start", kind: "trigger.event", config: { event_name: "return.requested" } },
          {
            id: "validate-product",
            kind: "action.create_job",
            label: "Validate the product",
            config: { job_type: "validate_product", queue: "support" },
          },
        ] as never,
        catalog,
      ),
    ).toEqual([
      { id: "validate-product", label: "Validate the product", outcomes: ["valid", "invalid"] },
    ]);
  });
});

describe("a node card's what-if numbers", () => {
  it("puts the draft next to the live version, per step and exit", () => {
    expect(nodeWhatIf(RESULT, "validate-product", ["valid", "invalid", "cancelled"])).toEqual({
      label: "Validate product",
      draft: 12,
      live: 12,
      waiting: 0,
      exits: [
        { id: "valid", draft: 7, live: 0 },
        { id: "invalid", draft: 5, live: 0 },
        { id: "cancelled", draft: 0, live: 0 },
      ],
    });
  });

  it("shows nothing for a step the what-if did not know", () => {
    expect(nodeWhatIf(RESULT, "new-step", [])).toBeNull();
    expect(nodeWhatIf(null, "validate-product", [])).toBeNull();
  });

  it("says the difference", () => {
    expect(difference(5, 5)).toBe("=");
    expect(difference(7, 4)).toBe("+3");
    expect(difference(2, 4)).toBe("−2");
  });
});
