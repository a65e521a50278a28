/**
 * The browser's copy of a draft the server has not taken yet (a step still missing a
 * required setting, the network down, the tab closed mid-save). Drafts on the server stay
 * valid definitions; the half-finished work lives here until it saves, so nothing typed is
 * lost. Kept per journey and per the revision it was based on.
 */
import type { JourneyDefinition } from "@/types/generated/journey";

export interface LocalCopy {
  /** The server revision the edits started from. */
  baseRevision: number;
  definition: JourneyDefinition;
  /** When it was kept, ISO 8601. */
  keptAt: string;
}

type Store = Pick<Storage, "getItem" | "setItem" | "removeItem">;

const key = (journeyId: string) => `waymark:unsaved-journey:${journeyId}`;

export function keepLocalCopy(storage: Store, journeyId: string, copy: LocalCopy): void {
  try {
    storage.setItem(key(journeyId), JSON.stringify(copy));
  } catch {
    // Storage full or disabled: the leave guard still protects the open tab.
  }
}

export function dropLocalCopy(storage: Store, journeyId: string): void {
  try {
    storage.removeItem(key(journeyId));
  } catch {
    // Nothing to drop.
  }
}

/** The kept copy, if it is well-formed; anything else is dropped as unreadable. */
export function readLocalCopy(storage: Store, journeyId: string): LocalCopy | null {
  let raw: string | null;
  try {
    raw = storage.getItem(key(journeyId));
  } catch {
    return null;
  }
  if (!raw) return null;
  try {
    const copy = JSON.parse(raw) as Partial<LocalCopy>;
    const definition = copy.definition as Partial<JourneyDefinition> | undefined;
    if (
      typeof copy.baseRevision === "number" &&
      typeof copy.keptAt === "string" &&
      Array.isArray(definition?.nodes) &&
      Array.isArray(definition?.edges)
    ) {
      return copy as LocalCopy;
    }
  } catch {
    // Fall through: unreadable.
  }
  dropLocalCopy(storage, journeyId);
  return null;
}

/**
 * Whether to offer the kept copy when a journey opens: only over the revision it was based
 * on (a newer server draft means someone saved since; their work wins) and only when it
 * differs from what the server has.
 */
export function offerLocalCopy(
  copy: LocalCopy | null,
  server: { draft_revision: number; definition: JourneyDefinition },
): LocalCopy | null {
  if (!copy || copy.baseRevision !== server.draft_revision) return null;
  return JSON.stringify(copy.definition) === JSON.stringify(server.definition) ? null : copy;
}
