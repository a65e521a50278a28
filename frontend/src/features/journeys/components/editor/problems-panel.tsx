import { Stack, Text, UnstyledButton } from "@mantine/core";
import { useReactFlow } from "@xyflow/react";
import { useEditorStore } from "../../store/editor-store";
import type { Problem } from "../../types";
import classes from "./problems-panel.module.css";

/** Every problem of the draft; a click selects the step it is about and centers it. */
export function ProblemsPanel() {
  const problems = useEditorStore((s) => s.problems);
  const nodes = useEditorStore((s) => s.nodes);
  const edges = useEditorStore((s) => s.edges);
  const select = useEditorStore((s) => s.select);
  const { fitView } = useReactFlow();
  const labelOf = (id: string | null | undefined) => nodes.find((n) => n.id === id)?.data.label;

  const focus = (problem: Problem) => {
    const nodeId = problem.node_id ?? edges.find((e) => e.id === problem.edge_id)?.source;
    if (!nodeId || !nodes.some((n) => n.id === nodeId)) return;
    select(nodeId);
    void fitView({ nodes: [{ id: nodeId }], duration: 300, maxZoom: 1.2 });
  };

  if (problems.length === 0) {
    return (
      <Text size="sm" c="dimmed" p="md">
        No problems: this draft can be published.
      </Text>
    );
  }
  return (
    <Stack gap={4} p="xs" role="list" aria-label="Problems">
      {problems.map((p, i) => (
        <UnstyledButton
          // biome-ignore lint/suspicious/noArrayIndexKey: problems have no id
          key={i}
          role="listitem"
          className={classes.problem}
          data-severity={p.severity ?? "error"}
          onClick={() => focus(p)}
        >
          <Text size="xs" fw={700}>
            {labelOf(p.node_id) ?? (p.node_id || (p.edge_id ? "Connection" : "Journey"))}
            {p.handle ? ` · ${p.handle}` : ""}
          </Text>
          <Text size="xs">{p.message}</Text>
        </UnstyledButton>
      ))}
    </Stack>
  );
}
