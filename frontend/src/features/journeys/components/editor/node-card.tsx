import { Badge, Tooltip } from "@mantine/core";
import { Handle, type NodeProps, type NodeTypes, Position } from "@xyflow/react";
import { memo } from "react";
import { exitsOf } from "../../model/exits";
import type { CanvasNode } from "../../model/graph";
import { KINDS, NODE_KINDS, type NodeGroup } from "../../model/node-kinds";
import { formatCount, nodeOverlay } from "../../model/stats";
import { summarize } from "../../model/summary";
import { useEditorStore } from "../../store/editor-store";
import classes from "./node-card.module.css";
import { useStatsOverlay } from "./stats-overlay";

export const GROUP_COLORS: Record<NodeGroup, string> = {
  trigger: "var(--mantine-color-violet-6)",
  flow: "var(--mantine-color-blue-6)",
  action: "var(--mantine-color-teal-6)",
};

/** One card for every kind: icon, label, kind, a summary of its config, and its exits. */
function NodeCard({ id, type, data, selected }: NodeProps<CanvasNode>) {
  const info = KINDS[type];
  const catalog = useEditorStore((s) => s.catalog);
  const problems = useEditorStore((s) => s.problems);
  const mine = problems.filter((p) => p.node_id === id && p.severity !== "warning");
  const exits = exitsOf(
    { kind: type, config: data.config } as Parameters<typeof exitsOf>[0],
    catalog,
  );
  const overlay = nodeOverlay(
    useStatsOverlay(),
    id,
    type,
    exits.map((exit) => exit.id),
  );
  const className = [classes.card, selected && classes.selected, mine.length > 0 && classes.invalid]
    .filter(Boolean)
    .join(" ");
  return (
    <div
      className={className}
      style={{ "--group-color": GROUP_COLORS[info.group] } as React.CSSProperties}
      data-testid={`node-${id}`}
      data-problems={mine.length}
    >
      {info.group !== "trigger" && (
        <Handle type="target" position={Position.Top} className={classes.handle} title="In" />
      )}
      {mine.length > 0 && (
        <Tooltip label={mine.map((p) => p.message).join("\n")} multiline w={260} withArrow>
          <Badge
            className={classes.badge}
            color="red"
            circle
            size="lg"
            aria-label={`${mine.length} problem${mine.length === 1 ? "" : "s"}`}
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
          <div className={classes.kind}>{info.label}</div>
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
        </div>
      )}
      {exits.length > 0 && (
        <div className={classes.exits}>
          {exits.map((exit) => (
            <div key={exit.id} className={classes.exit} title={exit.label}>
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
                style={{ bottom: -13 }}
                title={`Exit: ${exit.label}`}
                data-exit={exit.id}
              />
            </div>
          ))}
        </div>
      )}
    </div>
  );
}

const MemoCard = memo(NodeCard);

/** Module scope, as React Flow wants: a new object per render would remount every node. */
export const nodeTypes: NodeTypes = Object.fromEntries(NODE_KINDS.map((kind) => [kind, MemoCard]));
