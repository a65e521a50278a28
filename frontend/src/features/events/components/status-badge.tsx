import { Badge } from "@mantine/core";

/** Processed: the worker has run the event through the journeys. Pending: not yet. */
export function StatusBadge({ status }: { status: "pending" | "processed" }) {
  return status === "processed" ? (
    <Badge variant="dot" color="green" radius="sm" tt="none" miw="max-content">
      Processed
    </Badge>
  ) : (
    <Badge variant="dot" color="yellow" radius="sm" tt="none" miw="max-content">
      Pending
    </Badge>
  );
}
