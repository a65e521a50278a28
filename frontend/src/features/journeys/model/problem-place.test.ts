import { describe, expect, it } from "vitest";
import { problemField, problemPlace } from "./problem-place";

describe("where a problem is", () => {
  it.each<[Parameters<typeof problemPlace>, string]>([
    [[{ node_id: "send-email-x2k" }, "Send email", null], "Send email"],
    [[{ node_id: "condition-k2" }, "No order since?", "No"], "No order since? · exit “No”"],
    [[{ edge_id: "e1" }, null, null], "A connection"],
    [[{ field: "settings.exit_criteria.goal_events[0]" }, null, null], "Journey settings"],
    [[{}, null, null], "Journey"],
  ])("%j reads %s", (args, words) => {
    expect(problemPlace(...args)).toBe(words);
  });

  it.each<[string | null, string | null]>([
    ["config.subject", "subject"],
    ["config.condition.rules[0].value", "condition"],
    ["config.cases[1].label", "cases_1_label"],
    ["config.set_fields[2]", "set_fields"],
    ["config", null],
    ["nodes[3].kind", null],
    [null, null],
  ])("%s is fixed in %s", (field, name) => {
    expect(problemField({ field })).toBe(name);
  });
});
