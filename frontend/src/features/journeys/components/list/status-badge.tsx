import { Badge } from "@mantine/core";
import type { JourneyStatus } from "../../types";

export const STATUS_LABELS: Record<JourneyStatus, string> = {
  draft: "Draft",
  active: "Active",
  paused: "Paused",
  archived: "Archived",
};

const COLORS: Record<JourneyStatus, string> = {
  draft: "gray",
  active: "green",
  paused: "yellow",
  archived: "dark",
};

export function StatusBadge({ status }: { status: JourneyStatus }) {
  return (
    <Badge variant="dot" color={COLORS[status]} radius="sm" tt="none" miw="max-content">
      {STATUS_LABELS[status]}
    </Badge>
  );
}
