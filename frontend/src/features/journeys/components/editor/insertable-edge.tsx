import { ActionIcon } from "@mantine/core";
import {
  BaseEdge,
  EdgeLabelRenderer,
  type EdgeProps,
  type EdgeTypes,
  getSmoothStepPath,
} from "@xyflow/react";
import { edgeKey } from "../../model/test-run";
import { useEditorStore } from "../../store/editor-store";
import { AddStepMenu } from "./add-step-menu";
import classes from "./node-card.module.css";
import { usePathHighlight } from "./path-trace/path-highlight";
import { useShowStep } from "./use-show-step";

/** An exit a test run took (path-trace): drawn bold. */
const TAKEN = { stroke: "var(--mantine-color-indigo-6)", strokeWidth: 3 };

/**
 * A connection drawn as right-angled steps (down, across, down), with a "+" at its
 * middle that puts a new step in between.
 */
function InsertableEdge(props: EdgeProps) {
  const { id, sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition } = props;
  const readOnly = useEditorStore((s) => s.readOnly);
  const insertOnEdge = useEditorStore((s) => s.insertOnEdge);
  const showStep = useShowStep();
  const taken = usePathHighlight()?.edges.has(edgeKey(props.source, props.sourceHandleId ?? ""));
  const [path, labelX, labelY] = getSmoothStepPath({
    sourceX,
    sourceY,
    targetX,
    targetY,
    sourcePosition,
    targetPosition,
    borderRadius: 8,
    offset: 24,
  });
  return (
    <>
      <BaseEdge
        id={id}
        path={path}
        style={taken ? { ...props.style, ...TAKEN } : props.style}
        markerEnd={props.markerEnd}
        interactionWidth={24}
      />
      {!readOnly && (
        <EdgeLabelRenderer>
          <div
            className={`nodrag nopan ${classes.edgeButton}`}
            style={{ transform: `translate(-50%, -50%) translate(${labelX}px, ${labelY}px)` }}
          >
            <AddStepMenu
              label="Add a step here"
              needsExit
              onPick={(kind) => {
                const added = insertOnEdge(id, kind);
                if (added) showStep(added, { focusField: true });
              }}
            >
              <ActionIcon
                size="sm"
                radius="xl"
                variant="default"
                aria-label="Add a step in this connection"
                title="Add a step here"
              >
                +
              </ActionIcon>
            </AddStepMenu>
          </div>
        </EdgeLabelRenderer>
      )}
    </>
  );
}

/** Module scope, as React Flow wants. */
export const edgeTypes: EdgeTypes = { insertable: InsertableEdge };
