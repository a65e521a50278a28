import { Stack, Text, UnstyledButton } from "@mantine/core";
import { useReactFlow } from "@xyflow/react";
import { KINDS } from "../../model/node-kinds";
import { problemField, problemPlace } from "../../model/problem-place";
import { exitsOfNode, useEditorStore } from "../../store/editor-store";
import type { Problem } from "../../types";
import classes from "./problems-panel.module.css";
import { useSidePanel } from "./side-panel";
import { focusInspectorField } from "./use-show-step";

/**
 * Every problem of the draft, errors first; a click opens the step it is about in the
 * inspector, with the field to fix focused.
 */
export function ProblemsPanel() {
  const problems = useEditorStore((s) => s.problems);
  const nodes = useEditorStore((s) => s.nodes);
  const edges = useEditorStore((s) => s.edges);
  const catalog = useEditorStore((s) => s.catalog);
  const select = useEditorStore((s) => s.select);
  const openTab = useSidePanel();
  const { fitView } = useReactFlow();

  const focus = (problem: Problem) => {
    const nodeId = problem.node_id ?? edges.find((e) => e.id === problem.edge_id)?.source;
    openTab("inspector");
    if (!nodeId || !nodes.some((n) => n.id === nodeId)) {
      // A journey-wide problem: the settings show when no step is selected.
      select(null);
      return;
    }
    select(nodeId);
    void fitView({ nodes: [{ id: nodeId }], duration: 300, maxZoom: 1.1 });
    const field = problemField(problem);
    // The inspector renders the step on the next frames: focus once it is there.
    let tries = 0;
    const attempt = () => {
      if (focusInspectorField(field ?? undefined, problem.handle ?? undefined) || tries++ > 10)
        return;
      requestAnimationFrame(attempt);
    };
    requestAnimationFrame(attempt);
  };

  if (problems.length === 0) {
    return (
      <Text size="sm" c="dimmed" p="md">
        No problems: this draft can be published.
      </Text>
    );
  }
  const sorted = [...problems].sort(
    (a, b) => Number(a.severity === "warning") - Number(b.severity === "warning"),
  );
  return (
    <Stack gap={4} p="xs" role="list" aria-label="Problems">
      {sorted.map((p, i) => {
        const node = nodes.find((n) => n.id === p.node_id);
        const exit =
          node && p.handle ? exitsOfNode(node, catalog).find((e) => e.id === p.handle) : undefined;
        const where = problemPlace(
          p,
          node ? node.data.label || KINDS[node.type].label : null,
          exit?.label ?? null,
        );
        return (
          <UnstyledButton
            // biome-ignore lint/suspicious/noArrayIndexKey: problems have no id
            key={i}
            role="listitem"
            className={classes.problem}
            data-severity={p.severity ?? "error"}
            onClick={() => focus(p)}
          >
            <Text size="xs" fw={700}>
              {p.severity === "warning" ? "Warning · " : ""}
              {where}
            </Text>
            <Text size="xs">{p.message}</Text>
          </UnstyledButton>
        );
      })}
    </Stack>
  );
}
