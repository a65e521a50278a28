/**
 * Undo/redo over graph snapshots, as pure functions. A snapshot is recorded before each
 * change; edits that arrive in a burst with the same `coalesceKey` (typing in one field)
 * share a single undo step.
 */
import type { Graph } from "./graph";

export const HISTORY_LIMIT = 100;

export interface History {
  past: Graph[];
  future: Graph[];
  /** The key of the last recorded change, so a burst of the same edit is one step. */
  lastKey: string | null;
}

export const emptyHistory = (): History => ({ past: [], future: [], lastKey: null });

/** Records `before` (the graph as it was before a change) and clears the redo stack. */
export function record(
  history: History,
  before: Graph,
  coalesceKey: string | null = null,
): History {
  if (coalesceKey !== null && coalesceKey === history.lastKey) {
    return { ...history, future: [] };
  }
  const past = [...history.past, before].slice(-HISTORY_LIMIT);
  return { past, future: [], lastKey: coalesceKey };
}

export function undo(history: History, present: Graph): { history: History; graph: Graph } | null {
  const previous = history.past.at(-1);
  if (!previous) return null;
  return {
    graph: previous,
    history: {
      past: history.past.slice(0, -1),
      future: [present, ...history.future],
      lastKey: null,
    },
  };
}

export function redo(history: History, present: Graph): { history: History; graph: Graph } | null {
  const [next, ...rest] = history.future;
  if (!next) return null;
  return {
    graph: next,
    history: { past: [...history.past, present], future: rest, lastKey: null },
  };
}
