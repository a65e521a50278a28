import { describe, expect, it } from "vitest";
import type { EnrollmentItem } from "@/types/generated/enrollments-api";
import { checksOf, highlightOf, linesOfEnrollment, traceRows } from "./path-model";

const item = {
  id: "e1",
  journey_id: "j1",
  journey_name: "Collection",
  version: 2,
  contact: { id: "c1", name: "Ada", email: null },
  status: "active",
  ended_reason: null,
  entered_at: "2026-03-02T09:00:00Z",
  ended_at: null,
  updated_at: "2026-03-02T09:00:00Z",
  at: [
    {
      token_id: "t1",
      step: { node_id: "wait", label: "Wait 3 days", node_kind: "flow.wait_duration" },
      since: "2026-03-02T09:00:00Z",
      waiting_for: { kind: "timer", due_at: "2026-03-05T09:00:00Z" },
    },
  ],
  path: [
    {
      id: 1,
      at: "2026-03-02T09:00:00Z",
      step: { node_id: "check", label: "Opened?", node_kind: "flow.condition" },
      exit_taken: "no",
      token_id: "t1",
      text: "Condition checked.",
      why: {
        kind: "condition",
        checks: [
          { where: "group", rule: "group", holds: false, operator: "all" },
          {
            where: "rules[0]",
            rule: "opened_email",
            subject: "emails opened",
            actual: 0,
            holds: false,
          },
        ],
      },
      sending: null,
    },
    {
      id: 2,
      at: "2026-03-02T09:00:00Z",
      step: { node_id: "mail", label: "Reminder", node_kind: "action.send_email" },
      exit_taken: "next",
      token_id: "t1",
      text: "send_email queued.",
      why: { kind: "effect", effect: "send_email", key: "k1" },
      sending: { status: "failed", attempts: 1, sent_at: null, last_error: "no consent" },
    },
  ],
  path_total: 2,
} as EnrollmentItem;

describe("a path as the path view shows it", () => {
  it("names each line by its step's label and keeps its trace", () => {
    const lines = linesOfEnrollment(item);
    expect(lines.map((l) => [l.id, l.label, l.exit])).toEqual([
      ["1", "Opened?", "no"],
      ["2", "Reminder", "next"],
    ]);
  });

  it("highlights the steps gone through, in order, and where the contact stands now", () => {
    const path = highlightOf(item);
    expect([...path.order]).toEqual([
      ["check", 1],
      ["mail", 2],
      ["wait", 3],
    ]);
    expect([...path.held]).toEqual(["wait"]);
    expect(path.edges.size).toBe(2);
  });

  it("says each condition check in words, with what was found", () => {
    const [, rule] = checksOf(item.path[0]?.why as Record<string, unknown>);
    expect(rule).toEqual({
      where: "rules[0]",
      what: "emails opened",
      expected: "",
      actual: "0",
      holds: false,
    });
    expect(checksOf({ kind: "timer", due_at: "x" })).toEqual([]);
  });

  it("shows what became of an action's message, and why it was not sent", () => {
    const [, mail] = linesOfEnrollment(item);
    const rows = traceRows(mail?.why ?? null, mail?.sending ?? null);
    expect(rows).toContainEqual({ name: "effect", value: "send_email" });
    expect(rows).toContainEqual({ name: "why not sent", value: "no consent" });
    expect(traceRows({ kind: "job", form: { tracking: "T1" } }, null)).toEqual([
      { name: "form: tracking", value: "T1" },
    ]);
  });
});
