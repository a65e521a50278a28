import { expect, describe as group, it } from "vitest";
import type { TimelineItem } from "../types";
import { describe, jobOf } from "./timeline";

function event(name: string, properties: Record<string, unknown>): TimelineItem {
  return {
    kind: "event",
    id: "1",
    at: "2026-11-23T10:00:00Z",
    title: name,
    detail: { source: "system", properties: { ...properties, origin: "staff" } },
  };
}

group("timeline lines", () => {
  it.each([
    [event("contact.tagged", { tag: "vip" }), "Tagged “vip”"],
    [event("contact.opted_out", { channel: "email" }), "Opted out of email"],
    [event("contact.opted_in", { channel: "sms" }), "Opted in to text messages"],
    [event("contact.score_changed", { previous: 0, current: 30 }), "Score 0 → 30"],
    [
      event("contact.field_changed", {
        field: "timezone",
        previous: null,
        current: "Europe/Paris",
      }),
      "timezone changed from nothing to Europe/Paris",
    ],
    [
      event("object.status_changed", {
        kind: "order",
        external_ref: "ORD-1",
        previous_status: "placed",
        status: "shipped",
      }),
      "order ORD-1 placed → shipped",
    ],
    [event("order.placed", { order_id: "X" }), "order.placed"],
  ])("says %#", (item, headline) => {
    expect(describe(item).headline).toBe(headline);
    expect(describe(item).badge).toBe("Event");
  });

  it("names who changed a contact", () => {
    expect(describe(event("contact.tagged", { tag: "x" })).detail).toBe("contact.tagged · staff");
  });

  it("shows journey steps with their exit and messages with their status", () => {
    const step: TimelineItem = {
      kind: "journey_step",
      id: "2",
      at: "2026-11-23T10:00:00Z",
      title: "Collection: wait",
      detail: { journey: "Collection", node_id: "wait-3-days", exit_taken: null, text: "waiting" },
    };
    expect(describe(step)).toEqual({
      badge: "Journey",
      headline: "Collection: wait-3-days",
      detail: "waiting",
    });
    const notSent: TimelineItem = {
      kind: "journey_step",
      id: "4",
      at: "2026-11-23T10:00:00Z",
      title: "Thanks: mail",
      detail: {
        journey: "Thanks",
        node_id: "mail",
        exit_taken: null,
        note: "not_sent",
        reason: "no_consent",
        text: "Not sent: no consent (no consent: the contact has not agreed to email).",
      },
    };
    expect(describe(notSent)).toEqual({
      badge: "Journey",
      headline: "Thanks: mail — not sent",
      detail: "Not sent: no consent (no consent: the contact has not agreed to email).",
    });
    expect(
      describe({ ...notSent, detail: { ...notSent.detail, note: "trigger_refused" } }).headline,
    ).toBe("Thanks: mail — trigger refused");
    const failed: TimelineItem = {
      kind: "message",
      id: "5",
      at: "2026-11-23T10:00:00Z",
      title: "send email",
      detail: { status: "failed", template: null, subject: "Thanks", error: "no consent" },
    };
    expect(describe(failed).detail).toBe("Thanks · no consent");
    const message: TimelineItem = {
      kind: "message",
      id: "3",
      at: "2026-11-23T10:00:00Z",
      title: "send email",
      detail: { status: "sent", template: "payment_reminder", subject: null },
    };
    expect(describe(message)).toEqual({
      badge: "Message",
      headline: "send email (sent)",
      detail: "payment_reminder",
    });
  });
});

group("steps by their labels, messages as rendered", () => {
  it("names a step by its label and shows the sent message's subject and text", () => {
    const step: TimelineItem = {
      kind: "journey_step",
      id: "8",
      at: "2026-11-23T10:00:00Z",
      title: "Collection: Wait 3 days",
      detail: { journey: "Collection", node_id: "wait-3-days", step_label: "Wait 3 days" },
    };
    expect(describe(step).headline).toBe("Collection: Wait 3 days");
    const sent: TimelineItem = {
      kind: "message",
      id: "9",
      at: "2026-11-23T10:00:00Z",
      title: "send email",
      detail: {
        status: "sent",
        template: "payment_reminder",
        subject: "Your payment of £40",
        text: `Hello Ada,\n\nyour payment is late. ${"x".repeat(200)}`,
      },
    };
    const detail = describe(sent).detail ?? "";
    expect(
      detail.startsWith("payment_reminder · Your payment of £40 · Hello Ada, your payment"),
    ).toBe(true);
    expect(detail.endsWith("…")).toBe(true);
  });
});

group("job lines", () => {
  const job: TimelineItem = {
    kind: "job",
    id: "7",
    at: "2026-11-23T10:00:00Z",
    title: "Job completed: Confirm order ORD-2001",
    detail: {
      job_id: "0b7e6a3c-52f4-4e0a-9a61-3f1c2d8e7b90",
      job_title: "Confirm order ORD-2001",
      job_type: "confirm_order",
      queue: "administration",
      action: "job.completed",
      from: "in_progress",
      to: "completed",
      outcome: "apply_discount",
    },
  };

  it("names the job, its outcome, queue and status change, and links to it", () => {
    expect(describe(job)).toEqual({
      badge: "Job",
      headline: "Job completed: Confirm order ORD-2001 (apply discount)",
      detail: "administration · in_progress → completed",
    });
    expect(jobOf(job)).toBe("0b7e6a3c-52f4-4e0a-9a61-3f1c2d8e7b90");
    expect(jobOf({ ...job, kind: "event" })).toBeNull();
  });
});
