import { Select, Stack, Text } from "@mantine/core";
import { KINDS } from "../../model/node-kinds";
import { exitsOfNode, useEditorStore } from "../../store/editor-store";

const NOT_CONNECTED = "";

/**
 * Where each exit of the step leads, chosen from a list: the keyboard's way to connect
 * steps (WCAG 2.1.1), and a plain reading of the wiring for everyone.
 */
export function ExitTargets({ nodeId }: { nodeId: string }) {
  const nodes = useEditorStore((s) => s.nodes);
  const edges = useEditorStore((s) => s.edges);
  const catalog = useEditorStore((s) => s.catalog);
  const readOnly = useEditorStore((s) => s.readOnly);
  const setExitTarget = useEditorStore((s) => s.setExitTarget);
  // Marked as the canvas marks them: by the draft's validation, not while it is typed.
  const broken = useEditorStore((s) =>
    s.problems
      .filter((p) => p.node_id === nodeId && p.code === "exit_not_connected")
      .map((p) => p.handle)
      .join("\n"),
  ).split("\n");
  const node = nodes.find((n) => n.id === nodeId);
  if (!node) return null;
  const exits = exitsOfNode(node, catalog);
  if (exits.length === 0) return null;
  // Any step but a trigger (nothing leads into a trigger) and the step itself.
  const targets = nodes
    .filter((n) => n.id !== nodeId && KINDS[n.type]?.group !== "trigger")
    .map((n) => ({ value: n.id, label: n.data.label || KINDS[n.type].label }));
  // Two steps may share a label: tell them apart by their kind.
  const counts = new Map<string, number>();
  for (const t of targets) counts.set(t.label, (counts.get(t.label) ?? 0) + 1);
  const options = targets.map((t) => {
    const kind = KINDS[nodes.find((n) => n.id === t.value)?.type ?? "flow.end"].label;
    return (counts.get(t.label) ?? 0) > 1 || t.label === kind
      ? { ...t, label: t.label === kind ? t.label : `${t.label} (${kind})` }
      : t;
  });
  return (
    <Stack gap={6} component="section" aria-label="Where each exit leads">
      <Text size="sm" fw={600}>
        Next steps
      </Text>
      {exits.map((exit) => {
        const target = edges.find((e) => e.source === nodeId && e.sourceHandle === exit.id)?.target;
        const missing = !target && broken.includes(exit.id);
        return (
          <Select
            key={exit.id}
            label={exits.length === 1 ? "Then go to" : `${exit.label}: go to`}
            size="xs"
            data={[
              {
                value: NOT_CONNECTED,
                label: exit.required ? "Not connected yet" : "Nothing (the contact leaves)",
              },
              ...options,
            ]}
            value={target ?? NOT_CONNECTED}
            allowDeselect={false}
            searchable
            readOnly={readOnly}
            error={missing ? "Choose where this exit leads." : undefined}
            data-exit-target={exit.id}
            comboboxProps={{ withinPortal: true }}
            onChange={(value) => setExitTarget(nodeId, exit.id, value ? value : null)}
          />
        );
      })}
    </Stack>
  );
}
