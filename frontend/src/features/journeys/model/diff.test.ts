import { describe, expect, it } from "vitest";
import type { JourneyDefinition } from "@/types/generated/journey";
import { diffDefinitions, isEmptyDiff } from "./diff";

const n = (id: string, label: string, config: unknown = { template: "a" }, x = 0) => ({
  kind: "action.send_email",
  id,
  label,
  position: { x, y: 0 },
  config,
});
const d = (nodes: unknown[], edges: unknown[] = []) => ({ nodes, edges }) as JourneyDefinition;
const e = (source: string, target: string, handle = "next") => ({
  id: `${source}-${target}`,
  source,
  source_handle: handle,
  target,
});

describe("publish diff", () => {
  it.each([
    [
      "first publish: everything is added",
      null,
      d([n("a", "A")]),
      { added: ["A"], removed: [], changed: [] },
    ],
    ["same graph", d([n("a", "A")]), d([n("a", "A")]), { added: [], removed: [], changed: [] }],
    [
      "moved only",
      d([n("a", "A")]),
      d([n("a", "A", { template: "a" }, 300)]),
      { added: [], removed: [], changed: [] },
    ],
    [
      "added and removed",
      d([n("a", "A")]),
      d([n("b", "B")]),
      { added: ["B"], removed: ["A"], changed: [] },
    ],
    [
      "config changed",
      d([n("a", "A")]),
      d([n("a", "A", { template: "b" })]),
      { added: [], removed: [], changed: ["A"] },
    ],
    [
      "label changed",
      d([n("a", "A")]),
      d([n("a", "A2")]),
      { added: [], removed: [], changed: ["A2"] },
    ],
    [
      "rewired exit",
      d([n("a", "A"), n("b", "B"), n("c", "C")], [e("a", "b")]),
      d([n("a", "A"), n("b", "B"), n("c", "C")], [e("a", "c")]),
      { added: [], removed: [], changed: ["A"] },
    ],
  ])("%s", (_name, before, after, expected) => {
    expect(diffDefinitions(before, after)).toMatchObject(expected);
  });

  it("ignores key order in config", () => {
    const a = d([n("a", "A", { x: 1, y: 2 })]);
    const b = d([n("a", "A", { y: 2, x: 1 })]);
    expect(isEmptyDiff(diffDefinitions(a, b))).toBe(true);
  });

  it("notices settings changes", () => {
    const a = d([n("a", "A")]);
    const b = {
      ...d([n("a", "A")]),
      settings: { reentry: { rule: "always" } },
    } as JourneyDefinition;
    expect(diffDefinitions(a, b).wiringChanged).toBe(true);
  });
});
