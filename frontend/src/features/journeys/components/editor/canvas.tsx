import "@xyflow/react/dist/style.css";
import { notifications } from "@mantine/notifications";
import { Background, type Connection, Controls, MiniMap, ReactFlow } from "@xyflow/react";
import { useState } from "react";
import type { CanvasEdge, CanvasNode } from "../../model/graph";
import { KINDS } from "../../model/node-kinds";
import { handleInUse, useEditorStore } from "../../store/editor-store";
import { GROUP_COLORS, nodeTypes } from "./node-card";

const DELETE_KEYS = ["Delete", "Backspace"];
const FIT_VIEW_OPTIONS = { maxZoom: 1.1, padding: 0.15 };
const DEFAULT_EDGE_OPTIONS = { type: "smoothstep", style: { strokeWidth: 1.5 } };

const minimapColor = (node: CanvasNode) =>
  KINDS[node.type] ? GROUP_COLORS[KINDS[node.type].group] : "#999";

/** The React Flow canvas over the editor store. */
export function Canvas() {
  const nodes = useEditorStore((s) => s.nodes);
  const edges = useEditorStore((s) => s.edges);
  const readOnly = useEditorStore((s) => s.readOnly);
  const onNodesChange = useEditorStore((s) => s.onNodesChange);
  const onEdgesChange = useEditorStore((s) => s.onEdgesChange);
  const connect = useEditorStore((s) => s.connect);
  // Fit a loaded journey to the view once; an empty canvas keeps its zoom while it fills.
  const [fitOnLoad] = useState(() => useEditorStore.getState().nodes.length > 0);

  const onConnect = (connection: Connection) => {
    if (!connect(connection)) {
      notifications.show({
        color: "yellow",
        message: "That exit already leads somewhere: remove its connection first.",
        autoClose: 4000,
      });
    }
  };
  // One edge per exit: a second drag from a used exit is refused while dragging.
  const isValidConnection = (c: Connection | CanvasEdge) =>
    !!c.sourceHandle &&
    c.source !== c.target &&
    !handleInUse(useEditorStore.getState().edges, c.source, c.sourceHandle);

  return (
    <ReactFlow<CanvasNode, CanvasEdge>
      nodes={nodes}
      edges={edges}
      nodeTypes={nodeTypes}
      onNodesChange={onNodesChange}
      onEdgesChange={onEdgesChange}
      onConnect={onConnect}
      isValidConnection={isValidConnection}
      deleteKeyCode={readOnly ? null : DELETE_KEYS}
      nodesDraggable={!readOnly}
      nodesConnectable={!readOnly}
      defaultEdgeOptions={DEFAULT_EDGE_OPTIONS}
      fitView={fitOnLoad}
      fitViewOptions={FIT_VIEW_OPTIONS}
      minZoom={0.1}
      proOptions={{ hideAttribution: true }}
      aria-label="Journey canvas"
    >
      <Background gap={20} />
      <Controls showInteractive={false} />
      <MiniMap<CanvasNode>
        pannable
        zoomable
        nodeColor={minimapColor}
        ariaLabel="Overview of the journey"
      />
    </ReactFlow>
  );
}
