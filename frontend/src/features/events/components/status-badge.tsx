import { Badge } from "@mantine/core";

/** Processed: the worker has run the event through the journeys. Pending: not yet. */
export function StatusBadge({ status }: { status: "pending" | "processed" }) {
  return status === "processed" ? (
    <Badge variant="light" color="green" tt="none">
      Processed
    </Badge>
  ) : (
    <Badge variant="light" color="yellow" tt="none">
      Pending
    </Badge>
  );
}
