import type { Frequency, Placement, ProcessView } from "../types";

export const PLACEMENTS: { value: Placement; label: string; description: string }[] = [
  {
    value: "new_bucket",
    label: "A bucket named after the source project",
    description: "Made in the destination when it is not there yet.",
  },
  { value: "bucket", label: "A bucket", description: "One of the destination's buckets." },
  {
    value: "active_user",
    label: "The user who set the outcome",
    description: "If they are not in the destination, any active member there gets the card.",
  },
  {
    value: "same_user",
    label: "The same user, else a bucket",
    description: "If they are not in the destination, the card goes into the bucket chosen.",
  },
];

export const FREQUENCIES: { value: Frequency; label: string }[] = [
  { value: "5m", label: "Every 5 minutes" },
  { value: "15m", label: "Every 15 minutes" },
  { value: "1h", label: "Every hour" },
  { value: "1d", label: "Every day at…" },
];

export function placementText(process: ProcessView): string {
  switch (process.placement) {
    case "bucket":
      return `Into “${process.bucket?.name ?? "a removed bucket"}”`;
    case "active_user":
      return "To the user who set the outcome (else any active member)";
    case "same_user":
      return `To the same user, else “${process.bucket?.name ?? "a bucket named after the source"}”`;
    case "new_bucket":
      return "Into a bucket named after the source project";
    default: {
      const never: never = process.placement;
      return never;
    }
  }
}

export function frequencyText(process: Pick<ProcessView, "frequency" | "daily_at">): string {
  if (process.frequency === "1d") return `Every day at ${process.daily_at ?? "00:00"} UTC`;
  return FREQUENCIES.find((f) => f.value === process.frequency)?.label ?? process.frequency;
}

/** Active processes first, then inactive ones, each in priority order (as the API lists them). */
export function splitByActive(processes: readonly ProcessView[]): {
  active: ProcessView[];
  inactive: ProcessView[];
} {
  return {
    active: processes.filter((p) => p.active),
    inactive: processes.filter((p) => !p.active),
  };
}
