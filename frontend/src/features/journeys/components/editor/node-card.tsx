import { ActionIcon, Badge, Tooltip } from "@mantine/core";
import { Handle, type NodeProps, type NodeTypes, Position } from "@xyflow/react";
import { memo } from "react";
import { exitsOf } from "../../model/exits";
import type { CanvasNode } from "../../model/graph";
import { KINDS, NODE_KINDS, type NodeGroup } from "../../model/node-kinds";
import { formatCount, nodeOverlay } from "../../model/stats";
import { summarize } from "../../model/summary";
import { useEditorStore } from "../../store/editor-store";
import { useWhoIsHere } from "../who-is-here/who-is-here-context";
import { AddStepMenu } from "./add-step-menu";
import classes from "./node-card.module.css";
import { usePathHighlight } from "./path-trace/path-highlight";
import { useStatsOverlay } from "./stats-overlay";
import { useShowStep } from "./use-show-step";
import { WhatIfNodeLine } from "./what-if/what-if-overlay";

export const GROUP_COLORS: Record<NodeGroup, string> = {
  trigger: "var(--mantine-color-violet-6)",
  flow: "var(--mantine-color-blue-6)",
  action: "var(--mantine-color-teal-6)",
};

/**
 * One card for every kind: icon, label, kind, a summary of its config, and its exits —
 * each with a handle to drag from, and a "+" to continue from it while it is free.
 */
