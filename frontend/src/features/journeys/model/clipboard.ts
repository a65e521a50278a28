/**
 * Copy/paste of selected nodes: pasted nodes get new ids and an offset position; only
 * the edges between copied nodes come along, remapped to the new ids.
 */
import type { CanvasEdge, CanvasNode, Graph } from "./graph";
import { edgeId, newNodeId } from "./ids";

export const PASTE_OFFSET = { x: 40, y: 40 };

export function copySelection(nodes: readonly CanvasNode[], edges: readonly CanvasEdge[]): Graph {
  const picked = nodes.filter((n) => n.selected);
  const ids = new Set(picked.map((n) => n.id));
  return {
    nodes: structuredClone(picked),
    edges: structuredClone(edges.filter((e) => ids.has(e.source) && ids.has(e.target))),
  };
}

export function pasteGraph(
  clipboard: Graph,
  takenIds: ReadonlySet<string>,
  offset = PASTE_OFFSET,
  random?: () => number,
): Graph {
  const taken = new Set(takenIds);
  const remap = new Map<string, string>();
  const nodes = clipboard.nodes.map((node) => {
    const id = newNodeId(node.type, taken, random);
    taken.add(id);
    remap.set(node.id, id);
    return {
      ...structuredClone(node),
      id,
      selected: true,
      position: { x: node.position.x + offset.x, y: node.position.y + offset.y },
    } as CanvasNode;
  });
  const edges = clipboard.edges.flatMap((edge) => {
    const source = remap.get(edge.source);
    const target = remap.get(edge.target);
    if (!source || !target) return [];
    return [
      { ...edge, id: edgeId(source, edge.sourceHandle, target), source, target, selected: false },
    ];
  });
  return { nodes, edges };
}
