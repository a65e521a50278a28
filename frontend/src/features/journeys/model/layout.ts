/** Auto-layout, top to bottom, with dagre. Positions only: nothing else changes. */
import dagre from "@dagrejs/dagre";
import type { CanvasEdge, CanvasNode } from "./graph";

const DEFAULT_SIZE = { width: 240, height: 90 };

export function layoutGraph(
  nodes: readonly CanvasNode[],
  edges: readonly CanvasEdge[],
): CanvasNode[] {
  const g = new dagre.graphlib.Graph();
  g.setGraph({ rankdir: "TB", nodesep: 60, ranksep: 70 });
  g.setDefaultEdgeLabel(() => ({}));
  for (const node of nodes) {
    g.setNode(node.id, {
      width: node.measured?.width ?? DEFAULT_SIZE.width,
      height: node.measured?.height ?? DEFAULT_SIZE.height,
    });
  }
  for (const edge of edges) g.setEdge(edge.source, edge.target);
  dagre.layout(g);
  return nodes.map((node) => {
    const placed = g.node(node.id);
    if (!placed) return node;
    return {
      ...node,
      position: {
        x: Math.round(placed.x - placed.width / 2),
        y: Math.round(placed.y - placed.height / 2),
      },
    };
  });
}
