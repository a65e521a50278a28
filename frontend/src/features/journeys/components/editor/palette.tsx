import { Box, ScrollArea, Stack, Text, UnstyledButton } from "@mantine/core";
import { useReactFlow } from "@xyflow/react";
import { useRef, useState } from "react";
import { GROUPS, KINDS, kindsOfGroup, type NodeKind } from "../../model/node-kinds";
import { useEditorStore } from "../../store/editor-store";
import { GROUP_COLORS } from "./node-card";
import classes from "./palette.module.css";

/** Movement (px) before a press on a palette item becomes a drag. */
const DRAG_THRESHOLD = 4;

interface Ghost {
  kind: NodeKind;
  x: number;
  y: number;
}

/**
 * Node kinds grouped Triggers / Flow / Actions. Drag one onto the canvas (pointer events +
 * `screenToFlowPosition`), or press it (click, Enter, Space) to add it in the middle of
 * the view.
 */
export function Palette() {
  const { screenToFlowPosition } = useReactFlow();
  const addNode = useEditorStore((s) => s.addNode);
  const [ghost, setGhost] = useState<Ghost | null>(null);
  const dragged = useRef(false);

  const addAtCenter = (kind: NodeKind) => {
    const pane = document.querySelector(".react-flow")?.getBoundingClientRect();
    const point = pane
      ? { x: pane.left + pane.width / 2 - 110, y: pane.top + pane.height / 2 - 40 }
      : { x: 0, y: 0 };
    const id = addNode(kind, screenToFlowPosition(point));
    // Keyboard users land in the inspector of what they added.
    requestAnimationFrame(() => document.getElementById("inspector-label")?.focus());
    return id;
  };

  const onPointerDown = (kind: NodeKind) => (event: React.PointerEvent) => {
    if (event.button !== 0) return;
    const start = { x: event.clientX, y: event.clientY };
    dragged.current = false;
    const move = (e: PointerEvent) => {
      if (!dragged.current && Math.hypot(e.clientX - start.x, e.clientY - start.y) < DRAG_THRESHOLD)
        return;
      dragged.current = true;
      setGhost({ kind, x: e.clientX, y: e.clientY });
    };
    const up = (e: PointerEvent) => {
      window.removeEventListener("pointermove", move);
      window.removeEventListener("pointerup", up);
      setGhost(null);
      if (!dragged.current) return;
      const target = document.elementFromPoint(e.clientX, e.clientY);
      if (target?.closest(".react-flow__pane, .react-flow__node, .react-flow__edge")) {
        // The card lands where the ghost showed it: its corner just left of the pointer.
        addNode(kind, screenToFlowPosition({ x: e.clientX - 20, y: e.clientY - 20 }));
      }
    };
    window.addEventListener("pointermove", move);
    window.addEventListener("pointerup", up);
  };

  return (
    <ScrollArea h="100%" type="auto">
      <Stack gap="md" p="sm" component="nav" aria-label="Steps you can add">
        {GROUPS.map((group) => (
          <div key={group.id}>
            <Text size="xs" fw={700} tt="uppercase" c="dimmed" mb={6} id={`palette-${group.id}`}>
              {group.label}
            </Text>
            <Stack gap={4} role="list" aria-labelledby={`palette-${group.id}`}>
              {kindsOfGroup(group.id).map((kind) => (
                <UnstyledButton
                  key={kind}
                  role="listitem"
                  className={classes.item}
                  onPointerDown={onPointerDown(kind)}
                  onClick={() => {
                    if (!dragged.current) addAtCenter(kind);
                    dragged.current = false;
                  }}
                  aria-label={`Add ${KINDS[kind].label}`}
                  data-kind={kind}
                  style={{ "--group-color": GROUP_COLORS[group.id] } as React.CSSProperties}
                >
                  <span className={classes.icon} aria-hidden>
                    {KINDS[kind].icon}
                  </span>
                  <span>{KINDS[kind].label}</span>
                </UnstyledButton>
              ))}
            </Stack>
          </div>
        ))}
      </Stack>
      {ghost && (
        <Box
          className={classes.ghost}
          style={
            {
              left: ghost.x,
              top: ghost.y,
              "--group-color": GROUP_COLORS[KINDS[ghost.kind].group],
            } as React.CSSProperties
          }
          aria-hidden
        >
          <span className={classes.icon}>{KINDS[ghost.kind].icon}</span>
          {KINDS[ghost.kind].label}
        </Box>
      )}
    </ScrollArea>
  );
}
