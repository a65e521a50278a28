import { describe, expect, it } from "vitest";
import { formatDateTime } from "@/lib/format";
import type { Position } from "@/types/generated/enrollments-api";
import { describeWait } from "./journeys";

const AT = "2026-03-05T09:00:00Z";

describe("describeWait", () => {
  it.each<[Position["waiting_for"], string]>([
    [{ kind: "timer", due_at: AT }, `Continues on ${formatDateTime(AT)}`],
    [
      { kind: "event", event_name: "payment.received", timeout_at: AT },
      `Waits for “payment.received” until ${formatDateTime(AT)}`,
    ],
    [
      { kind: "job", job_ref: "k", job_id: "j", job_status: "in_progress", job_type: "call" },
      "Waits for the call job (in progress)",
    ],
    [
      { kind: "job", job_ref: "k", job_id: null, job_status: null, job_type: null },
      "Waits for its job to be created",
    ],
    [{ kind: "webhook", webhook_ref: "k" }, "Waits for the webhook's answer"],
    [{ kind: "join" }, "Waits for its other paths"],
    [{ kind: "continue", due_at: null }, "Continues shortly"],
  ])("%o reads %s", (waiting, words) => {
    expect(describeWait(waiting)).toBe(words);
  });
});
