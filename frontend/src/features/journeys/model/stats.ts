/**
 * The canvas overlay's numbers: `GET /journeys/{id}/stats` reduced to what one node card
 * shows. Pure, so the card stays a thin view over it.
 */

import { messageCountsOf } from "@/lib/channels";
import type { JourneyStats, NodeStats } from "@/types/generated/reports-api";

/** `GET /journeys/{id}/stats` (generated from the backend's shape). */
export type { JourneyStats } from "@/types/generated/reports-api";

/** One step's counts, as the stats endpoint sends them. Message steps also say what
 * happened to the messages they queued (0 for other steps). */
export type NodeCounts = NodeStats;

/** What a card shows: its activity line and a count per exit handle. */
export interface NodeOverlay {
  /** `12 entered · 3 waiting now`; null when nothing has happened at the step. */
  line: string | null;
  /** Count per exit id, for every exit the card draws (0 when never taken). */
  exits: Record<string, number>;
  /**
   * `5 sent · 3 opened · 1 clicked · 2 failed (not sent: 2 no consent)` on steps that send;
   * null elsewhere.
   */
  messages: string | null;
}

const count = (value: unknown): number =>
  typeof value === "number" && Number.isFinite(value) && value > 0 ? Math.floor(value) : 0;

/** 1234 → `1,234`: grouped, so large numbers stay readable on a small card. */
export function formatCount(value: number): string {
  return count(value).toLocaleString("en-US");
}

/** `N entered · M waiting now`, or null when both are 0. */
export function activityLine(counts: Pick<NodeCounts, "entered" | "waiting">): string | null {
  const entered = count(counts.entered);
  const waiting = count(counts.waiting);
  if (entered === 0 && waiting === 0) return null;
  return `${formatCount(entered)} entered · ${formatCount(waiting)} waiting now`;
}

/** What the step's numbers call each reason a message was not sent. */
const NOT_SENT_WORDS: Record<string, string> = {
  no_consent: "no consent",
  no_address: "no address",
  template_failed: "template failed",
  delivery_failed: "delivery failed",
  other: "other",
};

/** `2 no consent, 1 template failed`, largest first; null when every message went. */
export function notSentLine(notSent: NodeCounts["not_sent"] | undefined): string | null {
  const reasons = Object.entries(notSent ?? {})
    .map(([reason, n]) => [reason, count(n)] as const)
    .filter(([, n]) => n > 0)
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  if (reasons.length === 0) return null;
  return reasons
    .map(
      ([reason, n]) => `${formatCount(n)} ${NOT_SENT_WORDS[reason] ?? reason.replace(/_/g, " ")}`,
    )
    .join(", ");
}

/**
 * `5 sent · 3 opened · 1 clicked · 2 failed (not sent: 2 no consent)` for a step of
 * `kind`; null if it sends nothing.
 */
export function messageLine(kind: string, counts: NodeCounts): string | null {
  const shown = messageCountsOf(kind);
  if (!shown) return null;
  const line = shown.map((name) => `${formatCount(count(counts[name]))} ${name}`).join(" · ");
  const notSent = notSentLine(counts.not_sent);
  return notSent ? `${line} (not sent: ${notSent})` : line;
}

/**
 * The overlay for node `nodeId` of `kind` with the exits `exitIds` the card draws. Null when
 * the stats do not know the node (a new step not yet saved and published) or nothing
 * happened there.
 */
export function nodeOverlay(
  stats: JourneyStats | null | undefined,
  nodeId: string,
  kind: string,
  exitIds: readonly string[],
): NodeOverlay | null {
  const counts = stats?.nodes?.[nodeId];
  if (!counts) return null;
  const activity = activityLine(counts);
  if (activity === null) return null;
  const refused = count(counts.refused);
  const line = refused > 0 ? `${activity} · ${formatCount(refused)} refused (re-entry)` : activity;
  const exits = Object.fromEntries(exitIds.map((id) => [id, count(counts.exits?.[id])]));
  return { line, exits, messages: messageLine(kind, counts) };
}
