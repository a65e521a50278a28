import { describe, expect, it } from "vitest";
import type { CanvasEdge, CanvasNode } from "./graph";
import {
  boxOf,
  DEFAULT_SIZE,
  downstream,
  freeSpot,
  GAP,
  makeRoom,
  overlaps,
  spotAtEnd,
  spotBelow,
  spotForTrigger,
} from "./placement";

const node = (id: string, x: number, y: number, type = "flow.end"): CanvasNode =>
  ({ id, type, position: { x, y }, data: { label: id, config: {} } }) as CanvasNode;
const edge = (source: string, target: string): CanvasEdge => ({
  id: `${source}-${target}`,
  source,
  target,
  sourceHandle: "next",
});
const below = (y: number) => y + DEFAULT_SIZE.height + GAP.y;

describe("where a new step goes", () => {
  it("goes straight below the step it continues, in the column of its exit", () => {
    const a = node("a", 100, 0);
    expect(spotBelow([a], a)).toEqual({ x: 100, y: below(0) });
    // A condition's second exit ("no") is a column to the right, the first to the left.
    expect(spotBelow([a], a, 1, 2).x).toBeGreaterThan(100);
    expect(spotBelow([a], a, 0, 2).x).toBeLessThan(100);
  });

  it("never covers another card: it moves to the next free column", () => {
    const a = node("a", 0, 0);
    const taken = node("b", 0, below(0));
    const spot = spotBelow([a, taken], a);
    expect(spot.y).toBe(below(0));
    const box = { ...spot, ...DEFAULT_SIZE };
    expect(overlaps(box, boxOf(taken))).toBe(false);
  });

  it("finds free space around a crowded point", () => {
    const boxes = [0, 1, 2].map((i) => boxOf(node(`n${i}`, i * 280, 0)));
    const spot = freeSpot(boxes, { x: 0, y: 0 });
    expect(boxes.some((b) => overlaps({ ...spot, ...DEFAULT_SIZE }, b))).toBe(false);
  });

  it("puts a step with nothing before it below everything, and triggers side by side", () => {
    expect(spotAtEnd([])).toEqual({ x: 0, y: 0 });
    const t = node("t", 0, 0, "trigger.event");
    const w = node("w", 0, below(0));
    expect(spotAtEnd([t, w]).y).toBeGreaterThanOrEqual(below(below(0)) - 1);
    const second = spotForTrigger([t, w], [t]);
    expect(second.y).toBe(0);
    expect(second.x).toBeGreaterThan(DEFAULT_SIZE.width);
  });

  it("makes room for an inserted step by moving the rest of its path down", () => {
    const nodes = [node("a", 0, 0), node("b", 0, 180), node("c", 0, 360), node("x", 400, 180)];
    const edges = [edge("a", "b"), edge("b", "c"), edge("c", "a")];
    const moved = downstream(edges, "b");
    expect([...moved].sort()).toEqual(["a", "b", "c"]);
    const after = makeRoom(nodes, moved, { x: 0, y: 180 });
    const y = Object.fromEntries(after.map((n) => [n.id, n.position.y]));
    const shift = DEFAULT_SIZE.height + GAP.y;
    // b and c move; a (a loop back, above) and x (not on the path) stay.
    expect(y).toEqual({ a: 0, b: 180 + shift, c: 360 + shift, x: 180 });
  });
});
