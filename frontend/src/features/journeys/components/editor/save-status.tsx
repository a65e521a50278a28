import { Badge, Group, Text } from "@mantine/core";
import type { SaveStatus } from "./use-autosave";

const LOOK: Record<SaveStatus, { label: string; color: string }> = {
  saved: { label: "Saved", color: "green" },
  unsaved: { label: "Unsaved changes", color: "gray" },
  saving: { label: "Saving…", color: "blue" },
  unfinished: { label: "Draft has unfinished steps", color: "yellow" },
  error: { label: "Not saved: trying again after your next change", color: "red" },
  conflict: { label: "Not saved: edited elsewhere", color: "red" },
};

export function SaveStatusBadge({ status, error }: { status: SaveStatus; error: string | null }) {
  const look = LOOK[status];
  const badge = (
    <Badge
      variant="dot"
      color={look.color}
      tt="none"
      radius="sm"
      role="status"
      aria-live="polite"
      title={
        status === "unfinished"
          ? "Kept in this browser; saved as soon as the steps marked in Problems are filled in."
          : undefined
      }
    >
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
