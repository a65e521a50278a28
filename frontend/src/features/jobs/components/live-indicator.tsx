import { Badge, Tooltip } from "@mantine/core";
import type { StreamStatus } from "../hooks/use-job-stream";

const LOOK: Record<StreamStatus, { color: string; label: string; help: string }> = {
  live: { color: "green", label: "Live", help: "Changes appear as they happen." },
  connecting: { color: "gray", label: "Connecting…", help: "Opening the live updates." },
  reconnecting: {
    color: "orange",
    label: "Reconnecting…",
    help: "Live updates dropped: the list refreshes every 10 seconds until they are back.",
  },
};

/** A small badge saying whether the list is pushed live or polled. */
export function LiveIndicator({ status }: { status: StreamStatus }) {
  const look = LOOK[status];
  return (
    <Tooltip label={look.help}>
      <Badge
        role="status"
        aria-live="polite"
        aria-label={`Updates: ${look.label.replace("…", "")}`}
        variant="dot"
        color={look.color}
        radius="sm"
        tt="none"
        data-stream={status}
      >
        {look.label}
      </Badge>
    </Tooltip>
  );
}
