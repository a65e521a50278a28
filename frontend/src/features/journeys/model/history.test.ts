import { describe, expect, it } from "vitest";
import type { Graph } from "./graph";
import { emptyHistory, HISTORY_LIMIT, record, redo, undo } from "./history";

const graph = (n: number): Graph => ({ nodes: [{ id: `n${n}` }] as Graph["nodes"], edges: [] });

describe("undo/redo", () => {
  it("undoes and redoes in order", () => {
    let h = record(emptyHistory(), graph(0));
    h = record(h, graph(1));
    // present is graph(2)
    const u1 = undo(h, graph(2));
    expect(u1?.graph).toEqual(graph(1));
    const u2 = u1 && undo(u1.history, u1.graph);
    expect(u2?.graph).toEqual(graph(0));
    expect(u2 && undo(u2.history, u2.graph)).toBeNull();
    const r1 = u2 && redo(u2.history, u2.graph);
    expect(r1?.graph).toEqual(graph(1));
    const r2 = r1 && redo(r1.history, r1.graph);
    expect(r2?.graph).toEqual(graph(2));
    expect(r2 && redo(r2.history, r2.graph)).toBeNull();
  });

  it("a new change clears the redo stack", () => {
    const h = record(emptyHistory(), graph(0));
    const u = undo(h, graph(1));
    expect(u?.history.future).toHaveLength(1);
    expect(u && record(u.history, u.graph).future).toEqual([]);
  });

  it("coalesces a burst of the same edit into one step", () => {
    let h = record(emptyHistory(), graph(0), "config:a");
    h = record(h, graph(1), "config:a");
    h = record(h, graph(2), "config:a");
    expect(h.past).toEqual([graph(0)]);
    h = record(h, graph(3), "config:b");
    expect(h.past).toEqual([graph(0), graph(3)]);
  });

  it("keeps at most HISTORY_LIMIT steps", () => {
    let h = emptyHistory();
    for (let i = 0; i < HISTORY_LIMIT + 10; i++) h = record(h, graph(i));
    expect(h.past).toHaveLength(HISTORY_LIMIT);
    expect(h.past[0]).toEqual(graph(10));
  });
});
