/**
 * The canvas model: React Flow nodes and edges. Each kind is its own `Node<Data, kind>`,
 * joined in one union, so `node.type` narrows `node.data.config`.
 */
import type { Edge as FlowEdge, Node as FlowNode } from "@xyflow/react";
import type { JourneySettings } from "@/types/generated/journey";
import type { ConfigOf, NodeKind } from "./node-kinds";

export type CanvasNodeData<K extends NodeKind = NodeKind> = {
  label: string;
  config: ConfigOf<K>;
};

export type CanvasNodeOfKind<K extends NodeKind> = FlowNode<CanvasNodeData<K>, K>;

export type CanvasNode = { [K in NodeKind]: CanvasNodeOfKind<K> }[NodeKind];

/** An edge always leaves from a named exit (`sourceHandle`). */
export type CanvasEdge = FlowEdge & { sourceHandle: string };

export interface Graph {
  nodes: CanvasNode[];
  edges: CanvasEdge[];
  /** The journey's settings, when a snapshot carries them (undo does). */
  settings?: JourneySettings | undefined;
}
