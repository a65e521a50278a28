import type { JobStatus, Priority } from "../types";

export const STATUS_LABEL: Record<JobStatus, string> = {
  new: "New",
  in_progress: "In progress",
  on_hold: "On hold",
  completed: "Completed",
  cancelled: "Cancelled",
};

export const STATUS_COLOR: Record<JobStatus, string> = {
  new: "blue",
  in_progress: "violet",
  // Orange and yellow tints miss WCAG AA contrast even at shade 9; cyan passes.
  on_hold: "cyan",
  completed: "green",
  cancelled: "gray",
};

export const PRIORITY_LABEL: Record<Priority, string> = {
  low: "Low",
  normal: "Normal",
  high: "High",
  urgent: "Urgent",
};

export const PRIORITY_COLOR: Record<Priority, string> = {
  low: "gray",
  normal: "blue",
  high: "pink",
  urgent: "red",
};

/** `apply_discount` → "Apply discount" (outcomes and queues are machine names). */
export function humanize(name: string): string {
  const words = name.replace(/[_-]+/g, " ").trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** "in 3 h", "5 min ago": how far a due time is, for a quick read in a table. */
export function relativeTime(iso: string | null, now: number = Date.now()): string {
  if (!iso) return "";
  const diff = new Date(iso).getTime() - now;
  const abs = Math.abs(diff);
  const minutes = Math.round(abs / 60_000);
  const text =
    minutes < 60
      ? `${minutes} min`
      : minutes < 48 * 60
        ? `${Math.round(minutes / 60)} h`
        : `${Math.round(minutes / 1440)} d`;
  return diff >= 0 ? `in ${text}` : `${text} ago`;
}
