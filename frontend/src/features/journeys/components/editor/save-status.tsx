import { Badge, Group, Text } from "@mantine/core";
import type { SaveStatus } from "./use-autosave";

const LOOK: Record<SaveStatus, { label: string; color: string }> = {
  saved: { label: "Saved", color: "green" },
  unsaved: { label: "Unsaved changes", color: "gray" },
  saving: { label: "Saving…", color: "blue" },
  error: { label: "Save failed", color: "red" },
  conflict: { label: "Not saved: edited elsewhere", color: "red" },
};

export function SaveStatusBadge({ status, error }: { status: SaveStatus; error: string | null }) {
  const look = LOOK[status];
  const badge = (
    <Badge variant="dot" color={look.color} tt="none" radius="sm" role="status" aria-live="polite">
      {look.label}
    </Badge>
  );
  if (status !== "error" || !error) return badge;
  return (
    <Group gap={6} wrap="nowrap">
      {badge}
      <Text size="xs" c="red.8">
        {error}
      </Text>
    </Group>
  );
}
