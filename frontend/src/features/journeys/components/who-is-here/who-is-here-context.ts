import { createContext, useContext } from "react";

/**
 * Opens "who is at this step" for a node; provided where the canvas shows live numbers
 * (the journey's page), null elsewhere (a card then offers no link).
 */
export const WhoIsHereContext = createContext<((nodeId: string) => void) | null>(null);

export function useWhoIsHere(): ((nodeId: string) => void) | null {
  return useContext(WhoIsHereContext);
}
