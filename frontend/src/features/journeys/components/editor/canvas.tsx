import "@xyflow/react/dist/style.css";
import { Button, Group, Paper, Stack, Text } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import {
  Background,
  type Connection,
  ControlButton,
  Controls,
  type FitViewOptions,
  MiniMap,
  Panel,
  ReactFlow,
} from "@xyflow/react";
import { useState } from "react";
import type { CanvasEdge, CanvasNode } from "../../model/graph";
import { KINDS, type NodeKind } from "../../model/node-kinds";
import { handleInUse, useEditorStore } from "../../store/editor-store";
import { edgeTypes } from "./insertable-edge";
import { GROUP_COLORS, nodeTypes } from "./node-card";
import { useShowStep } from "./use-show-step";

const DELETE_KEYS = ["Delete", "Backspace"];
/** Journeys this big get the overview map by default; smaller ones fit the view anyway. */
const MINIMAP_FROM = 15;
const DEFAULT_EDGE_OPTIONS = { type: "insertable", style: { strokeWidth: 1.5 } };
const STARTERS: NodeKind[] = ["trigger.event", "trigger.segment_entered", "trigger.schedule"];

/** Fit the journey in what the controls and the overview map leave free. */
export function fitViewOptions(withMinimap: boolean): FitViewOptions {
  return {
    maxZoom: 1.1,
    padding: {
      top: "40px",
      left: "64px",
      bottom: "48px",
      right: withMinimap ? "236px" : "40px",
    },
  };
}

const minimapColor = (node: CanvasNode) =>
  KINDS[node.type] ? GROUP_COLORS[KINDS[node.type].group] : "#999";

/** The React Flow canvas over the editor store. */
export function Canvas({ onStartFromTemplate }: { onStartFromTemplate?: () => void }) {
  const nodes = useEditorStore((s) => s.nodes);
  const edges = useEditorStore((s) => s.edges);
  const readOnly = useEditorStore((s) => s.readOnly);
  const onNodesChange = useEditorStore((s) => s.onNodesChange);
  const onEdgesChange = useEditorStore((s) => s.onEdgesChange);
  const connect = useEditorStore((s) => s.connect);
  const addStep = useEditorStore((s) => s.addStep);
  const showStep = useShowStep();
  // Fit a loaded journey to the view once; an empty canvas keeps its zoom while it fills.
  const [fitOnLoad] = useState(() => useEditorStore.getState().nodes.length > 0);
  const [minimap, setMinimap] = useState(
    () => useEditorStore.getState().nodes.length >= MINIMAP_FROM,
  );

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
      edgeTypes={edgeTypes}
      onNodesChange={onNodesChange}
      onEdgesChange={onEdgesChange}
      onConnect={onConnect}
      isValidConnection={isValidConnection}
      deleteKeyCode={readOnly ? null : DELETE_KEYS}
      nodesDraggable={!readOnly}
      nodesConnectable={!readOnly}
      defaultEdgeOptions={DEFAULT_EDGE_OPTIONS}
      fitView={fitOnLoad}
      onInit={(flow) => {
        // An empty journey starts at the top middle: the first step lands there and the
        // next ones below it, in view.
        if (fitOnLoad) return;
        const pane = document.querySelector(".react-flow")?.getBoundingClientRect();
        void flow.setViewport({ x: (pane?.width ?? 600) / 2 - 110, y: 56, zoom: 1 });
      }}
      fitViewOptions={fitViewOptions(minimap)}
      minZoom={0.1}
      connectionRadius={36}
      proOptions={{ hideAttribution: true }}
      aria-label="Journey canvas"
    >
      <Background gap={20} />
      <Controls showInteractive={false} fitViewOptions={fitViewOptions(minimap)}>
        <ControlButton
          onClick={() => setMinimap(!minimap)}
          aria-label={minimap ? "Hide the overview map" : "Show the overview map"}
          aria-pressed={minimap}
          title={minimap ? "Hide the overview map" : "Show the overview map"}
        >
          ▣
        </ControlButton>
      </Controls>
      {minimap && (
        <MiniMap<CanvasNode>
          pannable
          zoomable
          nodeColor={minimapColor}
          ariaLabel="Overview of the journey"
          style={{ width: 180, height: 120 }}
        />
      )}
      {nodes.length === 0 && !readOnly && (
        <Panel position="top-center" style={{ marginTop: "18%" }}>
          <Paper withBorder shadow="sm" p="md" radius="md" maw={420} data-testid="empty-canvas">
            <Stack gap="sm">
              <Text fw={700}>Start with a trigger</Text>
              <Text size="sm" c="dimmed">
                A trigger decides when a contact enters. Pick one here or in the palette; then each
                step you pick is added below the selected one and connected to it.
              </Text>
              <Group gap="xs">
                {STARTERS.map((kind) => (
                  <Button
                    key={kind}
                    size="xs"
                    variant="light"
                    leftSection={<span aria-hidden>{KINDS[kind].icon}</span>}
                    onClick={() => showStep(addStep(kind), { focusField: true })}
                  >
                    {KINDS[kind].label}
                  </Button>
                ))}
              </Group>
              {onStartFromTemplate && (
                <Button size="xs" variant="subtle" w="fit-content" onClick={onStartFromTemplate}>
                  Or start from a template…
                </Button>
              )}
            </Stack>
          </Paper>
        </Panel>
      )}
    </ReactFlow>
  );
}