function NodeCard({ id, type, data, selected }: NodeProps<CanvasNode>) {
  const info = KINDS[type];
  const catalog = useEditorStore((s) => s.catalog);
  const problems = useEditorStore((s) => s.problems);
  const readOnly = useEditorStore((s) => s.readOnly);
  const addStep = useEditorStore((s) => s.addStep);
  // The exits already connected, as one string so a card re-renders only when they change.
  const used = useEditorStore((s) =>
    s.edges
      .filter((e) => e.source === id)
      .map((e) => e.sourceHandle)
      .join("\n"),
  );
  const showStep = useShowStep();
  const mine = problems.filter((p) => p.node_id === id);
  const errors = mine.filter((p) => p.severity !== "warning");
  const broken = new Set(
    mine.flatMap((p) => (p.code === "exit_not_connected" && p.handle ? [p.handle] : [])),
  );
  const connected = new Set(used.split("\n"));
  const exits = exitsOf(
    { kind: type, config: data.config } as Parameters<typeof exitsOf>[0],
    catalog,
  );
  const stats = useStatsOverlay();
  const waiting = stats?.nodes?.[id]?.waiting ?? 0;
  const overlay = nodeOverlay(
    stats,
    id,
    type,
    exits.map((exit) => exit.id),
  );
  const path = usePathHighlight();
  const place = path?.order.get(id);
  const pathState = path ? (path.held.has(id) ? "held" : place ? "taken" : "off") : undefined;
  const runProblems = path?.problems.get(id) ?? 0;
  const whoIsHere = useWhoIsHere();
  const className = [
    classes.card,
    pathState && classes[`path-${pathState}`],
    selected && classes.selected,
    errors.length > 0 && classes.invalid,
    mine.length > 0 && classes.withBadge,
  ]
    .filter(Boolean)
    .join(" ");
  const warningsOnly = errors.length === 0;
  return (
    <div
      className={className}
      style={{ "--group-color": GROUP_COLORS[info.group] } as React.CSSProperties}
      data-testid={`node-${id}`}
      data-problems={errors.length}
      data-warnings={mine.length - errors.length}
      data-path={pathState}
    >
      {place !== undefined && (
        <span
          className={`${classes.pathPlace} ${runProblems ? classes.pathProblem : ""}`}
          data-testid="path-place"
          title={runProblems ? `The test run found ${runProblems} problem(s) here` : undefined}
        >
          {place}
          {runProblems > 0 && <span aria-hidden> ⚠</span>}
          <span className={classes.visuallyHidden}>
            {`: step ${place} of the test run${pathState === "held" ? ", waiting here" : ""}${runProblems ? `, ${runProblems} problem${runProblems === 1 ? "" : "s"}` : ""}`}
          </span>
        </span>
      )}
      {info.group !== "trigger" && (
        <Handle type="target" position={Position.Top} className={classes.handle} title="In" />
      )}
      {mine.length > 0 && (
        <Tooltip label={mine.map((p) => p.message).join("\n")} multiline w={260} withArrow>
          <Badge
            className={classes.badge}
            color={warningsOnly ? "yellow" : "red"}
            c={warningsOnly ? "dark" : undefined}
            circle
            size="lg"
            aria-label={problemCountLabel(errors.length, mine.length - errors.length)}
          >
            {mine.length}
          </Badge>
        </Tooltip>
      )}
      <div className={classes.header}>
        <span className={classes.icon} aria-hidden>
          {info.icon}
        </span>
        <div>
          <div className={classes.label}>{data.label || info.label}</div>
          {data.label && data.label !== info.label && (
            <div className={classes.kind}>{info.label}</div>
          )}
        </div>
      </div>
      <div
        className={classes.summary}
        title={summarize({ kind: type, config: data.config } as Parameters<typeof summarize>[0])}
      >
        {summarize({ kind: type, config: data.config } as Parameters<typeof summarize>[0])}
      </div>
      {overlay?.line && (
        <div className={classes.overlay}>
          {overlay.messages && (
            <div className={`${classes.stats} ${classes.messages}`} data-testid="node-messages">
              {overlay.messages}
            </div>
          )}
          <div className={classes.stats} data-testid="node-stats">
            {overlay.line}
          </div>
          {whoIsHere && waiting > 0 && (
            <button
              type="button"
              className={`nodrag ${classes.whoIsHere}`}
              onClick={() => whoIsHere(id)}
              aria-label={`See who is at “${data.label || info.label}”: ${waiting} waiting`}
            >
              See who is here
            </button>
          )}
        </div>
      )}
      <WhatIfNodeLine nodeId={id} exitIds={exits.map((exit) => exit.id)} />
      {exits.length > 0 && (
        <div className={classes.exits}>
          {exits.map((exit) => (
            <div
              key={exit.id}
              className={`${classes.exit} ${broken.has(exit.id) ? classes.brokenExit : ""}`}
              title={broken.has(exit.id) ? `${exit.label}: not connected yet` : exit.label}
              data-broken={broken.has(exit.id) || undefined}
            >
              <span className={classes.exitLine}>
                <span className={classes.exitLabel}>{exit.label}</span>
                {overlay && (
                  <span className={classes.exitCount} data-testid="exit-count">
                    {formatCount(overlay.exits[exit.id] ?? 0)}
                  </span>
                )}
              </span>
              <Handle
                type="source"
                id={exit.id}
                position={Position.Bottom}
                className={`${classes.handle} ${exit.required ? "" : classes.optional}`}
                style={{ bottom: -17 }}
                title={`Exit: ${exit.label}`}
                data-exit={exit.id}
              />
              {!readOnly && !connected.has(exit.id) && (
                <div className={`nodrag ${classes.addBelow}`}>
                  <AddStepMenu
                    label={`Add a step after ${exit.label}`}
                    onPick={(kind) =>
                      showStep(addStep(kind, { source: id, handle: exit.id }), { focusField: true })
                    }
                  >
                    <ActionIcon
                      size="sm"
                      radius="xl"
                      variant="filled"
                      color="blue"
                      aria-label={`Add a step after “${data.label || info.label}” · ${exit.label}`}
                      title="Add the next step here"
                    >
                      +
                    </ActionIcon>
                  </AddStepMenu>
                </div>
              )}
            </div>
          ))}
        </div>
      )}
    </div>
  );
}

function problemCountLabel(errors: number, warnings: number): string {
  const parts = [];
  if (errors) parts.push(`${errors} problem${errors === 1 ? "" : "s"}`);
  if (warnings) parts.push(`${warnings} warning${warnings === 1 ? "" : "s"}`);
  return parts.join(", ");
}

const MemoCard = memo(NodeCard);

/** Module scope, as React Flow wants: a new object per render would remount every node. */
export const nodeTypes: NodeTypes = Object.fromEntries(NODE_KINDS.map((kind) => [kind, MemoCard]));
