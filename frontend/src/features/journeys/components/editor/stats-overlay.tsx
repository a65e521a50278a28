import { createContext, useContext } from "react";
import type { JourneyStats } from "../../model/stats";

/** The stats the node cards show; null hides the overlay (toggled off, or not loaded). */
export const StatsOverlayContext = createContext<JourneyStats | null>(null);

export function useStatsOverlay(): JourneyStats | null {
  return useContext(StatsOverlayContext);
}
