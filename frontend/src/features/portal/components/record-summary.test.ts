import { describe, expect, it } from "vitest";
import type { PortalRecord } from "../types";
import { recordSummary } from "./record-summary";

function record(kind: PortalRecord["kind"], data: Record<string, unknown>): PortalRecord {
  return {
    id: "r1",
    kind,
    reference: "X-1",
    status: "requested",
    status_label: "We have your request",
    data,
    due_at: null,
    starts_at: kind === "appointment" ? "2026-12-01T10:00:00Z" : null,
    created_at: "2026-11-01T10:00:00Z",
    updated_at: "2026-11-01T10:00:00Z",
  };
}

describe("recordSummary", () => {
  it.each([
    [
      record("order", { items: [{ name: "Lamp" }, { name: "Pen" }], total: 12.5, currency: "GBP" }),
      "Lamp, Pen · GBP 12.50",
    ],
    [record("order", {}), ""],
    [record("return", { order_ref: "ORD-1", reason: "Broken" }), "Return of order ORD-1: Broken"],
    [record("ticket", { subject: "Late delivery" }), "Late delivery"],
    [record("enquiry", { subject: "Colours?" }), "Colours?"],
  ])("says what %o is about", (input, expected) => {
    expect(recordSummary(input)).toBe(expected);
  });

  it("gives an appointment's topic and time", () => {
    expect(recordSummary(record("appointment", { topic: "Fitting" }))).toMatch(/^Fitting · /);
  });
});
