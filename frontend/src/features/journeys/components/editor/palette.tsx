import { Box, ScrollArea, Stack, Text, Tooltip, UnstyledButton } from "@mantine/core";
import { useReactFlow } from "@xyflow/react";
import { useRef, useState } from "react";
import { GROUPS, KINDS, kindsOfGroup, type NodeKind } from "../../model/node-kinds";
import { boxOf, freeSpot } from "../../model/placement";
import { useEditorStore } from "../../store/editor-store";
import { GROUP_COLORS } from "./node-card";
import classes from "./palette.module.css";
import { useShowStep } from "./use-show-step";

/** Movement (px) before a press on a palette item becomes a drag. */
const DRAG_THRESHOLD = 4;

interface Ghost {
  kind: NodeKind;
  x: number;
  y: number;
}

/**
 * Node kinds grouped Triggers / Flow / Actions. Press one (click, Enter, Space) to add it
 * below the selected step, connected from its free exit; or drag one onto the canvas
 * (pointer events + `screenToFlowPosition`) to put it where it is dropped.
 */
export function Palette({ folded = false }: { folded?: boolean }) {
  const { screenToFlowPosition } = useReactFlow();
  const addNode = useEditorStore((s) => s.addNode);
  const addStep = useEditorStore((s) => s.addStep);
  const showStep = useShowStep();
  const [ghost, setGhost] = useState<Ghost | null>(null);
  const dragged = useRef(false);

  // A click continues the journey: below the selected step, from its free exit.
  const addAfterSelected = (kind: NodeKind) => {
    const id = addStep(kind);
    showStep(id, { focusField: true });
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
        const wanted = screenToFlowPosition({ x: e.clientX - 20, y: e.clientY - 20 });
        const { nodes } = useEditorStore.getState();
        showStep(addNode(kind, freeSpot(nodes.map(boxOf), wanted)));
      }
    };
    window.addEventListener("pointermove", move);
    window.addEventListener("pointerup", up);
  };

  return (
    <ScrollArea style={{ flex: 1, minHeight: 0 }} type="auto">
      <Stack gap="md" p={folded ? 6 : "sm"} pt={0} component="nav" aria-label="Steps you can add">
        {GROUPS.map((group) => (
          <div key={group.id}>
            <Text
              size="xs"
              fw={700}
              tt="uppercase"
              c="dimmed"
              mb={6}
              id={`palette-${group.id}`}
              className={folded ? classes.foldedLabel : undefined}
            >
              {group.label}
            </Text>
            <Stack gap={4} role="list" aria-labelledby={`palette-${group.id}`}>
              {kindsOfGroup(group.id).map((kind) => (
                <Tooltip key={kind} label={KINDS[kind].label} position="right" disabled={!folded}>
                  <UnstyledButton
                    role="listitem"
                    className={classes.item}
                    onPointerDown={onPointerDown(kind)}
                    onClick={() => {
                      if (!dragged.current) addAfterSelected(kind);
                      dragged.current = false;
                    }}
                    aria-label={`Add ${KINDS[kind].label}`}
                    data-kind={kind}
                    style={{ "--group-color": GROUP_COLORS[group.id] } as React.CSSProperties}
                  >
                    <span className={classes.icon} aria-hidden>
                      {KINDS[kind].icon}
                    </span>
                    {!folded && <span>{KINDS[kind].label}</span>}
                  </UnstyledButton>
                </Tooltip>
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
