/**
 * The saved definition and the canvas graph are two models; these pure functions join
 * them. `graphToDefinition` reports what it had to leave out, per node or edge, instead
 * of throwing: the canvas shows those beside the server's validation problems.
 */
import type {
  Edge,
  JourneyDefinition,
  JourneyNode,
  JourneySettings,
} from "@/types/generated/journey";
import type { CanvasEdge, CanvasNode, Graph } from "./graph";
import { isNodeKind, KINDS } from "./node-kinds";

export interface ConversionError {
  node_id?: string;
  edge_id?: string;
  message: string;
}

export function nodeToCanvas(node: JourneyNode): CanvasNode {
  return {
    id: node.id,
    type: node.kind,
    position: { x: node.position.x, y: node.position.y },
    data: { label: node.label, config: node.config ?? KINDS[node.kind].defaults() },
  } as CanvasNode;
}

export function edgeToCanvas(edge: Edge): CanvasEdge {
  return {
    id: edge.id,
    source: edge.source,
    target: edge.target,
    sourceHandle: edge.source_handle,
  };
}

export function definitionToGraph(definition: JourneyDefinition | null | undefined): Graph {
  return {
    nodes: (definition?.nodes ?? []).map(nodeToCanvas),
    edges: (definition?.edges ?? []).map(edgeToCanvas),
  };
}

export function canvasToNode(node: CanvasNode): JourneyNode {
  return {
    kind: node.type,
    id: node.id,
    label: node.data.label,
    position: { x: Math.round(node.position.x), y: Math.round(node.position.y) },
    config: node.data.config,
  } as JourneyNode;
}

export function graphToDefinition(
  nodes: readonly CanvasNode[],
  edges: readonly CanvasEdge[],
  settings?: JourneySettings,
): { definition: JourneyDefinition; errors: ConversionError[] } {
  const errors: ConversionError[] = [];
  const ids = new Set<string>();
  const out: JourneyNode[] = [];
  for (const node of nodes) {
    if (!isNodeKind(node.type)) {
      errors.push({ node_id: node.id, message: `Unknown step kind “${String(node.type)}”.` });
      continue;
    }
    if (ids.has(node.id)) {
      errors.push({ node_id: node.id, message: `Two steps share the id “${node.id}”.` });
      continue;
    }
    ids.add(node.id);
    out.push(canvasToNode(node));
  }
  const outEdges: Edge[] = [];
  for (const edge of edges) {
    if (!ids.has(edge.source) || !ids.has(edge.target)) {
      errors.push({ edge_id: edge.id, message: "This connection leads to a step that is gone." });
      continue;
    }
    if (!edge.sourceHandle) {
      errors.push({
        edge_id: edge.id,
        node_id: edge.source,
        message: "This connection does not leave from an exit.",
      });
      continue;
    }
    outEdges.push({
      id: edge.id,
      source: edge.source,
      source_handle: edge.sourceHandle,
      target: edge.target,
    });
  }
  const definition: JourneyDefinition = { nodes: out, edges: outEdges };
  if (settings) definition.settings = settings;
  return { definition, errors };
}
