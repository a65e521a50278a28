import { List, Text, ThemeIcon } from "@mantine/core";
import type { Problem } from "../types";

/** Problems as a plain list: where each one is, then what is wrong. */
export function ProblemList({ problems }: { problems: Problem[] }) {
  return (
    <List spacing={4} size="sm" aria-label="Problems">
      {problems.map((p, i) => (
        <List.Item
          // biome-ignore lint/suspicious/noArrayIndexKey: problems have no id of their own
          key={i}
          icon={
            <ThemeIcon size={16} radius="xl" color={p.severity === "warning" ? "yellow" : "red"}>
              !
            </ThemeIcon>
          }
        >
          {(p.node_id || p.field) && (
            <Text span fw={600} size="sm">
              {p.node_id ?? p.field}:{" "}
            </Text>
          )}
          {p.message}
        </List.Item>
      ))}
    </List>
  );
}
