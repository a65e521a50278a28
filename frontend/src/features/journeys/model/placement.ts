/**
 * Where a new step goes, as pure functions: below the exit it continues from, in the
 * column of that exit, never on top of another card. Inserting into a connection makes
 * room by moving the rest of that path down, so connections keep running straight down
 * between cards instead of under them.
 */
import type { CanvasEdge, CanvasNode } from "./graph";

/** A card's size before React Flow has measured it. */
export const DEFAULT_SIZE = { width: 240, height: 110 };
/** Space between a card and the next one below it, and between columns. */
export const GAP = { x: 40, y: 70 };

export interface Point {
  x: number;
  y: number;
}
export interface Box extends Point {
  width: number;
  height: number;
}

export function boxOf(node: Pick<CanvasNode, "position" | "measured">): Box {
  return {
    x: node.position.x,
    y: node.position.y,
    width: node.measured?.width ?? DEFAULT_SIZE.width,
    height: node.measured?.height ?? DEFAULT_SIZE.height,
  };
}

/** Two boxes closer than `margin` on both axes. */
export function overlaps(a: Box, b: Box, margin = 16): boolean {
  return (
    a.x < b.x + b.width + margin &&
    b.x < a.x + a.width + margin &&
    a.y < b.y + b.height + margin &&
    b.y < a.y + a.height + margin
  );
}

/**
 * The spot nearest `wanted` where a card of `size` covers no other card: the same row
 * first (right, then left, a column at a time), then the rows below.
 */
export function freeSpot(boxes: readonly Box[], wanted: Point, size = DEFAULT_SIZE): Point {
  const step = size.width + GAP.x;
  for (let row = 0; row < 50; row++) {
    for (const column of [0, 1, -1, 2, -2, 3, -3]) {
      const spot = { x: wanted.x + column * step, y: wanted.y + row * (size.height / 2) };
      const box = { ...spot, ...size };
      if (!boxes.some((other) => overlaps(box, other))) return spot;
    }
  }
  return wanted;
}

/**
 * Below `source`, under its exit number `index` of `count` (a condition's "yes" to the
 * left, "no" to the right), at a free spot.
 */
export function spotBelow(
  nodes: readonly CanvasNode[],
  source: CanvasNode,
  index = 0,
  count = 1,
  ignore: ReadonlySet<string> = new Set(),
): Point {
  const box = boxOf(source);
  // Straight below (the same left edge), a column to the side per exit of a branch.
  const spread = (index - (count - 1) / 2) * (box.width + GAP.x);
  const wanted = { x: Math.round(box.x + spread), y: Math.round(box.y + box.height + GAP.y) };
  const others = nodes.filter((n) => n.id !== source.id && !ignore.has(n.id)).map(boxOf);
  return freeSpot(others, wanted);
}

/** Where a step goes with nothing to continue from: below everything, left-aligned. */
export function spotAtEnd(nodes: readonly CanvasNode[]): Point {
  if (nodes.length === 0) return { x: 0, y: 0 };
  const boxes = nodes.map(boxOf);
  const left = Math.min(...boxes.map((b) => b.x));
  const bottom = Math.max(...boxes.map((b) => b.y + b.height));
  return freeSpot(boxes, { x: left, y: bottom + GAP.y });
}

/** Beside the existing triggers (journeys may start several ways), in their row. */
export function spotForTrigger(
  nodes: readonly CanvasNode[],
  triggers: readonly CanvasNode[],
): Point {
  if (triggers.length === 0) {
    if (nodes.length === 0) return { x: 0, y: 0 };
    const top = Math.min(...nodes.map((n) => n.position.y));
    const left = Math.min(...nodes.map((n) => n.position.x));
    return freeSpot(nodes.map(boxOf), { x: left, y: top - DEFAULT_SIZE.height - GAP.y });
  }
  const boxes = triggers.map(boxOf);
  const right = Math.max(...boxes.map((b) => b.x + b.width));
  const top = Math.min(...boxes.map((b) => b.y));
  return freeSpot(nodes.map(boxOf), { x: right + GAP.x, y: top });
}

/** `start` and every step reachable from it. */
export function downstream(edges: readonly CanvasEdge[], start: string): Set<string> {
  const seen = new Set<string>([start]);
  const queue = [start];
  while (queue.length > 0) {
    const id = queue.shift() as string;
    for (const edge of edges) {
      if (edge.source === id && !seen.has(edge.target)) {
        seen.add(edge.target);
        queue.push(edge.target);
      }
    }
  }
  return seen;
}

/**
 * Room for a card inserted at `at`: every step of `moved` at or below it goes down by
 * a card and a gap (a step above it — a loop back — stays where it is).
 */
export function makeRoom(
  nodes: readonly CanvasNode[],
  moved: ReadonlySet<string>,
  at: Point,
): CanvasNode[] {
  const shift = DEFAULT_SIZE.height + GAP.y;
  return nodes.map((node) =>
    moved.has(node.id) && node.position.y >= at.y - 1
      ? ({ ...node, position: { x: node.position.x, y: node.position.y + shift } } as CanvasNode)
      : node,
  );
}
