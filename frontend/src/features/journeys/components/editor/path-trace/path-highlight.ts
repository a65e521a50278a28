import { createContext, useContext } from "react";
import type { PathHighlight } from "../../../model/test-run";

/**
 * The path the canvas highlights (a test run's, or a contact's): the cards on it are
 * marked with their place, the exits taken drawn bold, the rest dimmed. Null: no path.
 */
export const PathHighlightContext = createContext<PathHighlight | null>(null);

export function usePathHighlight(): PathHighlight | null {
  return useContext(PathHighlightContext);
}
